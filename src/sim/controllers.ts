// The controllers that make the simulator behave like Karmada and its clusters: propagation by
// PropagationPolicy, Deployments with rolling pods, EndpointSlices, the MultiClusterService
// controllers (mcs-controllers.ts); karmada-operator's reconcile is in operator.ts.
import { createHash } from 'node:crypto';
import { admit } from './admission.js';
import { reconcileOperator } from './operator.js';
import {
  type ResourceType,
  CLUSTERS,
  DEPLOYMENTS,
  ENDPOINTSLICES,
  NODES,
  PODS,
  PROPAGATION_POLICIES,
  RESOURCE_BINDINGS,
  SERVICES,
} from './resources.js';
import { matchesSelector } from './selectors.js';
import type { Cluster, PropagationPolicy } from './karmada-types.js';
import type { Deployment, EndpointSlice, Node, Pod, Service } from './kinds.js';
import { withPulled } from './nodes.js';
import type { Manager } from './fields.js';
import type { SimObject, StoredObject, World } from './world.js';
import { memberWriter } from './works.js';
import { KARMADA_MANAGED, LOCAL_SLICE_MANAGER, SERVICE_NAME, SLICE_MANAGED_BY } from './labels.js';
import { McsControllers } from './mcs-controllers.js';
import { deploymentConditions, progressDeadline } from './deployment-status.js';
import { ClusterStatusController } from './cluster-status.js';

import { HOST_CLUSTER as HOST, KARMADA_CLUSTER as KARMADA, startError } from './controller-manager.js';

export { CONTROLLER_MANAGER } from './controller-manager.js';
export { HOST, KARMADA };

// Generated name parts use apimachinery's util/rand alphabet (no vowels, no 0, 1, 3): pod-template-hash is
// rand.SafeEncodeString of the template's hash (pkg/controller/deployment/util), generateName suffixes rand.String(5).
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
const hash = (text: string, length = 10): string =>
  [...createHash('sha256').update(text).digest().subarray(0, length)]
    .map((b) => ALPHANUMS[b % ALPHANUMS.length])
    .join('');
const randomSuffix = (): string => hash(String(Math.random()), 5);
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export class Controllers {
  /** `cluster/namespace/name` of Deployments whose new pods never start (to test rollout timeouts) */
  readonly stuckRollouts = new Set<string>();

  private readonly mcs: McsControllers;
  private readonly clusterStatus: ClusterStatusController;
  /** rollouts to look at again when their progress deadline passes, though nothing else changes: key → when, timer */
  private readonly deadlines = new Map<string, { at: number; timer: NodeJS.Timeout }>();

  constructor(
    private readonly world: World,
    clusterStatusPeriodMs?: number,
  ) {
    this.mcs = new McsControllers(world);
    this.clusterStatus = new ClusterStatusController(world, clusterStatusPeriodMs);
  }

  /** The install is up (the playground's or a test's starting state): periodic controllers keep their periods. */
  settled(): void {
    this.clusterStatus.settled();
  }

  stop(): void {
    this.clusterStatus.stop();
    for (const { timer } of this.deadlines.values()) clearTimeout(timer);
  }

  reconcile(): void {
    this.propagate();
    for (const cluster of this.world.clusters.values()) {
      if (cluster.role === 'karmada') continue;
      for (const d of this.world.list(cluster.name, DEPLOYMENTS) as Deployment[]) this.rollout(cluster.name, d);
      for (const pod of this.world.list(cluster.name, PODS) as Pod[]) this.startPod(cluster.name, pod);
      this.localEndpointSlices(cluster.name);
    }
    this.aggregateDeploymentStatus();
    this.clusterStatus.reconcile();
    reconcileOperator(this.world);
    this.mcs.reconcile();
  }

  /**
   * Create or update by `writer` only when the admitted result differs, so reconciling converges; `statusWriter` writes
   * the status of a created object.
   */
  private upsert(
    cluster: string,
    rt: ResourceType,
    desired: SimObject,
    writer: Manager,
    statusWriter?: Manager,
  ): StoredObject {
    const existing = this.world.get(cluster, rt, desired.metadata.namespace, desired.metadata.name);
    // The common case on a quiet cluster: nothing to change, and no need to run admission to know it.
    if (existing && contains(existing, desired)) return existing;
    const merged = existing ? { ...desired, metadata: { ...existing.metadata, ...desired.metadata } } : desired;
    if (existing && rt.subresources?.includes('status') && desired.status === undefined)
      merged.status = existing.status;
    const admitted = admit(this.world.cluster(cluster), rt, merged, existing);
    const strip = (o: SimObject) =>
      JSON.stringify({
        ...o,
        metadata: {
          ...o.metadata,
          resourceVersion: undefined,
          uid: undefined,
          creationTimestamp: undefined,
          managedFields: undefined,
        },
      });
    if (existing && strip(existing) === strip(admitted)) return existing;
    return this.world.put(cluster, rt, admitted, writer, statusWriter);
  }

  /** A controller's Status().Update by `writer`, when the status differs. */
  private setStatus(cluster: string, rt: ResourceType, obj: StoredObject, status: object, writer: Manager): void {
    if (JSON.stringify(obj.status ?? {}) === JSON.stringify(status)) return;
    this.world.put(cluster, rt, { ...obj, status }, writer);
  }

  members(): Cluster[] {
    return this.world.list(KARMADA, CLUSTERS);
  }

  private clusterUsable(name: string): boolean {
    const cluster = this.members().find((c) => c.metadata.name === name);
    const ready = cluster?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    return ready && (this.world.clusters.get(name)?.reachable ?? false);
  }

  // --- Karmada: PropagationPolicy → ResourceBinding → member copies (Deployments only) ---
  private propagate(): void {
    const policies = this.world.list(KARMADA, PROPAGATION_POLICIES) as PropagationPolicy[];
    for (const d of this.world.list(KARMADA, DEPLOYMENTS) as Deployment[]) {
      const policy = policies.find(
        (p) =>
          p.metadata.namespace === d.metadata.namespace &&
          (p.spec?.resourceSelectors ?? []).some(
            (s) =>
              s.kind === 'Deployment' &&
              (!s.name || s.name === d.metadata.name) &&
              (!s.labelSelector || matchesSelector(s.labelSelector, d.metadata.labels)),
          ),
      );
      if (!policy) continue;
      const clusters =
        policy.spec?.placement?.clusterAffinity?.clusterNames ?? this.members().map((c) => c.metadata.name);
      const targets = clusters.filter((c) => this.world.clusters.get(c)?.role === 'member');
      // The detector creates the binding and the binding status controller writes its status, both in
      // karmada-controller-manager; karmada-scheduler's part (spec.clusters, its condition) is left to them here.
      this.upsert(
        KARMADA,
        RESOURCE_BINDINGS,
        {
          metadata: {
            name: `${d.metadata.name}-deployment`,
            namespace: d.metadata.namespace,
            labels: { 'propagationpolicy.karmada.io/name': policy.metadata.name },
          },
          spec: {
            resource: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              namespace: d.metadata.namespace,
              name: d.metadata.name,
              uid: d.metadata.uid,
            },
            replicas: d.spec?.replicas,
            placement: policy.spec?.placement,
            clusters: targets.map((name) => ({ name, replicas: d.spec?.replicas })),
          },
          status: {
            conditions: [
              { type: 'Scheduled', status: 'True', reason: 'Success' },
              { type: 'FullyApplied', status: 'True', reason: 'FullyAppliedSuccess' },
            ],
          },
        },
        'karmada-controller-manager',
        'karmada-controller-manager',
      );
      for (const target of targets) {
        if (!this.clusterUsable(target)) continue;
        // The execution controller applies the Work with the member's client (works.ts memberWriter).
        this.upsert(
          target,
          DEPLOYMENTS,
          {
            metadata: {
              name: d.metadata.name,
              namespace: d.metadata.namespace,
              labels: { ...d.metadata.labels, [KARMADA_MANAGED]: 'true' },
              annotations: {
                'work.karmada.io/name': `${d.metadata.name}-${hash(d.metadata.name, 8)}`,
                'work.karmada.io/namespace': `karmada-es-${target}`,
              },
            },
            spec: d.spec,
          },
          memberWriter(this.members().find((c) => c.metadata.name === target)),
        );
      }
    }
  }

  private aggregateDeploymentStatus(): void {
    for (const d of this.world.list(KARMADA, DEPLOYMENTS) as Deployment[]) {
      const copies = [...this.world.clusters.values()]
        .filter((c) => c.role === 'member')
        .map((c) => this.world.get(c.name, DEPLOYMENTS, d.metadata.namespace, d.metadata.name))
        .filter((x): x is Deployment => x?.metadata.labels?.[KARMADA_MANAGED] === 'true');
      if (copies.length === 0) continue;
      const sum = (field: 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas') =>
        copies.reduce((n, c) => n + (c.status?.[field] ?? 0), 0);
      this.setStatus(
        KARMADA,
        DEPLOYMENTS,
        d,
        {
          observedGeneration: d.metadata.generation,
          replicas: sum('replicas'),
          updatedReplicas: sum('updatedReplicas'),
          readyReplicas: sum('readyReplicas'),
          availableReplicas: sum('availableReplicas'),
        },
        'karmada-controller-manager',
      );
    }
  }

  // --- kube: a rolling update that surges one pod at a time, as maxSurge=1/maxUnavailable=0 would ---
  private rollout(cluster: string, d: Deployment): void {
    const templateHash = hash(JSON.stringify(d.spec?.template));
    const owned = () =>
      (this.world.list(cluster, PODS, d.metadata.namespace) as Pod[]).filter(
        (p) => p.metadata.ownerReferences?.at(0)?.uid === d.metadata.uid,
      );
    const pods = owned();
    const current = pods.filter((p) => p.metadata.labels?.['pod-template-hash'] === templateHash);
    const old = pods.filter((p) => p.metadata.labels?.['pod-template-hash'] !== templateHash);
    // Available: ready (a container that crashes at start runs, in phase Running, but never gets ready).
    const running = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
    const desired = d.spec?.replicas ?? 1;
    // A paused Deployment does not roll (kubernetes pkg/controller/deployment/sync.go checkPausedConditions).
    const paused = d.spec?.paused === true;
    // Scaled to zero: the deployment controller scales every ReplicaSet down, the old ones too (sync.go scale).
    if (!paused && desired === 0 && old[0])
      this.world.remove(cluster, PODS, d.metadata.namespace, old[0].metadata.name);
    else if (!paused && current.length < desired && current.every(running))
      this.createPod(cluster, d, templateHash, pods);
    else if (!paused && old[0] && current.some(running))
      this.world.remove(cluster, PODS, d.metadata.namespace, old[0].metadata.name);
    else if (!paused && current.length > desired && current.at(-1))
      this.world.remove(cluster, PODS, d.metadata.namespace, current.at(-1)?.metadata.name ?? '');
    const after = owned();
    const updated = after.filter((p) => p.metadata.labels?.['pod-template-hash'] === templateHash);
    const available = after.filter(running).length;
    const counts = {
      replicas: after.length,
      updatedReplicas: updated.length,
      readyReplicas: available,
      availableReplicas: available,
    };
    const newReplicaSet = `${d.metadata.name}-${templateHash.slice(0, 10)}`;
    const conditions = deploymentConditions(d, counts, newReplicaSet, now());
    this.requeueAtDeadline(cluster, d, progressDeadline(d, conditions));
    this.setStatus(
      cluster,
      DEPLOYMENTS,
      d,
      {
        observedGeneration: d.metadata.generation,
        ...counts,
        ...(desired > available ? { unavailableReplicas: desired - available } : {}),
        conditions,
      },
      'kube-controller-manager',
    );
  }

  /** progress.go requeueStuckDeployment: the rollout is looked at again a second after its deadline. */
  private requeueAtDeadline(cluster: string, d: Deployment, at: number | undefined): void {
    const key = `${cluster}/${d.metadata.namespace}/${d.metadata.name}`;
    const known = this.deadlines.get(key);
    if (known?.at === at) return;
    if (known) clearTimeout(known.timer);
    this.deadlines.delete(key);
    if (at === undefined) return;
    const timer = setTimeout(
      () => {
        this.deadlines.delete(key);
        const latest = this.world.get(cluster, DEPLOYMENTS, d.metadata.namespace, d.metadata.name);
        if (latest) this.rollout(cluster, latest);
      },
      Math.max(0, at - Date.now()) + 1000,
    );
    timer.unref();
    this.deadlines.set(key, { at, timer });
  }

  /** The ReplicaSet controller's create (kube-controller-manager); the simulator's pods belong to the Deployment. */
  private createPod(cluster: string, d: Deployment, templateHash: string, existing: Pod[]): void {
    const used = new Set(existing.map((p) => p.spec?.hostname));
    const template = d.spec?.template;
    let ordinal = 0;
    while (used.has(`${d.metadata.name}-${ordinal}`)) ordinal++;
    const name = `${d.metadata.name}-${templateHash.slice(0, 10)}-${randomSuffix()}`;
    this.world.put(
      cluster,
      PODS,
      admit(
        this.world.cluster(cluster),
        PODS,
        {
          metadata: {
            name,
            namespace: d.metadata.namespace,
            labels: { ...template?.metadata?.labels, 'pod-template-hash': templateHash },
            annotations: template?.metadata?.annotations,
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name: d.metadata.name,
                uid: d.metadata.uid,
                controller: true,
              },
            ],
          },
          spec: {
            ...structuredClone(template?.spec),
            hostname: `${d.metadata.name}-${ordinal}`,
            nodeName: this.world.cluster(cluster).nodeName,
          },
        },
        undefined,
      ),
      'kube-controller-manager',
    );
  }

  private startPod(cluster: string, pod: Pod): void {
    if (pod.status?.phase !== 'Pending' || pod.metadata.deletionTimestamp) return;
    const owner = pod.metadata.ownerReferences?.at(0)?.name;
    const containers = pod.spec?.containers ?? [];
    const badImage = containers.find((c) => /does-not-exist|invalid/.test(c.image ?? ''));
    if (this.stuckRollouts.has(`${cluster}/${String(pod.metadata.namespace)}/${String(owner)}`) || badImage) {
      const waiting = badImage
        ? { reason: 'ImagePullBackOff', message: `Back-off pulling image "${String(badImage.image)}"` }
        : { reason: 'ContainerCreating' };
      this.setStatus(
        cluster,
        PODS,
        pod,
        {
          ...pod.status,
          containerStatuses: containers.map((c) => ({
            name: c.name,
            image: c.image,
            ready: false,
            restartCount: 0,
            state: { waiting },
          })),
        },
        'kubelet',
      );
      return;
    }
    const started = now();
    const uid = pod.metadata.uid;
    // A container whose binary exits at start: the kubelet restarts it with a back-off, the pod stays Running and
    // never ready (kubelet kuberuntime: CrashLoopBackOff), and its log is the last run's, the error it printed.
    const statuses = containers.map((c) =>
      startError(c, this.world.release) === undefined
        ? {
            name: c.name,
            image: c.image,
            ready: true,
            restartCount: 0,
            started: true,
            state: { running: { startedAt: started } },
          }
        : {
            name: c.name,
            image: c.image,
            ready: false,
            restartCount: 1,
            started: false,
            state: {
              waiting: {
                reason: 'CrashLoopBackOff',
                message:
                  `back-off 10s restarting failed container=${c.name} ` +
                  `pod=${pod.metadata.name}_${String(pod.metadata.namespace)}(${uid})`,
              },
            },
            lastState: {
              terminated: {
                exitCode: 1,
                reason: 'Error',
                startedAt: started,
                finishedAt: started,
                containerID: `containerd://${uid}`,
              },
            },
          },
    );
    const ready = statuses.every((c) => c.ready)
      ? { status: 'True' }
      : { status: 'False', reason: 'ContainersNotReady' };
    this.setStatus(
      cluster,
      PODS,
      pod,
      {
        phase: 'Running',
        podIP: this.world.cluster(cluster).allocatePodIp(),
        hostIP: this.world.cluster(cluster).nodeIp,
        startTime: started,
        conditions: [
          { type: 'Ready', ...ready },
          { type: 'ContainersReady', ...ready },
          { type: 'PodScheduled', status: 'True' },
        ],
        containerStatuses: statuses,
      },
      'kubelet',
    );
    this.pulled(cluster, pod);
  }

  /**
   * The kubelet pulled a started pod's images: its next node status patch lists them (nodestatus Images), with the
   * conditions' heartbeats renewed.
   */
  private pulled(cluster: string, pod: Pod): void {
    const node: Node | undefined = this.world.get(cluster, NODES, undefined, pod.spec?.nodeName ?? '');
    if (!node?.status) return;
    const references = (pod.spec?.containers ?? []).flatMap((c) => (c.image ? [c.image] : []));
    const images = withPulled(node.status.images ?? [], references);
    if (!images) return;
    const stamp = now();
    const conditions = (node.status.conditions ?? []).map((c) => ({ ...c, lastHeartbeatTime: stamp }));
    this.world.put(cluster, NODES, { ...node, status: { ...node.status, images, conditions } }, 'kubelet');
  }

  // --- kube: EndpointSlices for Services with selectors ---
  private localEndpointSlices(cluster: string): void {
    const services = this.world.list(cluster, SERVICES) as Service[];
    for (const svc of services) {
      // syncService (pkg/controller/endpointslice/endpointslice_controller.go) writes none for an ExternalName
      // Service nor one without a selector, and leaves the slices it wrote before. `selector: {}` is none: the
      // API server stores it so (omitempty; protobuf has no empty map).
      const selector = svc.spec?.selector;
      if (svc.spec?.type === 'ExternalName' || !selector || Object.keys(selector).length === 0) continue;
      const pods = (this.world.list(cluster, PODS, svc.metadata.namespace) as Pod[]).filter(
        (p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v) && p.status?.podIP,
      );
      const ports = (svc.spec?.ports ?? []).map((p) => ({
        name: p.name ?? '',
        protocol: p.protocol ?? 'TCP',
        port:
          typeof p.targetPort === 'number'
            ? p.targetPort
            : (pods
                .flatMap((pod) => (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []))
                .find((cp) => cp.name === p.targetPort)?.containerPort ?? p.port),
      }));
      this.upsert(
        cluster,
        ENDPOINTSLICES,
        {
          metadata: {
            name: `${svc.metadata.name}-${hash(svc.metadata.uid, 5)}`,
            namespace: svc.metadata.namespace,
            labels: { [SERVICE_NAME]: svc.metadata.name, [SLICE_MANAGED_BY]: LOCAL_SLICE_MANAGER },
            ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, uid: svc.metadata.uid }],
          },
          addressType: 'IPv4',
          endpoints: pods.map((p) => ({
            addresses: [p.status?.podIP],
            conditions: { ready: true, serving: true, terminating: false },
            targetRef: { kind: 'Pod', name: p.metadata.name, namespace: p.metadata.namespace },
            nodeName: p.spec?.nodeName,
          })),
          ports,
        },
        'kube-controller-manager',
      );
    }
    for (const slice of this.world.list(cluster, ENDPOINTSLICES) as EndpointSlice[]) {
      const labels = slice.metadata.labels ?? {};
      if (labels[SLICE_MANAGED_BY] !== LOCAL_SLICE_MANAGER) continue;
      const owner = services.find(
        (s) => s.metadata.namespace === slice.metadata.namespace && s.metadata.name === labels[SERVICE_NAME],
      );
      if (!owner || owner.metadata.uid !== slice.metadata.ownerReferences?.at(0)?.uid)
        this.world.remove(cluster, ENDPOINTSLICES, slice.metadata.namespace, slice.metadata.name);
    }
  }
}

/** Every field of `part` is in `whole` with the same value (lists element by element). */
function contains(whole: unknown, part: unknown): boolean {
  if (part === undefined) return true;
  if (Array.isArray(part))
    return Array.isArray(whole) && whole.length === part.length && part.every((p, i) => contains(whole[i], p));
  if (typeof part === 'object' && part !== null) {
    return (
      typeof whole === 'object' &&
      whole !== null &&
      Object.entries(part).every(([k, v]) => contains((whole as Record<string, unknown>)[k], v))
    );
  }
  return whole === part;
}
