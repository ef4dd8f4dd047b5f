// The simulator's state: every cluster (the Karmada API server, the host cluster and the members)
// with its objects, one resourceVersion counter, and change events for watches and controllers.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Release } from './release.js';
import { type ClusterRole, type ResourceType, keyOf, resourcesFor, apiVersionOf } from './resources.js';

export type Obj = Record<string, any>;

export interface WatchEvent {
  cluster: string;
  rt: ResourceType;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: Obj;
}

export class SimCluster {
  readonly objects = new Map<string, Map<string, Obj>>();
  readonly resources: ResourceType[];
  /** false: the cluster proxy answers 503 for it, as for a member the control plane cannot reach */
  reachable = true;
  private nextPodIp = 10;
  private nextServiceIp = 10;

  constructor(
    readonly name: string,
    readonly role: ClusterRole,
    /** second octet of this cluster's pod and service ranges, so they never overlap */
    readonly index: number,
    options: { operator?: boolean } = {},
  ) {
    this.resources = resourcesFor(role, options);
    for (const rt of this.resources) this.objects.set(keyOf(rt), new Map());
  }

  allocatePodIp(): string {
    const n = this.nextPodIp++;
    return `10.${this.index}.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  }

  allocateServiceIp(): string {
    const n = this.nextServiceIp++;
    return `10.${100 + this.index}.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  }

  serves(rt: ResourceType): boolean {
    return this.objects.has(keyOf(rt));
  }
}

const objKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

export class World extends EventEmitter {
  readonly clusters = new Map<string, SimCluster>();
  private rv = 1000;

  /** the Karmada release the control plane runs: every rule that differs by release asks it */
  constructor(readonly release: Release) {
    super();
  }

  addCluster(name: string, role: ClusterRole, options: { operator?: boolean } = {}): SimCluster {
    const cluster = new SimCluster(name, role, this.clusters.size + 1, options);
    this.clusters.set(name, cluster);
    return cluster;
  }

  cluster(name: string): SimCluster {
    const c = this.clusters.get(name);
    if (!c) throw new Error(`simulator has no cluster ${name}`);
    return c;
  }

  nextResourceVersion(): string {
    return String(++this.rv);
  }

  get(cluster: string, rt: ResourceType, namespace: string | undefined, name: string): Obj | undefined {
    return this.cluster(cluster).objects.get(keyOf(rt))?.get(objKey(rt.namespaced ? namespace : undefined, name));
  }

  list(cluster: string, rt: ResourceType, namespace?: string): Obj[] {
    const all = [...(this.cluster(cluster).objects.get(keyOf(rt))?.values() ?? [])];
    return namespace && rt.namespaced ? all.filter((o) => o.metadata.namespace === namespace) : all;
  }

  /** Stores an object as-is (callers have validated it), stamping resourceVersion and identity. */
  put(cluster: string, rt: ResourceType, obj: Obj): Obj {
    const store = this.cluster(cluster).objects.get(keyOf(rt))!;
    const key = objKey(rt.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name);
    const existing = store.get(key);
    const stored: Obj = {
      ...obj,
      apiVersion: apiVersionOf(rt),
      kind: rt.kind,
      metadata: {
        ...obj.metadata,
        uid: existing?.metadata.uid ?? obj.metadata.uid ?? randomUUID(),
        creationTimestamp: existing?.metadata.creationTimestamp ?? obj.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        generation: obj.metadata.generation ?? existing?.metadata.generation ?? 1,
        resourceVersion: this.nextResourceVersion(),
      },
    };
    store.set(key, stored);
    this.emit('change', { cluster, rt, type: existing ? 'MODIFIED' : 'ADDED', object: stored } satisfies WatchEvent);
    return stored;
  }

  remove(cluster: string, rt: ResourceType, namespace: string | undefined, name: string): Obj | undefined {
    const store = this.cluster(cluster).objects.get(keyOf(rt))!;
    const key = objKey(rt.namespaced ? namespace : undefined, name);
    const existing = store.get(key);
    if (!existing) return undefined;
    store.delete(key);
    const object = { ...existing, metadata: { ...existing.metadata, resourceVersion: this.nextResourceVersion() } };
    this.emit('change', { cluster, rt, type: 'DELETED', object } satisfies WatchEvent);
    return object;
  }
}
