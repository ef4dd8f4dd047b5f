// Label, annotation and finalizer names as Karmada and Kubernetes write them, from their source:
// k8s.io/api/discovery/v1 (well_known_labels.go), karmada pkg/util/constants.go and
// pkg/controllers/multiclusterservice/*. The simulator keeps its own copy, apart from the plugin's.

export const KARMADA_MANAGED = 'karmada.io/managed';
export const SERVICE_NAME = 'kubernetes.io/service-name';
export const SLICE_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const DISPATCH_MANAGER = 'endpointslice-dispatch-controller.karmada.io';
export const KARMADA_SLICE_MANAGER = 'endpointslice-controller.karmada.io';
export const LOCAL_SLICE_MANAGER = 'endpointslice-controller.k8s.io';
export const PROVISION_CLUSTER = 'endpointslice.karmada.io/provision-cluster';
export const MCS_FINALIZER = 'karmada.io/multiclusterservice-controller';
export const MCS_PERMANENT_ID = 'multiclusterservice.karmada.io/permanent-id';
export const SERVICE_APPLIED = 'ServiceApplied';
export const ENDPOINTSLICE_DISPATCHED = 'EndpointSliceDispatched';
