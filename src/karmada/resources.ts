// Kubernetes resources that only the diagnosis reads (the writers' table is src/kube/resources.ts).
import type { ResourceType } from '../kube/resources.js';

export const NODES: ResourceType = {
  group: '',
  version: 'v1',
  plural: 'nodes',
  singular: 'node',
  kind: 'Node',
  namespaced: false,
  shortNames: ['no'],
};
export const EVENTS: ResourceType = {
  group: '',
  version: 'v1',
  plural: 'events',
  singular: 'event',
  kind: 'Event',
  namespaced: true,
  shortNames: ['ev'],
};
export const CRDS: ResourceType = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  plural: 'customresourcedefinitions',
  singular: 'customresourcedefinition',
  kind: 'CustomResourceDefinition',
  namespaced: false,
  shortNames: ['crd', 'crds'],
};
export const MCS_CRD = 'multiclusterservices.networking.karmada.io';
/** on the EndpointSlice Works of a MultiClusterService (util.MultiClusterServiceNameLabel, ...NamespaceLabel) */
export const MCS_NAME_LABEL = 'multiclusterservice.karmada.io/name';
export const MCS_NAMESPACE_LABEL = 'multiclusterservice.karmada.io/namespace';
/** Karmada's execution namespace of a member (names.GenerateExecutionSpaceName) */
export const executionSpace = (cluster: string): string => `karmada-es-${cluster}`;
