// The API resources the simulated clusters serve: which cluster serves what, and discovery documents.
import {
  type ResourceType, CLUSTERS, CLUSTER_PROPAGATION_POLICIES, CONFIGMAPS, DEPLOYMENTS, ENDPOINTSLICES, KARMADAS, MCS, NAMESPACES,
  PODS, PROPAGATION_POLICIES, RESOURCE_BINDINGS, SERVICES, WORKS,
} from '../kube/resources.js';

export * from '../kube/resources.js';

export type ClusterRole = 'karmada' | 'host' | 'member';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const KUBE = [NAMESPACES, PODS, SERVICES, CONFIGMAPS, DEPLOYMENTS, ENDPOINTSLICES];

export function resourcesFor(role: ClusterRole, options: { operator?: boolean } = {}): ResourceType[] {
  if (role === 'karmada') return [...KUBE, CLUSTERS, MCS, PROPAGATION_POLICIES, CLUSTER_PROPAGATION_POLICIES, RESOURCE_BINDINGS, WORKS];
  if (role === 'host' && options.operator) return [...KUBE, KARMADAS];
  return KUBE;
}

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
