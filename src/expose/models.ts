// The objects expose reads and writes, as their JSON carries them. client-node's models are classes, which an
// object literal is not, and type timestamps as Date where the JSON holds RFC 3339 strings; Json<> gives the same
// fields as plain data. Objects read from the API server, and those expose derives, always have a name.
import type { KubeObject, V1Deployment, V1EndpointSlice, V1ObjectMeta, V1Pod, V1Service } from '../kube/objects.js';
import type { Cluster, MultiClusterService, ResourceBinding } from '../karmada/types.js';

export type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

export type Named<T extends KubeObject> = Json<T> & { metadata: Json<V1ObjectMeta> & { name: string } };

export type Service = Named<V1Service>;
export type Deployment = Named<V1Deployment>;
export type EndpointSlice = Named<V1EndpointSlice>;
export type Pod = Named<V1Pod>;
export type Mcs = Named<MultiClusterService>;
export type KarmadaCluster = Named<Cluster>;
export type Binding = Named<ResourceBinding>;
