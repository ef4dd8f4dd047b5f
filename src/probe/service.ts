// probe as a plain function: for each MultiClusterService and consumer cluster, run curl from a
// pod there against the Service's URLs and directly against the provider pods the consumer was
// given, and say which layer broke. Clusters run concurrently with a bound; one failing cluster
// fails only its own rows.
import { append, byCodeUnits } from '../collections.js';
import { mapLimit } from '../concurrency.js';
import { CliError, messageOf } from '../errors.js';
import type { Clusters } from '../karmada/clusters.js';
import type { ExecResult, KubeClient } from '../kube/client.js';
import type { EndpointSlice, Pod, Service } from '../kube/objects.js';
import type { SliceFacts } from '../karmada/digest.js';
import { CLUSTERS, ENDPOINTSLICES, MCS, PODS, SERVICES } from '../kube/resources.js';
import { DISPATCH_MANAGER, PROVISION_CLUSTER, SERVICE_NAME, SLICE_MANAGED_BY } from '../karmada/labels.js';
import { targetClusters } from '../karmada/snapshot.js';
import { CROSS_CLUSTER, exposureTypes } from '../karmada/mcs-spec.js';
import { isReady } from '../karmada/clusters.js';
import type { Cluster, MultiClusterService } from '../karmada/types.js';
import { type CurlRun, type Expectation, curlCommand, curlMissing, parseCurl, statusMatches } from './curl.js';
import { type Blame, type Endpoint, type EndpointResult, type Layer, type LayerName, judge } from './layers.js';
import { PROBE_CONTAINER, ProbeMachineryError, type PodTracker, type TrackedPod, waitRunning } from './pods.js';

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
  /** the last HTTP status through the Service, 0 when none arrived */
  status: number;
  latencyMs: { min: number; median: number; max: number } | null;
  ok: boolean;
  /** the first broken layer, or `probe` when the probe itself could not run */
  layer: Blame | null;
  reason: string | null;
  hint: string | null;
  /** first line of the last body, for a pass (e.g. which backend answered) */
  firstLine: string | null;
  /** every layer's result; null when the probe could not run */
  layers: Record<LayerName, Layer> | null;
  endpoints: EndpointResult[];
}

export interface Url {
  url: string;
  host: string;
  port: number;
  /** the Service port's name, which names the matching port of its EndpointSlices */
  portName: string;
  /** --path, also requested from each provider pod */
  path: string;
}

export interface Target {
  mcs: MultiClusterService;
  urls: Url[];
  /** registered clusters that are not Ready: a provider among them serves stale endpoints */
  notReady?: string[];
  /** the consumer's EndpointSlices when the caller has read them already (doctor); else they are listed */
  consumerSlices?: SliceFacts[];
  /** the consumer's pod CIDRs when the caller has read its Nodes (doctor) */
  localCidrs?: string[];
  /** why this MCS cannot be probed at all */
  problem?: string;
}

/** At most this many provider pods are requested directly per Service port, spread over the providers. */
export const MAX_ENDPOINTS = 4;

/** The URLs to request for a Service: each TCP port, or --url. */
export function urlsFor(
  service: Service | undefined,
  options: Pick<ProbeOptions, 'url' | 'port' | 'path'>,
): { urls: Url[]; problem?: string } {
  if (options.url) {
    const u = new URL(options.url);
    return {
      urls: [
        {
          url: options.url,
          host: u.hostname,
          port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)),
          portName: '',
          path: '',
        },
      ],
    };
  }
  if (!service) return { urls: [], problem: 'no Service of this name in the control plane' };
  const name = service.metadata?.name ?? '';
  const namespace = service.metadata?.namespace ?? '';
  const ports = (service.spec?.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP');
  const chosen = options.port !== undefined ? ports.filter((p) => p.port === options.port) : ports;
  if (chosen.length === 0) {
    return {
      urls: [],
      problem:
        options.port !== undefined
          ? `service ${name} has no TCP port ${options.port}`
          : `service ${name} has no TCP port to probe`,
    };
  }
  return {
    urls: chosen.map((p) => ({
      url: `http://${name}.${namespace}${p.port === 80 ? '' : `:${p.port}`}${options.path}`,
      host: `${name}.${namespace}`,
      port: p.port,
      portName: p.name ?? '',
      path: options.path,
    })),
  };
}

export async function planTargets(
  clusters: Clusters,
  options: ProbeOptions,
): Promise<{ targets: Target[]; byCluster: Map<string, Target[]> }> {
  const karmada = await clusters.karmada();
  const [mcsList, services, clusterList] = await Promise.all([
    options.name
      ? karmada.find<MultiClusterService>(MCS, options.namespace, options.name).then((m) => (m ? [m] : []))
      : karmada.list<MultiClusterService>(MCS, options.namespace),
    karmada.list<Service>(SERVICES, options.namespace),
    karmada.list<Cluster>(CLUSTERS),
  ]);
  if (options.name && mcsList.length === 0) {
    throw new CliError(
      `multiclusterservice "${options.name}" not found in namespace "${options.namespace}" (${karmada.label})`,
      { hint: 'create it with `kubectl karmada-mcs expose`' },
    );
  }
  if (mcsList.length === 0)
    throw new CliError(`no MultiClusterServices in namespace "${options.namespace}" to probe`, {
      hint: 'pass -n, or create one with `kubectl karmada-mcs expose`',
    });
  const all = clusterList.map((c) => c.metadata?.name ?? '');
  const notReady = clusterList.filter((c) => !isReady(c)).map((c) => c.metadata?.name ?? '');
  const targets = mcsList.map((mcs) => ({
    mcs,
    notReady,
    ...urlsFor(
      services.find((s) => s.metadata?.name === mcs.metadata?.name),
      options,
    ),
    // Karmada reconciles only CrossCluster; a LoadBalancer MCS is an external cloud provider's to serve.
    ...(exposureTypes(mcs).includes(CROSS_CLUSTER)
      ? {}
      : { urls: [], problem: `it is of type ${exposureTypes(mcs).join(', ')}: only CrossCluster is probed` }),
  }));
  const byCluster = new Map<string, Target[]>();
  for (const target of targets) {
    for (const cluster of targetClusters(target.mcs, 'consumerClusters', all)) {
      if (options.consumers.length && !options.consumers.includes(cluster)) continue;
      append(byCluster, cluster, target);
    }
  }
  const unknown = options.consumers.filter((c) => !byCluster.has(c));
  if (unknown.length) {
    throw new CliError(
      `${unknown.join(', ')} ${unknown.length > 1 ? 'are not consumers' : 'is not a consumer'} of ` +
        (options.name ?? 'any MultiClusterService in this namespace'),
      {
        hint: `consumers: ${list(targets.flatMap((t) => targetClusters(t.mcs, 'consumerClusters', all)))}`,
      },
    );
  }
  return { targets, byCluster };
}

const meets = (r: CurlRun, expect: Expectation) =>
  statusMatches(r.status, expect.status) && (!expect.body || expect.body.test(r.body));

const list = (items: string[]) => [...new Set(items)].join(', ');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (i: number) => sorted[i] ?? 0;
  return sorted.length % 2 ? at(mid) : Math.round((at(mid - 1) + at(mid)) / 2);
}

const machineryRow = (
  mcs: MultiClusterService,
  cluster: string,
  pod: string,
  url: string,
  reason: string,
  hint: string | null,
): ProbeRow => ({
  mcs: mcs.metadata?.name ?? '',
  namespace: mcs.metadata?.namespace ?? '',
  cluster,
  pod,
  url,
  attempts: 0,
  successes: 0,
  status: 0,
  latencyMs: null,
  ok: false,
  layer: 'probe',
  reason,
  hint,
  firstLine: null,
  layers: null,
  endpoints: [],
});

/** The provider pod addresses Karmada dispatched into a consumer for one Service port, at most MAX_ENDPOINTS. */
export function dispatchedEndpoints(slices: SliceFacts[], portName: string): { endpoints: Endpoint[]; total: number } {
  const byProvider = new Map<string, Endpoint[]>();
  for (const slice of slices) {
    if (slice.addressType === 'FQDN') continue;
    // Karmada's dispatch controller sets this annotation on every slice it writes (v1.8 on).
    const provider = slice.metadata?.annotations?.[PROVISION_CLUSTER] ?? 'an unknown provider';
    const port = (slice.ports ?? []).find((p) => (p.name ?? '') === portName && (p.protocol ?? 'TCP') === 'TCP');
    if (!port?.port) continue;
    // A slice without endpoints reads `"endpoints": null`: k8s.io/api/discovery/v1/types.go has no omitempty on it.
    for (const e of slice.endpoints ?? []) {
      const ip = e.addresses?.at(0);
      if (e.conditions?.ready === false || !ip) continue;
      append(byProvider, provider, { provider, ip, port: port.port });
    }
  }
  // Round-robin over the providers, so each one's pod network is tried before any is tried twice. In a fixed order
  // (names, then addresses as text with their numbers compared as numbers): a slice's endpoints come in no order of
  // their own, and the same fleet should get the same verdict each run.
  const byAddress = (a: Endpoint, b: Endpoint) => a.ip.localeCompare(b.ip, 'en', { numeric: true });
  const queues = [...byProvider.entries()]
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([, queue]) => queue.sort(byAddress));
  const total = queues.reduce((n, q) => n + q.length, 0);
  const endpoints: Endpoint[] = [];
  for (let i = 0; endpoints.length < Math.min(MAX_ENDPOINTS, total); i++) {
    const next = queues[i % queues.length]?.shift();
    if (next) endpoints.push(next);
  }
  return { endpoints, total };
}

/** Runs a command in the probe pod; doctor --probe can pass its own. */
export type Runner = (argv: string[]) => Promise<ExecResult>;

export interface LayeredCheck {
  consumer: string;
  url: Url;
  /** the slices Karmada dispatched into the consumer for this Service, or null to skip the direct requests */
  slices: SliceFacts[] | null;
  count: number;
  timeoutSeconds: number;
  expect: Expectation;
  whyCommand: string;
  notReady?: string[];
  localCidrs?: string[];
  /** names the image in the message when it has no curl */
  image: string;
  signal?: AbortSignal;
}

const MISSING_BINARY = /executable file not found in \$PATH|exec: "curl": stat [^:]*: no such file or directory/;

/** The runtime's or the shell's own words, without the OCI preamble. */
const notFound = (run: CurlRun) =>
  /executable file not found in \$PATH/.exec(run.error)?.[0] ?? (run.error || `exit ${run.exitCode}`);

const missingCurl = (check: LayeredCheck, run: CurlRun) =>
  new ProbeMachineryError(`the probe image has no curl (${check.image}: ${notFound(run)})`, {
    hint: 'pass --image with an image that has curl (e.g. curlimages/curl), or --pod with a pod that has it',
  });

/**
 * One consumer's layered check of one URL: --count requests through the Service, then the
 * dispatched provider pods directly (in parallel, one request each), then the verdict.
 * Requests: count + at most MAX_ENDPOINTS execs. Throws ProbeMachineryError when curl cannot run.
 */
export async function checkLayers(run: Runner, check: LayeredCheck) {
  const service: CurlRun[] = [];
  for (let i = 0; i < check.count; i++) {
    check.signal?.throwIfAborted();
    const r = await run(curlCommand(check.url.url, check.timeoutSeconds));
    const parsed = parseCurl(r.stdout, r.stderr, r.exitCode);
    if (curlMissing(parsed)) throw missingCurl(check, parsed);
    service.push(parsed);
  }
  const picked = check.slices === null ? null : dispatchedEndpoints(check.slices, check.url.portName);
  const endpoints =
    picked === null
      ? null
      : await Promise.all(
          picked.endpoints.map(async (endpoint) => {
            check.signal?.throwIfAborted();
            const host = endpoint.ip.includes(':') ? `[${endpoint.ip}]` : endpoint.ip;
            const r = await run(curlCommand(`http://${host}:${endpoint.port}${check.url.path}`, check.timeoutSeconds));
            return { endpoint, run: parseCurl(r.stdout, r.stderr, r.exitCode) };
          }),
        );
  const verdict = judge({
    consumer: check.consumer,
    host: check.url.host,
    port: check.url.port,
    service,
    endpoints,
    untried: picked ? picked.total - picked.endpoints.length : 0,
    expect: check.expect,
    whyCommand: check.whyCommand,
    notReady: check.notReady,
    localCidrs: check.localCidrs,
  });
  return { verdict, service };
}

async function dispatchedSlices(client: KubeClient, namespace: string, service: string): Promise<EndpointSlice[]> {
  return client.list<EndpointSlice>(ENDPOINTSLICES, namespace, {
    labelSelector: `${SERVICE_NAME}=${service},${SLICE_MANAGED_BY}=${DISPATCH_MANAGER}`,
  });
}

/** The same slices as dispatchedSlices, picked from a list of the consumer's slices. */
const dispatchedOf = (all: SliceFacts[], namespace: string, service: string): SliceFacts[] =>
  all.filter(
    (s) =>
      s.metadata?.namespace === namespace &&
      s.metadata.labels?.[SERVICE_NAME] === service &&
      s.metadata.labels[SLICE_MANAGED_BY] === DISPATCH_MANAGER,
  );

function machineryHint(error: unknown): string | null {
  if (error instanceof ProbeMachineryError) return error.hint ?? null;
  return error instanceof CliError ? (error.hint ?? null) : null;
}

/** Every row of one consumer cluster: its probe pod, then each target's layered check. */
export async function probeConsumer(
  clusters: Clusters,
  cluster: string,
  targets: Target[],
  options: ProbeOptions,
  tracker: PodTracker,
  signal: AbortSignal,
): Promise<ProbeRow[]> {
  const rows: ProbeRow[] = [];
  const urls = targets.flatMap((t) => (t.problem ? [] : t.urls.map((url) => ({ target: t, url }))));
  for (const t of targets)
    if (t.problem) rows.push(machineryRow(t.mcs, cluster, '-', '-', `cannot probe: ${t.problem}`, null));
  if (urls.length === 0) return rows;
  let pod: TrackedPod | undefined;
  let podName = options.pod ?? '-';
  const podNamespace = options.podNamespace ?? options.namespace;
  try {
    const client = await clusters.member(cluster);
    let container = PROBE_CONTAINER;
    let image = options.image;
    if (options.pod) {
      const existing = await client.find<Pod>(PODS, podNamespace, options.pod);
      if (!existing)
        throw new ProbeMachineryError(`pod ${podNamespace}/${options.pod} not found in ${cluster}`, {
          hint: 'pass --pod with a running pod of the consumer cluster',
        });
      if (existing.status?.phase !== 'Running')
        throw new ProbeMachineryError(
          `pod ${podNamespace}/${options.pod} is ${existing.status?.phase ?? 'not running'}`,
        );
      const containers = existing.spec?.containers ?? [];
      container =
        existing.metadata?.annotations?.['kubectl.kubernetes.io/default-container'] ??
        containers.at(0)?.name ??
        container;
      image = containers.find((c) => c.name === container)?.image ?? image;
    } else {
      const perRequest = options.timeoutSeconds + 5;
      const deadline = Math.ceil(options.podTimeoutMs / 1000) + urls.length * (options.count + 1) * perRequest + 60;
      pod = await tracker.create(client, cluster, podNamespace, options.image, deadline);
      podName = pod.name;
      await waitRunning(client, podNamespace, pod.name, options.podTimeoutMs, signal);
    }
    const runner: Runner = async (argv) => {
      try {
        return await client.exec(podNamespace, podName, container, argv, (options.timeoutSeconds + 15) * 1000);
      } catch (error) {
        const message = messageOf(error);
        // containerd and CRI-O refuse to start a missing binary: an exec error rather than an exit code.
        if (MISSING_BINARY.test(message)) return { stdout: '', stderr: message, exitCode: 127 };
        throw new ProbeMachineryError(`exec into the probe pod failed: ${message}`, {
          hint: machineryHint(error) ?? undefined,
        });
      }
    };
    const slices = new Map<string, SliceFacts[]>();
    for (const { target, url } of urls) {
      const name = target.mcs.metadata?.name ?? '';
      const namespace = target.mcs.metadata?.namespace ?? '';
      if (!options.url && !slices.has(name)) {
        const known = target.consumerSlices;
        const listed = known ? dispatchedOf(known, namespace, name) : await dispatchedSlices(client, namespace, name);
        slices.set(name, listed);
      }
      const { verdict, service } = await checkLayers(runner, {
        consumer: cluster,
        url,
        slices: options.url ? null : (slices.get(name) ?? []),
        count: options.count,
        timeoutSeconds: options.timeoutSeconds,
        expect: options.expect,
        whyCommand: `kubectl karmada-mcs status ${name} -n ${namespace}`,
        notReady: target.notReady,
        localCidrs: target.localCidrs,
        image,
        signal,
      });
      const answered = service.filter((r) => r.exitCode === 0);
      const timed = answered.map((r) => r.latencyMs);
      rows.push({
        mcs: name,
        namespace,
        cluster,
        pod: podName,
        url: url.url,
        attempts: service.length,
        successes: answered.filter((r) => meets(r, options.expect)).length,
        status: service.at(-1)?.status ?? 0,
        latencyMs: timed.length ? { min: Math.min(...timed), median: median(timed), max: Math.max(...timed) } : null,
        ok: verdict.ok,
        layer: verdict.layer,
        reason: verdict.reason,
        hint: verdict.hint,
        firstLine: verdict.ok ? summaryLine(answered.at(-1)?.body ?? '') : null,
        layers: verdict.layers,
        endpoints: verdict.endpoints,
      });
    }
  } catch (error) {
    if (signal.aborted) throw error;
    const done = rows.filter((r) => r.url !== '-').length;
    for (const { target, url } of urls.slice(done))
      rows.push(machineryRow(target.mcs, cluster, podName, url.url, messageOf(error), machineryHint(error)));
  } finally {
    if (pod && options.keepPod) tracker.release(pod);
    // A pod that could not be deleted stays tracked: the command tries again and names it in a warning.
    else if (pod) await tracker.delete(pod).catch(() => undefined);
  }
  return rows;
}

export async function runProbe(
  clusters: Clusters,
  options: ProbeOptions,
  tracker: PodTracker,
  signal: AbortSignal,
): Promise<ProbeRow[]> {
  const { byCluster } = await planTargets(clusters, options);
  const names = [...byCluster.keys()];
  const results = await mapLimit(names, options.parallel, (cluster) =>
    probeConsumer(clusters, cluster, byCluster.get(cluster) ?? [], options, tracker, signal),
  );
  signal.throwIfAborted();
  return results
    .flatMap((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    })
    .sort((a, b) => byCodeUnits(a.mcs, b.mcs) || byCodeUnits(a.cluster, b.cluster) || byCodeUnits(a.url, b.url));
}

/** What the answer says, in one line: an HTML page's title (nginx's welcome page starts with a doctype), else the
 * first line of the body. */
export function summaryLine(body: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
  return title || (body.split('\n')[0] ?? '');
}
