// The controllers that make the simulator behave like Karmada and its clusters: propagation by
// PropagationPolicy, Deployments with rolling pods, EndpointSlices, the MultiClusterService
// controllers (only while the gate is on); karmada-operator's reconcile is in operator.ts.
import { createHash } from 'node:crypto';
import { agent, controllerManager } from './controller-manager.js';
import { admit } from './admission.js';
import { reconcileOperator } from './operator.js';
import {
  type ResourceType, CLUSTERS, DEPLOYMENTS, ENDPOINTSLICES, MCS, PODS, PROPAGATION_POLICIES, RESOURCE_BINDINGS, SERVICES,
} from './resources.js';
import { matchesSelector } from './selectors.js';
import type { Obj, World } from './world.js';
import { ENDPOINTSLICE_DISPATCHED, SERVICE_APPLIED } from './labels.js';
import { DISPATCH_MANAGER, KARMADA_MANAGED, LOCAL_SLICE_MANAGER, PROVISION_CLUSTER, SERVICE_NAME, SLICE_MANAGED_BY } from './labels.js';

export const KARMADA = 'karmada';
export const HOST = 'host';
export const CONTROLLER_MANAGER = 'karmada-controller-manager';
const MCS_FINALIZER = 'karmada.io/multiclusterservice-controller';

const hash = (text: string, length = 10): string => createHash('sha256').update(text).digest('hex').slice(0, length);
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export class Controllers {
  /** `cluster/namespace/name` of Deployments whose new pods never start (to test rollout timeouts) */
  readonly stuckRollouts = new Set<string>();

  constructor(private readonly world: World) {}

  reconcile(): void {
    this.propagate();
    for (const cluster of this.world.clusters.values()) {
      if (cluster.role === 'karmada') continue;
      for (const d of this.world.list(cluster.name, DEPLOYMENTS)) this.rollout(cluster.name, d);
      for (const pod of this.world.list(cluster.name, PODS)) this.startPod(cluster.name, pod);
      this.localEndpointSlices(cluster.name);
    }
    this.aggregateDeploymentStatus();
    reconcileOperator(this.world);
    this.multiClusterServices();
    this.collectServiceBindings();
  }

  /** Garbage collection: a Service's binding goes with it, and so do the copies Karmada made of it. */
  private collectServiceBindings(): void {
    for (const rb of this.world.list(KARMADA, RESOURCE_BINDINGS)) {
      const owner = rb.metadata.ownerReferences?.[0];
      if (owner?.kind !== 'Service' || this.world.get(KARMADA, SERVICES, rb.metadata.namespace, owner.name)?.metadata.uid === owner.uid) continue;
      this.world.remove(KARMADA, RESOURCE_BINDINGS, rb.metadata.namespace, rb.metadata.name);
      for (const target of (rb.spec?.clusters ?? []).map((c: Obj) => c.name as string)) {
        const copy = this.world.clusters.has(target) ? this.world.get(target, SERVICES, rb.metadata.namespace, owner.name) : undefined;
        if (copy?.metadata.labels?.[KARMADA_MANAGED] === 'true') this.world.remove(target, SERVICES, rb.metadata.namespace, owner.name);
      }
    }
  }

  /** Create or update only when the admitted result differs, so reconciling converges. */
  private upsert(cluster: string, rt: ResourceType, desired: Obj): Obj {
    const existing = this.world.get(cluster, rt, desired.metadata.namespace, desired.metadata.name);
    // The common case on a quiet cluster: nothing to change, and no need to run admission to know it.
    if (existing && contains(existing, desired)) return existing;
    const merged = existing ? { ...desired, metadata: { ...existing.metadata, ...desired.metadata } } : desired;
    if (existing && rt.subresources?.includes('status') && desired.status === undefined) merged.status = existing.status;
    const admitted = admit(this.world.cluster(cluster), rt, merged, existing);
    const strip = (o: Obj) => JSON.stringify({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, uid: undefined, creationTimestamp: undefined } });
    if (existing && strip(existing) === strip(admitted)) return existing;
    return this.world.put(cluster, rt, admitted);
  }

  private setStatus(cluster: string, rt: ResourceType, obj: Obj, status: Obj): void {
    if (JSON.stringify(obj.status ?? {}) === JSON.stringify(status)) return;
    this.world.put(cluster, rt, { ...obj, status });
  }

  members(): Obj[] {
    return this.world.list(KARMADA, CLUSTERS);
  }

  private clusterUsable(name: string): boolean {
    const cluster = this.members().find((c) => c.metadata.name === name);
    const ready = cluster?.status?.conditions?.find((c: Obj) => c.type === 'Ready')?.status === 'True';
    return ready && (this.world.clusters.get(name)?.reachable ?? false);
  }

  // --- Karmada: PropagationPolicy → ResourceBinding → member copies (Deployments only) ---
  private propagate(): void {
    const policies = this.world.list(KARMADA, PROPAGATION_POLICIES);
    for (const d of this.world.list(KARMADA, DEPLOYMENTS)) {
      const policy = policies.find((p) => p.metadata.namespace === d.metadata.namespace && (p.spec?.resourceSelectors ?? []).some((s: Obj) =>
        s.kind === 'Deployment' && (!s.name || s.name === d.metadata.name) && (!s.labelSelector || matchesSelector(s.labelSelector, d.metadata.labels))));
      if (!policy) continue;
      const clusters: string[] = policy.spec.placement?.clusterAffinity?.clusterNames ?? this.members().map((c) => c.metadata.name);
      const targets = clusters.filter((c) => this.world.clusters.get(c)?.role === 'member');
      this.upsert(KARMADA, RESOURCE_BINDINGS, {
        metadata: { name: `${d.metadata.name}-deployment`, namespace: d.metadata.namespace, labels: { 'propagationpolicy.karmada.io/name': policy.metadata.name } },
        spec: {
          resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: d.metadata.namespace, name: d.metadata.name, uid: d.metadata.uid },
          replicas: d.spec.replicas, placement: policy.spec.placement, clusters: targets.map((name) => ({ name, replicas: d.spec.replicas })),
        },
        status: { conditions: [{ type: 'Scheduled', status: 'True', reason: 'Success' }, { type: 'FullyApplied', status: 'True', reason: 'FullyAppliedSuccess' }] },
      });
      for (const target of targets) {
        if (!this.clusterUsable(target)) continue;
        this.upsert(target, DEPLOYMENTS, {
          metadata: {
            name: d.metadata.name, namespace: d.metadata.namespace,
            labels: { ...d.metadata.labels, [KARMADA_MANAGED]: 'true' },
            annotations: { 'work.karmada.io/name': `${d.metadata.name}-${hash(d.metadata.name, 8)}`, 'work.karmada.io/namespace': `karmada-es-${target}` },
          },
          spec: d.spec,
        });
      }
    }
  }

  private aggregateDeploymentStatus(): void {
    for (const d of this.world.list(KARMADA, DEPLOYMENTS)) {
      const copies = [...this.world.clusters.values()].filter((c) => c.role === 'member')
        .map((c) => this.world.get(c.name, DEPLOYMENTS, d.metadata.namespace, d.metadata.name))
        .filter((x): x is Obj => x?.metadata.labels?.[KARMADA_MANAGED] === 'true');
      if (copies.length === 0) continue;
      const sum = (field: string) => copies.reduce((n, c) => n + (c.status?.[field] ?? 0), 0);
      this.setStatus(KARMADA, DEPLOYMENTS, d, {
        observedGeneration: d.metadata.generation, replicas: sum('replicas'), updatedReplicas: sum('updatedReplicas'),
        readyReplicas: sum('readyReplicas'), availableReplicas: sum('availableReplicas'),
      });
    }
  }

  // --- kube: a rolling update that surges one pod at a time, as maxSurge=1/maxUnavailable=0 would ---
  private rollout(cluster: string, d: Obj): void {
    const templateHash = hash(JSON.stringify(d.spec.template));
    const pods = this.world.list(cluster, PODS, d.metadata.namespace).filter((p) => p.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);
    const current = pods.filter((p) => p.metadata.labels?.['pod-template-hash'] === templateHash);
    const old = pods.filter((p) => p.metadata.labels?.['pod-template-hash'] !== templateHash);
    const running = (p: Obj) => p.status?.phase === 'Running';
    const desired: number = d.spec.replicas ?? 1;
    // A paused Deployment does not roll (kubernetes pkg/controller/deployment/sync.go checkPausedConditions).
    const paused = d.spec.paused === true;
    if (!paused && current.length < desired && current.every(running)) this.createPod(cluster, d, templateHash, pods);
    else if (!paused && old.length > 0 && current.some(running)) this.world.remove(cluster, PODS, d.metadata.namespace, old[0]!.metadata.name);
    else if (!paused && current.length > desired) this.world.remove(cluster, PODS, d.metadata.namespace, current.at(-1)!.metadata.name);
    const after = this.world.list(cluster, PODS, d.metadata.namespace).filter((p) => p.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);
    const updated = after.filter((p) => p.metadata.labels?.['pod-template-hash'] === templateHash);
    const available = after.filter(running).length;
    const complete = updated.length === desired && after.length === desired && available === desired;
    this.setStatus(cluster, DEPLOYMENTS, d, {
      observedGeneration: d.metadata.generation, replicas: after.length, updatedReplicas: updated.length,
      readyReplicas: available, availableReplicas: available, ...(desired > available ? { unavailableReplicas: desired - available } : {}),
      conditions: [
        { type: 'Available', status: available >= desired ? 'True' : 'False', reason: available >= desired ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable' },
        paused
          ? { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }
          : { type: 'Progressing', status: 'True', reason: complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated' },
      ],
    });
  }

  private createPod(cluster: string, d: Obj, templateHash: string, existing: Obj[]): void {
    const used = new Set(existing.map((p) => p.spec.hostname));
    let ordinal = 0;
    while (used.has(`${d.metadata.name}-${ordinal}`)) ordinal++;
    const name = `${d.metadata.name}-${templateHash.slice(0, 10)}-${Math.random().toString(36).slice(2, 7)}`;
    this.world.put(cluster, PODS, admit(this.world.cluster(cluster), PODS, {
      metadata: {
        name, namespace: d.metadata.namespace,
        labels: { ...d.spec.template.metadata?.labels, 'pod-template-hash': templateHash },
        annotations: d.spec.template.metadata?.annotations,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true }],
      },
      spec: { ...structuredClone(d.spec.template.spec), hostname: `${d.metadata.name}-${ordinal}`, nodeName: this.world.cluster(cluster).nodeName },
    }, undefined));
  }

  private startPod(cluster: string, pod: Obj): void {
    if (pod.status?.phase !== 'Pending' || pod.metadata.deletionTimestamp) return;
    const owner = pod.metadata.ownerReferences?.[0]?.name;
    const containers: Obj[] = pod.spec.containers ?? [];
    const badImage = containers.find((c) => /does-not-exist|invalid/.test(c.image ?? ''));
    if (this.stuckRollouts.has(`${cluster}/${pod.metadata.namespace}/${owner}`) || badImage) {
      const waiting = badImage
        ? { reason: 'ImagePullBackOff', message: `Back-off pulling image "${badImage.image}"` }
        : { reason: 'ContainerCreating' };
      this.setStatus(cluster, PODS, pod, { ...pod.status, containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, ready: false, restartCount: 0, state: { waiting } })) });
      return;
    }
    this.setStatus(cluster, PODS, pod, {
      phase: 'Running', podIP: this.world.cluster(cluster).allocatePodIp(), hostIP: this.world.cluster(cluster).nodeIp, startTime: now(),
      conditions: [{ type: 'Ready', status: 'True' }, { type: 'ContainersReady', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
      containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, ready: true, restartCount: 0, started: true, state: { running: { startedAt: now() } } })),
    });
  }

  // --- kube: EndpointSlices for Services with selectors ---
  private localEndpointSlices(cluster: string): void {
    const services = this.world.list(cluster, SERVICES);
    for (const svc of services) {
      if (!svc.spec?.selector) continue;
      const pods = this.world.list(cluster, PODS, svc.metadata.namespace)
        .filter((p) => Object.entries(svc.spec.selector).every(([k, v]) => p.metadata.labels?.[k] === v) && p.status?.podIP);
      const ports = (svc.spec.ports ?? []).map((p: Obj) => ({
        name: p.name ?? '', protocol: p.protocol ?? 'TCP',
        port: typeof p.targetPort === 'number' ? p.targetPort
          : pods.flatMap((pod) => pod.spec.containers.flatMap((c: Obj) => c.ports ?? [])).find((cp: Obj) => cp.name === p.targetPort)?.containerPort ?? p.port,
      }));
      this.upsert(cluster, ENDPOINTSLICES, {
        metadata: {
          name: `${svc.metadata.name}-${hash(svc.metadata.uid, 5)}`, namespace: svc.metadata.namespace,
          labels: { [SERVICE_NAME]: svc.metadata.name, [SLICE_MANAGED_BY]: LOCAL_SLICE_MANAGER },
          ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, uid: svc.metadata.uid }],
        },
        addressType: 'IPv4',
        endpoints: pods.map((p) => ({
          addresses: [p.status.podIP], conditions: { ready: true, serving: true, terminating: false },
          targetRef: { kind: 'Pod', name: p.metadata.name, namespace: p.metadata.namespace }, nodeName: p.spec.nodeName,
        })),
        ports,
      });
    }
    for (const slice of this.world.list(cluster, ENDPOINTSLICES)) {
      const labels = slice.metadata.labels ?? {};
      if (labels[SLICE_MANAGED_BY] !== LOCAL_SLICE_MANAGER) continue;
      const owner = services.find((s) => s.metadata.namespace === slice.metadata.namespace && s.metadata.name === labels[SERVICE_NAME]);
      if (!owner || owner.metadata.uid !== slice.metadata.ownerReferences?.[0]?.uid) this.world.remove(cluster, ENDPOINTSLICES, slice.metadata.namespace, slice.metadata.name);
    }
  }

  // --- Karmada MultiClusterService controllers ---
  private collects(provider: string): boolean {
    const cluster = this.members().find((c) => c.metadata.name === provider);
    if (cluster?.spec?.syncMode !== 'Pull') return true;
    return agent(this.world, provider).controllers.endpointsliceCollect;
  }

  private multiClusterServices(): void {
    if (!controllerManager(this.world).controllers.multiclusterservice) return;
    const allMembers = this.members().map((c) => c.metadata.name as string);
    const index = this.dispatchedIndex();
    for (const mcs of this.world.list(KARMADA, MCS)) {
      if (!(mcs.spec?.types ?? []).includes('CrossCluster')) continue;
      const { name, namespace } = mcs.metadata;
      if (mcs.metadata.deletionTimestamp) {
        this.dispatchSlices(mcs, [], allMembers, index);
        this.world.remove(KARMADA, MCS, namespace, name);
        continue;
      }
      if (!(mcs.metadata.finalizers ?? []).includes(MCS_FINALIZER)) {
        this.world.put(KARMADA, MCS, { ...mcs, metadata: { ...mcs.metadata, finalizers: [...(mcs.metadata.finalizers ?? []), MCS_FINALIZER] } });
      }
      const names = (list?: Obj[]) => (list?.length ? list.map((c) => c.name as string) : allMembers);
      const providers = names(mcs.spec.providerClusters);
      const consumers = names(mcs.spec.consumerClusters);
      const conditions: Obj[] = [];
      const svc = this.world.get(KARMADA, SERVICES, namespace, name);
      if (!svc) {
        conditions.push(condition(mcs, SERVICE_APPLIED, false, 'ServiceAppliedFailed', `services "${name}" not found`));
        this.setMcsStatus(mcs, conditions);
        continue;
      }
      this.claimService(mcs, svc, [...new Set([...providers, ...consumers])]);
      conditions.push(condition(mcs, SERVICE_APPLIED, true, 'ServiceAppliedSucceed', 'Service is propagated to target clusters.'));
      const collected = providers
        .filter((p) => allMembers.includes(p) && this.clusterUsable(p) && this.collects(p))
        .flatMap((p) => this.world.list(p, ENDPOINTSLICES, namespace)
          .filter((s) => s.metadata.labels?.[SERVICE_NAME] === name && s.metadata.labels?.[SLICE_MANAGED_BY] !== DISPATCH_MANAGER)
          .map((slice) => ({ provider: p, slice })));
      this.dispatchSlices(mcs, collected, consumers, index);
      if (collected.length) conditions.push(condition(mcs, ENDPOINTSLICE_DISPATCHED, true, 'EndpointSliceDispatchedSucceed', 'EndpointSlice are dispatched successfully'));
      this.setMcsStatus(this.world.get(KARMADA, MCS, namespace, name)!, conditions);
    }
  }

  private claimService(mcs: Obj, svc: Obj, targets: string[]): void {
    const { name, namespace } = mcs.metadata;
    const labels = Object.fromEntries(Object.entries(svc.metadata.labels ?? {}).filter(([k]) => !k.startsWith('propagationpolicy.karmada.io/') && !k.startsWith('clusterpropagationpolicy.karmada.io/')));
    const annotations = Object.fromEntries(Object.entries(svc.metadata.annotations ?? {}).filter(([k]) => !k.startsWith('propagationpolicy.karmada.io/') && !k.startsWith('clusterpropagationpolicy.karmada.io/')));
    const claimed = this.upsert(KARMADA, SERVICES, {
      ...svc,
      metadata: {
        ...svc.metadata,
        labels: { ...labels, 'resourcetemplate.karmada.io/claimed-by': 'MultiClusterService', 'multiclusterservice.karmada.io/permanent-id': mcs.metadata.labels?.['multiclusterservice.karmada.io/permanent-id'] },
        annotations: { ...annotations, 'multiclusterservice.karmada.io/name': name, 'multiclusterservice.karmada.io/namespace': namespace },
      },
    });
    this.upsert(KARMADA, RESOURCE_BINDINGS, {
      metadata: {
        name: `${name}-service`, namespace, finalizers: ['karmada.io/binding-controller'],
        labels: { 'binding.karmada.io/managed-by': 'MultiClusterService' },
        annotations: { 'multiclusterservice.karmada.io/name': name, 'multiclusterservice.karmada.io/namespace': namespace },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: claimed.metadata.uid }],
      },
      spec: {
        resource: { apiVersion: 'v1', kind: 'Service', namespace, name, uid: claimed.metadata.uid },
        placement: { clusterAffinity: { clusterNames: targets } }, conflictResolution: 'Overwrite',
        clusters: targets.map((c) => ({ name: c })),
      },
      status: { conditions: [{ type: 'Scheduled', status: 'True', reason: 'Success' }, { type: 'FullyApplied', status: 'True', reason: 'FullyAppliedSuccess' }] },
    });
    const { clusterIP: _ip, clusterIPs: _ips, ...spec } = claimed.spec;
    const workName = `${name}-${hash(`${namespace}-${name}-Service`, 8)}`;
    const copyLabels = { ...claimed.metadata.labels, [KARMADA_MANAGED]: 'true' };
    for (const target of targets) {
      if (!this.world.clusters.has(target) || !this.clusterUsable(target)) continue;
      const existing = this.world.get(target, SERVICES, namespace, name);
      this.upsert(target, SERVICES, {
        metadata: {
          name, namespace, labels: copyLabels,
          annotations: { 'work.karmada.io/name': workName, 'work.karmada.io/namespace': `karmada-es-${target}` },
        },
        // Conflict resolution Overwrite: a same-name member Service is replaced, keeping only its ClusterIP.
        spec: { ...spec, ...(existing ? { clusterIP: existing.spec.clusterIP, clusterIPs: existing.spec.clusterIPs } : {}) },
      });
    }
  }

  /** Dispatched slices by cluster and `namespace/service`, built once per pass instead of scanning per MCS. */
  private dispatchedIndex(): Map<string, Map<string, Obj[]>> {
    const index = new Map<string, Map<string, Obj[]>>();
    for (const cluster of this.world.clusters.values()) {
      if (cluster.role !== 'member') continue;
      const byService = new Map<string, Obj[]>();
      for (const slice of this.world.list(cluster.name, ENDPOINTSLICES)) {
        const labels = slice.metadata.labels ?? {};
        if (labels[SLICE_MANAGED_BY] !== DISPATCH_MANAGER) continue;
        const key = `${slice.metadata.namespace}/${labels[SERVICE_NAME]}`;
        byService.set(key, [...(byService.get(key) ?? []), slice]);
      }
      index.set(cluster.name, byService);
    }
    return index;
  }

  private dispatchSlices(mcs: Obj, collected: Array<{ provider: string; slice: Obj }>, consumers: string[], index: Map<string, Map<string, Obj[]>>): void {
    const { name, namespace } = mcs.metadata;
    for (const cluster of this.world.clusters.values()) {
      if (cluster.role !== 'member' || !cluster.reachable) continue;
      const isConsumer = consumers.includes(cluster.name) && this.clusterUsable(cluster.name);
      const wanted = isConsumer ? collected.filter((c) => c.provider !== cluster.name) : [];
      const keep = new Set<string>();
      for (const { provider, slice } of wanted) {
        const sliceName = `${provider}-${slice.metadata.name}`;
        keep.add(sliceName);
        this.upsert(cluster.name, ENDPOINTSLICES, {
          metadata: {
            name: sliceName, namespace,
            labels: { [SERVICE_NAME]: name, [SLICE_MANAGED_BY]: DISPATCH_MANAGER, [KARMADA_MANAGED]: 'true' },
            annotations: { [PROVISION_CLUSTER]: provider },
          },
          addressType: slice.addressType, endpoints: slice.endpoints, ports: slice.ports,
        });
      }
      if (!isConsumer && consumers.includes(cluster.name)) continue; // a not-ready consumer keeps what it had
      for (const slice of index.get(cluster.name)?.get(`${namespace}/${name}`) ?? []) {
        if (!keep.has(slice.metadata.name)) this.world.remove(cluster.name, ENDPOINTSLICES, namespace, slice.metadata.name);
      }
    }
  }

  private setMcsStatus(mcs: Obj, conditions: Obj[]): void {
    this.setStatus(KARMADA, MCS, mcs, { ...mcs.status, conditions });
  }
}

/** Every field of `part` is in `whole` with the same value (lists element by element). */
function contains(whole: unknown, part: unknown): boolean {
  if (part === undefined) return true;
  if (Array.isArray(part)) return Array.isArray(whole) && whole.length === part.length && part.every((p, i) => contains(whole[i], p));
  if (typeof part === 'object' && part !== null) {
    return typeof whole === 'object' && whole !== null && Object.entries(part).every(([k, v]) => contains((whole as Obj)[k], v));
  }
  return whole === part;
}

function condition(obj: Obj, type: string, ok: boolean, reason: string, message: string): Obj {
  const status = ok ? 'True' : 'False';
  const previous = (obj.status?.conditions ?? []).find((c: Obj) => c.type === type);
  const lastTransitionTime = previous?.status === status ? previous.lastTransitionTime : now();
  return { type, status, reason, message, lastTransitionTime, observedGeneration: obj.metadata.generation };
}

