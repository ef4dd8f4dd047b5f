// `status [NAME]`: what Karmada did with each MultiClusterService, per cluster, with a verdict.
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_STATUS_TIMEOUT } from '../defaults.js';
import { formatDurationWords, parseDuration } from '../duration.js';
import { TimeoutError, UsageError } from '../errors.js';
import type { Progress } from '../output/printer.js';
import { printStatus } from '../output/status-view.js';
import { poll } from '../poll.js';
import { byCodeUnits } from '../collections.js';
import type { Args, Flags } from '../cli.js';
import type { Session } from '../session.js';
import { snapshot } from '../karmada/snapshot.js';
import { diagnose } from '../karmada/diagnosis/model.js';
import { hintContext } from '../doctor/run.js';
import { type StatusReport, buildStatus, healthy } from '../status/model.js';

const POLL_MS = 1000;

interface StatusOptions {
  name?: string;
  /** undefined: every namespace */
  namespace?: string;
  output: Flags<'status'>['output'];
  wait: boolean;
  watch: boolean;
  timeoutMs: number;
}

/** One snapshot, judged: the verdict per MultiClusterService. */
async function read(session: Session, { namespace, name, output }: StatusOptions): Promise<StatusReport> {
  // Machine output (-o json|yaml) is never accompanied by a spinner.
  const machine = output === 'json' || output === 'yaml';
  const counter = machine ? undefined : session.out.counter((n, of) => `read ${n}/${of} clusters`);
  const [snap, ctx] = await Promise.all([
    // doctor's reads less its deep ones (Nodes, Pull providers' agents, the CRD): two lists per member.
    snapshot(session, namespace, name, {
      onMember:
        counter &&
        ((n: number, of: number) => {
          counter.tick(n, of);
        }),
    }).finally(() => {
      counter?.stop();
    }),
    hintContext(session),
  ]);
  const findings = diagnose(snap, ctx);
  const items = snap.mcs
    .map((m) => buildStatus(snap, m, findings))
    .sort((a, b) => byCodeUnits(a.namespace, b.namespace) || byCodeUnits(a.name, b.name));
  return { gate: snap.gate, items };
}

export async function status(session: Session, flags: Flags<'status'>, [name]: Args<'status'>): Promise<number> {
  const options = await complete(session, flags, name);
  if (options.watch) return watch(session, options);
  if (options.wait) return waitHealthy(session, options);
  const r = await read(session, options);
  print(session, options, r);
  return healthy(r) && r.items.every((i) => i.clusters.every((c) => !c.error)) ? 0 : 1;
}

/** Complete and Validate: every usage error before any request. */
async function complete(session: Session, flags: Flags<'status'>, name: string | undefined): Promise<StatusOptions> {
  if (name && flags.allNamespaces)
    throw new UsageError('a MultiClusterService name cannot be combined with --all-namespaces');
  if (flags.wait && flags.watch) throw new UsageError('--wait and --watch cannot be used together');
  // As expose says: a time limit that nothing would use is a mistake, not a no-op (--watch runs until Ctrl-C).
  if (flags.timeout !== undefined && !flags.wait)
    throw new UsageError('--timeout only applies with --wait: without it status does not wait');
  const timeoutMs = parseDuration(flags.timeout ?? DEFAULT_STATUS_TIMEOUT);
  return {
    name,
    namespace: flags.allNamespaces ? undefined : await session.namespace(),
    output: flags.output,
    wait: flags.wait ?? false,
    watch: flags.watch ?? false,
    timeoutMs,
  };
}

const print = (session: Session, o: StatusOptions, r: StatusReport) => {
  printStatus(session.out, r, { output: o.output, name: o.name, namespace: o.namespace });
};

/** --watch: prints again whenever something but ages changes, until Ctrl-C. */
async function watch(session: Session, options: StatusOptions): Promise<number> {
  const watching = { on: true };
  const stopped = new Promise<void>((resolve) =>
    process.once('SIGINT', () => {
      watching.on = false;
      resolve();
    }),
  );
  let last = '';
  while (watching.on) {
    const r = await read(session, options);
    const now = fingerprint(r);
    if (now !== last) {
      if (last) session.out.line();
      print(session, options, r);
    }
    last = now;
    await Promise.race([sleep(POLL_MS * 2), stopped]);
  }
  return 0;
}

/** --wait: polls until everything shown is healthy, or says which one is not when time is up. */
async function waitHealthy(session: Session, options: StatusOptions): Promise<number> {
  let progress: Progress | undefined;
  let last: StatusReport | undefined;
  try {
    last = await poll(
      async () => (last = await read(session, options)),
      (r) => (healthy(r) ? undefined : unhealthy(r)),
      {
        timeoutMs: options.timeoutMs,
        intervalMs: POLL_MS,
        onPending: (pending) => {
          progress ??= session.out.progress(
            `Waiting for ${options.name ?? 'every MultiClusterService'} to become healthy`,
          );
          progress.update(`Waiting: ${pending}`);
        },
        timeout: (r) => timedOut(r, options.timeoutMs),
      },
    );
  } catch (error) {
    // What was last seen is shown before the timeout says which one is still unhealthy.
    if (error instanceof TimeoutError && last) {
      progress?.done();
      print(session, options, last);
    }
    throw error;
  }
  progress?.done();
  print(session, options, last);
  return 0;
}

const unhealthy = (r: StatusReport): string =>
  r.items
    .filter((i) => !i.verdict.healthy)
    .map((i) => `${i.name}: ${i.verdict.reason}`)
    .join(', ');

function timedOut(r: StatusReport, timeoutMs: number): TimeoutError {
  const bad = r.items.find((i) => !i.verdict.healthy);
  const what = bad ? `multiclusterservice ${bad.namespace}/${bad.name}` : 'every MultiClusterService';
  return new TimeoutError(
    `timed out after ${formatDurationWords(timeoutMs)} waiting for ${what} to become healthy` +
      (bad ? `: ${bad.verdict.message}` : ''),
    { hint: bad?.verdict.hint },
  );
}

/** What --watch compares: everything but ages. */
function fingerprint(r: StatusReport): string {
  return JSON.stringify(r.items.map(({ age: _age, ...rest }) => rest));
}
