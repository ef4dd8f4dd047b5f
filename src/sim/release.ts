// What each Karmada release does that the simulator models, read from the release tags of karmada-io/karmada.
// One table, so every rule that differs by release asks it instead of comparing version strings.

export const RELEASES = [
  'v1.8',
  'v1.9',
  'v1.10',
  'v1.11',
  'v1.12',
  'v1.13',
  'v1.14',
  'v1.15',
  'v1.16',
  'v1.17',
  'v1.18',
] as const;
export type ReleaseName = (typeof RELEASES)[number];
export const LATEST_RELEASE: ReleaseName = 'v1.18';

// The feature gates each release's karmada-controller-manager and karmada-agent know (the keys of
// DefaultFeatureGates in pkg/features/features.go at the tag; featuregate adds AllAlpha and AllBeta): any other name
// in --feature-gates stops the binary at start ("unrecognized feature gate").
const GATES_V1_8 = [
  'Failover',
  'GracefulEviction',
  'PropagateDeps',
  'CustomizedClusterResourceModeling',
  'PropagationPolicyPreemption',
  'MultiClusterService',
];
const GATES_ADDED: Record<number, string[]> = {
  9: ['ResourceQuotaEstimate'],
  12: ['StatefulFailoverInjection'],
  13: ['PriorityBasedScheduling'],
  14: ['FederatedQuotaEnforcement'],
  15: [
    'LoggingAlphaOptions',
    'LoggingBetaOptions',
    'ContextualLogging',
    'MultiplePodTemplatesScheduling',
    'ControllerPriorityQueue',
  ],
  17: ['WorkloadAffinity'],
  18: ['SchedulingOvercommitProtection'],
};

export interface Release {
  name: ReleaseName;
  minor: number;
  /** the controller-manager image tag, e.g. v1.18.0 */
  tag: string;
  /**
   * v1.8: MCS spec has `serviceProvisionClusters` / `serviceConsumptionClusters` (lists of names) and no
   * `providerClusters` / `consumerClusters` (pkg/apis/networking/v1alpha1/service_types.go at v1.8.0).
   */
  legacyClusterFields: boolean;
  /**
   * v1.9+: the Service copy goes through ResourceBinding `<svc>-service` and survives the MCS; v1.8 applies it as
   * Works that are deleted with the MCS (pkg/controllers/multiclusterservice/mcs_controller.go).
   */
  serviceCopyViaBinding: boolean;
  /** v1.10+: `work.karmada.io/name|namespace` on member objects are annotations, labels before. */
  workRefsAsAnnotations: boolean;
  /** v1.13+: local-up turns the gate on with `AllAlpha=true`; before, with `MultiClusterService=true`. */
  localUpAllAlpha: boolean;
  /**
   * v1.14+ (PR #6258): a NotReady provider's MCS and EndpointSlice Works are kept, so consumers keep its slices,
   * frozen; before, they were withdrawn.
   */
  keepsNotReadyProvider: boolean;
  /**
   * v1.14+: marker and collected EndpointSlice Works carry `spec.suspendDispatching: true`; before, the label
   * `propagation.karmada.io/instruction: suppressed` (pkg/controllers/multiclusterservice/*.go at v1.13.0).
   */
  suspendsMarkerWorks: boolean;
  /**
   * v1.11+: the collect controller writes collected EndpointSlice Works with the dispatch finalizer; before, the
   * dispatch controller added it after dispatching (endpointslice_*_controller.go at v1.10.0 and v1.11.0).
   */
  collectorAddsDispatchFinalizer: boolean;
  /**
   * v1.15+: a cluster whose status.apiEnablements lacks EndpointSlice is skipped only when the list is complete
   * (Cluster.APIEnablement == APIDisabled, pkg/apis/cluster/v1alpha1/cluster_helper.go); v1.9–v1.14 skip it whenever
   * the list lacks it (helper.IsAPIEnabled in mcs_controller.go and endpointslice_dispatch_controller.go).
   */
  apiEnablementUnknownGoesAhead: boolean;
  /**
   * v1.15+ (#6523): the collect controller passes over slices Karmada's ServiceImport path made (managed-by
   * endpointslice-controller.karmada.io) as well as those it dispatched (helper.IsEndpointSliceManagedByKarmada);
   * before, only the dispatched ones (endpointslice_collect_controller.go at v1.14.0).
   */
  collectorSkipsImportedSlices: boolean;
  /** v1.9+: karmada-webhook denies changing `spec.types` (pkg/webhook/multiclusterservice/validating.go). */
  mcsTypesImmutable: boolean;
  /** v1.9+: karmada-webhook denies more than one distinct type in `spec.types` (same file). */
  mcsWebhookSingleType: boolean;
  /**
   * HTTP/2 streams karmada-apiserver allows per connection. It is the kube-apiserver each install defaults to
   * (operator/pkg/constants/constants.go KubeDefaultVersion; karmadactl init --kube-image-tag; charts/karmada
   * values.yaml): v1.25.4 at v1.8, which allows 250; v1.26.12 from v1.9 on, then v1.27.11 … v1.35.2, which allow 100
   * (k8s.io/apiserver pkg/server/secure_serving.go since the October 2023 rapid-reset fix).
   */
  apiserverStreams: number;
  /** the --feature-gates names the Karmada components accept (GATES_ADDED) */
  featureGates: ReadonlySet<string>;
}

export function release(name: string = LATEST_RELEASE): Release {
  const normalized = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(name.trim());
  const canonical = normalized ? `v${normalized[1]}.${normalized[2]}` : name;
  if (!(RELEASES as readonly string[]).includes(canonical)) {
    throw new Error(`unknown Karmada release "${name}": the simulator models ${RELEASES.join(', ')}`);
  }
  const minor = Number(canonical.split('.')[1]);
  return {
    name: canonical as ReleaseName,
    minor,
    tag: `${canonical}.0`,
    legacyClusterFields: minor <= 8,
    serviceCopyViaBinding: minor >= 9,
    workRefsAsAnnotations: minor >= 10,
    localUpAllAlpha: minor >= 13,
    keepsNotReadyProvider: minor >= 14,
    suspendsMarkerWorks: minor >= 14,
    collectorAddsDispatchFinalizer: minor >= 11,
    apiEnablementUnknownGoesAhead: minor >= 15,
    collectorSkipsImportedSlices: minor >= 15,
    mcsTypesImmutable: minor >= 9,
    mcsWebhookSingleType: minor >= 9,
    apiserverStreams: minor >= 9 ? 100 : 250,
    featureGates: new Set([
      'AllAlpha',
      'AllBeta',
      ...GATES_V1_8,
      ...Object.entries(GATES_ADDED).flatMap(([since, names]) => (Number(since) <= minor ? names : [])),
    ]),
  };
}
