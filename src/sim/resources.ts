// The API resources the simulated clusters serve, with the discovery facts real kubectl needs
// (kinds, scopes, short names, verbs, subresources).

export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** subresources served besides the main resource */
  subresources?: string[];
}

export type ClusterRole = 'karmada' | 'host' | 'member';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const core = (plural: string, kind: string, namespaced: boolean, shortNames?: string[], subresources?: string[]): ResourceType => ({
  group: '', version: 'v1', plural, singular: kind.toLowerCase(), kind, namespaced, shortNames, subresources,
});

const NAMESPACES = core('namespaces', 'Namespace', false, ['ns'], ['status']);
const PODS = core('pods', 'Pod', true, ['po'], ['status', 'exec', 'log']);
const SERVICES = core('services', 'Service', true, ['svc'], ['status']);
const CONFIGMAPS = core('configmaps', 'ConfigMap', true, ['cm']);
const DEPLOYMENTS: ResourceType = {
  group: 'apps', version: 'v1', plural: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true,
  shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'],
};
const ENDPOINTSLICES: ResourceType = {
  group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', namespaced: true,
};
const karmada = (group: string, version: string, plural: string, kind: string, namespaced: boolean, shortNames?: string[]): ResourceType => ({
  group, version, plural, singular: kind.toLowerCase(), kind, namespaced, shortNames, categories: ['karmada-io'], subresources: ['status'],
});

export const CLUSTERS = karmada('cluster.karmada.io', 'v1alpha1', 'clusters', 'Cluster', false);
export const MCS = karmada('networking.karmada.io', 'v1alpha1', 'multiclusterservices', 'MultiClusterService', true, ['mcs']);
export const PROPAGATION_POLICIES = karmada('policy.karmada.io', 'v1alpha1', 'propagationpolicies', 'PropagationPolicy', true, ['pp']);
export const CLUSTER_PROPAGATION_POLICIES = karmada('policy.karmada.io', 'v1alpha1', 'clusterpropagationpolicies', 'ClusterPropagationPolicy', false, ['cpp']);
export const RESOURCE_BINDINGS = karmada('work.karmada.io', 'v1alpha2', 'resourcebindings', 'ResourceBinding', true, ['rb']);
export const WORKS = karmada('work.karmada.io', 'v1alpha1', 'works', 'Work', true, ['wk']);
export const KARMADAS = karmada('operator.karmada.io', 'v1alpha1', 'karmadas', 'Karmada', true);

export { NAMESPACES, PODS, SERVICES, DEPLOYMENTS, ENDPOINTSLICES, CONFIGMAPS };

const KUBE = [NAMESPACES, PODS, SERVICES, CONFIGMAPS, DEPLOYMENTS, ENDPOINTSLICES];

export function resourcesFor(role: ClusterRole, options: { operator?: boolean } = {}): ResourceType[] {
  if (role === 'karmada') return [...KUBE, CLUSTERS, MCS, PROPAGATION_POLICIES, CLUSTER_PROPAGATION_POLICIES, RESOURCE_BINDINGS, WORKS];
  if (role === 'host' && options.operator) return [...KUBE, KARMADAS];
  return KUBE;
}

export const apiVersionOf = (rt: ResourceType): string => (rt.group ? `${rt.group}/${rt.version}` : rt.version);
export const keyOf = (rt: ResourceType): string => `${rt.group}/${rt.plural}`;
/** kubectl's "resource.group" name, used in messages: `deployments.apps "x" not found`. */
export const qualifiedName = (rt: ResourceType): string => (rt.group ? `${rt.plural}.${rt.group}` : rt.plural);

export function apiResourceList(rts: ResourceType[], groupVersion: string): object {
  const resources = rts.flatMap((rt) => [
    {
      name: rt.plural, singularName: rt.singular, namespaced: rt.namespaced, kind: rt.kind, verbs: VERBS,
      ...(rt.shortNames ? { shortNames: rt.shortNames } : {}),
      ...(rt.categories ? { categories: rt.categories } : {}),
    },
    ...(rt.subresources ?? []).map((sub) => ({
      name: `${rt.plural}/${sub}`, singularName: '', namespaced: rt.namespaced,
      kind: sub === 'exec' ? 'PodExecOptions' : sub === 'scale' ? 'Scale' : sub === 'log' ? 'Pod' : rt.kind,
      verbs: sub === 'exec' ? ['create', 'get'] : sub === 'log' ? ['get'] : ['get', 'patch', 'update'],
    })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}
