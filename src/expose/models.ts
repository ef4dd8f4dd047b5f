// The objects expose reads and writes (src/kube/objects.ts, src/karmada/types.ts), with the name they always have:
// read from the API server, or derived by expose.
import type * as kube from '../kube/objects.js';
import type { Cluster, MultiClusterService, ResourceBinding } from '../karmada/types.js';

export type Named<T extends kube.KubeObject> = T & { metadata: kube.ObjectMeta & { name: string } };

export type Service = Named<kube.Service>;
export type Deployment = Named<kube.Deployment>;
export type EndpointSlice = Named<kube.EndpointSlice>;
export type Pod = Named<kube.Pod>;
export type Mcs = Named<MultiClusterService>;
export type KarmadaCluster = Named<Cluster>;
export type Binding = Named<ResourceBinding>;
