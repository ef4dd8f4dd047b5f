// Label and annotation names that Kubernetes and Karmada put on the objects of a MultiClusterService
// (karmada pkg/util/constants.go, k8s.io/api/discovery/v1), and the ones this plugin puts on what it writes.
// The simulator keeps its own copy (src/sim/labels.ts), written from the same sources.

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

/** on what this plugin writes (Service, MultiClusterService, probe pods): who manages it */
export const MANAGED_BY = 'app.kubernetes.io/managed-by';
/** MANAGED_BY's value, and the field manager of every write */
export const PLUGIN = 'kubectl-karmada-mcs';
