// `enable` / `disable`: Complete (defaults, durations) → Validate → Run (service) → print. What was written is
// printed before the rollout wait, so a timeout or Ctrl-C never hides it.
import { CliError, InterruptedError } from '../errors.js';
import { mapLimit } from '../concurrency.js';
import { parseDuration } from '../duration.js';
import { MCS_GATE } from '../karmada/gates.js';
import type { KubeClient } from '../kube/client.js';
import type { Progress } from '../output/printer.js';
import type { Flags } from '../cli.js';
import type { Session } from '../session.js';
import {
  type ComponentResult,
  type GateOptions,
  agentGate,
  changeAgent,
  changeControllerManager,
  pullModeClusters,
  waitForChange,
} from '../enable/service.js';

type EnableFlags = Flags<'enable'>;

const AGENT_PARALLELISM = 8;

interface Changed {
  client: KubeClient;
  result: ComponentResult;
}

export const enable = (session: Session, flags: EnableFlags) => setGate(session, flags, true);
export const disable = (session: Session, flags: EnableFlags) => setGate(session, flags, false);

async function setGate(session: Session, flags: EnableFlags, want: boolean): Promise<number> {
  const out = session.out;
  const timeoutMs = parseDuration(flags.timeout);
  const options: GateOptions = {
    want,
    namespace: flags.karmadaNamespace,
    deployment: flags.deployment,
    dryRun: flags.dryRun,
  };
  const verb = want ? 'on' : 'off';
  const host = await session.host();
  const changed: Changed[] = [];
  const result = await changeControllerManager(host, options);
  report(session, result, flags);
  if (result.changed) changed.push({ client: host, result });

  // Pull-mode members collect their own EndpointSlices with karmada-agent, which needs the gate too.
  let pull: string[] = [];
  try {
    pull = await pullModeClusters(await session.karmada());
  } catch (error) {
    if (flags.agents) throw error;
    out.warn(`could not list member clusters to check Pull-mode karmada-agents: ${(error as Error).message}`);
  }
  let failed = false;
  if (pull.length && !flags.agents) {
    const states = await mapLimit(pull, AGENT_PARALLELISM, async (cluster) =>
      agentGate(await session.member(cluster), flags.karmadaNamespace),
    );
    const rows = states.map((r, i) => [
      pull[i]!,
      r.status === 'fulfilled' ? r.value.describe : `unknown (${r.reason?.message ?? 'unreadable'})`,
    ]);
    const heading = `Pull-mode clusters (their karmada-agent collects EndpointSlices and needs ${MCS_GATE} ${verb} too):`;
    if (flags.output === 'name') {
      out.note(heading);
      for (const [cluster, state] of rows) out.note(`  ${cluster}: ${state}`);
    } else {
      out.line(heading);
      out.table(['cluster', `karmada-agent ${MCS_GATE}`], rows);
    }
    if (states.some((r) => r.status === 'fulfilled' && r.value.enabled !== want))
      out.note(`hint: add --agents to turn it ${verb} on their karmada-agent as well`);
  } else if (pull.length) {
    const results = await mapLimit(pull, AGENT_PARALLELISM, async (cluster) => {
      const member = await session.member(cluster);
      return { client: member, result: await changeAgent(member, options) };
    });
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') {
        report(session, r.value.result, flags);
        if (r.value.result.changed) changed.push(r.value);
      } else {
        failed = true;
        out.error(new CliError(`cluster ${pull[i]}: ${r.reason?.message ?? 'failed'}`));
      }
    });
  }
  if (flags.wait && flags.dryRun === 'none' && changed.length) await waitAll(session, flags, changed, want, timeoutMs);
  return failed ? 1 : 0;
}

/** Waits for every changed component; Ctrl-C stops waiting (not the rollouts) and says so. */
async function waitAll(
  session: Session,
  flags: EnableFlags,
  changed: Changed[],
  want: boolean,
  timeoutMs: number,
): Promise<void> {
  const out = session.out;
  const progress = new Map<string, Progress>();
  const abort = new AbortController();
  const written = changed.map(({ result }) => `${result.object} (${result.cluster})`).join(', ');
  const interrupted = new Promise<never>((_, reject) => {
    abort.signal.addEventListener('abort', () => reject(abort.signal.reason as Error));
  });
  interrupted.catch(() => undefined);
  const onSigint = () =>
    abort.abort(
      new InterruptedError(
        `interrupted while waiting for the rollout: ${written} ${changed.length > 1 ? 'were' : 'was'} patched and stays so; the rollout goes on without us`,
        `follow it with: ${changed.map(({ result }) => `kubectl rollout status -n ${result.namespace} deployment/${result.deployment}`).join('; ')}`,
      ),
    );
  process.once('SIGINT', onSigint);
  const waits = changed.map(async ({ client, result }) => {
    await waitForChange(client, result, want, {
      timeoutMs,
      signal: abort.signal,
      onProgress: (component, pending) => {
        const text = `Waiting for ${component} to roll out: ${pending}`;
        const bar = progress.get(component);
        if (bar) bar.update(text);
        else progress.set(component, out.progress(text));
      },
    });
    const where = changed.length > 1 ? ` in ${result.namespace}/${result.deployment} (${result.cluster})` : '';
    say(session, flags)(`${MCS_GATE}: ${result.after.describe}${where}; rollout complete`);
  });
  try {
    await Promise.race([interrupted, Promise.all(waits)]);
  } finally {
    process.off('SIGINT', onSigint);
    for (const bar of progress.values()) bar.done();
    if (!abort.signal.aborted) abort.abort();
  }
}

/** Human lines: stdout, or stderr when stdout carries only names (-o name). */
const say = (session: Session, flags: EnableFlags) => (text: string) =>
  flags.output === 'name' ? session.out.note(text) : session.out.line(text);

/** What is (or would be) written, said before any wait. */
function report(session: Session, r: ComponentResult, flags: EnableFlags): void {
  const out = session.out;
  const line = say(session, flags);
  for (const w of r.warnings) out.warn(w);
  const where = `${r.namespace}/${r.deployment} (${r.cluster})`;
  if (flags.output === 'name') out.line(r.object);
  if (!r.changed) {
    line(`${MCS_GATE} is already ${r.before.describe} in ${where}; nothing to change`);
    return;
  }
  line(`${MCS_GATE}: ${r.before.describe} in ${where}`);
  if (r.controllersOn.length) {
    line(
      `--controllers keeps ${r.controllersOn.join(', ')} off, which ${MCS_GATE} needs: this change turns ${r.controllersOn.length > 1 ? 'them' : 'it'} back on`,
    );
  }
  if (r.install === 'operator') {
    out.note(
      `deployment ${r.deployment} is managed by karmada-operator, which rebuilds it from the Karmada object: the change goes to ${r.object}`,
    );
  }
  if (flags.dryRun === 'client') {
    line(
      r.install === 'operator'
        ? `Would patch ${r.object} (client dry run, nothing written):`
        : `Would change the container's flags (client dry run, nothing written):`,
    );
    for (const text of r.diff)
      line(text.startsWith('+') ? out.color.green(text) : text.startsWith('-') ? out.color.red(text) : text);
    return;
  }
  line(`${r.object} patched${flags.dryRun === 'server' ? ' (server dry run)' : ''}`);
  const operator = r.install === 'operator' ? 'karmada-operator has rewritten the Deployment and ' : '';
  if (flags.dryRun === 'none' && !flags.wait)
    line(`${MCS_GATE}: ${r.after.describe} once ${operator}the rollout completes (not waited for)`);
}
