// The Kubernetes and Karmada resources this project reads and writes, with the facts both the
// client (paths, messages) and the simulator (discovery) need.

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

const core = (
  plural: string,
  kind: string,
  namespaced: boolean,
  shortNames?: string[],
  subresources?: string[],
): ResourceType => ({
  group: '',
  version: 'v1',
  plural,
  singular: kind.toLowerCase(),
  kind,
  namespaced,
  shortNames,
  subresources,
});

export const NAMESPACES = core('namespaces', 'Namespace', false, ['ns'], ['status']);
export const PODS = core('pods', 'Pod', true, ['po'], ['status', 'exec', 'log']);
export const SERVICES = core('services', 'Service', true, ['svc'], ['status']);
export const CONFIGMAPS = core('configmaps', 'ConfigMap', true, ['cm']);
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
const karmada = (
  group: string,
  version: string,
  plural: string,
  kind: string,
  namespaced: boolean,
  shortNames?: string[],
): ResourceType => ({
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

export const CLUSTERS = karmada('cluster.karmada.io', 'v1alpha1', 'clusters', 'Cluster', false);
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
/** kubectl's "resource.group" name, used in messages: `deployments.apps "x" not found`. */
export const qualifiedName = (rt: ResourceType): string => (rt.group ? `${rt.plural}.${rt.group}` : rt.plural);

/** Where Karmada's API serves a member's own API (the `proxy` subresource of its Cluster). */
export const clusterProxyPath = (member: string): string =>
  `/apis/cluster.karmada.io/v1alpha1/clusters/${encodeURIComponent(member)}/proxy`;

/** The REST path of a resource, an object, or one of its subresources. */
export function resourcePath(rt: ResourceType, namespace?: string, name?: string, subresource?: string): string {
  const base = rt.group ? `/apis/${rt.group}/${rt.version}` : '/api/v1';
  const ns = rt.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const object = name ? `/${encodeURIComponent(name)}` : '';
  return `${base}${ns}/${rt.plural}${object}${subresource ? `/${subresource}` : ''}`;
}

/** How kubectl names a resource in its output: `deployment.apps`, `service`. */
export const kindRef = (rt: ResourceType): string => `${rt.singular}${rt.group ? `.${rt.group}` : ''}`;

/** How kubectl names an object in its output: `deployment.apps/nginx`, `service/nginx`. */
export const objectRef = (rt: ResourceType, name: string): string => `${kindRef(rt)}/${name}`;
