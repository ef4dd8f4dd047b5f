// What a member's lists are read for, and what of them is kept. At 500 members the members' Services and
// EndpointSlices are nearly all the bytes a status reads; keeping each parsed object whole until the diagnosis ends
// held ~480 MB. Each list is cut down as it arrives to the fields the diagnosis (diagnosis/*.ts) and doctor's probe
// (probe/service.ts dispatchedEndpoints) read, so the parsed objects die young.
import type {
  V1EndpointConditions,
  DiscoveryV1EndpointPort,
  V1EndpointSlice,
  V1Node,
  V1NodeSpec,
  V1ObjectMeta,
  V1Service,
} from '@kubernetes/client-node';
import { DISPATCH_MANAGER, PROVISION_CLUSTER, SERVICE_NAME, SLICE_MANAGED_BY } from './labels.js';

type Meta = Pick<V1ObjectMeta, 'name' | 'namespace' | 'labels' | 'annotations'>;

/** A member's Service: only whether it exists is judged (service-copies, taints). */
export interface ServiceFacts {
  metadata?: Pick<Meta, 'name' | 'namespace'>;
}

/** A Node: its pod CIDRs (pod-network). */
export interface NodeFacts {
  metadata?: Pick<Meta, 'name'>;
  spec?: Pick<V1NodeSpec, 'podCIDR' | 'podCIDRs'>;
}

// Lists the API requires may still come as null: Go encodes an empty (nil) slice so.
export interface EndpointFacts {
  addresses?: string[] | null;
  conditions?: Pick<V1EndpointConditions, 'ready'>;
}

/**
 * An EndpointSlice: the Service and manager it belongs to (labels), the provider Karmada took it from (annotation,
 * else its name), its address type, ports, and each endpoint's addresses and readiness.
 */
export interface SliceFacts {
  metadata?: Meta;
  addressType?: string;
  ports?: DiscoveryV1EndpointPort[] | null;
  endpoints?: EndpointFacts[] | null;
}

export const trimService = (s: V1Service): ServiceFacts => ({
  metadata: { name: s.metadata?.name, namespace: s.metadata?.namespace },
});

export const trimNode = (n: V1Node): NodeFacts => ({
  metadata: { name: n.metadata?.name },
  spec: { podCIDR: n.spec?.podCIDR, podCIDRs: n.spec?.podCIDRs },
});

const pick = (from: Record<string, string> | undefined, keys: string[]): Record<string, string> | undefined => {
  if (!from) return undefined;
  const kept: Record<string, string> = {};
  for (const k of keys) if (k in from) kept[k] = from[k] ?? '';
  return kept;
};

const trimEndpoint = (e: EndpointFacts): EndpointFacts =>
  e.conditions?.ready === undefined
    ? { addresses: e.addresses }
    : { addresses: e.addresses, conditions: { ready: e.conditions.ready } };

export const trimSlice = (s: V1EndpointSlice): SliceFacts => ({
  metadata: {
    name: s.metadata?.name,
    namespace: s.metadata?.namespace,
    labels: pick(s.metadata?.labels, [SERVICE_NAME, SLICE_MANAGED_BY]),
    annotations: pick(s.metadata?.annotations, [PROVISION_CLUSTER]),
  },
  addressType: s.addressType,
  ports: s.ports,
  endpoints: (s.endpoints as SliceFacts['endpoints'])?.map(trimEndpoint),
});

export interface Roles {
  /** names of the MultiClusterServices the cluster provides, and consumes */
  provides: Set<string>;
  consumes: Set<string>;
}

// A Service's name is a DNS-1035 label, and the endpointslice controller labels its slices with it; an MCS named
// otherwise has no Service, so no slices to select.
const LABEL_VALUE = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
// Well below any request-line limit on the way (Go's net/http allows 1 MB of headers; proxies often 8 KB).
const MAX_SELECTOR = 4000;

/**
 * The label selector of a member's EndpointSlice list: the slices of the MultiClusterServices it takes part in
 * (all of them when it takes part in none: doctor reads every cluster), and, where it provides none of them, only
 * those Karmada dispatched into it: a consumer's own slices are never judged. A selector too long to send is
 * dropped, and the member's slices are picked out after reading.
 */
export function sliceSelector(roles: Roles | undefined, every: Set<string>): string | undefined {
  const terms: string[] = [];
  if (!roles || roles.provides.size === 0) terms.push(`${SLICE_MANAGED_BY}=${DISPATCH_MANAGER}`);
  const names = [...(roles ? new Set([...roles.provides, ...roles.consumes]) : every)].sort();
  if (names.length && names.every((n) => LABEL_VALUE.test(n))) {
    const term = `${SERVICE_NAME} in (${names.join(',')})`;
    if (term.length <= MAX_SELECTOR) terms.push(term);
  }
  return terms.length ? terms.join(',') : undefined;
}
