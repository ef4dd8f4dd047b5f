// What the curl runs from one consumer say, layer by layer, in the order a request travels:
// the name resolves (dns), the Service port accepts (connect), each provider pod the consumer
// was given answers directly (endpoints: the pod network and the targetPort), and the answer is
// the expected one (http). Pure: the runs come in, the verdict goes out.
import { type CurlRun, type Expectation, curlExitWords, statusMatches } from './curl.js';
import { holding } from '../karmada/cidr.js';

export const LAYERS = ['dns', 'connect', 'endpoints', 'http'] as const;
export type LayerName = (typeof LAYERS)[number];
/** where a probe failed: one of the layers, or the probe's own machinery (pod, image, exec) */
export type Blame = LayerName | 'probe';

export interface Layer {
  /** true passed, false broken, null not tested (an earlier layer stopped the request, or not applicable) */
  ok: boolean | null;
  detail: string;
}

/** A provider pod address from the EndpointSlices Karmada dispatched into the consumer. */
export interface Endpoint {
  provider: string;
  ip: string;
  port: number;
}

export interface EndpointResult extends Endpoint {
  ok: boolean | null;
  /** "answered 200", "timed out", "refused", … */
  outcome: string;
}

export interface Verdict {
  ok: boolean;
  layer: Blame | null;
  reason: string | null;
  hint: string | null;
  layers: Record<LayerName, Layer>;
  endpoints: EndpointResult[];
}

export interface LayerInput {
  consumer: string;
  /** NAME.NAMESPACE, or the host of --url */
  host: string;
  port: number;
  /** the curl runs against the Service URL (--count of them) */
  service: CurlRun[];
  /** the direct requests, or null when they do not apply (--url) */
  endpoints: { endpoint: Endpoint; run: CurlRun }[] | null;
  /** dispatched endpoints that were not requested, to keep the number of requests bounded */
  untried: number;
  expect: Expectation;
  /** the command that shows what Karmada did, for failures that are Karmada's to explain */
  whyCommand: string;
  /** providers whose Cluster is not Ready: their dispatched endpoints may be stale, not unrouted */
  notReady?: string[];
  /** the consumer's own pod CIDRs when known (doctor read its Nodes): an endpoint inside them is a local address */
  localCidrs?: string[];
}

export const TROUBLESHOOTING = 'docs/troubleshooting.md';

const how = (run: CurlRun) => (run.exitCode === 7 ? 'refused' : 'timed out');
const owners = (results: EndpointResult[]) => list(results.map((r) => `${r.provider}'s`));
const address = (e: Endpoint) => (e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`);
const list = (items: string[]) => [...new Set(items)].join(', ');

function endpointResult(endpoint: Endpoint, run: CurlRun): EndpointResult {
  if (run.exitCode === 0 || run.connected === true) {
    return { ...endpoint, ok: true, outcome: run.status ? `answered ${run.status}` : curlExitWords(run) };
  }
  if (run.exitCode === 28) return { ...endpoint, ok: false, outcome: 'timed out' };
  if (run.exitCode === 7) return { ...endpoint, ok: false, outcome: 'refused' };
  // Any other exit says nothing about the network (curl never resolves an IP literal, for one).
  return {
    ...endpoint,
    ok: null,
    outcome: `inconclusive (${run.error || `curl exit ${run.exitCode}`})`,
  };
}

function dnsLayer(input: LayerInput, first: CurlRun): Layer {
  if (first.exitCode === 6)
    return { ok: false, detail: `${input.host} does not resolve in ${input.consumer} (curl exit 6)` };
  // curl reports %{remote_ip} only for a connection it made: the address connected to is the name's address.
  return {
    ok: true,
    detail: first.remoteIp
      ? `${input.host} resolved to ${first.remoteIp}`
      : `${input.host} resolved (curl did not connect, so it shows no address)`,
  };
}

type NonEmpty<T> = [T, ...T[]];
const nonEmpty = <T>(list: T[]): list is NonEmpty<T> => list.length > 0;

function connectLayer(input: LayerInput, runs: NonEmpty<CurlRun>): { layer: Layer; failed?: CurlRun } {
  const failed = runs.find((r) => r.exitCode === 7 || (r.exitCode === 28 && r.connected !== true));
  const target = `${input.host}:${input.port}`;
  if (failed) {
    const how = failed.exitCode === 7 ? 'refused' : 'timed out';
    return {
      layer: { ok: false, detail: `connecting to ${target}${failed.remoteIp ? ` (${failed.remoteIp})` : ''} ${how}` },
      failed,
    };
  }
  const connected = runs.some((r) => r.exitCode === 0 || r.connected === true);
  return {
    layer: connected ? { ok: true, detail: `connected to ${target}` } : { ok: null, detail: curlExitWords(runs[0]) },
  };
}

function endpointsLayer(input: LayerInput, results: EndpointResult[], connected: boolean): Layer {
  if (input.endpoints === null) return { ok: null, detail: 'not tested: --url names its own host' };
  // A consumer that is also a provider is served by its own pods, which Karmada does not dispatch back.
  if (results.length === 0)
    return { ok: connected ? null : false, detail: `no provider endpoints were dispatched to ${input.consumer}` };
  const broken = results.filter((r) => r.ok === false);
  const more = input.untried ? `; ${input.untried} more not tried` : '';
  const detail = results.map((r) => `${r.provider} ${address(r)} ${r.outcome}`).join('; ') + more;
  if (broken.length) return { ok: false, detail };
  return { ok: results.some((r) => r.ok) ? true : null, detail };
}

function httpLayer(input: LayerInput, runs: CurlRun[]): Layer {
  const answered = runs.filter((r) => r.exitCode === 0);
  const last = answered.at(-1);
  if (!last) return { ok: null, detail: 'no HTTP answer' };
  const wrongStatus = answered.find((r) => !statusMatches(r.status, input.expect.status));
  if (wrongStatus) return { ok: false, detail: `answered ${wrongStatus.status} (expected ${input.expect.status})` };
  const body = input.expect.body;
  if (body && answered.some((r) => !body.test(r.body)))
    return { ok: false, detail: `body does not match /${body.source}/` };
  const lost = runs.find((r) => r.exitCode !== 0);
  if (lost) {
    return {
      ok: false,
      detail: `${runs.length - answered.length} of ${runs.length} requests failed: ${curlExitWords(lost)}`,
    };
  }
  return { ok: true, detail: `answered ${last.status}` };
}

/** Why the Service port failed, told by the direct requests when they can tell it. */
function connectCause(
  input: LayerInput,
  failed: CurlRun,
  results: EndpointResult[],
): { reason: string; hint: string } | undefined {
  const timedOut = results.filter((r) => r.ok === false && r.outcome === 'timed out');
  const refused = results.filter((r) => r.ok === false && r.outcome === 'refused');
  if (input.endpoints !== null && results.length === 0) {
    return {
      reason: `no endpoints reached ${input.consumer} (connecting to ${input.host}:${input.port} ${how(failed)})`,
      hint: `Karmada has not dispatched the providers' EndpointSlices: see why with \`${input.whyCommand}\``,
    };
  }
  return unreached(input, [...timedOut, ...refused]);
}

/** Why the provider pods did not answer: a local address, the pod network, or the port. */
function unreached(input: LayerInput, failed: EndpointResult[]): { reason: string; hint: string } | undefined {
  const local = failed.filter((r) => input.localCidrs && holding(input.localCidrs, r.ip));
  if (nonEmpty(local)) return overlap(input, local);
  const timedOut = failed.filter((r) => r.outcome === 'timed out');
  if (nonEmpty(timedOut)) return podNetwork(input, timedOut);
  return nonEmpty(failed) ? targetPort(input, failed) : undefined;
}

// The address was routed to a pod of the consumer's own, or to none: no request left the cluster.
function overlap(input: LayerInput, local: NonEmpty<EndpointResult>): { reason: string; hint: string } {
  const cidr = holding(input.localCidrs ?? [], local[0].ip) ?? '';
  return {
    reason:
      `${owners(local)} pod address ${local[0].ip} is inside ${input.consumer}'s own pod CIDR ${cidr} ` +
      `(${address(local[0])} ${local[0].outcome}): the request never leaves ${input.consumer}`,
    hint: "the clusters' pod CIDRs overlap; Karmada's guide requires disjoint ones (doctor's pod-network check)",
  };
}

function podNetwork(input: LayerInput, timedOut: NonEmpty<EndpointResult>): { reason: string; hint: string } {
  // A provider that went NotReady leaves its last endpoints behind (frozen since Karmada v1.14): its pods not
  // answering says nothing about the pod network.
  const down = [...new Set(timedOut.map((r) => r.provider))].filter((p) => input.notReady?.includes(p));
  if (down.length && down.length === new Set(timedOut.map((r) => r.provider)).size) {
    return {
      reason:
        `${owners(timedOut)} pods do not answer (${address(timedOut[0])} timed out) and ${list(down)} ` +
        `${down.length > 1 ? 'are' : 'is'} not Ready: ${input.consumer} holds stale endpoints`,
      hint: `see why with \`kubectl describe cluster ${down[0] ?? ''}\``,
    };
  }
  return {
    reason: `no pod network from ${input.consumer} to ${owners(timedOut)} pods (${address(timedOut[0])} timed out)`,
    hint: `link the clusters' pod networks (e.g. Submariner), see ${TROUBLESHOOTING}${orOverlap(input)}`,
  };
}

const targetPort = (input: LayerInput, refused: NonEmpty<EndpointResult>) => ({
  reason: `nothing listens on ${owners(refused)} pods at port ${refused[0].port} (${address(refused[0])} refused)`,
  hint: `the Service's targetPort may not be the port the pods listen on${orOverlap(input)}`,
});

// Without the consumer's pod CIDRs (probe alone reads no Nodes) an unanswered address may be one of its own.
const orOverlap = (input: LayerInput) =>
  input.localCidrs ? '' : "; `kubectl karmada-mcs doctor` also compares the clusters' pod CIDRs";

export function judge(input: LayerInput): Verdict {
  const seeStatus = `see why with \`${input.whyCommand}\``;
  const runs = input.service;
  // --count is at least 1: an empty list is a bug in the caller.
  if (!nonEmpty(runs)) throw new Error('judge: no request was sent through the Service');
  const [first] = runs;
  const results = (input.endpoints ?? []).map(({ endpoint, run }) => endpointResult(endpoint, run));
  const dns = dnsLayer(input, first);
  const connect: { layer: Layer; failed?: CurlRun } = dns.ok
    ? connectLayer(input, runs)
    : { layer: { ok: null, detail: 'not tested: the name did not resolve' } };
  const endpoints = endpointsLayer(input, results, connect.layer.ok === true);
  const http =
    connect.layer.ok === false || dns.ok === false
      ? { ok: null, detail: 'not reached' }
      : httpLayer(input, input.service);
  const layers = { dns, connect: connect.layer, endpoints, http };
  const verdict = (layer: Blame, reason: string, hint: string | null): Verdict => ({
    ok: false,
    layer,
    reason,
    hint,
    layers,
    endpoints: results,
  });

  if (dns.ok === false) {
    return verdict(
      'dns',
      `${input.host} does not resolve in ${input.consumer}: no Service of that name there (curl exit 6)`,
      seeStatus,
    );
  }
  if (connect.failed) {
    const cause = connectCause(input, connect.failed, results);
    return cause ? verdict('connect', cause.reason, cause.hint) : verdict('connect', connect.layer.detail, seeStatus);
  }
  if (endpoints.ok === false) {
    if (results.length === 0) return verdict('endpoints', endpoints.detail, seeStatus);
    const failed = results.filter((r) => r.ok === false);
    const { reason, hint } = unreached(input, failed) ?? { reason: endpoints.detail, hint: seeStatus };
    return verdict('endpoints', `${reason}; requests through the Service may fail`, hint);
  }
  if (http.ok === false) {
    // The backend answered, but not as expected; otherwise some of the --count requests got no answer.
    const served = /^(answered|body)/.test(http.detail);
    return verdict(
      'http',
      served ? `the backend ${http.detail}` : http.detail,
      served ? 'the path works: check the application in the provider clusters' : null,
    );
  }
  if (http.ok === null)
    return verdict('http', curlExitWords(input.service.find((r) => r.exitCode !== 0) ?? first), null);
  return { ok: true, layer: null, reason: null, hint: null, layers, endpoints: results };
}
