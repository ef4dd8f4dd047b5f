// `enable` / `disable`: Complete (defaults, durations) → Validate → Run (service) → print.
import { CliError } from '../errors.js';
import { mapLimit } from '../concurrency.js';
import { parseDuration } from '../duration.js';
import { MCS_GATE } from '../gates.js';
import type { Progress } from '../output/printer.js';
import type { Session } from '../session.js';
import { type ComponentResult, type GateOptions, agentGate, changeAgent, changeControllerManager, pullModeClusters } from '../enable/service.js';

export interface EnableFlags {
  karmadaNamespace: string;
  deployment?: string;
  dryRun: 'none' | 'client' | 'server';
  wait: boolean;
  timeout: string;
  agents?: boolean;
}

const AGENT_PARALLELISM = 8;

export const enable = (session: Session, flags: EnableFlags) => setGate(session, flags, true);
export const disable = (session: Session, flags: EnableFlags) => setGate(session, flags, false);

async function setGate(session: Session, flags: EnableFlags, want: boolean): Promise<number> {
  const out = session.out;
  const timeoutMs = parseDuration(flags.timeout);
  const progress = new Map<string, Progress>();
  const stopProgress = () => {
    for (const bar of progress.values()) bar.done();
    progress.clear();
  };
  const options: GateOptions = {
    want, namespace: flags.karmadaNamespace, deployment: flags.deployment, dryRun: flags.dryRun, wait: flags.wait, timeoutMs,
    onProgress: (component, pending) => {
      const text = `Waiting for ${component} to roll out: ${pending}`;
      const bar = progress.get(component);
      if (bar) bar.update(text);
      else progress.set(component, out.progress(text));
    },
  };
  const verb = want ? 'on' : 'off';
  const host = await session.host();
  const result = await changeControllerManager(host, options).finally(stopProgress);
  report(session, result, flags.dryRun);

  // Pull-mode members collect their own EndpointSlices with karmada-agent, which needs the gate too.
  let pull: string[] = [];
  try {
    pull = await pullModeClusters(await session.karmada());
  } catch (error) {
    if (flags.agents) throw error;
    out.warn(`could not list member clusters to check Pull-mode karmada-agents: ${(error as Error).message}`);
  }
  let failed = false;
  if (pull.length) {
    const results = await mapLimit(pull, AGENT_PARALLELISM, async (cluster) => {
      const member = await session.member(cluster);
      return flags.agents ? changeAgent(member, options) : { cluster, state: await agentGate(member, flags.karmadaNamespace) };
    }).finally(stopProgress);
    if (!flags.agents) {
      out.line(`Pull-mode clusters (their karmada-agent collects EndpointSlices and needs ${MCS_GATE} ${verb} too):`);
      out.table(['cluster', 'karmada-agent ' + MCS_GATE], results.map((r, i) => [pull[i]!, r.status === 'fulfilled' && 'state' in r.value ? r.value.state.describe : `unknown (${(r as PromiseRejectedResult).reason?.message ?? 'unreadable'})`]));
      if (results.some((r) => r.status === 'fulfilled' && 'state' in r.value && r.value.state.enabled !== want)) {
        out.note(`hint: add --agents to turn it ${verb} on their karmada-agent as well`);
      }
    } else {
      results.forEach((r, i) => {
        if (r.status === 'fulfilled' && !('state' in r.value)) report(session, r.value, flags.dryRun);
        else {
          failed = true;
          out.error(new CliError(`cluster ${pull[i]}: ${(r as PromiseRejectedResult).reason?.message ?? 'failed'}`));
        }
      });
    }
  }
  return failed ? 1 : 0;
}

function report(session: Session, r: ComponentResult, dryRun: EnableFlags['dryRun']): void {
  const out = session.out;
  for (const w of r.warnings) out.warn(w);
  const where = `${r.namespace}/${r.object.split('/')[1]} (${r.cluster})`;
  if (!r.changed) {
    out.line(`${MCS_GATE} is already ${r.before.describe} in ${where}; nothing to change`);
    return;
  }
  out.line(`${MCS_GATE}: ${r.before.describe} in ${where}`);
  if (dryRun === 'client') {
    out.line(`Would change the container's flags (client dry run, nothing written):`);
    for (const line of r.diff) out.line(line.startsWith('+') ? out.color.green(line) : line.startsWith('-') ? out.color.red(line) : line);
    return;
  }
  out.line(`${r.object} patched${dryRun === 'server' ? ' (server dry run)' : ''}`);
  if (r.rolledOut) out.line(`${MCS_GATE}: ${r.after.describe}; rollout complete`);
  else if (dryRun === 'none') out.line(`${MCS_GATE}: ${r.after.describe} once the rollout completes (not waited for)`);
}
