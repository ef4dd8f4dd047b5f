// Karmada's objects as the simulator reads and writes them, field for field from Karmada's Go types at v1.18.0:
// pkg/apis/networking/v1alpha1/service_types.go (v1.8.0 for serviceProvisionClusters / serviceConsumptionClusters,
// which later releases keep, deprecated), pkg/apis/cluster/v1alpha1/types.go, pkg/apis/work/v1alpha1/work_types.go,
// pkg/apis/work/v1alpha2/binding_types.go, pkg/apis/policy/v1alpha1/propagation_types.go and
// operator/pkg/apis/operator/v1alpha1/type.go. Only the fields the simulator touches are listed; the rest pass
// through as the index signature of SimObject. Fields the Go types mark omitempty are optional, and so is anything a
// client may leave out before the API server or the webhook rejects it. apiVersion and kind are optional as in
// SimObject: the world stamps them when it stores an object, and a controller builds objects without them;
// `Stored<Cluster>` (kinds.ts) is a kind as the world holds it, stamped.
import type { V1ServiceStatus, V1Taint, V1Toleration } from '@kubernetes/client-node';
import type { LabelSelector } from './kinds.js';
import type { Json, SimObject } from './world.js';

/** metav1.Condition (apimachinery pkg/apis/meta/v1/types.go); the simulator's writers may leave out the optional */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export type Taint = Json<V1Taint>;
export type Toleration = Json<V1Toleration>;

/** ExposurePort */
export interface ExposurePort {
  name?: string;
  port: number;
}

/** ClusterSelector (v1.9+) */
export interface ClusterSelector {
  name: string;
}

/** MultiClusterServiceSpec; `types` holds ExposureType values (CrossCluster, LoadBalancer) once validated. */
export interface MultiClusterServiceSpec {
  types?: string[];
  ports?: ExposurePort[];
  range?: { clusterNames?: string[] };
  /** v1.8's lists of names, deprecated from v1.9 */
  serviceProvisionClusters?: string[];
  serviceConsumptionClusters?: string[];
  providerClusters?: ClusterSelector[];
  consumerClusters?: ClusterSelector[];
}

/** networking.karmada.io/v1alpha1 MultiClusterService; its status is a corev1.ServiceStatus. */
export interface MultiClusterService extends SimObject {
  spec?: MultiClusterServiceSpec;
  status?: Omit<Json<V1ServiceStatus>, 'conditions'> & { conditions?: Condition[] };
}

/** APIEnablement */
export interface ApiEnablement {
  groupVersion: string;
  resources?: readonly { name: string; kind: string }[];
}

/** corev1.ResourceList as JSON: resource name → resource.Quantity in its canonical form */
export type ResourceList = Record<string, string>;

/** NodeSummary (both fields omitempty) */
export interface NodeSummary {
  totalNum?: number;
  readyNum?: number;
}

/** AllocatableModeling */
export interface AllocatableModeling {
  grade: number;
  count: number;
}

/** ResourceSummary */
export interface ResourceSummary {
  allocatable?: ResourceList;
  allocating?: ResourceList;
  allocated?: ResourceList;
  allocatableModelings?: AllocatableModeling[];
}

/** ResourceModel: a grade and its [min, max) ranges, one per resource name */
export interface ResourceModel {
  grade: number;
  ranges: readonly { name: string; min: string; max: string }[];
}

/** cluster.karmada.io/v1alpha1 Cluster */
export interface Cluster extends SimObject {
  spec?: {
    id?: string;
    syncMode?: 'Push' | 'Pull';
    apiEndpoint?: string;
    secretRef?: { namespace: string; name: string };
    impersonatorSecretRef?: { namespace: string; name: string };
    proxyURL?: string;
    provider?: string;
    region?: string;
    zone?: string;
    zones?: string[];
    taints?: Taint[];
    resourceModels?: readonly ResourceModel[];
  };
  status?: {
    kubernetesVersion?: string;
    /** shared and frozen between Clusters (cluster-status.ts): replace it, never change it in place */
    apiEnablements?: readonly ApiEnablement[];
    conditions?: Condition[];
    nodeSummary?: NodeSummary;
    resourceSummary?: ResourceSummary;
  };
}

/** runtime.RawExtension of a Work's manifest: any object, with its metadata */
export type Manifest = SimObject;

/** work.karmada.io/v1alpha1 Work */
export interface Work extends SimObject {
  spec?: {
    workload?: { manifests?: Manifest[] };
    suspendDispatching?: boolean;
    preserveResourcesOnDeletion?: boolean;
  };
  status?: { conditions?: Condition[] };
}

/** policy/v1alpha1 Placement, the part the scheduler here reads */
export interface Placement {
  clusterAffinity?: { clusterNames?: string[] };
  clusterTolerations?: Toleration[];
}

/** ObjectReference (work/v1alpha2) */
export interface ObjectReference {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
}

/** TargetCluster */
export interface TargetCluster {
  name: string;
  replicas?: number;
}

/** AggregatedStatusItem */
export interface AggregatedStatusItem {
  clusterName: string;
  applied?: boolean;
  appliedMessage?: string;
  health?: 'Healthy' | 'Unhealthy' | 'Unknown';
}

/** work.karmada.io/v1alpha2 ResourceBinding */
export interface ResourceBinding extends SimObject {
  spec?: {
    resource?: ObjectReference;
    clusters?: TargetCluster[];
    placement?: Placement;
    conflictResolution?: 'Overwrite' | 'Abort';
  };
  status?: {
    schedulerObservedGeneration?: number;
    conditions?: Condition[];
    aggregatedStatus?: AggregatedStatusItem[];
  };
}

/** ResourceSelector */
export interface ResourceSelector {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  labelSelector?: LabelSelector;
}

/**
 * policy.karmada.io/v1alpha1 PropagationPolicy and ClusterPropagationPolicy. resourceSelectors is required by the
 * CRD, but the simulator serves the policy CRDs with an open schema (crds.ts), so a stored policy may lack it.
 */
export interface PropagationPolicy extends SimObject {
  spec?: {
    resourceSelectors?: ResourceSelector[];
    placement?: Placement;
    priority?: number;
    conflictResolution?: 'Overwrite' | 'Abort';
  };
}

/** operator.karmada.io/v1alpha1 Karmada: the parts karmada-operator's patcher reads for the controller-manager */
export interface Karmada extends SimObject {
  spec?: {
    featureGates?: Record<string, boolean>;
    components?: {
      karmadaControllerManager?: { extraArgs?: Record<string, string>; [field: string]: unknown };
      [component: string]: unknown;
    };
    [field: string]: unknown;
  };
  status?: { observedGeneration?: number; conditions?: Condition[] };
}
