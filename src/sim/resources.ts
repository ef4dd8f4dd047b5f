// The API resources the simulated clusters serve, written from Kubernetes' and Karmada's API definitions
// (k8s.io/api, karmada pkg/apis/*), not from the plugin's own tables: the simulator must not share them.

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

const core = (plural: string, kind: string, namespaced: boolean, extra: Partial<ResourceType> = {}): ResourceType => ({
  group: '',
  version: 'v1',
  plural,
  singular: kind.toLowerCase(),
  kind,
  namespaced,
  ...extra,
});

// Categories as kube-apiserver registers them (pkg/registry/*/storage: `all` for the workload kinds).
export const NAMESPACES = core('namespaces', 'Namespace', false, { shortNames: ['ns'], subresources: ['status'] });
export const NODES = core('nodes', 'Node', false, { shortNames: ['no'], subresources: ['status'] });
export const EVENTS = core('events', 'Event', true, { shortNames: ['ev'] });
export const PODS = core('pods', 'Pod', true, {
  shortNames: ['po'],
  categories: ['all'],
  subresources: ['status', 'exec', 'log'],
});
export const SERVICES = core('services', 'Service', true, {
  shortNames: ['svc'],
  categories: ['all'],
  subresources: ['status'],
});
export const CONFIGMAPS = core('configmaps', 'ConfigMap', true, { shortNames: ['cm'] });
export const DEPLOYMENTS: ResourceType = {
  group: 'apps',
  version: 'v1',
  plural: 'deployments',
  singular: 'deployment',
  kind: 'Deployment',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  subresources: ['status', 'scale'],
};
export const ENDPOINTSLICES: ResourceType = {
  group: 'discovery.k8s.io',
  version: 'v1',
  plural: 'endpointslices',
  singular: 'endpointslice',
  kind: 'EndpointSlice',
  namespaced: true,
};
export const CRDS: ResourceType = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  plural: 'customresourcedefinitions',
  singular: 'customresourcedefinition',
  kind: 'CustomResourceDefinition',
  namespaced: false,
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  subresources: ['status'],
};
// Karmada's CRDs all carry the `karmada-io` category (charts/karmada/_crds/bases/*).
const karmada = (
  group: string,
  version: string,
  plural: string,
  kind: string,
  namespaced: boolean,
  shortNames?: string[],
) => ({
  group,
  version,
  plural,
  singular: kind.toLowerCase(),
  kind,
  namespaced,
  shortNames,
  categories: ['karmada-io'],
  subresources: ['status'],
});

// Cluster is served by karmada-aggregated-apiserver (pkg/registry/cluster/storage), not a CRD: no category.
export const CLUSTERS = {
  ...karmada('cluster.karmada.io', 'v1alpha1', 'clusters', 'Cluster', false),
  categories: undefined,
};
export const MCS = karmada('networking.karmada.io', 'v1alpha1', 'multiclusterservices', 'MultiClusterService', true, [
  'mcs',
]);
export const PROPAGATION_POLICIES = karmada(
  'policy.karmada.io',
  'v1alpha1',
  'propagationpolicies',
  'PropagationPolicy',
  true,
  ['pp'],
);
export const CLUSTER_PROPAGATION_POLICIES = karmada(
  'policy.karmada.io',
  'v1alpha1',
  'clusterpropagationpolicies',
  'ClusterPropagationPolicy',
  false,
  ['cpp'],
);
export const RESOURCE_BINDINGS = karmada('work.karmada.io', 'v1alpha2', 'resourcebindings', 'ResourceBinding', true, [
  'rb',
]);
export const WORKS = karmada('work.karmada.io', 'v1alpha1', 'works', 'Work', true, ['wk']);
export const KARMADAS = karmada('operator.karmada.io', 'v1alpha1', 'karmadas', 'Karmada', true);

export const apiVersionOf = (rt: ResourceType): string => (rt.group ? `${rt.group}/${rt.version}` : rt.version);
export const keyOf = (rt: ResourceType): string => `${rt.group}/${rt.plural}`;
/** kube-apiserver's "resource.group" name in messages: `deployments.apps "x" not found`. */
export const qualifiedName = (rt: ResourceType): string => (rt.group ? `${rt.plural}.${rt.group}` : rt.plural);

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const KUBE = [NAMESPACES, NODES, EVENTS, PODS, SERVICES, CONFIGMAPS, DEPLOYMENTS, ENDPOINTSLICES, CRDS];

export function resourcesFor(role: ClusterRole, options: { operator?: boolean } = {}): ResourceType[] {
  if (role === 'karmada') {
    return [...KUBE, CLUSTERS, MCS, PROPAGATION_POLICIES, CLUSTER_PROPAGATION_POLICIES, RESOURCE_BINDINGS, WORKS];
  }
  if (role === 'host' && options.operator) return [...KUBE, KARMADAS];
  return KUBE;
}

export function apiResourceList(rts: ResourceType[], groupVersion: string): object {
  const resources = rts.flatMap((rt) => [
    {
      name: rt.plural,
      singularName: rt.singular,
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: VERBS,
      ...(rt.shortNames ? { shortNames: rt.shortNames } : {}),
      ...(rt.categories ? { categories: rt.categories } : {}),
    },
    ...(rt.subresources ?? []).map((sub) => ({
      name: `${rt.plural}/${sub}`,
      singularName: '',
      namespaced: rt.namespaced,
      // A subresource of another group names it (kube-apiserver's discovery: deployments/scale is autoscaling/v1
      // Scale), which client-go's scale client reads to encode a Scale it updates.
      ...(sub === 'scale' ? { group: 'autoscaling', version: 'v1' } : {}),
      kind: sub === 'exec' ? 'PodExecOptions' : sub === 'scale' ? 'Scale' : sub === 'log' ? 'Pod' : rt.kind,
      verbs: sub === 'exec' ? ['create', 'get'] : sub === 'log' ? ['get'] : ['get', 'patch', 'update'],
    })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}
