// `probe [NAME]`: proves reachability from each consumer cluster and says which layer broke.
// Ctrl-C or SIGTERM stops the run and deletes the probe pods, then exits 130 (143); a second
// signal exits at once, naming the pods left behind. `--cleanup` removes what crashed runs left.
import { setMaxListeners } from 'node:events';
import { parseDuration } from '../duration.js';
import { CliError, UsageError } from '../errors.js';
import { CLUSTERS } from '../kube/resources.js';
import { printCleanup, printProbe } from '../output/probe-view.js';
import { checkPath, checkUrl, validExpectedStatus } from '../probe/curl.js';
import { PodTracker, deleteLeftovers } from '../probe/pods.js';
import { type ProbeOptions, type ProbeRow, runProbe } from '../probe/service.js';
import type { Args, Flags } from '../cli.js';
import type { Session } from '../session.js';
import { DEFAULT_PROBE_IMAGE } from '../defaults.js';

/** Exit codes of a run stopped by a signal: 128 + the signal's number, as shells report it. */
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

function positive(text: string, flag: string, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`invalid value "${text}" for ${flag}: expected a whole number from 1 to ${max}`);
  return n;
}

/** `--cleanup`: deletes every probe pod left in the member clusters (or the --consumer ones). */
async function cleanup(session: Session, flags: Flags<'probe'>): Promise<number> {
  const karmada = await session.karmada();
  const all = (await karmada.list(CLUSTERS)).flatMap((c) => c.metadata?.name ?? []);
  const unknown = flags.consumer.filter((c) => !all.includes(c));
  if (unknown.length)
    throw new UsageError(
      `unknown cluster${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
      `clusters: ${all.join(', ')}`,
    );
  const names = flags.consumer.length ? flags.consumer : all;
  const results = await Promise.allSettled(
    names.map(async (cluster) => deleteLeftovers(await session.member(cluster))),
  );
  const outcome = names.map((cluster, i) => {
    const r = results[i];
    if (!r) throw new Error(`no clean-up result for cluster ${cluster}`);
    return r.status === 'fulfilled'
      ? { cluster, deleted: r.value, error: null }
      : { cluster, deleted: [], error: (r.reason as Error).message };
  });
  printCleanup(session.out, outcome, flags.output);
  return outcome.some((o) => o.error) ? 1 : 0;
}

export async function probe(session: Session, flags: Flags<'probe'>, [name]: Args<'probe'>): Promise<number> {
  if (flags.cleanup) {
    if (name !== undefined)
      throw new UsageError(
        '--cleanup takes no NAME: it removes every leftover probe pod (use --consumer to limit the clusters)',
      );
    return cleanup(session, flags);
  }
  return run(session, await complete(session, flags, name), flags.output);
}

/** Complete and Validate: flags to options, every usage error before any request. */
async function complete(session: Session, flags: Flags<'probe'>, name: string | undefined): Promise<ProbeOptions> {
  if (!validExpectedStatus(flags.expectStatus))
    throw new UsageError(
      `invalid value "${flags.expectStatus}" for --expect-status: ` +
        'expected codes or classes such as 200, 2xx or 200,301',
    );
  let body: RegExp | undefined;
  try {
    body = flags.expectBody === undefined ? undefined : new RegExp(flags.expectBody);
  } catch (error) {
    throw new UsageError(`invalid --expect-body: ${(error as Error).message}`);
  }
  if (flags.pod && flags.keepPod) throw new UsageError('--keep-pod applies to the temporary pod, not to --pod');
  if (flags.pod && flags.image !== undefined)
    throw new UsageError('--image applies to the temporary pod, not to --pod, which runs its own image');
  if (flags.url !== undefined && flags.path !== '')
    throw new UsageError('--path and --url cannot be used together: put the path in --url');
  return {
    namespace: await session.namespace(),
    name,
    consumers: flags.consumer,
    pod: flags.pod,
    podNamespace: flags.podNamespace,
    image: flags.image ?? DEFAULT_PROBE_IMAGE,
    port: flags.port === undefined ? undefined : positive(flags.port, '--port', 65535),
    path: checkPath(flags.path),
    url: flags.url === undefined ? undefined : checkUrl(flags.url),
    timeoutSeconds: Math.max(1, Math.round(parseDuration(flags.curlTimeout, '--curl-timeout') / 1000)),
    count: positive(flags.count, '--count', 1000),
    expect: { status: flags.expectStatus, body },
    parallel: positive(flags.parallel, '--parallel', 256),
    podTimeoutMs: parseDuration(flags.podTimeout, '--pod-timeout'),
    keepPod: flags.keepPod ?? false,
  };
}

async function run(session: Session, options: ProbeOptions, output: Flags<'probe'>['output']): Promise<number> {
  const out = session.out;
  const tracker = new PodTracker();
  const abort = new AbortController();
  // Every consumer probed at once listens to it.
  setMaxListeners(0, abort.signal);
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts === 1) {
      out.note(`${signal}: stopping and deleting the probe pods (press Ctrl-C again to exit at once)`);
      abort.abort(new CliError(`interrupted by ${signal}`, { exitCode: SIGNAL_EXIT[signal] ?? 1 }));
      return;
    }
    const left = [...tracker.pods].map((p) => `${p.cluster}/${p.namespace}/${p.name}`);
    out.note(
      `exiting at once; probe pods left behind: ${left.join(', ') || 'none'}` +
        (left.length ? ' (remove them with `kubectl karmada-mcs probe --cleanup`)' : ''),
    );
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = out.progress('Probing from the consumer clusters');
  let rows: ProbeRow[];
  try {
    rows = await runProbe(session, options, tracker, abort.signal);
  } catch (error) {
    progress.fail();
    throw abort.signal.aborted ? abort.signal.reason : error;
  } finally {
    const left = await tracker.deleteAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (left.length)
      out.warn(`could not delete probe pods: ${left.map((p) => `${p.cluster}/${p.namespace}/${p.name}`).join(', ')}`);
  }
  progress.done();
  // Each row's hint, as a command to copy, reaches the clusters this probe reached.
  rows = rows.map((r) => (r.hint ? { ...r, hint: session.reached(r.hint) } : r));
  printProbe(out, rows, { output, count: options.count });
  if (options.keepPod)
    for (const pod of new Set(
      rows.map((r) => `${r.cluster}: pod ${options.podNamespace ?? options.namespace}/${r.pod}`),
    ))
      out.note(`kept ${pod}`);
  return rows.every((r) => r.ok) ? 0 : 1;
}
