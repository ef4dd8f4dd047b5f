// Karmada's Cluster objects as the MultiClusterService controllers judge them
// (pkg/controllers/multiclusterservice/*.go: Ready and EndpointSlice API support; the scheduler: taints).
import type { KubeClient, Obj } from '../kube/client.js';

/** How a service reaches the clusters of one Karmada: its API server, the host cluster, and each member. */
export interface Clusters {
  karmada(): Promise<KubeClient>;
  host(options?: { bestEffort?: boolean }): Promise<KubeClient>;
  member(name: string): Promise<KubeClient>;
}

export const clusterName = (c: Obj): string => c.metadata.name;

export const readyCondition = (c: Obj): Obj | undefined =>
  (c.status?.conditions ?? []).find((x: Obj) => x.type === 'Ready');

export const isReady = (c: Obj): boolean => readyCondition(c)?.status === 'True';

export const syncMode = (c: Obj | undefined): string => c?.spec?.syncMode ?? 'unknown';

/**
 * Whether the member serves discovery.k8s.io/v1 EndpointSlices, as Cluster.APIEnablement decides
 * (pkg/apis/cluster/v1alpha1/cluster_helper.go): listed in `status.apiEnablements` means yes; absent
 * means no only when the CompleteAPIEnablements condition is True, else unknown (undefined).
 */
export function servesEndpointSlices(c: Obj): boolean | undefined {
  const listed = (c.status?.apiEnablements ?? []).some(
    (e: Obj) =>
      e.groupVersion === 'discovery.k8s.io/v1' && (e.resources ?? []).some((r: Obj) => r.kind === 'EndpointSlice'),
  );
  if (listed) return true;
  const complete = (c.status?.conditions ?? []).some(
    (x: Obj) => x.type === 'CompleteAPIEnablements' && x.status === 'True',
  );
  return complete ? false : undefined;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** `key=value:Effect`, as kubectl and karmadactl print a taint. */
export const formatTaint = (t: Taint): string => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

/** Kubernetes' Toleration.ToleratesTaint (k8s.io/api/core/v1/toleration.go), which Karmada's scheduler uses. */
export function tolerates(toleration: Obj, taint: Taint): boolean {
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
export function untoleratedTaints(cluster: Obj, tolerations: Obj[]): Taint[] {
  const taints: Taint[] = cluster.spec?.taints ?? [];
  return taints.filter(
    (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerations.some((x) => tolerates(x, t)),
  );
}
