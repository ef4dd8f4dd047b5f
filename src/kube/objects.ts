// Kubernetes objects as this plugin reads and writes them: client-node's models in the form their JSON has.
// client-node's models are classes and type timestamps as Date; what the API server sends is plain objects with
// RFC 3339 strings. Json<> gives a model's fields as that plain data. Type-only: nothing of client-node loads at
// start-up.
import type {
  CoreV1Event,
  V1Condition,
  V1Container,
  V1ContainerPort,
  V1CustomResourceDefinition,
  V1Deployment,
  V1Endpoint,
  V1EndpointSlice,
  V1Node,
  V1ObjectMeta,
  V1Pod,
  V1Service,
  V1ServiceStatus,
  V1Status,
  V1Taint,
  V1Toleration,
} from '@kubernetes/client-node';

export type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

export type ObjectMeta = Json<V1ObjectMeta>;

/** Any object the API server returns: its kind and metadata, the rest unknown until narrowed to a model type. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

export type Container = Json<V1Container>;
export type ContainerPort = Json<V1ContainerPort>;
export type Condition = Json<V1Condition>;
export type Crd = Json<V1CustomResourceDefinition>;
export type Deployment = Json<V1Deployment>;
export type Endpoint = Json<V1Endpoint>;
/** `endpoints` has no omitempty in k8s.io/api/discovery/v1/types.go: a slice without endpoints sends null. */
export type EndpointSlice = Omit<Json<V1EndpointSlice>, 'endpoints'> & { endpoints: Endpoint[] | null };
export type Event = Json<CoreV1Event>;
export type Node = Json<V1Node>;
export type Pod = Json<V1Pod>;
export type Service = Json<V1Service>;
export type ServiceStatus = Json<V1ServiceStatus>;
export type Status = Json<V1Status>;
export type Taint = Json<V1Taint>;
export type Toleration = Json<V1Toleration>;

/** matchLabels as kubectl's -l takes them: `k=v,k2=v2`. */
export const labelSelector = (labels: Record<string, string> | undefined): string =>
  Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
