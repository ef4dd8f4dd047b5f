// Karmada's Works and what acts on them: the execution namespaces (`karmada-es-<cluster>`), Work names, and the
// execution controller that applies a Work's manifest to its member cluster and deletes it with the Work.
// Read from karmada pkg/util/names/names.go, pkg/controllers/ctrlutil/work.go, pkg/controllers/execution/
// execution_controller.go and pkg/controllers/cluster/cluster_controller.go (createExecutionSpace).
import { CLUSTERS, ENDPOINTSLICES, NAMESPACES, SERVICES, WORKS, type ResourceType } from './resources.js';
import { admit } from './admission.js';
import { KARMADA_MANAGED } from './labels.js';
import type { Cluster, Condition, Manifest, Work } from './karmada-types.js';
import type { Service } from './kinds.js';
import { type Manager, trackWrite } from './fields.js';
import type { SimObject, World } from './world.js';
import type { Release } from './release.js';

export const KARMADA = 'karmada';
export const EXECUTION_FINALIZER = 'karmada.io/execution-controller';
const ES_PREFIX = 'karmada-es-';

export const executionSpace = (cluster: string): string => `${ES_PREFIX}${cluster}`;
export const clusterOfSpace = (namespace: string): string | undefined =>
  namespace.startsWith(ES_PREFIX) ? namespace.slice(ES_PREFIX.length) : undefined;

// k8s.io/apimachinery/pkg/util/rand SafeEncodeString: digits mapped onto consonants and digits without vowels.
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** names.GenerateWorkName: `<name>-<safe-encoded fnv32a of "namespace-name-kind">`. */
export function workName(kind: string, name: string, namespace: string): string {
  const lower = name.replaceAll(':', '.').toLowerCase();
  const key = (namespace ? `${namespace}-${lower}-${kind}` : `${lower}-${kind}`).toLowerCase();
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  const encoded = Array.from(String(h), (c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');
  return `${lower}-${encoded}`;
}

export const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export function condition(
  obj: { status?: { conditions?: Condition[] } } | undefined,
  type: string,
): Condition | undefined {
  return (obj?.status?.conditions ?? []).find((c) => c.type === type);
}

/** util.IsClusterReady: the Cluster's Ready condition is True. */
export function clusterReady(cluster: Cluster | undefined): boolean {
  return condition(cluster, 'Ready')?.status === 'True';
}

/**
 * The component that runs Karmada's per-cluster controllers (execution, cluster status, EndpointSlice collection) for
 * a member, and so writes what they write: karmada-agent in a Pull cluster, else karmada-controller-manager
 * (cmd/agent/app/agent.go and cmd/controller-manager/app/controllermanager.go start them).
 */
export function memberWriter(cluster: Cluster | undefined): Manager {
  return cluster?.spec?.syncMode === 'Pull' ? 'karmada-agent' : 'karmada-controller-manager';
}

/** Whether the MCS controllers take the cluster as serving EndpointSlices, as its release decides (release.ts). */
export function endpointSliceEnabled(cluster: Cluster, release: Release): boolean {
  const listed = (cluster.status?.apiEnablements ?? []).some(
    (g) => g.groupVersion === 'discovery.k8s.io/v1' && (g.resources ?? []).some((r) => r.kind === 'EndpointSlice'),
  );
  if (listed || !release.apiEnablementUnknownGoesAhead) return listed;
  const complete = cluster.status?.conditions?.some((c) => c.type === 'CompleteAPIEnablements' && c.status === 'True');
  return !complete;
}

/** meta.SetStatusCondition: keeps other types; lastTransitionTime moves only when the status changes. */
export function setStatusCondition(conditions: Condition[], next: Condition): Condition[] {
  const existing = conditions.find((c) => c.type === next.type);
  if (!existing) return [...conditions, { ...next, lastTransitionTime: next.lastTransitionTime ?? now() }];
  return conditions.map((c) =>
    c !== existing
      ? c
      : {
          ...c,
          status: next.status,
          reason: next.reason,
          message: next.message,
          lastTransitionTime: c.status === next.status ? c.lastTransitionTime : (next.lastTransitionTime ?? now()),
          ...(next.observedGeneration !== undefined ? { observedGeneration: next.observedGeneration } : {}),
        },
  );
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** An object's content: what a write changes, not the stamps the API server keeps (resourceVersion, managedFields). */
const content = (o: SimObject) => ({
  ...o,
  metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined },
});

/** An update by `writer` that writes only when something changed, as controllers' CreateOrUpdate does. */
export function save<T extends SimObject>(
  world: World,
  cluster: string,
  rt: ResourceType,
  next: T,
  writer: Manager,
): T {
  const existing = world.get(cluster, rt, next.metadata.namespace, next.metadata.name) as T | undefined;
  if (existing && same(content(existing), content(next))) return existing;
  // The API server bumps metadata.generation when the spec changes.
  const generation =
    existing && !same(existing.spec, next.spec)
      ? (existing.metadata.generation ?? 1) + 1
      : existing?.metadata.generation;
  // The world stores what it is given, stamped: the kind written is the kind read back.
  return world.put(
    cluster,
    rt,
    {
      ...next,
      metadata: { ...next.metadata, ...(generation ? { generation } : {}) },
    },
    writer,
  ) as T;
}

/**
 * Delete as the API server does: with finalizers the object only gets a deletionTimestamp (the registry's graceful
 * deletion, which no field manager records).
 */
export function deleteObject(world: World, cluster: string, rt: ResourceType, obj: SimObject): void {
  if (obj.metadata.finalizers?.length) {
    if (!obj.metadata.deletionTimestamp)
      world.put(cluster, rt, { ...obj, metadata: { ...obj.metadata, deletionTimestamp: now() } }, 'as-is');
    return;
  }
  world.remove(cluster, rt, obj.metadata.namespace, obj.metadata.name);
}

/** controllerutil.RemoveFinalizer + Update; the API server removes an object once its last finalizer goes. */
export function removeFinalizer(
  world: World,
  cluster: string,
  rt: ResourceType,
  obj: SimObject,
  finalizer: string,
  writer: Manager,
): void {
  if (!obj.metadata.finalizers?.includes(finalizer)) return;
  const finalizers = obj.metadata.finalizers.filter((f) => f !== finalizer);
  if (finalizers.length === 0 && obj.metadata.deletionTimestamp) {
    world.remove(cluster, rt, obj.metadata.namespace, obj.metadata.name);
    return;
  }
  const { finalizers: _f, ...metadata } = obj.metadata;
  world.put(cluster, rt, { ...obj, metadata: finalizers.length ? { ...metadata, finalizers } : metadata }, writer);
}

export interface WorkMeta {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
}

/**
 * ctrlutil.CreateOrUpdateWork: the manifest goes into spec.workload; metadata labels, annotations and finalizers of
 * the new meta are merged over the existing Work's. `suspend` is WithSuspendDispatching (v1.14+).
 */
export function createOrUpdateWork(
  world: World,
  meta: WorkMeta,
  manifest: Manifest,
  writer: Manager,
  suspend = false,
): Work {
  const existing = world.get(KARMADA, WORKS, meta.namespace, meta.name) as Work | undefined;
  if (existing?.metadata.deletionTimestamp) return existing;
  const finalizers = [...new Set([...(existing?.metadata.finalizers ?? []), ...(meta.finalizers ?? [])])];
  const labels = { ...existing?.metadata.labels, ...meta.labels };
  const annotations = { ...existing?.metadata.annotations, ...meta.annotations };
  const work: Work = {
    ...existing,
    metadata: {
      ...existing?.metadata,
      name: meta.name,
      namespace: meta.namespace,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ...(finalizers.length ? { finalizers } : {}),
    },
    spec: { ...(suspend ? { suspendDispatching: true } : {}), workload: { manifests: [manifest] } },
  };
  return save(world, KARMADA, WORKS, work, writer);
}

export const manifestOf = (work: Work): Manifest | undefined => work.spec?.workload?.manifests?.[0];

const MEMBER_TYPES: Record<string, ResourceType> = { Service: SERVICES, EndpointSlice: ENDPOINTSLICES };

/**
 * The cluster controller creates `karmada-es-<cluster>` for every Cluster (label karmada.io/system=true) and removes
 * it with the Cluster; the namespace takes its Works with it.
 */
export function syncExecutionSpace(world: World, clusterName: string): void {
  const space = executionSpace(clusterName);
  const cluster = world.get(KARMADA, CLUSTERS, undefined, clusterName) as Cluster | undefined;
  const existing = world.get(KARMADA, NAMESPACES, undefined, space) as SimObject | undefined;
  if (cluster && !existing) {
    world.put(
      KARMADA,
      NAMESPACES,
      {
        metadata: { name: space, labels: { 'karmada.io/system': 'true', 'kubernetes.io/metadata.name': space } },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      },
      'karmada-controller-manager',
    );
  } else if (!cluster && existing) {
    for (const work of world.list(KARMADA, WORKS, space) as Work[])
      world.remove(KARMADA, WORKS, space, work.metadata.name);
    world.remove(KARMADA, NAMESPACES, undefined, space);
  }
}

/**
 * The execution controller for one Work. Returns false when it must be retried (the member is unreachable):
 * Karmada requeues with backoff, the simulator retries on its next pass.
 */
export function executeWork(world: World, work: Work): boolean {
  const clusterName = clusterOfSpace(work.metadata.namespace ?? '');
  const cluster = clusterName
    ? (world.get(KARMADA, CLUSTERS, undefined, clusterName) as Cluster | undefined)
    : undefined;
  const member = clusterName ? world.clusters.get(clusterName) : undefined;
  if (!clusterName || !cluster || member?.role !== 'member') return true;
  const manifest = manifestOf(work);
  const rt = manifest?.kind ? MEMBER_TYPES[manifest.kind] : undefined;
  if (work.metadata.deletionTimestamp) {
    // handleWorkDelete: a NotReady cluster keeps its objects and the Work stays Terminating until it is Ready.
    if (!clusterReady(cluster)) return true;
    if (!member.reachable) return false;
    if (rt && manifest) {
      const applied = world.get(clusterName, rt, manifest.metadata.namespace, manifest.metadata.name) as
        SimObject | undefined;
      if (applied?.metadata.labels?.[KARMADA_MANAGED] === 'true')
        world.remove(clusterName, rt, applied.metadata.namespace, applied.metadata.name);
    }
    removeFinalizer(world, KARMADA, WORKS, work, EXECUTION_FINALIZER, memberWriter(cluster));
    return true;
  }
  // Suspended (v1.14+) or suppressed by label (before): a marker for the MCS controllers, never applied.
  if (work.spec?.suspendDispatching || work.metadata.labels?.['propagation.karmada.io/instruction'] === 'suppressed')
    return true;
  if (!clusterReady(cluster) || !rt || !manifest) return true;
  if (!member.reachable) return false;
  const refs = { 'work.karmada.io/name': work.metadata.name, 'work.karmada.io/namespace': work.metadata.namespace };
  const asAnnotations = world.release.workRefsAsAnnotations;
  const existing = world.get(clusterName, rt, manifest.metadata.namespace, manifest.metadata.name) as
    SimObject | undefined;
  const desired: SimObject = {
    ...structuredClone(manifest),
    metadata: {
      name: manifest.metadata.name,
      namespace: manifest.metadata.namespace,
      labels: { ...manifest.metadata.labels, [KARMADA_MANAGED]: 'true', ...(asAnnotations ? {} : refs) },
      annotations: { ...manifest.metadata.annotations, ...(asAnnotations ? refs : {}) },
      ...(existing ? { uid: existing.metadata.uid, creationTimestamp: existing.metadata.creationTimestamp } : {}),
    },
  };
  if (existing && rt === SERVICES) {
    // Karmada's Service retain rule keeps the member's own clusterIP (resourceinterpreter default retain).
    const { spec, status } = existing as Service;
    desired.spec = { ...(desired.spec as Service['spec']), clusterIP: spec?.clusterIP, clusterIPs: spec?.clusterIPs };
    desired.status = status;
  }
  const admitted = admit(member, rt, desired, existing);
  // objectWatcher Create/Update with the member's client, whose agent is the component's (karmada-controller-manager
  // for a Push cluster, karmada-agent for a Pull one).
  const writer = memberWriter(cluster);
  if (!existing || !same(strip(existing), strip(admitted))) {
    // The manifest as sent: the member's API server records the fields it carries (a Service's ipFamilies), not those
    // its registry allocates (the clusterIPs Karmada pruned).
    const managedFields = trackWrite(rt, existing, admitted, { main: writer }, now(), desired);
    world.put(clusterName, rt, { ...admitted, metadata: { ...admitted.metadata, managedFields } }, 'as-is');
  }
  const applied = {
    type: 'Applied',
    status: 'True',
    reason: 'AppliedSuccessful',
    message: 'Manifest has been successfully applied',
  };
  const conditions = setStatusCondition(work.status?.conditions ?? [], applied);
  const finalizers = [...new Set([...(work.metadata.finalizers ?? []), EXECUTION_FINALIZER])];
  // The finalizer with an Update, the condition with Status().Update (helper.UpdateStatus).
  save(
    world,
    KARMADA,
    WORKS,
    {
      ...work,
      metadata: { ...work.metadata, finalizers },
      status: { ...work.status, conditions },
    },
    writer,
  );
  return true;
}

const strip = (o: { metadata?: object }) => ({
  ...o,
  metadata: { ...o.metadata, resourceVersion: undefined, generation: undefined, managedFields: undefined },
});
