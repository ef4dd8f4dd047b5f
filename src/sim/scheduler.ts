// karmada-scheduler for the bindings the MultiClusterService controller creates, and the binding controller that
// turns a scheduled ResourceBinding into Works. Read from karmada pkg/scheduler/framework/plugins/
// (clusteraffinity, tainttoleration), pkg/scheduler/cache/snapshot.go (only Ready clusters are candidates),
// pkg/controllers/binding/binding_controller.go and pkg/controllers/ctrlutil/work.go.
import { CLUSTERS, RESOURCE_BINDINGS, SERVICES, WORKS } from './resources.js';
import {
  EXECUTION_FINALIZER,
  KARMADA,
  clusterReady,
  createOrUpdateWork,
  deleteObject,
  executionSpace,
  save,
  setStatusCondition,
  workName,
} from './works.js';
import type { Cluster, ResourceBinding, Taint, Toleration, Work } from './karmada-types.js';
import type { Service } from './kinds.js';
import type { World } from './world.js';

/** k8s.io/api core/v1 Toleration.ToleratesTaint (the rule Karmada's helper.FindMatchingUntoleratedTaint uses). */
function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  if (!toleration.operator || toleration.operator === 'Equal') return (toleration.value ?? '') === (taint.value ?? '');
  return false;
}

/** The tainttoleration filter: an untolerated NoSchedule or NoExecute taint, as the scheduler reports it. */
export function untoleratedTaint(cluster: Cluster, tolerations: Toleration[]): Taint | undefined {
  return (cluster.spec?.taints ?? []).find(
    (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerations.some((tol) => tolerates(tol, t)),
  );
}

/**
 * Schedules a binding whose placement changed, or (`clusterChanged`) one a changed cluster may place: candidates are
 * the Ready clusters named by the cluster affinity; clusters already in spec.clusters pass the taint filter
 * (TargetContains), others need every NoSchedule/NoExecute taint tolerated by placement.clusterTolerations.
 * Duplicated: every feasible cluster gets the whole object.
 */
export function schedule(world: World, rb: ResourceBinding, clusterChanged = false): void {
  if (rb.metadata.deletionTimestamp) return;
  if (!clusterChanged && rb.status?.schedulerObservedGeneration === rb.metadata.generation) return;
  const placement = rb.spec?.placement ?? {};
  const names = placement.clusterAffinity?.clusterNames;
  const current = new Set((rb.spec?.clusters ?? []).map((c) => c.name));
  const feasible = (world.list(KARMADA, CLUSTERS) as Cluster[])
    .filter((c) => !names || names.includes(c.metadata.name))
    .filter((c) => clusterReady(c))
    .filter((c) => current.has(c.metadata.name) || !untoleratedTaint(c, placement.clusterTolerations ?? []))
    .map((c) => c.metadata.name)
    .sort();
  const ok = feasible.length > 0;
  const scheduled = ok
    ? { type: 'Scheduled', status: 'True', reason: 'Success', message: 'Binding has been scheduled successfully.' }
    : { type: 'Scheduled', status: 'False', reason: 'NoClusterFit', message: '0/0 clusters are available' };
  // The result with a merge patch of the binding, the condition with one of its status (pkg/scheduler/scheduler.go
  // patchScheduleResultForResourceBinding, patchBindingStatusCondition): both by karmada-scheduler.
  const updated = save(
    world,
    KARMADA,
    RESOURCE_BINDINGS,
    { ...rb, spec: { ...rb.spec, clusters: feasible.map((name) => ({ name })) } },
    'karmada-scheduler',
  );
  save(
    world,
    KARMADA,
    RESOURCE_BINDINGS,
    {
      ...updated,
      status: {
        ...updated.status,
        schedulerObservedGeneration: updated.metadata.generation,
        conditions: setStatusCondition(updated.status?.conditions ?? [], scheduled),
      },
    },
    'karmada-scheduler',
  );
}

/**
 * The binding controller: one Work `<name>-<hash>` per target cluster in `karmada-es-<cluster>`, with the template
 * stripped of what the member allocates (prune.RemoveIrrelevantFields drops a Service's clusterIP(s)); Works of
 * clusters no longer targeted are deleted. A deleted binding takes its Works before its finalizer goes.
 */
export function syncBinding(world: World, rb: ResourceBinding): void {
  const ref = rb.spec?.resource;
  if (ref?.kind !== 'Service') return;
  const name = workName('Service', ref.name, ref.namespace ?? '');
  const targets = rb.metadata.deletionTimestamp ? [] : (rb.spec?.clusters ?? []).map((c) => c.name);
  const template: Service | undefined = world.get(KARMADA, SERVICES, ref.namespace, ref.name);
  // A Work lives in the execution space of a registered cluster (the namespace goes with the Cluster).
  const owned = (world.list(KARMADA, CLUSTERS) as Cluster[])
    .map((c) => world.get(KARMADA, WORKS, executionSpace(c.metadata.name), name) as Work | undefined)
    .filter((w): w is Work => w?.metadata.labels?.['resourcebinding.karmada.io/permanent-id'] === rb.metadata.uid);
  for (const work of owned) {
    if (!targets.includes((work.metadata.namespace ?? '').slice('karmada-es-'.length)))
      deleteObject(world, KARMADA, WORKS, work);
  }
  if (rb.metadata.deletionTimestamp) {
    const left = owned.some((w) => world.get(KARMADA, WORKS, w.metadata.namespace, name) !== undefined);
    if (!left) world.remove(KARMADA, RESOURCE_BINDINGS, rb.metadata.namespace, rb.metadata.name);
    return;
  }
  if (!template) return;
  const { clusterIP: _ip, clusterIPs: _ips, ...spec } = template.spec ?? {};
  const manifest = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      labels: { ...template.metadata.labels },
      annotations: {
        ...template.metadata.annotations,
        'resourcebinding.karmada.io/name': rb.metadata.name,
        'resourcebinding.karmada.io/namespace': rb.metadata.namespace ?? '',
      },
    },
    spec,
  };
  for (const target of targets) {
    createOrUpdateWork(
      world,
      {
        name,
        namespace: executionSpace(target),
        finalizers: [EXECUTION_FINALIZER],
        labels: { 'resourcebinding.karmada.io/permanent-id': rb.metadata.uid ?? '' },
        annotations: {
          'resourcebinding.karmada.io/name': rb.metadata.name,
          'resourcebinding.karmada.io/namespace': rb.metadata.namespace ?? '',
        },
      },
      manifest,
      'karmada-controller-manager',
    );
  }
  aggregateStatus(world, rb, name, targets);
}

/** The binding status controller: FullyApplied once every target's Work is Applied. */
function aggregateStatus(world: World, rb: ResourceBinding, name: string, targets: string[]): void {
  const current = world.get(KARMADA, RESOURCE_BINDINGS, rb.metadata.namespace, rb.metadata.name) as
    ResourceBinding | undefined;
  if (!current) return;
  const works = targets.map((t) => world.get(KARMADA, WORKS, executionSpace(t), name) as Work | undefined);
  const applied = (w: Work | undefined) =>
    (w?.status?.conditions ?? []).some((c) => c.type === 'Applied' && c.status === 'True');
  const all = targets.length > 0 && works.every(applied);
  const fully = all
    ? {
        type: 'FullyApplied',
        status: 'True',
        reason: 'FullyAppliedSuccess',
        message: 'All works have been successfully applied',
      }
    : {
        type: 'FullyApplied',
        status: 'False',
        reason: 'FullyAppliedFailed',
        message: 'Failed to apply all works, see status.aggregatedStatus for details',
      };
  save(
    world,
    KARMADA,
    RESOURCE_BINDINGS,
    {
      ...current,
      status: {
        ...current.status,
        conditions: setStatusCondition(current.status?.conditions ?? [], fully),
        aggregatedStatus: targets.map((clusterName, i) => ({
          clusterName,
          applied: applied(works[i]),
          ...(applied(works[i]) ? { health: 'Healthy' } : { health: 'Unknown' }),
        })),
      },
    },
    'karmada-controller-manager',
  );
}
