// Label and annotation names that Kubernetes and Karmada put on the objects of a
// MultiClusterService (reference §2). The simulator writes them and the commands read them,
// from this one place, so the two cannot drift apart.

/** on every object Karmada propagated into a member */
export const KARMADA_MANAGED = 'karmada.io/managed';
/** on EndpointSlices: the Service they back */
export const SERVICE_NAME = 'kubernetes.io/service-name';
/** on EndpointSlices: who maintains them */
export const SLICE_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** SLICE_MANAGED_BY of the slices Karmada dispatched into a consumer */
export const DISPATCH_MANAGER = 'endpointslice-dispatch-controller.karmada.io';
/** SLICE_MANAGED_BY of a cluster's own slices */
export const LOCAL_SLICE_MANAGER = 'endpointslice-controller.k8s.io';
/** on a dispatched slice: the provider it came from */
export const PROVISION_CLUSTER = 'endpointslice.karmada.io/provision-cluster';
