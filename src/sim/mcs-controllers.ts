// Karmada's MultiClusterService controllers as each release runs them, read from karmada
// pkg/controllers/multiclusterservice/{mcs_controller.go, endpointslice_collect_controller.go,
// endpointslice_dispatch_controller.go} at v1.8.0, v1.9.0, v1.13.0, v1.14.0 and v1.18.0, with the Works, the
// scheduler and the execution controller they rely on (works.ts, scheduler.ts).
// Like controller-runtime, each controller reconciles only the keys its watches enqueued: nothing runs on a quiet
// world, and a change touches only the MCS, Works and clusters it concerns.
import { type ComponentState, agent, controllerManager } from './controller-manager.js';
import { EventRecorder } from './events.js';
import {
  type ResourceType,
  CLUSTERS,
  DEPLOYMENTS,
  ENDPOINTSLICES,
  MCS,
  NAMESPACES,
  RESOURCE_BINDINGS,
  SERVICES,
  WORKS,
  keyOf,
} from './resources.js';
import {
  ENDPOINTSLICE_DISPATCHED,
  MCS_FINALIZER,
  MCS_PERMANENT_ID,
  PROVISION_CLUSTER,
  SERVICE_APPLIED,
  SERVICE_NAME,
} from './labels.js';
import { DISPATCH_MANAGER, KARMADA_MANAGED, KARMADA_SLICE_MANAGER, SLICE_MANAGED_BY } from './labels.js';
import { schedule, syncBinding } from './scheduler.js';
import {
  EXECUTION_FINALIZER,
  KARMADA,
  clusterOfSpace,
  clusterReady,
  createOrUpdateWork,
  deleteObject,
  endpointSliceEnabled,
  executeWork,
  executionSpace,
  manifestOf,
  memberWriter,
  removeFinalizer,
  save,
  setStatusCondition,
  syncExecutionSpace,
  workName,
} from './works.js';
import type {
  Cluster,
  ClusterSelector,
  Condition,
  Manifest,
  MultiClusterService,
  ResourceBinding,
  Work,
} from './karmada-types.js';
import type { EndpointSlice, Service } from './kinds.js';
import type { Manager } from './fields.js';
import type { SimObject, WatchEvent, World } from './world.js';

// pkg/util/constants.go and pkg/apis/networking/v1alpha1/well_known_constants.go
const MCS_NAME_LABEL = 'multiclusterservice.karmada.io/name';
const MCS_NAMESPACE_LABEL = 'multiclusterservice.karmada.io/namespace';
const EPS_WORK_MANAGED_BY = 'endpointslice.karmada.io/managed-by';
const DISPATCH_FINALIZER = 'karmada.io/mcs-endpointslice-dispatch-controller';
const BINDING_FINALIZER = 'karmada.io/binding-controller';
const CLAIMED_BY = 'resourcetemplate.karmada.io/claimed-by';
const BINDING_MANAGED_BY = 'binding.karmada.io/managed-by';
const INSTRUCTION = 'propagation.karmada.io/instruction';
const MCS_KIND = 'MultiClusterService';
/** Every controller here but the EndpointSlice collector of a Pull cluster runs in karmada-controller-manager. */
const KCM: Manager = 'karmada-controller-manager';
const MCS_COMPONENT = 'multiclusterservice-controller';
const DISPATCH_COMPONENT = 'endpointslice-dispatch-controller';

const key = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;
const split = (k: string): [string, string] => {
  const i = k.indexOf('/');
  return [k.slice(0, i), k.slice(i + 1)];
};
const crossCluster = (mcs: MultiClusterService | undefined) => (mcs?.spec?.types ?? []).includes('CrossCluster');
const kindOf = (work: Work) => manifestOf(work)?.kind;
/** the member a Work in `karmada-es-<cluster>` goes to; '' for a Work elsewhere */
const clusterOf = (work: Work) => clusterOfSpace(work.metadata.namespace ?? '') ?? '';
/** by group and resource, as a watch matches: a caller may hold its own copy of the type */
const is = (rt: ResourceType, type: ResourceType) => rt === type || keyOf(rt) === keyOf(type);

export class McsControllers {
  private readonly events: EventRecorder;
  private readonly mcsQueue = new Set<string>();
  /** `work|<ns>/<name>` for MCS marker Works, `eps|<cluster>|<ns>/<name>` for provider EndpointSlice events */
  private readonly collectQueue = new Set<string>();
  private readonly dispatchQueue = new Set<string>();
  private readonly bindingQueue = new Set<string>();
  /** bindings karmada-scheduler schedules again as a cluster they may place on changed (event_handler.go) */
  private readonly rescheduled = new Set<string>();
  /** each Cluster's generation and labels as the scheduler last saw them */
  private readonly clusterSeen = new Map<string, string>();
  private readonly workQueue = new Set<string>();
  /** Works whose member was unreachable: requeued on the next pass, as controller-runtime requeues with backoff */
  private readonly retry = new Set<string>();
  /** Works by `mcs:<ns>/<name>`, `id:<permanent-id>`, `name:<work>` and `space:<ns>`: no controller lists them all */
  private readonly index = new Map<string, Set<string>>();
  private readonly indexedUnder = new Map<string, string[]>();
  /** what the MCS and Service predicates compare: old and new annotations, labels, spec, deletion */
  private readonly watched = new Map<string, string>();
  private cm: ComponentState;
  private agents = new Map<string, boolean>();

  constructor(private readonly world: World) {
    this.events = new EventRecorder(world);
    this.cm = controllerManager(world);
    this.agents = this.agentStates();
    for (const work of world.list(KARMADA, WORKS) as Work[]) this.indexWork(work, false);
    world.on('change', (e: WatchEvent) => {
      this.observe(e);
    });
    this.resync();
  }

  /** Runs every queued key, and what those runs enqueue, until the queues are empty. */
  reconcile(): void {
    for (const k of this.retry) this.workQueue.add(k);
    this.retry.clear();
    for (let round = 0; round < 50 && this.pending(); round++) {
      for (const k of this.drain(this.mcsQueue)) this.reconcileMcs(k);
      for (const k of this.drain(this.collectQueue)) this.collect(k);
      for (const k of this.drain(this.dispatchQueue)) this.dispatch(k);
      for (const k of this.drain(this.bindingQueue)) this.syncBinding(k);
      for (const k of this.drain(this.workQueue)) this.execute(k);
    }
  }

  private pending(): boolean {
    return [this.mcsQueue, this.collectQueue, this.dispatchQueue, this.bindingQueue, this.workQueue].some(
      (q) => q.size > 0,
    );
  }

  private drain(queue: Set<string>): string[] {
    const keys = [...queue];
    queue.clear();
    return keys;
  }

  /** What a controller does when it starts: its informers list everything, so every object is reconciled once. */
  private resync(): void {
    for (const cluster of this.world.list(KARMADA, CLUSTERS) as Cluster[]) {
      syncExecutionSpace(this.world, cluster.metadata.name);
      this.reschedule(cluster.metadata.name);
    }
    for (const mcs of this.world.list(KARMADA, MCS) as MultiClusterService[]) {
      this.remember(mcs);
      if (crossCluster(mcs)) this.mcsQueue.add(key(mcs.metadata.namespace, mcs.metadata.name));
    }
    for (const svc of this.world.list(KARMADA, SERVICES) as Service[]) this.remember(svc, true);
    for (const work of this.world.list(KARMADA, WORKS) as Work[]) this.enqueueWork(work);
    for (const rb of this.world.list(KARMADA, RESOURCE_BINDINGS) as ResourceBinding[])
      this.bindingQueue.add(key(rb.metadata.namespace, rb.metadata.name));
    for (const c of this.world.list(KARMADA, CLUSTERS) as Cluster[]) this.resyncSlices(c.metadata.name);
  }

  // --- watches: what each controller's SetupWithManager enqueues ---
  private observe(e: WatchEvent): void {
    const { cluster, rt, object: o, type } = e;
    const k = key(o.metadata.namespace, o.metadata.name);
    if (is(rt, DEPLOYMENTS)) {
      this.componentsChanged();
      return;
    }
    if (cluster !== KARMADA) {
      if (is(rt, ENDPOINTSLICES)) this.collectQueue.add(`eps|${cluster}|${k}`);
      return;
    }
    if (is(rt, MCS)) {
      // mcs_controller.go predicate: CrossCluster, and annotations, spec or deletion changed; no delete events.
      const changed = this.remember(o);
      if (type !== 'DELETED' && changed && crossCluster(o)) this.mcsQueue.add(k);
      if (type === 'DELETED') this.watched.delete(`${rt.kind}|${k}`);
      // endpointslice_dispatch_controller.go watches every MCS event and enqueues its collected EndpointSlice Works.
      for (const wk of this.worksOf(`mcs:${k}`)) if (this.isProviderSliceWork(wk)) this.dispatchQueue.add(wk);
    } else if (is(rt, SERVICES)) {
      const changed = this.remember(o, true);
      if (type === 'DELETED') {
        this.watched.delete(`${rt.kind}|${k}`);
        // The garbage collector: the binding is owned by the Service.
        this.bindingQueue.add(key(o.metadata.namespace, `${o.metadata.name}-service`));
      }
      if (
        (changed || type !== 'MODIFIED') &&
        crossCluster(this.world.get(KARMADA, MCS, o.metadata.namespace, o.metadata.name))
      ) {
        this.mcsQueue.add(k);
      }
    } else if (is(rt, CLUSTERS)) {
      this.clusterChanged(o.metadata.name);
    } else if (is(rt, WORKS)) {
      this.indexWork(o, type === 'DELETED');
      if (type !== 'DELETED') this.enqueueWork(o);
      const annotations = o.metadata.annotations ?? {};
      const rb = annotations['resourcebinding.karmada.io/name'];
      if (rb) this.bindingQueue.add(key(annotations['resourcebinding.karmada.io/namespace'], rb));
    } else if (is(rt, RESOURCE_BINDINGS) && type !== 'DELETED') {
      this.bindingQueue.add(k);
    }
  }

  /** Records what a predicate compares; true when it differs from the last event's object. */
  private remember(o: SimObject, withLabels = false): boolean {
    const k = `${o.kind ?? ''}|${key(o.metadata.namespace, o.metadata.name)}`;
    const seen = JSON.stringify([
      o.metadata.annotations,
      withLabels ? o.metadata.labels : null,
      o.spec,
      !!o.metadata.deletionTimestamp,
    ]);
    const changed = this.watched.get(k) !== seen;
    this.watched.set(k, seen);
    return changed;
  }

  private enqueueWork(work: Work): void {
    const k = key(work.metadata.namespace, work.metadata.name);
    const kind = kindOf(work);
    if (kind === MCS_KIND) this.collectQueue.add(`work|${k}`);
    if (kind === 'EndpointSlice' && this.isProviderSliceWork(k)) this.dispatchQueue.add(k);
    this.workQueue.add(k);
  }

  private isProviderSliceWork(k: string): boolean {
    const [ns, name] = split(k);
    const work = this.world.get(KARMADA, WORKS, ns, name) as Work | undefined;
    return !!work && kindOf(work) === 'EndpointSlice' && !work.metadata.annotations?.[PROVISION_CLUSTER];
  }

  private clusterChanged(name: string): void {
    syncExecutionSpace(this.world, name);
    this.reschedule(name);
    // mcs_controller.go clusterMapFunc / needSyncMultiClusterService
    for (const mcs of this.world.list(KARMADA, MCS) as MultiClusterService[]) {
      if (!crossCluster(mcs)) continue;
      const k = key(mcs.metadata.namespace, mcs.metadata.name);
      const { providers, consumers, explicit } = this.clustersOf(mcs);
      if (!explicit || providers.has(name) || consumers.has(name)) this.mcsQueue.add(k);
      // endpointslice_dispatch_controller.go newClusterFunc: the consumer's MCS re-dispatch their collected slices.
      if (consumers.has(name))
        for (const wk of this.worksOf(`mcs:${k}`)) if (this.isProviderSliceWork(wk)) this.dispatchQueue.add(wk);
    }
    for (const wk of this.worksOf(`space:${executionSpace(name)}`)) this.workQueue.add(wk);
    this.resyncSlices(name);
  }

  /**
   * karmada-scheduler's updateCluster and enqueueAffectedBindings (pkg/scheduler/event_handler.go): a Cluster whose
   * generation or labels changed (a taint removed, say) requeues every binding whose affinity matches it, and a
   * non-workload binding such as the Service's is always scheduled again (scheduler.go doScheduleBinding).
   */
  private reschedule(name: string): void {
    const cluster = this.world.get(KARMADA, CLUSTERS, undefined, name) as Cluster | undefined;
    const seen = cluster
      ? `${String(cluster.metadata.generation)}|${JSON.stringify(cluster.metadata.labels ?? {})}`
      : '';
    const before = this.clusterSeen.get(name);
    this.clusterSeen.set(name, seen);
    if (!cluster || before === undefined || before === seen) return;
    for (const rb of this.world.list(KARMADA, RESOURCE_BINDINGS) as ResourceBinding[]) {
      const names = rb.spec?.placement?.clusterAffinity?.clusterNames;
      if (names && !names.includes(name)) continue;
      const k = key(rb.metadata.namespace, rb.metadata.name);
      this.rescheduled.add(k);
      this.bindingQueue.add(k);
    }
  }

  /** A Ready cluster's EndpointSlice informer (re)starts and replays every slice as an add. */
  private resyncSlices(cluster: string): void {
    if (!this.world.clusters.has(cluster) || this.world.cluster(cluster).role !== 'member') return;
    for (const slice of this.world.list(cluster, ENDPOINTSLICES) as EndpointSlice[]) {
      this.collectQueue.add(`eps|${cluster}|${key(slice.metadata.namespace, slice.metadata.name)}`);
    }
  }

  private agentStates(): Map<string, boolean> {
    const states = new Map<string, boolean>();
    for (const c of this.world.list(KARMADA, CLUSTERS) as Cluster[]) {
      if (c.spec?.syncMode === 'Pull')
        states.set(c.metadata.name, agent(this.world, c.metadata.name).controllers.endpointsliceCollect);
    }
    return states;
  }

  /** A component restarted with other flags: the controllers it now runs start with a full list. */
  private componentsChanged(): void {
    const before = JSON.stringify([this.cm, [...this.agents]]);
    this.cm = controllerManager(this.world);
    this.agents = this.agentStates();
    if (JSON.stringify([this.cm, [...this.agents]]) !== before) this.resync();
  }

  private indexWork(work: Work, deleted: boolean): void {
    const k = key(work.metadata.namespace, work.metadata.name);
    for (const ik of this.indexedUnder.get(k) ?? []) this.index.get(ik)?.delete(k);
    this.indexedUnder.delete(k);
    if (deleted) return;
    const labels = work.metadata.labels ?? {};
    const keys = [`name:${work.metadata.name}`, `space:${work.metadata.namespace}`];
    if (labels[MCS_NAME_LABEL]) keys.push(`mcs:${key(labels[MCS_NAMESPACE_LABEL], labels[MCS_NAME_LABEL])}`);
    if (labels[MCS_PERMANENT_ID]) keys.push(`id:${labels[MCS_PERMANENT_ID]}`);
    for (const ik of keys) {
      const indexed = this.index.get(ik) ?? new Set<string>();
      indexed.add(k);
      this.index.set(ik, indexed);
    }
    this.indexedUnder.set(k, keys);
  }

  private worksOf(indexKey: string): string[] {
    return [...(this.index.get(indexKey) ?? [])];
  }

  private works(indexKey: string): Work[] {
    return this.worksOf(indexKey)
      .map((k) => this.world.get(KARMADA, WORKS, ...split(k)) as Work | undefined)
      .filter((w): w is Work => !!w);
  }

  private clusterNames(): string[] {
    return (this.world.list(KARMADA, CLUSTERS) as Cluster[]).map((c) => c.metadata.name);
  }

  /**
   * helper.GetProviderClusters / GetConsumerClusters: the listed names, or every Cluster when the list is empty.
   * v1.8 reads serviceProvisionClusters / serviceConsumptionClusters (plain names).
   */
  private clustersOf(mcs: MultiClusterService): { providers: Set<string>; consumers: Set<string>; explicit: boolean } {
    const legacy = this.world.release.legacyClusterFields;
    const spec = mcs.spec ?? {};
    const listed = (clusters: (ClusterSelector | string)[] | undefined): string[] =>
      (clusters ?? []).map((c) => (typeof c === 'string' ? c : c.name));
    const p = listed(legacy ? spec.serviceProvisionClusters : spec.providerClusters);
    const c = listed(legacy ? spec.serviceConsumptionClusters : spec.consumerClusters);
    const all = p.length && c.length ? [] : this.clusterNames();
    return {
      providers: new Set(p.length ? p : all),
      consumers: new Set(c.length ? c : all),
      explicit: p.length > 0 && c.length > 0,
    };
  }

  private cluster(name: string): Cluster | undefined {
    return this.world.get(KARMADA, CLUSTERS, undefined, name);
  }

  /**
   * What both the MCS controller (of a provider) and the dispatch controller (of a consumer) check before writing
   * for a cluster: it exists, is Ready and serves EndpointSlices. A failed check is a Warning event on the MCS
   * (mcs_controller.go propagateMultiClusterService, endpointslice_dispatch_controller.go dispatchEndpointSlice).
   */
  private clusterFit(
    component: string,
    mcs: MultiClusterService,
    role: 'Provider' | 'Consumer',
    name: string,
    propagated: string,
  ): boolean {
    const warn = (reason: string, message: string): false => {
      this.events.record(component, MCS, mcs, 'Warning', reason, message);
      return false;
    };
    const cluster = this.cluster(name);
    if (!cluster) return warn('ClusterNotFound', `${role} cluster ${name} is not found`);
    if (!clusterReady(cluster)) {
      return warn('SyncServiceFailed', `${role} cluster ${name} is not ready, skip to propagate ${propagated}`);
    }
    if (!endpointSliceEnabled(cluster, this.world.release)) {
      return warn('APIIncompatible', `${role} cluster ${name} does not support EndpointSlice`);
    }
    return true;
  }

  private markerWorkLabels(mcs: MultiClusterService): Record<string, string> {
    return {
      [MCS_PERMANENT_ID]: mcs.metadata.labels?.[MCS_PERMANENT_ID] ?? '',
      ...(this.world.release.legacyClusterFields ? { [KARMADA_MANAGED]: 'true' } : {}),
      ...(this.world.release.suspendsMarkerWorks ? {} : { [INSTRUCTION]: 'suppressed' }),
      [MCS_NAMESPACE_LABEL]: mcs.metadata.namespace ?? '',
      [MCS_NAME_LABEL]: mcs.metadata.name,
    };
  }

  // --- multiclusterservice-controller (mcs_controller.go) ---
  private reconcileMcs(k: string): void {
    if (!this.cm.controllers.multiclusterservice) return;
    const [namespace, name] = split(k);
    let mcs = this.world.get(KARMADA, MCS, namespace, name) as MultiClusterService | undefined;
    if (!mcs) return;
    const legacy = this.world.release.legacyClusterFields;
    if (mcs.metadata.deletionTimestamp) {
      this.deleteMcs(mcs);
      return;
    }
    // Only CrossCluster is reconciled: the predicates drop other types, whose LoadBalancer status waits for an
    // external multicluster cloud provider.
    if (!crossCluster(mcs)) return;
    if (!(mcs.metadata.finalizers ?? []).includes(MCS_FINALIZER)) {
      mcs = save(
        this.world,
        KARMADA,
        MCS,
        {
          ...mcs,
          metadata: { ...mcs.metadata, finalizers: [...(mcs.metadata.finalizers ?? []), MCS_FINALIZER] },
        },
        KCM,
      );
    }
    const { providers, consumers } = this.clustersOf(mcs);
    let error: string | undefined;
    error = legacy ? this.legacyMarkerWorks(mcs, providers) : this.markerWorks(mcs, providers);
    if (!error) this.retrieveMarkerWorks(mcs, providers);
    const svc: Service | undefined = error ? undefined : this.world.get(KARMADA, SERVICES, namespace, name);
    if (!error && !svc) {
      // The controller reads through controller-runtime's cache, whose NotFound names the Kind, not the resource
      // (controller-runtime pkg/cache/internal/cache_reader.go: "Resource gets set as Kind"); the same text in every
      // release (mcs_controller.go: err.Error() into ServiceAppliedFailed and the Warning).
      error = `Service "${name}" not found`;
      if (legacy) this.deleteServiceWorks(mcs, new Set());
    }
    if (!error && svc)
      error = legacy
        ? this.legacyServiceWorks(mcs, svc, providers, consumers)
        : this.propagateService(mcs, svc, providers, consumers);
    const current = (this.world.get(KARMADA, MCS, namespace, name) as MultiClusterService | undefined) ?? mcs;
    const applied = error
      ? { type: SERVICE_APPLIED, status: 'False', reason: 'ServiceAppliedFailed', message: error }
      : {
          type: SERVICE_APPLIED,
          status: 'True',
          reason: 'ServiceAppliedSucceed',
          message: 'Service is propagated to target clusters.',
        };
    this.setCondition(current, applied);
    if (error)
      this.events.record(
        MCS_COMPONENT,
        MCS,
        current,
        'Warning',
        legacy ? 'SyncServiceWorkFailed' : 'SyncServiceFailed',
        error,
      );
    else if (!legacy)
      this.events.record(
        MCS_COMPONENT,
        MCS,
        current,
        'Normal',
        'SyncServiceSucceed',
        'Service is propagated to target clusters.',
      );
  }

  private setCondition(mcs: MultiClusterService, condition: Condition): void {
    const conditions = setStatusCondition(mcs.status?.conditions ?? [], condition);
    save(this.world, KARMADA, MCS, { ...mcs, status: { ...mcs.status, conditions } }, KCM);
  }

  private markerManifest(mcs: MultiClusterService): Manifest {
    const { resourceVersion: _rv, managedFields: _mf, generation: _g, ...metadata } = mcs.metadata;
    return { apiVersion: 'networking.karmada.io/v1alpha1', kind: MCS_KIND, metadata, spec: mcs.spec };
  }

  /**
   * propagateMultiClusterService (v1.9+): a suspended marker Work in each existing, Ready, EndpointSlice-capable
   * provider.
   */
  private markerWorks(mcs: MultiClusterService, providers: Set<string>): string | undefined {
    for (const p of [...providers].sort()) {
      if (!this.clusterFit(MCS_COMPONENT, mcs, 'Provider', p, 'MultiClusterService')) continue;
      createOrUpdateWork(
        this.world,
        {
          name: workName(MCS_KIND, mcs.metadata.name, mcs.metadata.namespace ?? ''),
          namespace: executionSpace(p),
          labels: this.markerWorkLabels(mcs),
        },
        this.markerManifest(mcs),
        KCM,
        this.world.release.suspendsMarkerWorks,
      );
    }
    return undefined;
  }

  /** v1.8 ensureMultiClusterServiceWork: a marker Work per provision cluster, no readiness check. */
  private legacyMarkerWorks(mcs: MultiClusterService, providers: Set<string>): string | undefined {
    for (const p of [...providers].sort()) {
      const space = executionSpace(p);
      if (!this.world.get(KARMADA, NAMESPACES, undefined, space)) return `namespaces "${space}" not found`;
      createOrUpdateWork(
        this.world,
        {
          name: workName(MCS_KIND, mcs.metadata.name, `${p}/${mcs.metadata.namespace}`),
          namespace: space,
          labels: this.markerWorkLabels(mcs),
        },
        this.markerManifest(mcs),
        KCM,
      );
    }
    return undefined;
  }

  /**
   * retrieveMultiClusterService: marker Works of clusters no longer providers go, with the EndpointSlice Works
   * collected there. v1.9–v1.13 also drop those of NotReady providers (IsClusterReady); v1.14+ keep them (#6258).
   */
  private retrieveMarkerWorks(mcs: MultiClusterService, providers: Set<string>): void {
    const release = this.world.release;
    const withdraw = release.serviceCopyViaBinding && !release.keepsNotReadyProvider;
    for (const work of this.works(`id:${mcs.metadata.labels?.[MCS_PERMANENT_ID]}`)) {
      if (kindOf(work) !== MCS_KIND) continue;
      const c = clusterOf(work);
      if (providers.has(c) && !(withdraw && !clusterReady(this.cluster(c)))) continue;
      if (!release.legacyClusterFields) this.cleanProviderSliceWorks(work);
      deleteObject(this.world, KARMADA, WORKS, work);
    }
  }

  /** cleanProviderEndpointSliceWork + cleanProviderClustersEndpointSliceWork */
  private cleanProviderSliceWorks(marker: Work): void {
    const labels = marker.metadata.labels ?? {};
    const mcs = key(labels[MCS_NAMESPACE_LABEL] ?? '', labels[MCS_NAME_LABEL] ?? '');
    for (const work of this.works(`mcs:${mcs}`)) {
      if (work.metadata.namespace !== marker.metadata.namespace || kindOf(work) !== 'EndpointSlice') continue;
      if (work.metadata.annotations?.[PROVISION_CLUSTER]) continue;
      this.cleanSliceWork(work, KCM);
    }
  }

  private cleanSliceWork(work: Work, writer: Manager): void {
    const others = (work.metadata.labels?.[EPS_WORK_MANAGED_BY] ?? '').split('.').filter((c) => c && c !== MCS_KIND);
    if (others.length) {
      const { [MCS_NAME_LABEL]: _n, [MCS_NAMESPACE_LABEL]: _ns, ...labels } = work.metadata.labels ?? {};
      save(
        this.world,
        KARMADA,
        WORKS,
        {
          ...work,
          metadata: { ...work.metadata, labels: { ...labels, [EPS_WORK_MANAGED_BY]: others.join('.') } },
        },
        writer,
      );
      return;
    }
    deleteObject(this.world, KARMADA, WORKS, work);
  }

  /** claimMultiClusterServiceForService + buildResourceBinding + CreateOrUpdate of `<svc>-service` (v1.9+). */
  private propagateService(
    mcs: MultiClusterService,
    svc: Service,
    providers: Set<string>,
    consumers: Set<string>,
  ): string | undefined {
    const { name } = mcs.metadata;
    const namespace = mcs.metadata.namespace ?? '';
    const drop = (m: Record<string, string> | undefined, keys: string[]) =>
      Object.fromEntries(Object.entries(m ?? {}).filter(([k]) => !keys.includes(k)));
    const claimed = save(
      this.world,
      KARMADA,
      SERVICES,
      {
        ...svc,
        metadata: {
          ...svc.metadata,
          labels: {
            ...drop(svc.metadata.labels, [
              'propagationpolicy.karmada.io/permanent-id',
              'clusterpropagationpolicy.karmada.io/permanent-id',
            ]),
            [CLAIMED_BY]: MCS_KIND,
            [MCS_PERMANENT_ID]: mcs.metadata.labels?.[MCS_PERMANENT_ID] ?? '',
          },
          annotations: {
            ...drop(svc.metadata.annotations, [
              'propagationpolicy.karmada.io/name',
              'propagationpolicy.karmada.io/namespace',
              'clusterpropagationpolicy.karmada.io/name',
            ]),
            [MCS_NAME_LABEL]: name,
            [MCS_NAMESPACE_LABEL]: namespace,
          },
        },
      },
      KCM,
    );
    const rbName = `${name}-service`;
    const existing = this.world.get(KARMADA, RESOURCE_BINDINGS, namespace, rbName) as ResourceBinding | undefined;
    const owner =
      existing?.metadata.ownerReferences?.find((r) => r.controller) ?? existing?.metadata.ownerReferences?.[0];
    if (existing && owner && owner.uid !== claimed.metadata.uid) {
      return (
        'failed to update binding due to different owner reference UID, will try again later after binding is ' +
        'garbage collected, see https://github.com/karmada-io/karmada/issues/2090'
      );
    }
    const targets = [...new Set([...providers, ...consumers])].sort();
    save(
      this.world,
      KARMADA,
      RESOURCE_BINDINGS,
      {
        ...existing,
        metadata: {
          ...existing?.metadata,
          name: rbName,
          namespace,
          labels: {
            ...existing?.metadata.labels,
            [BINDING_MANAGED_BY]: MCS_KIND,
            [MCS_PERMANENT_ID]: mcs.metadata.labels?.[MCS_PERMANENT_ID] ?? '',
          },
          annotations: { ...existing?.metadata.annotations, [MCS_NAME_LABEL]: name, [MCS_NAMESPACE_LABEL]: namespace },
          ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: claimed.metadata.uid }],
          finalizers: [BINDING_FINALIZER],
        },
        spec: {
          ...existing?.spec,
          resource: {
            apiVersion: 'v1',
            kind: 'Service',
            namespace,
            name,
            uid: claimed.metadata.uid,
            resourceVersion: claimed.metadata.resourceVersion,
          },
          placement: { clusterAffinity: { clusterNames: targets } },
          conflictResolution: 'Overwrite',
        },
      },
      KCM,
    );
    return undefined;
  }

  /**
   * v1.8 syncSVCWorkToClusters: the Service as a Work in every cluster (all when either list is empty, else the
   * union), no scheduler; Works of other clusters are deleted.
   */
  private legacyServiceWorks(
    mcs: MultiClusterService,
    svc: Service,
    providers: Set<string>,
    consumers: Set<string>,
  ): string | undefined {
    const listed = (names: string[] | undefined) => (names ?? []).length > 0;
    const all = !listed(mcs.spec?.serviceProvisionClusters) || !listed(mcs.spec?.serviceConsumptionClusters);
    const sync = new Set(this.clusterNames().filter((c) => all || providers.has(c) || consumers.has(c)));
    const { clusterIP: _ip, clusterIPs: _ips, ...spec } = svc.spec ?? {};
    const {
      resourceVersion: _rv,
      uid: _uid,
      managedFields: _mf,
      creationTimestamp: _ct,
      generation: _g,
      ...metadata
    } = svc.metadata;
    for (const c of [...sync].sort()) {
      createOrUpdateWork(
        this.world,
        {
          name: workName('Service', svc.metadata.name, `${c}/${svc.metadata.namespace ?? ''}`),
          namespace: executionSpace(c),
          finalizers: [EXECUTION_FINALIZER],
          labels: { [MCS_PERMANENT_ID]: mcs.metadata.labels?.[MCS_PERMANENT_ID] ?? '', [KARMADA_MANAGED]: 'true' },
        },
        { apiVersion: 'v1', kind: 'Service', metadata, spec },
        KCM,
      );
    }
    this.deleteServiceWorks(mcs, sync);
    return undefined;
  }

  /** v1.8 deleteServiceWork */
  private deleteServiceWorks(mcs: MultiClusterService, retain: Set<string>): void {
    for (const work of this.works(`id:${mcs.metadata.labels?.[MCS_PERMANENT_ID]}`)) {
      if (kindOf(work) === 'Service' && !retain.has(clusterOf(work))) deleteObject(this.world, KARMADA, WORKS, work);
    }
  }

  /**
   * handleMultiClusterServiceDelete (v1.9+): the Service and binding lose the MCS marks but stay (so do the member
   * copies), marker and collected Works go, then the finalizer. v1.8 handleMCSDelete: Service and marker Works go.
   */
  private deleteMcs(mcs: MultiClusterService): void {
    const { name, namespace } = mcs.metadata;
    if (this.world.release.legacyClusterFields) {
      this.deleteServiceWorks(mcs, new Set());
    } else {
      const svc: Service | undefined = this.world.get(KARMADA, SERVICES, namespace, name);
      if (svc) {
        const { [CLAIMED_BY]: _c, [MCS_PERMANENT_ID]: _id, ...labels } = svc.metadata.labels ?? {};
        save(this.world, KARMADA, SERVICES, { ...svc, metadata: { ...svc.metadata, labels } }, KCM);
        const rb = this.world.get(KARMADA, RESOURCE_BINDINGS, namespace, `${name}-service`) as
          ResourceBinding | undefined;
        if (rb) {
          const { [MCS_NAME_LABEL]: _n, [MCS_NAMESPACE_LABEL]: _ns, ...annotations } = rb.metadata.annotations ?? {};
          const { [BINDING_MANAGED_BY]: _m, [MCS_PERMANENT_ID]: _p, ...rbLabels } = rb.metadata.labels ?? {};
          save(
            this.world,
            KARMADA,
            RESOURCE_BINDINGS,
            {
              ...rb,
              metadata: { ...rb.metadata, labels: rbLabels, annotations },
            },
            KCM,
          );
        }
      }
    }
    this.retrieveMarkerWorks(mcs, new Set());
    const current = this.world.get(KARMADA, MCS, namespace, name) as MultiClusterService | undefined;
    if (current) removeFinalizer(this.world, KARMADA, MCS, current, MCS_FINALIZER, KCM);
  }

  // --- endpointslice-collect-controller (controller-manager for Push clusters, karmada-agent for Pull) ---
  private collects(clusterName: string): boolean {
    const cluster = this.cluster(clusterName);
    if (!cluster) return false;
    if (cluster.spec?.syncMode === 'Pull') return this.agents.get(clusterName) ?? false;
    return this.cm.controllers.endpointsliceCollect;
  }

  /** buildResourceInformers: only a Ready cluster's informer runs: a NotReady provider's slices stay as last seen. */
  private informing(clusterName: string): boolean {
    return (
      this.collects(clusterName) &&
      clusterReady(this.cluster(clusterName)) &&
      (this.world.clusters.get(clusterName)?.reachable ?? false)
    );
  }

  private collect(k: string): void {
    const [kind, ...rest] = k.split('|');
    if (kind === 'work') {
      const [ns, name] = split(rest[0] ?? '');
      const work = this.world.get(KARMADA, WORKS, ns, name) as Work | undefined;
      if (!work || kindOf(work) !== MCS_KIND || work.metadata.deletionTimestamp) return;
      const clusterName = clusterOf(work);
      if (!this.informing(clusterName)) return;
      const labels = work.metadata.labels ?? {};
      for (const slice of this.world.list(
        clusterName,
        ENDPOINTSLICES,
        labels[MCS_NAMESPACE_LABEL],
      ) as EndpointSlice[]) {
        if (slice.metadata.labels?.[SERVICE_NAME] !== labels[MCS_NAME_LABEL] || this.managedByKarmada(slice)) continue;
        this.reportSlice(clusterName, slice);
      }
      return;
    }
    const [clusterName, nsName] = rest as [string, string];
    if (!this.informing(clusterName)) return;
    const [ns, name] = split(nsName);
    const slice = this.world.get(clusterName, ENDPOINTSLICES, ns, name) as EndpointSlice | undefined;
    if (!slice) {
      // cleanupWorkWithEndpointSliceDelete
      const work = this.world.get(KARMADA, WORKS, executionSpace(clusterName), workName('EndpointSlice', name, ns)) as
        Work | undefined;
      if (work) this.cleanSliceWork(work, memberWriter(this.cluster(clusterName)));
      return;
    }
    if (this.managedByKarmada(slice)) return;
    const service = slice.metadata.labels?.[SERVICE_NAME];
    const space = executionSpace(clusterName);
    if (
      !service ||
      !this.works(`mcs:${key(ns, service)}`).some((w) => w.metadata.namespace === space && kindOf(w) === MCS_KIND)
    )
      return;
    this.reportSlice(clusterName, slice);
  }

  private managedByKarmada(slice: EndpointSlice): boolean {
    const by = slice.metadata.labels?.[SLICE_MANAGED_BY];
    return by === DISPATCH_MANAGER || (by === KARMADA_SLICE_MANAGER && this.world.release.collectorSkipsImportedSlices);
  }

  /** reportEndpointSlice + getEndpointSliceWorkMeta */
  private reportSlice(clusterName: string, slice: EndpointSlice): void {
    const space = executionSpace(clusterName);
    const name = workName('EndpointSlice', slice.metadata.name, slice.metadata.namespace ?? '');
    const existing = this.world.get(KARMADA, WORKS, space, name) as Work | undefined;
    const managers = new Set((existing?.metadata.labels?.[EPS_WORK_MANAGED_BY] ?? '').split('.').filter(Boolean));
    managers.add(MCS_KIND);
    const suspend = this.world.release.suspendsMarkerWorks;
    const {
      resourceVersion: _rv,
      uid: _uid,
      managedFields: _mf,
      creationTimestamp: _ct,
      generation: _g,
      ownerReferences: _o,
      ...metadata
    } = slice.metadata;
    createOrUpdateWork(
      this.world,
      {
        name,
        namespace: space,
        finalizers: this.world.release.collectorAddsDispatchFinalizer ? [DISPATCH_FINALIZER] : [],
        labels: {
          [MCS_NAMESPACE_LABEL]: slice.metadata.namespace ?? '',
          [MCS_NAME_LABEL]: slice.metadata.labels?.[SERVICE_NAME] ?? '',
          [EPS_WORK_MANAGED_BY]: [...managers].join('.'),
          ...(suspend ? {} : { [INSTRUCTION]: 'suppressed' }),
        },
      },
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata,
        addressType: slice.addressType,
        endpoints: slice.endpoints,
        ports: slice.ports,
      },
      memberWriter(this.cluster(clusterName)),
      suspend,
    );
  }

  // --- endpointslice-dispatch-controller (endpointslice_dispatch_controller.go) ---
  private dispatch(k: string): void {
    if (!this.cm.controllers.endpointsliceDispatch) return;
    const [ns, name] = split(k);
    const work = this.world.get(KARMADA, WORKS, ns, name) as Work | undefined;
    if (!work || kindOf(work) !== 'EndpointSlice' || work.metadata.annotations?.[PROVISION_CLUSTER]) return;
    const source = clusterOf(work);
    const labels = work.metadata.labels ?? {};
    const mcsName = labels[MCS_NAME_LABEL];
    if (work.metadata.deletionTimestamp || !mcsName) {
      // cleanupEndpointSliceFromConsumerClusters
      for (const item of this.works(`name:${name}`)) {
        if (item.metadata.annotations?.[PROVISION_CLUSTER] === source) deleteObject(this.world, KARMADA, WORKS, item);
      }
      removeFinalizer(this.world, KARMADA, WORKS, work, DISPATCH_FINALIZER, KCM);
      return;
    }
    const mcs = this.world.get(KARMADA, MCS, labels[MCS_NAMESPACE_LABEL], mcsName) as MultiClusterService | undefined;
    if (!mcs) return;
    const legacy = this.world.release.legacyClusterFields;
    const { consumers } = this.clustersOf(mcs);
    // cleanOrphanDispatchedEndpointSlice
    for (const item of this.works(`mcs:${key(mcs.metadata.namespace, mcs.metadata.name)}`)) {
      if (item.metadata.annotations?.[PROVISION_CLUSTER] && !consumers.has(clusterOf(item))) {
        deleteObject(this.world, KARMADA, WORKS, item);
      }
    }
    for (const consumer of [...consumers].sort()) {
      if (consumer === source) continue;
      if (!legacy) {
        if (!this.clusterFit(DISPATCH_COMPONENT, mcs, 'Consumer', consumer, 'EndpointSlice')) continue;
      } else if (!this.cluster(consumer)) {
        const error = `namespaces "${executionSpace(consumer)}" not found`;
        this.setCondition(mcs, {
          type: ENDPOINTSLICE_DISPATCHED,
          status: 'False',
          reason: 'EndpointSliceSyncFailed',
          message: error,
        });
        this.events.record(DISPATCH_COMPONENT, MCS, mcs, 'Warning', 'DispatchEndpointSliceFailed', error);
        return;
      }
      this.ensureConsumerWork(mcs, work, source, consumer);
    }
    if (
      !this.world.release.collectorAddsDispatchFinalizer &&
      !(work.metadata.finalizers ?? []).includes(DISPATCH_FINALIZER)
    ) {
      save(
        this.world,
        KARMADA,
        WORKS,
        {
          ...work,
          metadata: { ...work.metadata, finalizers: [...(work.metadata.finalizers ?? []), DISPATCH_FINALIZER] },
        },
        KCM,
      );
    }
    const message = legacy ? 'EndpointSlice are synced successfully' : 'EndpointSlice are dispatched successfully';
    const current =
      (this.world.get(KARMADA, MCS, mcs.metadata.namespace, mcs.metadata.name) as MultiClusterService | undefined) ??
      mcs;
    this.setCondition(current, {
      type: ENDPOINTSLICE_DISPATCHED,
      status: 'True',
      reason: legacy ? 'EndpointSliceSyncSucceed' : 'EndpointSliceDispatchedSucceed',
      message,
    });
    this.events.record(DISPATCH_COMPONENT, MCS, current, 'Normal', 'DispatchEndpointSliceSucceed', message);
  }

  /** ensureEndpointSliceWork: the slice renamed `<provider>-<name>`, as a Work of the same name in the consumer. */
  private ensureConsumerWork(mcs: MultiClusterService, work: Work, provider: string, consumer: string): void {
    const manifest = manifestOf(work);
    if (!manifest) return;
    const space = executionSpace(consumer);
    const legacy = this.world.release.legacyClusterFields;
    const slice = {
      ...manifest,
      metadata: {
        ...manifest.metadata,
        name: `${provider}-${manifest.metadata.name}`,
        labels: {
          [SERVICE_NAME]: mcs.metadata.name,
          [SLICE_MANAGED_BY]: DISPATCH_MANAGER,
          ...(legacy
            ? {
                'work.karmada.io/namespace': space,
                'work.karmada.io/name': work.metadata.name,
                [KARMADA_MANAGED]: 'true',
              }
            : {}),
        },
        annotations: { [PROVISION_CLUSTER]: provider },
      },
    };
    createOrUpdateWork(
      this.world,
      {
        name: work.metadata.name,
        namespace: space,
        finalizers: [EXECUTION_FINALIZER],
        annotations: { [PROVISION_CLUSTER]: provider },
        labels: {
          ...(legacy ? { [KARMADA_MANAGED]: 'true' } : {}),
          [MCS_NAME_LABEL]: mcs.metadata.name,
          [MCS_NAMESPACE_LABEL]: mcs.metadata.namespace ?? '',
        },
      },
      slice,
      KCM,
    );
  }

  // --- karmada-scheduler and binding controller for the Service binding; execution controller for every Work ---
  private syncBinding(k: string): void {
    if (!this.cm.running) return;
    const [ns, name] = split(k);
    let rb = this.world.get(KARMADA, RESOURCE_BINDINGS, ns, name) as ResourceBinding | undefined;
    if (!rb || rb.spec?.resource?.kind !== 'Service') return;
    const owner = rb.metadata.ownerReferences?.[0];
    if (owner?.kind === 'Service' && this.world.get(KARMADA, SERVICES, ns, owner.name)?.metadata.uid !== owner.uid) {
      deleteObject(this.world, KARMADA, RESOURCE_BINDINGS, rb);
      rb = this.world.get(KARMADA, RESOURCE_BINDINGS, ns, name);
      if (!rb) return;
    }
    schedule(this.world, rb, this.rescheduled.delete(k));
    syncBinding(
      this.world,
      (this.world.get(KARMADA, RESOURCE_BINDINGS, ns, name) as ResourceBinding | undefined) ?? rb,
    );
  }

  private execute(k: string): void {
    if (!this.cm.running) return;
    const work = this.world.get(KARMADA, WORKS, ...split(k)) as Work | undefined;
    if (work && !executeWork(this.world, work)) this.retry.add(k);
  }
}
