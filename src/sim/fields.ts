// metadata.managedFields as kube-apiserver's field manager records them for Update operations (create, update and
// non-apply patch), read from k8s.io/apimachinery pkg/util/managedfields/internal (fieldmanager.go, structuredmerge.go,
// managedfieldsupdater.go, stripmeta.go, managedfields.go) and sigs.k8s.io/structured-merge-diff (typed/compare.go,
// merge/update.go, fieldpath/serialize.go):
// - The live object (on create, the kind's empty Go object: create.go passes `scope.Creater.New(kind)`) is compared
//   with the new one. The fields it added or modified go to the writer's entry and leave every other entry; the
//   fields it removed leave every entry. An entry left empty is dropped; an entry's time moves only when its write
//   took fields.
// - Maps are compared key by key, lists by item when their listType is map (keyed by their listMapKeys) or set (by
//   value), and as a whole otherwise, like scalars and atomic structs; a map or list item the old object lacked is
//   owned itself too (`.` in fieldsV1). A map or list empty on both sides is a leaf.
// - apiVersion, kind and metadata's own fields (name, uid, resourceVersion…) are never owned (stripmeta.go).
// - The reset fields of the kind's strategy are not recorded (GetResetFields): status for the main resource of a kind
//   with a status subresource, all but status for the status subresource.
// fieldsV1 is the set's JSON (fieldpath/serialize.go): `f:<field>`, `k:{<keys>}`, `v:<value>`, `.` for a node that is
// owned and has children, members sorted as PathElement.Compare sorts them.
import { type ResourceType, apiVersionOf } from './resources.js';
import type { FieldsV1, ManagedFieldsEntry, SimObject } from './world.js';

/** Field managers as the API server names them: the fieldManager a client sends, else its User-Agent's first word. */
export type Manager =
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kubelet'
  | 'kubeadm'
  | 'karmada-controller-manager'
  | 'karmada-agent'
  | 'karmada-scheduler'
  | 'karmada-operator'
  | 'karmadactl'
  | 'helm'
  | 'kubectl-client-side-apply'
  | 'kubectl-create';

/**
 * How a schema shapes a field for structured-merge-diff: listType map/set (k8s.io/api `+listType`, a CRD's
 * x-kubernetes-list-type), mapType/structType=atomic. Without a shape a map is granular and a list atomic, the default
 * of kube-openapi's schemaconv for a list with no listType and of a CRD's structural schema.
 */
export interface Shape {
  fields?: Record<string, Shape>;
  /** listType=map: items keyed by these fields */
  keys?: string[];
  /** a key field's schema default (`+default`), which names an item that omits it (typed/helpers.go) */
  defaults?: Record<string, unknown>;
  /** listType=set */
  set?: boolean;
  items?: Shape;
  atomic?: boolean;
}

/** A set of field paths in fieldsV1's form; below the root an empty object is a member with no children. */
export type Tree = FieldsV1;

export const SELF = '.';
const ATOMIC: Shape = { atomic: true };
const CONDITIONS: Shape = { keys: ['type'] };
// apimachinery pkg/apis/meta/v1/types.go: ownerReferences a map by uid of atomic OwnerReferences, finalizers a set.
const META: Shape = { fields: { ownerReferences: { keys: ['uid'], items: ATOMIC }, finalizers: { set: true } } };
// k8s.io/api core/v1 types.go at v0.31
const TCP = { protocol: 'TCP' };
const CONTAINER: Shape = {
  fields: {
    ports: { keys: ['containerPort', 'protocol'], defaults: TCP },
    env: { keys: ['name'] },
    volumeMounts: { keys: ['mountPath'] },
  },
};
const POD_SPEC: Shape = {
  fields: {
    containers: { keys: ['name'], items: CONTAINER },
    initContainers: { keys: ['name'], items: CONTAINER },
    volumes: { keys: ['name'] },
    imagePullSecrets: { keys: ['name'] },
  },
};
const shape = (fields: Record<string, Shape>): Shape => ({ fields: { metadata: META, ...fields } });
const status = (fields: Record<string, Shape>): Shape => ({ fields });

/** The empty Go object's JSON (what create compares against); `null` for a list or map without omitempty. */
const EMPTY_META = { creationTimestamp: null };

export interface KindInfo {
  shape: Shape;
  empty: Record<string, unknown>;
  /**
   * Set after the field manager ran on create (the registry's PrepareForCreate and allocators, the scheduler's
   * binding, Karmada's mutating webhook), so no entry records them.
   */
  unrecorded?: string[][];
}

const KINDS: Record<string, KindInfo> = {
  '/Namespace': {
    shape: shape({ status: status({ conditions: CONDITIONS }) }),
    empty: { metadata: EMPTY_META, spec: {}, status: {} },
    unrecorded: [['spec', 'finalizers']],
  },
  '/Node': {
    shape: shape({
      spec: { fields: { podCIDRs: { set: true } } },
      status: status({ addresses: { keys: ['type'] }, conditions: CONDITIONS }),
    }),
    empty: {
      metadata: EMPTY_META,
      spec: {},
      status: {
        daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
        nodeInfo: Object.fromEntries(
          [
            'machineID',
            'systemUUID',
            'bootID',
            'kernelVersion',
            'osImage',
            'containerRuntimeVersion',
            'kubeletVersion',
            'kubeProxyVersion',
            'operatingSystem',
            'architecture',
          ].map((k) => [k, '']),
        ),
      },
    },
  },
  '/Event': {
    shape: shape({}),
    empty: {
      metadata: EMPTY_META,
      involvedObject: {},
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    },
  },
  '/Pod': {
    shape: shape({ spec: POD_SPEC, status: status({ conditions: CONDITIONS, podIPs: { keys: ['ip'] } }) }),
    empty: { metadata: EMPTY_META, spec: { containers: null }, status: {} },
    // kube-scheduler's binding sets the node (pkg/registry/core/pod/storage BindingREST, no field manager)
    unrecorded: [['spec', 'nodeName']],
  },
  '/Service': {
    shape: shape({
      spec: { fields: { ports: { keys: ['port', 'protocol'], defaults: TCP }, selector: ATOMIC } },
      status: status({ conditions: CONDITIONS }),
    }),
    empty: { metadata: EMPTY_META, spec: {}, status: { loadBalancer: {} } },
    // the registry's IP allocator (pkg/registry/core/service/storage/alloc.go)
    unrecorded: [
      ['spec', 'clusterIP'],
      ['spec', 'clusterIPs'],
      ['spec', 'ipFamilies'],
      ['spec', 'ipFamilyPolicy'],
    ],
  },
  '/ConfigMap': { shape: shape({}), empty: { metadata: EMPTY_META } },
  'apps/Deployment': {
    shape: shape({
      spec: { fields: { selector: ATOMIC, template: { fields: { metadata: META, spec: POD_SPEC } } } },
      status: status({ conditions: CONDITIONS }),
    }),
    empty: {
      metadata: EMPTY_META,
      spec: { selector: null, template: { metadata: EMPTY_META, spec: { containers: null } }, strategy: {} },
      status: {},
    },
  },
  // discovery/v1: endpoints and ports are atomic lists
  'discovery.k8s.io/EndpointSlice': {
    shape: shape({}),
    empty: { metadata: EMPTY_META, addressType: '', endpoints: null, ports: null },
  },
  // apiextensions/v1: versions and storedVersions are atomic, conditions a map by type
  'apiextensions.k8s.io/CustomResourceDefinition': {
    shape: shape({ status: status({ conditions: CONDITIONS }) }),
    empty: {
      metadata: EMPTY_META,
      spec: { group: '', names: { plural: '', kind: '' }, scope: '', versions: null },
      status: { acceptedNames: { plural: '', kind: '' }, storedVersions: null },
    },
    // PrepareForCreate (apiextensions-apiserver pkg/registry/customresourcedefinition/strategy.go)
    unrecorded: [['status', 'storedVersions']],
  },
  // karmada-aggregated-apiserver serves the Go type (pkg/apis/cluster/v1alpha1/types.go: no listType, so every list
  // is atomic); its strategy defaults spec.resourceModels in PrepareForCreate (pkg/registry/cluster/strategy.go).
  'cluster.karmada.io/Cluster': {
    shape: shape({}),
    empty: { metadata: EMPTY_META, spec: { syncMode: '' }, status: {} },
    unrecorded: [['spec', 'resourceModels']],
  },
  // CRDs (charts/karmada/_crds): an unstructured empty object; only the MCS status conditions are a map by type.
  'networking.karmada.io/MultiClusterService': {
    shape: shape({ status: status({ conditions: CONDITIONS }) }),
    empty: {},
    // karmada-webhook's mutating webhook (pkg/webhook/multiclusterservice/mutating.go)
    unrecorded: [['metadata', 'labels', 'multiclusterservice.karmada.io/permanent-id']],
  },
};

const CUSTOM: KindInfo = { shape: shape({}), empty: {} };

export const kindInfo = (rt: ResourceType): KindInfo => KINDS[`${rt.group}/${rt.kind}`] ?? CUSTOM;

// --- comparison (typed/compare.go) ---

export type Json = Record<string, unknown>;

export const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const hasValues = (m: Json | undefined): boolean => {
  if (!m) return false;
  for (const k in m) if (m[k] !== undefined) return true;
  return false;
};

export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => equal(x, b[i]));
  }
  if (Array.isArray(b)) return false;
  const am = a as Json;
  const bm = b as Json;
  let n = 0;
  for (const k in am) {
    if (am[k] === undefined) continue;
    n++;
    if (!equal(am[k], bm[k])) return false;
  }
  for (const k in bm) if (bm[k] !== undefined) n--;
  return n === 0;
}

/** A list item's path element: `k:{"port":80,"protocol":"TCP"}` (keys sorted by name) or `v:<value>`. */
export function itemElement(s: Shape, item: unknown): string {
  if (s.set) return `v:${JSON.stringify(item)}`;
  const key: Json = {};
  for (const k of [...(s.keys ?? [])].sort()) {
    const v = isMap(item) && item[k] !== undefined ? item[k] : s.defaults?.[k];
    if (v !== undefined) key[k] = v;
  }
  return `k:${JSON.stringify(key)}`;
}

export function attach(into: Tree, pe: string, node: Tree, owned: boolean): void {
  let has = false;
  for (const _ in node) {
    has = true;
    break;
  }
  if (owned) into[pe] = has ? { [SELF]: {}, ...node } : node;
  else if (has) into[pe] = node;
}

/**
 * Compares the value at one path (`l` old, `r` new; undefined when absent) and adds what changed (added or modified)
 * and what was removed under `pe` in `changed` and `removed`.
 */
function walk(s: Shape | undefined, l: unknown, r: unknown, pe: string, changed: Tree, removed: Tree): void {
  const hasL = l !== undefined;
  const hasR = r !== undefined;
  if (!hasL && !hasR) return;
  const v = hasR ? r : l;
  const sameKind = !hasL || !hasR || l === null || r === null || Array.isArray(l) === Array.isArray(r);
  if (sameKind && !s?.atomic) {
    if (isMap(v) && (!hasL || l === null || isMap(l)) && (!hasR || r === null || isMap(r))) {
      const lm = isMap(l) ? l : undefined;
      const rm = isMap(r) ? r : undefined;
      if (hasValues(lm) || hasValues(rm)) {
        const c: Tree = {};
        const d: Tree = {};
        if (lm) for (const k in lm) if (lm[k] !== undefined) walk(s?.fields?.[k], lm[k], rm?.[k], `f:${k}`, c, d);
        if (rm) {
          for (const k in rm) {
            if (rm[k] !== undefined && lm?.[k] === undefined) walk(s?.fields?.[k], undefined, rm[k], `f:${k}`, c, d);
          }
        }
        attach(changed, pe, c, !hasL);
        attach(removed, pe, d, !hasR);
        return;
      }
    } else if (Array.isArray(v) && (s?.keys || s?.set)) {
      const ll = Array.isArray(l) ? (l as unknown[]) : [];
      const rl = Array.isArray(r) ? (r as unknown[]) : [];
      if (ll.length || rl.length) {
        const left = new Map<string, unknown>();
        for (const item of ll) {
          const e = itemElement(s, item);
          if (!left.has(e)) left.set(e, item);
        }
        const c: Tree = {};
        const d: Tree = {};
        const seen = new Set<string>();
        for (const item of rl) {
          const e = itemElement(s, item);
          if (seen.has(e)) continue;
          seen.add(e);
          walk(s.items, left.get(e), item, e, c, d);
        }
        for (const [e, item] of left) if (!seen.has(e)) walk(s.items, item, undefined, e, c, d);
        attach(changed, pe, c, !hasL);
        attach(removed, pe, d, !hasR);
        return;
      }
    }
  }
  // A leaf: a scalar, an atomic list or map, or one empty on both sides.
  if (!hasL) changed[pe] = {};
  else if (!hasR) removed[pe] = {};
  else if (!equal(l, r)) changed[pe] = {};
}

// stripmeta.go: never owned; skipped, which also keeps managedFields itself out of the comparison.
export const STRIPPED_META = new Set([
  'name',
  'namespace',
  'creationTimestamp',
  'selfLink',
  'uid',
  'clusterName',
  'generation',
  'managedFields',
  'resourceVersion',
]);

/** The changed and removed field sets between two objects, metadata's own fields left out. */
export function compare(info: KindInfo, live: Json, next: Json): { changed: Tree; removed: Tree } {
  const changed: Tree = {};
  const removed: Tree = {};
  const keys = new Set([...Object.keys(live), ...Object.keys(next)]);
  for (const k of keys) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'metadata') {
      const lm = isMap(live.metadata) ? live.metadata : {};
      const rm = isMap(next.metadata) ? next.metadata : {};
      const c: Tree = {};
      const d: Tree = {};
      const fields = info.shape.fields?.metadata?.fields;
      for (const m of new Set([...Object.keys(lm), ...Object.keys(rm)]))
        if (!STRIPPED_META.has(m)) walk(fields?.[m], lm[m], rm[m], `f:${m}`, c, d);
      attach(changed, 'f:metadata', c, false);
      attach(removed, 'f:metadata', d, false);
    } else walk(info.shape.fields?.[k], live[k], next[k], `f:${k}`, changed, removed);
  }
  return { changed, removed };
}

// --- set operations (fieldpath/set.go), on trees: the root is never a member ---

export const isEmpty = (t: Tree): boolean => {
  for (const _ in t) return false;
  return true;
};
export const owns = (t: Tree): boolean => isEmpty(t) || SELF in t;

/** a minus b's members (exactly those paths, as Set.Difference does): a itself when nothing goes, undefined when
 * nothing is left */
export function difference(a: Tree, b: Tree, root = true): Tree | undefined {
  const aOwns = !root && owns(a);
  const keepSelf = aOwns && !owns(b);
  let changed = aOwns && !keepSelf;
  const kept: Tree = {};
  let children = false;
  for (const k in a) {
    if (k === SELF) continue;
    const child = a[k] as Tree;
    const other = b[k];
    const left = other ? difference(child, other, false) : child;
    if (left !== child) changed = true;
    if (left) {
      kept[k] = left;
      children = true;
    }
  }
  if (!changed) return a;
  if (!children) return keepSelf ? {} : undefined;
  return keepSelf ? { [SELF]: {}, ...kept } : kept;
}

/** Sorted as PathElement.Compare: field names, then keys, then values, then indexes. */
export function compareElements(a: string, b: string): number {
  if (a === SELF) return -1;
  if (b === SELF) return 1;
  const rank = (e: string) => 'fkvi'.indexOf(e[0] ?? 'f');
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a[0] === 'f') return a < b ? -1 : a > b ? 1 : 0;
  return compareValues(JSON.parse(a.slice(2)), JSON.parse(b.slice(2)));
}

/**
 * value.Compare (structured-merge-diff value/value.go CompareUsing), far enough for keys and set items: numbers by
 * value, strings by UTF-16 code unit (byte order for the ASCII of names and keys), maps field by field; across kinds
 * numbers, then strings, then booleans, then lists and maps.
 */
function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (isMap(a) && isMap(b)) {
    const ak = Object.keys(a);
    const bk = Object.keys(b);
    for (let i = 0; i < Math.min(ak.length, bk.length); i++) {
      const an = ak[i] ?? '';
      const bn = bk[i] ?? '';
      if (an !== bn) return an < bn ? -1 : 1;
      const c = compareValues(a[an], b[bn]);
      if (c) return c;
    }
    return ak.length - bk.length;
  }
  const order = (v: unknown) => ['number', 'string', 'boolean', 'object'].indexOf(typeof v);
  return order(a) - order(b);
}

/** a ∩ b: the members of both (Set.Intersection) */
export function intersection(a: Tree, b: Tree): Tree {
  const out: Tree = {};
  for (const k in a) {
    const x = a[k];
    const y = b[k];
    if (k === SELF || !x || !y) continue;
    attach(out, k, intersection(x, y), owns(x) && owns(y));
  }
  return out;
}

/** a ∪ b, sorted */
function union(a: Tree, b: Tree, root = true): Tree {
  const keys = new Set<string>();
  for (const k in a) if (k !== SELF) keys.add(k);
  for (const k in b) if (k !== SELF) keys.add(k);
  const out: Tree = {};
  if (!root && (owns(a) || owns(b)) && keys.size) out[SELF] = {};
  for (const k of [...keys].sort(compareElements)) {
    const x = a[k];
    const y = b[k];
    out[k] = x && y ? union(x, y, false) : sorted((x ?? y) as Tree);
  }
  return out;
}

export function sorted(t: Tree): Tree {
  const keys = Object.keys(t);
  if (keys.length === 0) return t;
  const out: Tree = {};
  for (const k of keys.sort(compareElements)) out[k] = sorted(t[k] as Tree);
  return out;
}

/** Removes a path and any ancestor left without members. */
function removePath(t: Tree, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const pe = `f:${head}`;
  const child = t[pe];
  if (!child) return;
  if (rest.length === 0) Reflect.deleteProperty(t, pe);
  else {
    removePath(child, rest);
    const left = Object.keys(child).filter((k) => k !== SELF);
    if (left.length === 0) Reflect.deleteProperty(t, pe);
  }
}

// --- entries (managedfields.go) ---

/** Who wrote: the main resource's field manager, and the status subresource's when the status was written too. */
export interface Writers {
  main?: string;
  status?: string;
  /** a write through the scale subresource: its own entry (subresource "scale"), of spec.replicas */
  scale?: string;
}

export const sortEntries = (entries: ManagedFieldsEntry[]): ManagedFieldsEntry[] =>
  entries.sort((p, q) => {
    if (p.operation !== q.operation) return (p.operation ?? '') < (q.operation ?? '') ? -1 : 1;
    const ps = Math.floor(Date.parse(p.time ?? '') / 1000) || 0;
    const qs = Math.floor(Date.parse(q.time ?? '') / 1000) || 0;
    if (ps !== qs) return ps - qs;
    if (p.manager !== q.manager) return (p.manager ?? '') < (q.manager ?? '') ? -1 : 1;
    if (p.apiVersion !== q.apiVersion) return (p.apiVersion ?? '') < (q.apiVersion ?? '') ? -1 : 1;
    return (p.subresource ?? '') < (q.subresource ?? '') ? -1 : 1;
  });

function record(
  entries: ManagedFieldsEntry[],
  manager: string,
  subresource: string | undefined,
  apiVersion: string,
  changed: Tree,
  removed: Tree,
  time: string,
): ManagedFieldsEntry[] {
  const took = !isEmpty(changed);
  if (!took && isEmpty(removed)) return entries;
  const mine = (e: ManagedFieldsEntry) =>
    e.manager === manager && e.operation === 'Update' && e.subresource === subresource && e.apiVersion === apiVersion;
  const out: ManagedFieldsEntry[] = [];
  let own: ManagedFieldsEntry | undefined;
  for (const e of entries) {
    if (mine(e)) {
      own = e;
      continue;
    }
    const fields = e.fieldsV1 ?? {};
    let left = took ? difference(fields, changed) : fields;
    if (left && !isEmpty(removed)) left = difference(left, removed);
    if (left === fields) out.push(e);
    else if (left) out.push({ ...e, fieldsV1: left });
  }
  const previous = own?.fieldsV1 ? (difference(own.fieldsV1, removed) ?? {}) : {};
  const fields = took ? union(previous, changed) : previous;
  if (!isEmpty(fields)) {
    out.push({
      manager,
      operation: 'Update',
      apiVersion,
      time: took ? time : (own?.time ?? time),
      fieldsType: 'FieldsV1',
      fieldsV1: fields,
      ...(subresource ? { subresource } : {}),
    });
  }
  return out;
}

/** Whether the writer sent the field; without the object it sent, a field the API server sets is taken as its own. */
function sentAt(sent: SimObject | undefined, path: string[]): boolean {
  let node: unknown = sent;
  for (const part of path) node = isMap(node) ? node[part] : undefined;
  return node !== undefined;
}

/**
 * The managedFields after `next` replaces `live` (undefined: created): the main part of the change recorded for
 * `writers.main`, the status part for `writers.status` through the status subresource (a kind without one records its
 * status with the main resource). `sent` is the object as the writer sent it, before the API server's registry and
 * webhooks added to it. Returns undefined when no entry is left.
 */
export function trackWrite(
  rt: ResourceType,
  live: SimObject | undefined,
  next: SimObject,
  writers: Writers,
  time: string,
  sent?: SimObject,
): ManagedFieldsEntry[] | undefined {
  const info = kindInfo(rt);
  const { changed, removed } = compare(info, live ?? info.empty, next);
  if (!live) for (const path of info.unrecorded ?? []) if (!sentAt(sent, path)) removePath(changed, path);
  let entries = live?.metadata.managedFields ?? [];
  const apiVersion = apiVersionOf(rt);
  const split = rt.subresources?.includes('status') ?? false;
  if (split) {
    const statusChanged = changed['f:status'];
    const statusRemoved = removed['f:status'];
    Reflect.deleteProperty(changed, 'f:status');
    Reflect.deleteProperty(removed, 'f:status');
    if (writers.status && (statusChanged || statusRemoved)) {
      entries = record(
        entries,
        writers.status,
        'status',
        apiVersion,
        statusChanged ? { 'f:status': statusChanged } : {},
        statusRemoved ? { 'f:status': statusRemoved } : {},
        time,
      );
    }
  }
  if (writers.main) {
    entries = record(entries, writers.main, undefined, apiVersion, changed, removed, time);
  }
  if (writers.scale) entries = record(entries, writers.scale, 'scale', apiVersion, changed, removed, time);
  return entries.length ? sortEntries(entries === live?.metadata.managedFields ? [...entries] : entries) : undefined;
}

/** managerOrUserAgent (k8s.io/apiserver pkg/endpoints/handlers/rest.go): the fieldManager, else the agent's prefix. */
export function managerOf(fieldManager: string | null, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  // prefixFromUserAgent: up to the first '/', printable characters only, at most 128 of them
  const prefix = (userAgent ?? '').split('/')[0] ?? '';
  return prefix.replace(/\p{C}/gu, '').slice(0, 128) || 'unknown';
}
