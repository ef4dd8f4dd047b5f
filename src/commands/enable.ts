// `enable` / `disable`: Complete (flags to options, durations checked) → Run (the services in src/enable/) → print.
// What was written is printed before the rollout wait, so a timeout or Ctrl-C never hides it.
import { CliError, InterruptedError, UsageError } from '../errors.js';
import { DEFAULT_ROLLOUT_TIMEOUT } from '../defaults.js';
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
  type PatchState,
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
  // As expose and status say: a time limit that nothing would use is a mistake, not a no-op.
  if (flags.timeout !== undefined && !flags.wait)
    throw new UsageError(
      `--timeout only applies to the rollout wait: with --no-wait ${want ? 'enable' : 'disable'} does not wait`,
    );
  return {
    want,
    namespace: flags.karmadaNamespace,
    deployment: flags.deployment,
    dryRun: flags.dryRun,
    timeoutMs: parseDuration(flags.timeout ?? DEFAULT_ROLLOUT_TIMEOUT),
    wait: flags.wait,
    agents: flags.agents ?? false,
    output: flags.output,
  };
}

async function setGate(session: Session, options: EnableOptions): Promise<number> {
  // One Ctrl-C path from the first request to the end of the wait: without a listener here cli.ts would end the
  // command silently. A Ctrl-C stops it at once, saying what each patch came to by then; none is sent after it.
  const patches = new Map<string, { result: ComponentResult; state: PatchState }>();
  let waiting = false;
  const abort = new AbortController();
  const onSigint = () => {
    abort.abort(interrupted([...patches.values()], waiting, options.want));
  };
  const stopped = new Promise<never>((_, reject) => {
    abort.signal.addEventListener('abort', () => {
      reject(abort.signal.reason as Error);
    });
  });
  // Only the races below read it; a command that ends without a Ctrl-C never settles it.
  stopped.catch(() => undefined);
  // Each step is raced against Ctrl-C, so that the command goes no further (and prints nothing more) after it.
  const step = <T>(work: Promise<T>): Promise<T> => Promise.race([work, stopped]);
  const gate: GateOptions = {
    ...options,
    signal: abort.signal,
    onPatch: (result, state) => {
      const key = `${result.object} ${result.cluster}`;
      if (state === 'refused') patches.delete(key);
      else patches.set(key, { result, state });
    },
  };
  process.on('SIGINT', onSigint);
  try {
    const out = session.out;
    const changed: Changed[] = [];
    const host = await step(session.host());
    const result = await step(changeControllerManager(host, gate));
    report(session, result, options);
    if (result.changed) changed.push({ client: host, result });

    // Pull-mode members collect their own EndpointSlices with karmada-agent, which needs the gate too.
    const pull = await step(pullModeMembers(session, options.agents));
    if (pull.warning) out.warn(session.reached(pull.warning));
    let failed = false;
    if (pull.clusters.length && !options.agents) {
      printAgentGates(session, await step(readAgentGates(session, pull.clusters, options.namespace)), options);
    } else if (pull.clusters.length) {
      for (const agent of await step(changeAgents(session, pull.clusters, gate))) {
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
    if (options.wait && options.dryRun === 'none' && changed.length) {
      waiting = true;
      // Not raced: the wait stops on the signal itself, and ends its progress lines before the error is printed.
      await waitAll(session, options, changed, abort.signal);
    }
    return failed ? 1 : 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** What a Ctrl-C leaves: each patch written (it stays), sent but not answered (it may be applied), or none. */
function interrupted(
  patches: { result: ComponentResult; state: PatchState }[],
  waiting: boolean,
  want: boolean,
): InterruptedError {
  const verb = want ? 'on' : 'off';
  const of = (state: PatchState) => patches.filter((p) => p.state === state).map((p) => p.result);
  const written = of('written');
  const sent = of('sent');
  if (!written.length && !sent.length)
    return new InterruptedError(
      'interrupted: nothing was written',
      `run the same command again to turn ${MCS_GATE} ${verb}`,
    );
  const named = (results: ComponentResult[]) => results.map((r) => `${r.object} (${r.cluster})`).join(', ');
  const said: string[] = [];
  const hints: string[] = [];
  if (written.length) {
    said.push(`${named(written)} ${written.length > 1 ? 'were patched and stay' : 'was patched and stays'} so`);
  }
  if (sent.length) {
    said.push(
      `the patch${sent.length > 1 ? 'es' : ''} of ${named(sent)} ${sent.length > 1 ? 'were' : 'was'} sent but not ` +
        `answered, so ${sent.length > 1 ? 'they' : 'it'} may have been applied`,
    );
  }
  if (written.length) {
    said.push(`the rollout${written.length > 1 ? 's go' : ' goes'} on without us`);
    // A Deployment reached through Karmada's cluster proxy has no context of its own for kubectl to follow it with.
    const follow = written.flatMap((r) =>
      r.context ? [`kubectl --context ${r.context} rollout status -n ${r.namespace} deployment/${r.deployment}`] : [],
    );
    hints.push(follow.length ? `follow it with: ${follow.join('; ')}` : 'follow it in each member cluster');
  }
  if (sent.length)
    hints.push(`the same command with --dry-run=client says whether ${MCS_GATE} is ${verb}; run it again to finish`);
  return new InterruptedError(
    `interrupted${waiting ? ' while waiting for the rollout' : ''}: ${said.join('; ')}`,
    hints.join('; '),
  );
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

/** Waits for every changed component until all have rolled out, one fails, or `interrupt` (Ctrl-C) is aborted. */
async function waitAll(
  session: Session,
  options: EnableOptions,
  changed: Changed[],
  interrupt: AbortSignal,
): Promise<void> {
  const out = session.out;
  const progress = new Map<string, Progress>();
  // Stops every wait on Ctrl-C, with its error, and the other waits when one fails. (AbortSignal.any would say it
  // shorter, but came in Node 20.3; we run on any 20.)
  const stop = new AbortController();
  const onInterrupt = () => {
    stop.abort(interrupt.reason);
  };
  interrupt.addEventListener('abort', onInterrupt);
  try {
    await waitForChanges(changed, options.want, {
      timeoutMs: options.timeoutMs,
      signal: stop.signal,
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
    interrupt.removeEventListener('abort', onInterrupt);
    for (const bar of progress.values()) bar.done();
    if (!stop.signal.aborted) stop.abort();
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
  for (const w of r.warnings) out.warn(session.reached(w));
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
