// `probe [NAME]`: proves reachability from each consumer cluster. Ctrl-C or SIGTERM stops the run
// and deletes the probe pods; a second Ctrl-C exits at once, naming the pods left behind.
import { parseDuration } from '../duration.js';
import { CliError, UsageError } from '../errors.js';
import { printProbe } from '../output/probe-view.js';
import { validExpectedStatus } from '../probe/curl.js';
import { PodTracker } from '../probe/pods.js';
import { type ProbeRow, runProbe } from '../probe/service.js';
import type { Session } from '../session.js';

export interface ProbeFlags {
  consumer: string[];
  pod?: string;
  podNamespace?: string;
  image: string;
  port?: string;
  path: string;
  url?: string;
  requestTimeout?: string;
  curlTimeout: string;
  count: string;
  expectStatus: string;
  expectBody?: string;
  parallel: string;
  podTimeout: string;
  keepPod?: boolean;
  output?: 'table' | 'json' | 'yaml';
}

function positive(text: string, flag: string, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`invalid value "${text}" for ${flag}: expected a whole number from 1 to ${max}`);
  return n;
}

export async function probe(session: Session, flags: ProbeFlags, args: string[]): Promise<number> {
  if (!validExpectedStatus(flags.expectStatus)) throw new UsageError(`invalid value "${flags.expectStatus}" for --expect-status: expected codes or classes such as 200, 2xx or 200,301`);
  let body: RegExp | undefined;
  try {
    body = flags.expectBody === undefined ? undefined : new RegExp(flags.expectBody);
  } catch (error) {
    throw new UsageError(`invalid --expect-body: ${(error as Error).message}`);
  }
  if (flags.pod && flags.keepPod) throw new UsageError('--keep-pod applies to the temporary pod, not to --pod');
  const options = {
    namespace: await session.namespace(),
    name: args[0],
    consumers: flags.consumer,
    pod: flags.pod,
    podNamespace: flags.podNamespace,
    image: flags.image,
    port: flags.port === undefined ? undefined : positive(flags.port, '--port', 65535),
    path: flags.path,
    url: flags.url,
    timeoutSeconds: Math.max(1, Math.round(parseDuration(flags.curlTimeout, '--curl-timeout') / 1000)),
    count: positive(flags.count, '--count', 1000),
    expect: { status: flags.expectStatus, body },
    parallel: positive(flags.parallel, '--parallel', 256),
    podTimeoutMs: parseDuration(flags.podTimeout, '--pod-timeout'),
    keepPod: flags.keepPod ?? false,
  };
  const out = session.out;
  const tracker = new PodTracker();
  const abort = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts === 1) {
      out.note(`${signal}: stopping and deleting the probe pods (press Ctrl-C again to exit at once)`);
      abort.abort(new CliError(`interrupted by ${signal}`));
      return;
    }
    const left = [...tracker.pods].map((p) => `${p.cluster}/${p.namespace}/${p.name}`);
    out.note(`exiting at once; probe pods left behind: ${left.join(', ') || 'none'}`);
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
    if (left.length) out.warn(`could not delete probe pods: ${left.map((p) => `${p.cluster}/${p.namespace}/${p.name}`).join(', ')}`);
  }
  progress.done();
  printProbe(out, rows, { output: flags.output, count: options.count });
  if (options.keepPod) for (const pod of new Set(rows.map((r) => `${r.cluster}: pod ${options.podNamespace ?? options.namespace}/${r.pod}`))) out.note(`kept ${pod}`);
  const failed = rows.filter((r) => !r.ok);
  if (failed.length) {
    for (const name of new Set(failed.map((r) => r.mcs))) out.note(`hint: see why with \`kubectl karmada-mcs status ${name} -n ${options.namespace}\``);
    return 1;
  }
  return 0;
}
