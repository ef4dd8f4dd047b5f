// Kubernetes objects as client-node models them. Type-only: nothing of client-node loads at start-up.
export type {
  CoreV1Event,
  V1Container,
  V1CustomResourceDefinition,
  V1Deployment,
  V1EndpointSlice,
  V1Node,
  V1ObjectMeta,
  V1Pod,
  V1Service,
  V1Status,
} from '@kubernetes/client-node';

import type { V1ObjectMeta } from '@kubernetes/client-node';

/** Any object the API server returns: its kind and metadata, the rest unknown until narrowed to a model type. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: V1ObjectMeta;
}
