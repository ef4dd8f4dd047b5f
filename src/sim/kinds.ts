// The Kubernetes kinds the simulator reads, as the world stores them: client-node's models in their JSON form
// (type-only: nothing of client-node loads). Karmada's kinds are in karmada-types.ts; Stored<> gives their stored form.
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

/**
 * A kind as the world stores it: its JSON form, with the metadata, apiVersion and kind put() stamps. `T` is a
 * client-node model or a kind of karmada-types.ts. The keys are filtered with `as`, not Omit, which would keep only
 * the index signature of a SimObject kind and drop its spec and status.
 */
export type Stored<T> = {
  [K in keyof T as K extends 'apiVersion' | 'kind' | 'metadata' ? never : K]: Json<T[K]>;
} & StoredObject;

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
