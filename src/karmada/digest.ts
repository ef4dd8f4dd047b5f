// What is kept of a member's lists and how the diagnosis looks it up. At 500 members the members' Services and
// EndpointSlices are nearly all the bytes a status reads; keeping each parsed object whole until the diagnosis ends
// held ~480 MB. Each list is cut down as it arrives to the fields the diagnosis (diagnosis/*.ts) and doctor's probe
// (probe/service.ts dispatchedEndpoints) read, so the parsed objects die young; each member's Services and slices
// are then indexed once, for every MCS that asks about them.
import type { Endpoint, EndpointSlice, Node, ObjectMeta, Service } from '../kube/objects.js';
import { DISPATCH_MANAGER, PROVISION_CLUSTER, SERVICE_NAME, SLICE_MANAGED_BY } from './labels.js';
import type { MemberFacts, Snapshot } from './snapshot.js';
import type { MultiClusterService } from './types.js';
import { CROSS_CLUSTER, exposureTypes } from './mcs-spec.js';
import { clusterByName, clusterNames, sides } from './diagnosis/scope.js';

type Meta = Pick<ObjectMeta, 'name' | 'namespace' | 'labels' | 'annotations'>;

/** A member's Service: only whether it exists is judged (service-copies, taints). */
export interface ServiceFacts {
  metadata?: Pick<Meta, 'name' | 'namespace'>;
}

/** A Node: its pod CIDRs (pod-network). */
export interface NodeFacts {
  metadata?: Pick<Meta, 'name'>;
  spec?: Pick<NonNullable<Node['spec']>, 'podCIDR' | 'podCIDRs'>;
}

// Lists the API requires may still come as null: Go encodes an empty (nil) slice so.
export interface EndpointFacts {
  addresses?: readonly string[] | null;
  conditions?: Pick<NonNullable<Endpoint['conditions']>, 'ready'>;
}

/**
 * An EndpointSlice: the Service and manager it belongs to (labels), the provider Karmada took it from (annotation,
 * else its name), its address type, ports, and each endpoint's addresses and readiness.
 */
export interface SliceFacts {
  metadata?: Meta;
  addressType?: string;
  ports?: EndpointSlice['ports'] | null;
  endpoints?: EndpointFacts[] | null;
}

export const trimNode = (n: Node): NodeFacts => ({
  metadata: { name: n.metadata?.name },
  spec: { podCIDR: n.spec?.podCIDR, podCIDRs: n.spec?.podCIDRs },
});

const pick = (from: Record<string, string> | undefined, keys: string[]): Record<string, string> | undefined => {
  if (!from) return undefined;
  const kept: Record<string, string> = {};
  for (const k of keys) if (k in from) kept[k] = from[k] ?? '';
  return kept;
};

const READY = Object.freeze({ ready: true });
const NOT_READY = Object.freeze({ ready: false });

const trimEndpoint = (e: EndpointFacts): EndpointFacts =>
  e.conditions?.ready === undefined
    ? { addresses: e.addresses }
    : { addresses: e.addresses, conditions: e.conditions.ready ? READY : NOT_READY };

/** A piece's identity: what the diagnosis reads of it, as text. */
const endpointsKey = (endpoints: EndpointFacts[]): string =>
  endpoints.map((e) => `${String(e.conditions?.ready)}:${e.addresses ? e.addresses.join(',') : '-'}`).join(';');

/**
 * Cuts a snapshot's Services and EndpointSlices down as they arrive, keeping one shared, frozen copy of each
 * repeated piece: the slices of one MCS carry the same labels and ports in every member, and Karmada copies a
 * provider's slice, endpoints and all, into every consumer (100 MCS × 500 consumers: 50 000 copies of 100).
 */
export function digester() {
  const pieces = new Map<string, unknown>();
  const one = <T>(key: string, make: () => T): T => {
    let piece = pieces.get(key) as T | undefined;
    if (piece === undefined) {
      piece = Object.freeze(make());
      pieces.set(key, piece);
    }
    return piece;
  };
  const text = (s: string | undefined): string | undefined => (s === undefined ? s : one(`"${s}`, () => s));
  const labels = (from: Record<string, string> | undefined) =>
    from &&
    one(`l${from[SERVICE_NAME] ?? '\0'}|${from[SLICE_MANAGED_BY] ?? '\0'}`, () =>
      pick(from, [SERVICE_NAME, SLICE_MANAGED_BY]),
    );
  const annotations = (from: Record<string, string> | undefined) =>
    from && one(`a${from[PROVISION_CLUSTER] ?? '\0'}`, () => pick(from, [PROVISION_CLUSTER]));
  return {
    service: (s: Service): ServiceFacts => ({
      metadata: { name: s.metadata?.name, namespace: text(s.metadata?.namespace) },
    }),
    slice: (s: EndpointSlice): SliceFacts => {
      const endpoints = (s.endpoints as SliceFacts['endpoints'])?.map(trimEndpoint);
      return {
        metadata: {
          name: s.metadata?.name,
          namespace: text(s.metadata?.namespace),
          labels: labels(s.metadata?.labels),
          annotations: annotations(s.metadata?.annotations),
        },
        addressType: text(s.addressType),
        ports: s.ports && one(`p${JSON.stringify(s.ports)}`, () => s.ports?.map((p) => Object.freeze(p))),
        endpoints:
          endpoints &&
          one(`e${endpointsKey(endpoints)}`, () =>
            endpoints.map((e) => Object.freeze({ ...e, addresses: e.addresses && Object.freeze(e.addresses) })),
          ),
      };
    },
  };
}

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
 * The label selector of a member's EndpointSlice list: the slices of the MultiClusterServices it takes part in,
 * and, where it provides none of them, only those Karmada dispatched into it: a consumer's own slices are never
 * judged. A name term too long to send is dropped: the member's slices of every Service are then read (and kept,
 * trimmed), and the diagnosis looks up only those of its MultiClusterServices.
 */
export function sliceSelector(roles: Roles): string | undefined {
  const terms: string[] = [];
  if (roles.provides.size === 0) terms.push(`${SLICE_MANAGED_BY}=${DISPATCH_MANAGER}`);
  const names = [...new Set([...roles.provides, ...roles.consumes])].sort();
  if (names.length && names.every((n) => LABEL_VALUE.test(n))) {
    const term = `${SERVICE_NAME} in (${names.join(',')})`;
    if (term.length <= MAX_SELECTOR) terms.push(term);
  }
  return terms.length ? terms.join(',') : undefined;
}

export const key = (namespace: string, name: string) => `${namespace}/${name}`;

/** An object's namespace/name (metadata is always there on what the API server returns). */
export const keyOf = (o: { metadata?: { namespace?: string; name?: string } }) =>
  key(o.metadata?.namespace ?? '', o.metadata?.name ?? '');

const serviceKeys = new WeakMap<ServiceFacts[], Set<string>>();

/** Whether the member has a Service namespace/name: its list indexed once, for every MCS that asks. */
export function hasService(member: MemberFacts, namespace: string, name: string): boolean {
  let keys = serviceKeys.get(member.services);
  if (!keys) {
    keys = new Set(member.services.map(keyOf));
    serviceKeys.set(member.services, keys);
  }
  return keys.has(key(namespace, name));
}

/** A member's EndpointSlices of one Service: its own, and those Karmada dispatched, by provider. */
export interface ServiceSlices {
  local: SliceFacts[];
  imported: SliceFacts[];
}

// Indexed once per member and per slice: every MCS asks about every member (100 MCS × 500 members in the bench).
const slicesByService = new WeakMap<unknown[], Map<string, ServiceSlices>>();
const readyOf = new WeakMap<EndpointFacts[], string[]>();
const NONE: ServiceSlices = Object.freeze({ local: [], imported: [] });

/** The slices of namespace/name in the member (shared lists: not to be changed). */
export function slicesOf(member: MemberFacts, namespace: string, name: string): ServiceSlices {
  let index = slicesByService.get(member.slices);
  if (!index) {
    index = new Map();
    const slices: SliceFacts[] = member.slices;
    for (const s of slices) {
      const service = s.metadata?.labels?.[SERVICE_NAME];
      if (service === undefined) continue;
      const k = key(s.metadata?.namespace ?? '', service);
      let entry = index.get(k);
      if (!entry) index.set(k, (entry = { local: [], imported: [] }));
      (s.metadata?.labels?.[SLICE_MANAGED_BY] === DISPATCH_MANAGER ? entry.imported : entry.local).push(s);
    }
    slicesByService.set(member.slices, index);
  }
  return index.get(key(namespace, name)) ?? NONE;
}

/** The provider a dispatched slice came from: its annotation, else the `<provider>-` name prefix. */
export const sliceProvider = (s: SliceFacts, providers: string[]): string | undefined =>
  s.metadata?.annotations?.[PROVISION_CLUSTER] ?? providers.find((p) => (s.metadata?.name ?? '').startsWith(`${p}-`));

// Per endpoints list, which digester() shares among the copies of a slice.
function addressesOf(s: SliceFacts): string[] {
  if (!s.endpoints) return [];
  let addresses = readyOf.get(s.endpoints);
  if (!addresses) {
    addresses = s.endpoints.filter((e) => e.conditions?.ready !== false).flatMap((e) => e.addresses ?? []);
    readyOf.set(s.endpoints, addresses);
  }
  return addresses;
}

export const readyAddresses = (slices: SliceFacts[]): string[] => slices.flatMap(addressesOf);

/**
 * Whether some consumer lacks every endpoint of a provider that serves (what whereLost explains from the Works).
 * The Works are read only then: 100 MCS dispatched to 500 clusters make 100 000 of them.
 */
export function missesSlices(snap: Snapshot): boolean {
  const all = clusterNames(snap);
  const byName = clusterByName(snap);
  const mcsList: MultiClusterService[] = snap.mcs;
  return mcsList.some((mcs) => {
    if (!exposureTypes(mcs).includes(CROSS_CLUSTER)) return false;
    const name = mcs.metadata?.name ?? '';
    const namespace = mcs.metadata?.namespace ?? '';
    const { providers, consumers } = sides(mcs, all);
    const serving = providers.filter((provider) => {
      const p = snap.members.get(provider);
      return byName.has(provider) && p?.ready && !p.error && readyAddresses(slicesOf(p, namespace, name).local).length;
    });
    return consumers.some((consumer) => {
      const m = snap.members.get(consumer);
      if (!m || m.error) return false;
      const { imported } = slicesOf(m, namespace, name);
      return serving.some(
        (provider) =>
          provider !== consumer &&
          readyAddresses(imported.filter((s) => sliceProvider(s, providers) === provider)).length === 0,
      );
    });
  });
}
