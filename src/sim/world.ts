// The simulator's state: every cluster (the Karmada API server, the host cluster and the members)
// with its objects, one resourceVersion counter, and change events for watches and controllers.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { V1ManagedFieldsEntry, V1ObjectMeta } from '@kubernetes/client-node';
import type { Pod, Service } from './kinds.js';
import type { Release } from './release.js';
import { type ClusterRole, type ResourceType, PODS, SERVICES, keyOf, resourcesFor, apiVersionOf } from './resources.js';
import { type Cidr, addressIn, cidrSize, defaultRanges, nodeNameOf, nodePodCidr, parseCidr } from './nodes.js';
import { type Manager, trackWrite } from './fields.js';

/** A client-node model as JSON carries it: its Date fields are the RFC 3339 strings on the wire. */
export type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** managedFields' fieldsV1: {"f:spec":{"f:ports":{}}} */
export interface FieldsV1 {
  [field: string]: FieldsV1;
}

export interface ManagedFieldsEntry extends Omit<Json<V1ManagedFieldsEntry>, 'fieldsV1'> {
  fieldsV1?: FieldsV1;
}

/** ObjectMeta (apimachinery pkg/apis/meta/v1/types.go) as stored: every object the world holds has a name. */
export interface ObjectMeta extends Omit<Json<V1ObjectMeta>, 'name' | 'managedFields'> {
  name: string;
  managedFields?: ManagedFieldsEntry[];
}

/**
 * Any object of any kind, as a client writes it to the world: the simulator stores arbitrary JSON, so only the
 * metadata is known here; readers narrow the rest to the kind they read (kinds.ts).
 */
export interface SimObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** An object as a client sent it, before the API server has checked or named it. */
export interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: Partial<ObjectMeta>;
  [field: string]: unknown;
}

/** The metadata put() stamps on every object it stores. */
export interface StoredMeta extends ObjectMeta {
  uid: string;
  creationTimestamp: string;
  generation: number;
  resourceVersion: string;
}

/** An object as the world holds it: put() stamps its apiVersion, kind and metadata. */
export interface StoredObject extends SimObject {
  apiVersion: string;
  kind: string;
  metadata: StoredMeta;
}

/**
 * Who writes an object to the world, for its managedFields (fields.ts): the field manager of the component whose
 * write it models, or `as-is` for a write that keeps the managedFields it carries (the API server's own handlers,
 * which have recorded the request's, and graceful deletion, which no field manager sees).
 */
export type Writer = Manager | 'as-is';

export interface WatchEvent {
  cluster: string;
  rt: ResourceType;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: StoredObject;
}

export interface ClusterOptions {
  operator?: boolean;
  /** the cluster's pod network (kind's podSubnet); default from nodes.ts defaultRanges */
  podCidr?: string;
  /** the cluster's Service network (kind's serviceSubnet) */
  serviceCidr?: string;
}

export class SimCluster {
  /** by resource key, then `namespace/name` */
  readonly objects = new Map<string, Map<string, StoredObject>>();
  readonly resources: ResourceType[];
  /** false: the cluster proxy answers 503 for it, as for a member the control plane cannot reach */
  reachable = true;
  /** the cluster's pod network; undefined for karmada-apiserver, which runs no pods */
  readonly podCidr?: Cidr;
  /** the range of its one node (`<cluster>-control-plane`), inside podCidr */
  readonly nodePodCidr?: Cidr;
  readonly serviceCidr: Cidr;
  readonly nodeName: string;
  /** the node's InternalIP on kind's docker network; pods report it as hostIP */
  nodeIp = '';
  private podCursor = 1;
  private serviceCursor = 10;

  constructor(
    readonly name: string,
    readonly role: ClusterRole,
    readonly index: number,
    options: ClusterOptions = {},
  ) {
    this.resources = resourcesFor(role, options);
    for (const rt of this.resources) this.objects.set(keyOf(rt), new Map());
    const ranges = defaultRanges(name, role, index);
    const podCidr = options.podCidr ?? ranges.podCidr;
    this.podCidr = podCidr ? parseCidr(podCidr) : undefined;
    this.nodePodCidr = this.podCidr && nodePodCidr(this.podCidr);
    this.serviceCidr = parseCidr(options.serviceCidr ?? ranges.serviceCidr);
    // local-up's kind cluster for the host is `karmada-host` (hack/local-up-karmada.sh HOST_CLUSTER_NAME).
    this.nodeName = nodeNameOf(role === 'host' ? 'karmada-host' : name);
  }

  /**
   * The CNI's host-local IPAM: the next free address of the node's range after the last one handed out, skipping
   * the network address and the gateway (.1), wrapping around (containernetworking/plugins ipam/host-local).
   */
  allocatePodIp(): string {
    const range = this.nodePodCidr;
    if (!range) throw new Error(`cluster ${this.name} runs no pods`);
    const used = new Set((this.stored(PODS) as Pod[]).map((p) => p.status?.podIP));
    return this.nextFree(range, used, 2, 'podCursor');
  }

  /** A free ClusterIP of the Service range (pkg/registry/core/service/ipallocator), in order for stable tests. */
  /**
   * A free port of --service-node-port-range (30000-32767), at random from its dynamic band above the static one that
   * users pick from (pkg/registry/core/service/portallocator: ServiceNodePortStaticSubrange, 86 ports here).
   */
  allocateNodePort(): number {
    const used = new Set(
      (this.stored(SERVICES) as Service[]).flatMap((s) => (s.spec?.ports ?? []).map((p) => p.nodePort)),
    );
    const [first, last] = [30086, 32767];
    for (let tries = 0; tries < 64; tries++) {
      const port = first + Math.floor(Math.random() * (last - first + 1));
      if (!used.has(port)) return port;
    }
    for (let port = 30000; port <= last; port++) if (!used.has(port)) return port;
    throw new Error('simulator: no free node port');
  }

  allocateServiceIp(): string {
    const used = new Set((this.stored(SERVICES) as Service[]).map((s) => s.spec?.clusterIP));
    return this.nextFree(this.serviceCidr, used, 10, 'serviceCursor');
  }

  private nextFree(range: Cidr, used: Set<string | undefined>, first: number, cursor: 'podCursor' | 'serviceCursor') {
    const last = cidrSize(range) - 2;
    for (let tries = 0; tries <= last; tries++) {
      this[cursor] = this[cursor] >= last ? first : Math.max(first, this[cursor] + 1);
      const ip = addressIn(range, this[cursor]);
      if (!used.has(ip)) return ip;
    }
    throw new Error(`range ${addressIn(range, 0)}/${range.bits} of cluster ${this.name} is full`);
  }

  serves(rt: ResourceType): boolean {
    return this.objects.has(keyOf(rt));
  }

  private stored(rt: ResourceType): StoredObject[] {
    return [...(storeOf(this, rt)?.values() ?? [])];
  }
}

const storeOf = (cluster: SimCluster, rt: ResourceType): Map<string, StoredObject> | undefined =>
  cluster.objects.get(keyOf(rt));

const objKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

export class World extends EventEmitter {
  readonly clusters = new Map<string, SimCluster>();
  /** pairs of clusters whose pod networks route to each other (`a|b`, sorted) */
  private readonly links = new Set<string>();
  private rv = 1000;

  /** the Karmada release the control plane runs: every rule that differs by release asks it */
  constructor(readonly release: Release) {
    super();
  }

  addCluster(name: string, role: ClusterRole, options: ClusterOptions = {}): SimCluster {
    const cluster = new SimCluster(name, role, this.clusters.size + 1, options);
    // kind's docker network hands node addresses out in creation order from 172.18.0.2.
    const nodes = [...this.clusters.values()].filter((c) => c.podCidr).length;
    if (cluster.podCidr) cluster.nodeIp = addressIn(parseCidr('172.18.0.0/16'), 2 + nodes);
    this.clusters.set(name, cluster);
    return cluster;
  }

  /** Routes each cluster's pod range to the other's node, as local-up's util::add_routes (hack/util.sh) does. */
  link(a: string, b: string): void {
    this.cluster(a);
    this.cluster(b);
    this.links.add([a, b].sort().join('|'));
  }

  linked(a: string, b: string): boolean {
    return a === b || this.links.has([a, b].sort().join('|'));
  }

  cluster(name: string): SimCluster {
    const c = this.clusters.get(name);
    if (!c) throw new Error(`simulator has no cluster ${name}`);
    return c;
  }

  nextResourceVersion(): string {
    return String(++this.rv);
  }

  /** The latest write's resourceVersion: what a list answers with. Reading makes no revision (etcd's GetList
   * answers with the revision it read at; the watch cache, k8s.io/apiserver watch_cache.go WaitUntilFreshAndList,
   * with the one it has seen). */
  resourceVersion(): string {
    return String(this.rv);
  }

  // The world stores arbitrary JSON, so a caller that knows the kind `rt` holds says so: with the type it reads
  // into (`const pod: Pod | undefined = world.get(...)`) where TypeScript accepts that, else with `as` (kinds.ts).
  get(cluster: string, rt: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    return storeOf(this.cluster(cluster), rt)?.get(objKey(rt.namespaced ? namespace : undefined, name));
  }

  /** The objects in the order they were made: what the controllers walk, which need no order. */
  list(cluster: string, rt: ResourceType, namespace?: string): StoredObject[] {
    const all = [...(storeOf(this.cluster(cluster), rt)?.values() ?? [])];
    return namespace && rt.namespaced ? all.filter((o) => o.metadata.namespace === namespace) : all;
  }

  /**
   * In the order the API server answers a list: etcd returns a key range sorted by key, /registry/<resource>/
   * <namespace>/<name> (k8s.io/apiserver pkg/storage/etcd3/store.go GetList), and the watch cache sorts its answers
   * the same way (kubernetes/kubernetes#113730; a btree since #126754): by namespace, then name, byte by byte
   * (member10 first). Sorted here, for the API's answers, not in list(): the controllers walk the stores all the time.
   */
  listInKeyOrder(cluster: string, rt: ResourceType, namespace?: string): StoredObject[] {
    const key = (o: StoredObject) => objKey(rt.namespaced ? o.metadata.namespace : undefined, o.metadata.name);
    return this.list(cluster, rt, namespace)
      .map((o) => [key(o), o] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o);
  }

  /**
   * Stores an object (callers have validated it), stamping resourceVersion and identity, and records the write in its
   * managedFields as the API server would: what changed in the main resource for `writer`, what changed in the status
   * for `statusWriter` through the status subresource (by default the writer of an update; a create's status is
   * reset by the API server, so it is recorded only for a `statusWriter` named to model the status write after it).
   */
  put(cluster: string, rt: ResourceType, obj: SimObject, writer: Writer, statusWriter?: Manager): StoredObject {
    const store = this.store(cluster, rt);
    const key = objKey(rt.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name);
    const existing = store.get(key);
    const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const managedFields =
      writer === 'as-is'
        ? obj.metadata.managedFields
        : trackWrite(
            rt,
            existing,
            obj,
            { main: writer, status: statusWriter ?? (existing ? writer : undefined) },
            stamp,
          );
    const { managedFields: _given, ...metadata } = obj.metadata;
    const stored: StoredObject = {
      ...obj,
      apiVersion: apiVersionOf(rt),
      kind: rt.kind,
      metadata: {
        ...metadata,
        uid: existing?.metadata.uid ?? obj.metadata.uid ?? randomUUID(),
        creationTimestamp: existing?.metadata.creationTimestamp ?? obj.metadata.creationTimestamp ?? stamp,
        generation: obj.metadata.generation ?? existing?.metadata.generation ?? 1,
        resourceVersion: this.nextResourceVersion(),
        ...(managedFields ? { managedFields } : {}),
      },
    };
    store.set(key, stored);
    this.emit('change', {
      cluster,
      rt,
      type: existing ? 'MODIFIED' : 'ADDED',
      object: stored,
    } satisfies WatchEvent);
    return stored;
  }

  remove(cluster: string, rt: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    const store = this.store(cluster, rt);
    const key = objKey(rt.namespaced ? namespace : undefined, name);
    const existing = store.get(key);
    if (!existing) return undefined;
    store.delete(key);
    const object = { ...existing, metadata: { ...existing.metadata, resourceVersion: this.nextResourceVersion() } };
    this.emit('change', { cluster, rt, type: 'DELETED', object } satisfies WatchEvent);
    return object;
  }

  private store(cluster: string, rt: ResourceType): Map<string, StoredObject> {
    const store = storeOf(this.cluster(cluster), rt);
    if (!store) throw new Error(`cluster ${cluster} does not serve ${keyOf(rt)}`);
    return store;
  }
}
