// `demo`: starts the playground in-process and walks Karmada's MCS guide with the plugin's own
// commands (enable, expose, status, probe, doctor), printing each command before its output. Exit 0 only if every
// step worked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../errors.js';
import type { Session } from '../session.js';
import type { Io } from '../output/printer.js';

/** The CLI's own entry point, handed in by cli.ts so that this command does not import it back. */
export type RunCli = (argv: string[], io: Io) => Promise<number>;

export async function demo(session: Session, runCli: RunCli): Promise<number> {
  const out = session.out;
  const { startSimulator } = await import('../sim/index.js');
  const sim = await startSimulator({});
  const dir = mkdtempSync(join(tmpdir(), 'karmada-mcs-demo-'));
  const kubeconfig = join(dir, 'kubeconfig');
  sim.writeKubeconfig(kubeconfig);
  const env = { ...session.env, KUBECONFIG: kubeconfig };
  const flags = session.globals.color ? [] : ['--no-color'];
  try {
    out.line(
      out.color.bold(
        'A simulated Karmada is running on 127.0.0.1 (not a real cluster): member1 runs nginx, member2 runs curl.',
      ),
    );
    const step = async (title: string, args: string[]) => {
      out.line();
      out.line(out.color.bold(`# ${title}`));
      out.line(out.color.cyan(`$ kubectl karmada-mcs ${args.join(' ')}`));
      const code = await runCli([...flags, ...args], { ...out.io, env });
      if (code !== 0) throw new CliError(`demo step failed (exit ${code}): kubectl karmada-mcs ${args.join(' ')}`);
    };
    await step('1. Turn on the MultiClusterService feature gate', ['enable']);
    await step('2. Publish nginx from member1 to member2', [
      'expose',
      'nginx',
      '--provider',
      'member1',
      '--consumer',
      'member2',
      '--wait',
    ]);

    await step('3. See what Karmada did, per cluster', ['status', 'nginx']);
    await step('4. Call it from a pod in member2, as the guide does', ['probe', 'nginx']);
    await step('5. When it does not work: every stage, from the gate to the endpoints', ['doctor', 'nginx']);
    out.line();
    out.line(out.color.green('Done: nginx in member1 answers from member2 through the MultiClusterService.'));
    return 0;
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
