// `demo`: starts the playground in-process and walks Karmada's MCS guide with the plugin's own
// commands, printing each command before its output. Exit 0 only if every step worked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { PODS } from '../kube/resources.js';
import { Session } from '../session.js';

export async function demo(session: Session): Promise<number> {
  const out = session.out;
  const { startSimulator } = await import('../sim/index.js');
  const { run } = await import('../cli.js');
  const sim = await startSimulator({});
  const dir = mkdtempSync(join(tmpdir(), 'karmada-mcs-demo-'));
  const kubeconfig = join(dir, 'kubeconfig');
  sim.writeKubeconfig(kubeconfig);
  const env = { ...session.env, KUBECONFIG: kubeconfig };
  const flags = session.globals.color ? [] : ['--no-color'];
  try {
    out.line(out.color.bold('A simulated Karmada is running on 127.0.0.1 (not a real cluster): member1 runs nginx, member2 runs curl.'));
    const step = async (title: string, args: string[]) => {
      out.line();
      out.line(out.color.bold(`# ${title}`));
      out.line(out.color.cyan(`$ kubectl karmada-mcs ${args.join(' ')}`));
      const code = await run([...flags, ...args], { ...out.io, env });
      if (code !== 0) throw new CliError(`demo step failed (exit ${code}): kubectl karmada-mcs ${args.join(' ')}`);
    };
    await step('1. Turn on the MultiClusterService feature gate', ['enable']);
    await step('2. Publish nginx from member1 to member2', ['expose', 'nginx', '--provider', 'member1', '--consumer', 'member2', '--wait']);

    out.line();
    out.line(out.color.bold('# 3. Call it from a pod in member2, as the guide does'));
    const member2 = await new Session({ ...session.globals, kubeconfig }, out).member('member2');
    const pod = (await member2.list(PODS, 'default', { labelSelector: 'app=curl' }))[0];
    if (!pod) throw new CliError('demo: no curl pod in member2');
    out.line(out.color.cyan(`$ kubectl --context member2 exec ${pod.metadata.name} -- curl -sS http://nginx.default`));
    const result = await member2.exec('default', pod.metadata.name, 'curl', ['curl', '-sS', 'http://nginx.default']);
    out.io.stdout.write(result.stdout);
    out.io.stderr.write(result.stderr);
    if (result.exitCode !== 0 || !result.stdout.startsWith('Hello, world!')) throw new CliError(`demo: curl exited ${result.exitCode}`);
    out.line();
    out.line(out.color.green('Done: nginx in member1 answers from member2 through the MultiClusterService.'));
    return 0;
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
