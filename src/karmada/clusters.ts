// Karmada's Cluster objects as the MultiClusterService controllers judge them
// (pkg/controllers/multiclusterservice/*.go: Ready and EndpointSlice API support; the scheduler: taints).
import type { Condition, Taint, Toleration } from '../kube/objects.js';
import type { KubeClient } from '../kube/client.js';
import type { Cluster } from './types.js';

/** How a service reaches the clusters of one Karmada: its API server, the host cluster, and each member. */
export interface Clusters {
  karmada(): Promise<KubeClient>;
  host(options?: { bestEffort?: boolean }): Promise<KubeClient>;
  member(name: string): Promise<KubeClient>;
}

export const readyCondition = (c: Cluster): Condition | undefined =>
  (c.status?.conditions ?? []).find((x) => x.type === 'Ready');

export const isReady = (c: Cluster): boolean => readyCondition(c)?.status === 'True';

export const syncMode = (c: Cluster | undefined): string => c?.spec?.syncMode ?? 'unknown';

/**
 * Whether the member serves discovery.k8s.io/v1 EndpointSlices, as Cluster.APIEnablement decides
 * (pkg/apis/cluster/v1alpha1/cluster_helper.go): listed in `status.apiEnablements` means yes; absent
 * means no only when the CompleteAPIEnablements condition is True, else unknown (undefined).
 */
export function servesEndpointSlices(c: Cluster): boolean | undefined {
  if (listsEndpointSlices(c)) return true;
  return apiListComplete(c) ? false : undefined;
}

const listsEndpointSlices = (c: Cluster): boolean =>
  (c.status?.apiEnablements ?? []).some(
    (e) => e.groupVersion === 'discovery.k8s.io/v1' && (e.resources ?? []).some((r) => r.kind === 'EndpointSlice'),
  );

export const apiListComplete = (c: Cluster): boolean =>
  (c.status?.conditions ?? []).some((x) => x.type === 'CompleteAPIEnablements' && x.status === 'True');

/**
 * Whether the MCS controllers of this release pass the cluster over for want of the EndpointSlice API (their
 * APIIncompatible warning): v1.8 does not look; v1.9–v1.14 whenever status.apiEnablements does not list it
 * (helper.IsAPIEnabled in mcs_controller.go and endpointslice_dispatch_controller.go); from v1.15 only when the list
 * is complete (Cluster.APIEnablement == APIDisabled). An unknown release is judged as the latest.
 */
export function skippedForEndpointSlices(c: Cluster, release?: readonly [number, number]): boolean {
  if (listsEndpointSlices(c)) return false;
  const [major, minor] = release ?? [];
  if (major === 1 && minor !== undefined && minor <= 14) return minor >= 9;
  return apiListComplete(c);
}

/** `key=value:Effect`, as kubectl and karmadactl print a taint. */
export const formatTaint = (t: Taint): string => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

/** Kubernetes' Toleration.ToleratesTaint (k8s.io/api/core/v1/toleration.go), which Karmada's scheduler uses. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key !== undefined && toleration.key !== '' && toleration.key !== taint.key) return false;
  const operator = toleration.operator ?? 'Equal';
  if (operator === 'Exists') return true;
  return operator === 'Equal' && (toleration.value ?? '') === (taint.value ?? '');
}

/**
 * Taints that keep the scheduler from placing a binding on the cluster (effects NoSchedule and
 * NoExecute, pkg/scheduler/framework/plugins/tainttoleration) and that no toleration matches.
 */
export function untoleratedTaints(cluster: Cluster, tolerations: Toleration[]): Taint[] {
  const taints = cluster.spec?.taints ?? [];
  return taints.filter(
    (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerations.some((x) => tolerates(x, t)),
  );
}
