// `enable` / `disable`: Complete (flags to options, durations checked) → Run (the services in src/enable/) → print.
// What was written is printed before the rollout wait, so a timeout or Ctrl-C never hides it.
import { CliError, InterruptedError } from '../errors.js';
import { parseDuration } from '../duration.js';
import { MCS_GATE } from '../karmada/gates.js';
import type { Progress } from '../output/printer.js';
import type { Flags } from '../cli.js';
import type { Session } from '../session.js';
import { type AgentGate, changeAgents, pullModeMembers, readAgentGates } from '../enable/agents.js';
import {
  type Changed,
  type ComponentResult,
  type GateOptions,
  changeControllerManager,
  waitForChanges,
} from '../enable/service.js';

type EnableFlags = Flags<'enable'>;

interface EnableOptions extends GateOptions {
  timeoutMs: number;
  wait: boolean;
  agents: boolean;
  output?: 'name';
}

export const enable = (session: Session, flags: EnableFlags) => setGate(session, complete(flags, true));
export const disable = (session: Session, flags: EnableFlags) => setGate(session, complete(flags, false));

function complete(flags: EnableFlags, want: boolean): EnableOptions {
  return {
    want,
    namespace: flags.karmadaNamespace,
    deployment: flags.deployment,
    dryRun: flags.dryRun,
    timeoutMs: parseDuration(flags.timeout),
    wait: flags.wait,
    agents: flags.agents ?? false,
    output: flags.output,
  };
}

async function setGate(session: Session, options: EnableOptions): Promise<number> {
  const out = session.out;
  const changed: Changed[] = [];
  const host = await session.host();
  const result = await changeControllerManager(host, options);
  report(session, result, options);
  if (result.changed) changed.push({ client: host, result });

  // Pull-mode members collect their own EndpointSlices with karmada-agent, which needs the gate too.
  const pull = await pullModeMembers(session, options.agents);
  if (pull.warning) out.warn(pull.warning);
  let failed = false;
  if (pull.clusters.length && !options.agents) {
    printAgentGates(session, await readAgentGates(session, pull.clusters, options.namespace), options);
  } else if (pull.clusters.length) {
    for (const agent of await changeAgents(session, pull.clusters, options)) {
      if ('error' in agent) {
        // One agent's failure is a result among the others, said before the wait, as kubectl says each failed
        // object and goes on; the exit code (1) still tells.
        failed = true;
        out.error(new CliError(agent.error));
        continue;
      }
      report(session, agent.changed.result, options);
      if (agent.changed.result.changed) changed.push(agent.changed);
    }
  }
  if (options.wait && options.dryRun === 'none' && changed.length) await waitAll(session, options, changed);
  return failed ? 1 : 0;
}

function printAgentGates(session: Session, gates: AgentGate[], options: EnableOptions): void {
  const out = session.out;
  const verb = options.want ? 'on' : 'off';
  const heading = `Pull-mode clusters (their karmada-agent collects EndpointSlices and needs ${MCS_GATE} ${verb} too):`;
  const rows = gates.map((g) => [g.cluster, g.describe]);
  if (options.output === 'name') {
    out.note(heading);
    for (const [cluster, state] of rows) out.note(`  ${cluster}: ${state}`);
  } else {
    out.line(heading);
    out.table(['cluster', `karmada-agent ${MCS_GATE}`], rows);
  }
  if (gates.some((g) => g.state && g.state.enabled !== options.want))
    out.note(`hint: add --agents to turn it ${verb} on their karmada-agent as well`);
}

/** Waits for every changed component; Ctrl-C stops waiting (not the rollouts) and says so. */
async function waitAll(session: Session, options: EnableOptions, changed: Changed[]): Promise<void> {
  const out = session.out;
  const progress = new Map<string, Progress>();
  const abort = new AbortController();
  const written = changed.map(({ result }) => `${result.object} (${result.cluster})`).join(', ');
  const follow = changed
    .map(({ result }) => `kubectl rollout status -n ${result.namespace} deployment/${result.deployment}`)
    .join('; ');
  const onSigint = () => {
    abort.abort(
      new InterruptedError(
        `interrupted while waiting for the rollout: ${written} ${changed.length > 1 ? 'were' : 'was'} patched ` +
          'and stays so; the rollout goes on without us',
        `follow it with: ${follow}`,
      ),
    );
  };
  process.once('SIGINT', onSigint);
  try {
    await waitForChanges(changed, options.want, {
      timeoutMs: options.timeoutMs,
      signal: abort.signal,
      onProgress: (component, pending) => {
        const text = `Waiting for ${component} to roll out: ${pending}`;
        const bar = progress.get(component);
        if (bar) bar.update(text);
        else progress.set(component, out.progress(text));
      },
      onRolledOut: (result) => {
        const where = changed.length > 1 ? ` in ${result.namespace}/${result.deployment} (${result.cluster})` : '';
        say(session, options)(`${MCS_GATE}: ${result.after.describe}${where}; rollout complete`);
      },
    });
  } finally {
    process.off('SIGINT', onSigint);
    for (const bar of progress.values()) bar.done();
    // The other waits stop too when one fails.
    if (!abort.signal.aborted) abort.abort();
  }
}

const say = (session: Session, flags: EnableOptions) => (text: string) => {
  if (flags.output === 'name') session.out.note(text);
  else session.out.line(text);
};

/** What is (or would be) written, said before any wait. */
function report(session: Session, r: ComponentResult, flags: EnableOptions): void {
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
      `--controllers keeps ${r.controllersOn.join(', ')} off, which ${MCS_GATE} needs: ` +
        `this change turns ${r.controllersOn.length > 1 ? 'them' : 'it'} back on`,
    );
  }
  if (r.install === 'operator') {
    out.note(
      `deployment ${r.deployment} is managed by karmada-operator, which rebuilds it from the Karmada object: ` +
        `the change goes to ${r.object}`,
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
