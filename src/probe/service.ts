// probe as a plain function: for each MultiClusterService and consumer cluster, run curl from a
// pod there against the Service's URLs. Clusters run concurrently with a bound; one failing
// cluster fails only its own rows.
import { mapLimit } from '../concurrency.js';
import { CliError } from '../errors.js';
import type { Clusters } from '../expose/checks.js';
import type { Obj } from '../kube/client.js';
import { CLUSTERS, MCS, PODS, SERVICES } from '../kube/resources.js';
import { targetClusters } from '../status/collect.js';
import { type CurlOutcome, type Expectation, classify, curlCommand } from './curl.js';
import { PROBE_CONTAINER, type PodTracker, type TrackedPod, waitRunning } from './pods.js';

export interface ProbeOptions {
  namespace: string;
  name?: string;
  consumers: string[];
  pod?: string;
  podNamespace?: string;
  image: string;
  port?: number;
  path: string;
  url?: string;
  timeoutSeconds: number;
  count: number;
  expect: Expectation;
  parallel: number;
  podTimeoutMs: number;
  keepPod: boolean;
}

export interface ProbeRow {
  mcs: string;
  namespace: string;
  cluster: string;
  pod: string;
  url: string;
  attempts: number;
  successes: number;
  /** the last HTTP status, 0 when none arrived */
  status: number;
  latencyMs: { min: number; median: number; max: number } | null;
  ok: boolean;
  reason: string | null;
  /** first line of the last body, for a pass (e.g. which backend answered) */
  firstLine: string | null;
}

interface Target {
  mcs: Obj;
  urls: string[];
  /** why this MCS cannot be probed at all */
  problem?: string;
}

function urlsFor(service: Obj | undefined, options: ProbeOptions): { urls: string[]; problem?: string } {
  const path = options.path.startsWith('/') || options.path === '' ? options.path : `/${options.path}`;
  if (options.url) return { urls: [options.url] };
  if (!service) return { urls: [], problem: 'no Service of this name in the control plane' };
  const { name, namespace } = service.metadata;
  const ports: number[] = (service.spec?.ports ?? []).filter((p: Obj) => (p.protocol ?? 'TCP') === 'TCP').map((p: Obj) => p.port);
  const chosen = options.port !== undefined ? ports.filter((p) => p === options.port) : ports;
  if (chosen.length === 0) return { urls: [], problem: options.port !== undefined ? `service ${name} has no TCP port ${options.port}` : `service ${name} has no TCP port` };
  return { urls: chosen.map((p) => `http://${name}.${namespace}${p === 80 ? '' : `:${p}`}${path}`) };
}

export async function planTargets(clusters: Clusters, options: ProbeOptions): Promise<{ targets: Target[]; byCluster: Map<string, Target[]> }> {
  const karmada = await clusters.karmada();
  const [mcsList, services, clusterList] = await Promise.all([
    options.name ? karmada.find(MCS, options.namespace, options.name).then((m) => (m ? [m] : [])) : karmada.list(MCS, options.namespace),
    karmada.list(SERVICES, options.namespace),
    karmada.list(CLUSTERS),
  ]);
  if (options.name && mcsList.length === 0) {
    throw new CliError(`multiclusterservice "${options.name}" not found in namespace "${options.namespace}" (${karmada.label})`, { hint: 'create it with `kubectl karmada-mcs expose`' });
  }
  if (mcsList.length === 0) throw new CliError(`no MultiClusterServices in namespace "${options.namespace}" to probe`, { hint: 'pass -n, or create one with `kubectl karmada-mcs expose`' });
  const all = clusterList.map((c) => c.metadata.name as string);
  const targets = mcsList.map((mcs) => ({ mcs, ...urlsFor(services.find((s) => s.metadata.name === mcs.metadata.name), options) }));
  const byCluster = new Map<string, Target[]>();
  for (const target of targets) {
    for (const cluster of targetClusters(target.mcs, 'consumerClusters', all)) {
      if (options.consumers.length && !options.consumers.includes(cluster)) continue;
      byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), target]);
    }
  }
  const unknown = options.consumers.filter((c) => !byCluster.has(c));
  if (unknown.length) {
    throw new CliError(`${unknown.join(', ')} ${unknown.length > 1 ? 'are not consumers' : 'is not a consumer'} of ${options.name ?? 'any MultiClusterService in this namespace'}`, {
      hint: `consumers: ${[...new Set(targets.flatMap((t) => targetClusters(t.mcs, 'consumerClusters', all)))].join(', ')}`,
    });
  }
  return { targets, byCluster };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

const failedRow = (target: Target, cluster: string, pod: string, url: string, reason: string): ProbeRow => ({
  mcs: target.mcs.metadata.name, namespace: target.mcs.metadata.namespace, cluster, pod, url, attempts: 0, successes: 0, status: 0, latencyMs: null, ok: false, reason, firstLine: null,
});

async function probeCluster(clusters: Clusters, cluster: string, targets: Target[], options: ProbeOptions, tracker: PodTracker, signal: AbortSignal): Promise<ProbeRow[]> {
  const rows: ProbeRow[] = [];
  const urls = targets.flatMap((t) => (t.problem ? [] : t.urls.map((url) => ({ target: t, url }))));
  for (const t of targets.filter((x) => x.problem)) rows.push(failedRow(t, cluster, '-', '-', t.problem!));
  if (urls.length === 0) return rows;
  let pod: TrackedPod | undefined;
  let podName = options.pod ?? '-';
  const podNamespace = options.podNamespace ?? options.namespace;
  try {
    const client = await clusters.member(cluster);
    let container = PROBE_CONTAINER;
    if (options.pod) {
      const existing = await client.find(PODS, podNamespace, options.pod);
      if (!existing) throw new CliError(`pod ${podNamespace}/${options.pod} not found`);
      if (existing.status?.phase !== 'Running') throw new CliError(`pod ${podNamespace}/${options.pod} is ${existing.status?.phase ?? 'not running'}`);
      container = existing.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? existing.spec.containers[0].name;
    } else {
      pod = await tracker.create(client, cluster, podNamespace, options.image);
      podName = pod.name;
      await waitRunning(client, podNamespace, pod.name, options.podTimeoutMs, signal);
    }
    for (const { target, url } of urls) {
      const outcomes: CurlOutcome[] = [];
      for (let i = 0; i < options.count; i++) {
        signal.throwIfAborted();
        const r = await client.exec(podNamespace, podName, container, curlCommand(url, options.timeoutSeconds), (options.timeoutSeconds + 15) * 1000);
        outcomes.push(classify(r.stdout, r.stderr, r.exitCode, options.expect));
      }
      const passed = outcomes.filter((o) => o.ok);
      const timed = outcomes.filter((o) => o.status > 0).map((o) => o.latencyMs);
      const last = outcomes.at(-1)!;
      const firstFailure = outcomes.find((o) => !o.ok);
      rows.push({
        mcs: target.mcs.metadata.name, namespace: target.mcs.metadata.namespace, cluster, pod: podName, url,
        attempts: outcomes.length, successes: passed.length, status: last.status,
        latencyMs: timed.length ? { min: Math.min(...timed), median: median(timed), max: Math.max(...timed) } : null,
        ok: passed.length === outcomes.length, reason: firstFailure?.reason ?? null,
        firstLine: passed.length ? (passed.at(-1)!.body.split('\n')[0] ?? '') : null,
      });
    }
  } catch (error) {
    if (signal.aborted) throw error;
    const reason = (error as Error).message;
    for (const { target, url } of urls.slice(rows.filter((r) => r.attempts > 0).length)) rows.push(failedRow(target, cluster, podName, url, reason));
  } finally {
    if (pod && options.keepPod) tracker.release(pod);
    else if (pod) await tracker.delete(pod).catch(() => undefined);
  }
  return rows;
}

export async function runProbe(clusters: Clusters, options: ProbeOptions, tracker: PodTracker, signal: AbortSignal): Promise<ProbeRow[]> {
  const { byCluster } = await planTargets(clusters, options);
  const names = [...byCluster.keys()];
  const results = await mapLimit(names, options.parallel, (cluster) => probeCluster(clusters, cluster, byCluster.get(cluster)!, options, tracker, signal));
  signal.throwIfAborted();
  return results.flatMap((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  }).sort((a, b) => a.mcs.localeCompare(b.mcs) || a.cluster.localeCompare(b.cluster) || a.url.localeCompare(b.url));
}
