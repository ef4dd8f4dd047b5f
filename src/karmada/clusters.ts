// Karmada's Cluster objects as the MultiClusterService controllers judge them
// (pkg/controllers/multiclusterservice/*.go: Ready and EndpointSlice API support; the scheduler: taints).
import type { Obj } from '../kube/client.js';

export const clusterName = (c: Obj): string => c.metadata.name;

export const readyCondition = (c: Obj): Obj | undefined =>
  (c.status?.conditions ?? []).find((x: Obj) => x.type === 'Ready');

export const isReady = (c: Obj): boolean => readyCondition(c)?.status === 'True';

export const syncMode = (c: Obj | undefined): string => c?.spec?.syncMode ?? 'unknown';

/**
 * Whether the member serves discovery.k8s.io/v1 EndpointSlices, from `status.apiEnablements`
 * (helper.IsAPIEnabled in Karmada); undefined when the cluster reports no API list yet.
 */
export function servesEndpointSlices(c: Obj): boolean | undefined {
  const enablements: Obj[] | undefined = c.status?.apiEnablements;
  if (!enablements?.length) return undefined;
  return enablements.some(
    (e) => e.groupVersion === 'discovery.k8s.io/v1' && (e.resources ?? []).some((r: Obj) => r.kind === 'EndpointSlice'),
  );
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
