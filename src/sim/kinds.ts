// The kinds the simulator's generic code reads, as the world stores them. Kubernetes kinds are client-node's
// models in their JSON form (type-only: nothing of client-node loads); Karmada kinds hold the fields read here,
// written from Karmada's Go types (pkg/apis/cluster/v1alpha1/types.go, pkg/apis/policy/v1alpha1/
// propagation_types.go, pkg/apis/work/v1alpha1/work_types.go).
import type {
  CoreV1Event,
  V1ConfigMap,
  V1Container,
  V1CustomResourceDefinition,
  V1Deployment,
  V1Endpoint,
  V1EndpointSlice,
  V1LabelSelector,
  V1Namespace,
  V1Node,
  V1Pod,
  V1Service,
  V1ServicePort,
} from '@kubernetes/client-node';
import type { Json, StoredObject } from './world.js';

/** A Kubernetes model as stored: its JSON form, with the world's metadata, apiVersion and kind. */
export type Stored<T> = Json<Omit<T, 'apiVersion' | 'kind' | 'metadata'>> & StoredObject;

export type Container = Json<V1Container>;
export type LabelSelector = Json<V1LabelSelector>;
export type ServicePort = Json<V1ServicePort>;
export type Pod = Stored<V1Pod>;
export type Service = Stored<V1Service>;
export type Deployment = Stored<V1Deployment>;
/** Go encodes an empty list as null (discovery/v1 types.go: `endpoints` and `addresses` have no omitempty). */
export type Endpoint = Omit<Json<V1Endpoint>, 'addresses'> & { addresses?: string[] | null };
export type EndpointSlice = Stored<Omit<V1EndpointSlice, 'endpoints'>> & { endpoints?: Endpoint[] | null };
export type Node = Stored<V1Node>;
export type Namespace = Stored<V1Namespace>;
export type ConfigMap = Stored<V1ConfigMap>;
export type KubeEvent = Stored<CoreV1Event>;
export type CustomResourceDefinition = Stored<V1CustomResourceDefinition>;

/** metav1.Condition, as Karmada's kinds report them */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface Cluster extends StoredObject {
  spec?: {
    syncMode?: string;
    apiEndpoint?: string;
    proxyURL?: string;
    provider?: string;
    region?: string;
    zones?: string[];
  };
  status?: { kubernetesVersion?: string; conditions?: Condition[] };
}

export interface ResourceSelector {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  labelSelector?: LabelSelector;
}

export interface Placement {
  clusterAffinity?: { clusterNames?: string[] };
  [field: string]: unknown;
}

/** PropagationPolicy and ClusterPropagationPolicy */
export interface PropagationPolicy extends StoredObject {
  spec?: {
    resourceSelectors?: ResourceSelector[];
    placement?: Placement;
    conflictResolution?: string;
    priority?: number;
  };
}

export interface ResourceBinding extends StoredObject {
  status?: { conditions?: Condition[] };
}

export interface Work extends StoredObject {
  spec?: { workload?: { manifests?: Array<{ kind?: string }> } };
  status?: { conditions?: Condition[] };
}
