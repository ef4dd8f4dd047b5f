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

/**
 * A model's shape as plain data, for objects built as literals (client-node's models are classes, and an object
 * literal is no instance of one) and for functions that take either. Timestamps: the JSON holds strings where the
 * models say Date. Every model instance is also a Plain one.
 */
export type Plain<T> = T extends Date
  ? Date | string
  : T extends (infer U)[]
    ? Plain<U>[]
    : T extends object
      ? { [K in keyof T]: Plain<T[K]> }
      : T;
