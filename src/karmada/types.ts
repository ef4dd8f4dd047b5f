// Karmada's API objects as this plugin reads and writes them, field for field from Karmada's Go types
// (pkg/apis/networking/v1alpha1/service_types.go, pkg/apis/cluster/v1alpha1/types.go,
// pkg/apis/work/v1alpha1/work_types.go, pkg/apis/work/v1alpha2/binding_types.go). Fields the Go types mark omitempty
// are optional; so is anything an older release may not serve (providerClusters before v1.9). Kubernetes' own objects
// are client-node's models in their JSON form (src/kube/objects.ts).
import type { Condition, ObjectMeta, ServiceStatus, Taint, Toleration } from '../kube/objects.js';

interface KarmadaObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

export type ExposureType = 'CrossCluster' | 'LoadBalancer';

export interface ClusterSelector {
  name: string;
}

export interface MultiClusterServiceSpec {
  types?: ExposureType[];
  ports?: { name?: string; port: number }[];
  range?: { clusterNames?: string[] };
  /** v1.8's names; deprecated from v1.9 */
  serviceProvisionClusters?: string[];
  serviceConsumptionClusters?: string[];
  providerClusters?: ClusterSelector[];
  consumerClusters?: ClusterSelector[];
}

export interface MultiClusterService extends KarmadaObject {
  spec?: MultiClusterServiceSpec;
  status?: ServiceStatus;
}

export type ClusterSyncMode = 'Push' | 'Pull';

export interface Cluster extends KarmadaObject {
  spec?: {
    id?: string;
    syncMode?: ClusterSyncMode;
    apiEndpoint?: string;
    proxyURL?: string;
    provider?: string;
    region?: string;
    zone?: string;
    zones?: string[];
    taints?: Taint[];
  };
  status?: {
    kubernetesVersion?: string;
    apiEnablements?: { groupVersion: string; resources?: { name: string; kind: string }[] }[];
    conditions?: Condition[];
    nodeSummary?: { totalNum?: number; readyNum?: number };
  };
}

export interface ResourceBinding extends KarmadaObject {
  spec?: {
    resource: { apiVersion: string; kind: string; namespace?: string; name: string; uid?: string };
    clusters?: { name: string; replicas?: number }[];
    /** the policy's placement, copied by the detector (pkg/apis/policy/v1alpha1/propagation_types.go Placement) */
    placement?: { clusterTolerations?: Toleration[] };
  };
  status?: {
    schedulerObservedGeneration?: number;
    conditions?: Condition[];
    aggregatedStatus?: {
      clusterName: string;
      applied?: boolean;
      appliedMessage?: string;
      health?: 'Healthy' | 'Unhealthy' | 'Unknown';
    }[];
  };
}

export interface ManifestIdentifier {
  ordinal: number;
  group?: string;
  version: string;
  kind: string;
  resource: string;
  namespace?: string;
  name: string;
}

export interface Work extends KarmadaObject {
  spec?: {
    workload?: { manifests?: Record<string, unknown>[] };
    suspendDispatching?: boolean;
    preserveResourcesOnDeletion?: boolean;
  };
  status?: {
    conditions?: Condition[];
    manifestStatuses?: { identifier: ManifestIdentifier; status?: Record<string, unknown>; health?: string }[];
  };
}

/** karmada-operator's Karmada object, the fields this plugin edits (operator/pkg/apis/operator/v1alpha1/type.go). */
export interface KarmadaInstance extends KarmadaObject {
  spec?: {
    featureGates?: Record<string, boolean>;
    components?: {
      karmadaControllerManager?: {
        controllers?: string[];
        extraArgs?: Record<string, string>;
        featureGates?: Record<string, boolean>;
      };
    };
  };
}
