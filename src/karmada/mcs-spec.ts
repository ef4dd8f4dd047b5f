// A MultiClusterService's spec across releases: v1.8 names clusters in `serviceProvisionClusters` /
// `serviceConsumptionClusters` (lists of names); v1.9+ in `providerClusters` / `consumerClusters`
// ([{name}]), which Karmada reads in helper.GetProviderClusters / GetConsumerClusters (pkg/util/helper/mcs.go).
// An empty list means every registered cluster.
import type { Crd } from '../kube/objects.js';
import type { MultiClusterService } from './types.js';

export const CROSS_CLUSTER = 'CrossCluster';
export const LOAD_BALANCER = 'LoadBalancer';

export type Side = 'provider' | 'consumer';

const FIELDS = {
  provider: { current: 'providerClusters', legacy: 'serviceProvisionClusters' },
  consumer: { current: 'consumerClusters', legacy: 'serviceConsumptionClusters' },
} as const;

/** The spec field of one side in the MCS's release. */
export const specField = (side: Side, legacy: boolean): string => FIELDS[side][legacy ? 'legacy' : 'current'];

/** The clusters the spec names for one side; [] means all. */
export function namedClusters(mcs: MultiClusterService, side: Side): string[] {
  const spec = mcs.spec ?? {};
  const current = spec[FIELDS[side].current] ?? [];
  if (current.length) return current.map((c) => c.name);
  return spec[FIELDS[side].legacy] ?? [];
}

/** The clusters of one side, empty meaning all of `all`. */
export const sideClusters = (mcs: MultiClusterService, side: Side, all: string[]): string[] => {
  const named = namedClusters(mcs, side);
  return named.length ? named : all;
};

/** The MCS names its clusters only with v1.8's fields. */
export const usesLegacyFields = (mcs: MultiClusterService): boolean => {
  const spec = mcs.spec ?? {};
  return (
    !spec.providerClusters &&
    !spec.consumerClusters &&
    Boolean(spec.serviceProvisionClusters || spec.serviceConsumptionClusters)
  );
};

export const exposureTypes = (mcs: MultiClusterService): string[] => mcs.spec?.types ?? [];

/** The cluster fields of a release: v1.8's lists of names, or v1.9+'s [{name}]. */
export type ClusterFields = 'providerClusters' | 'serviceProvisionClusters';

/** The cluster-list fields the CRD's v1alpha1 schema declares; undefined when it declares neither. */
export function fieldsFromCrd(crd: Partial<Crd>): ClusterFields | undefined {
  const version = crd.spec?.versions.find((v) => v.name === 'v1alpha1');
  // An index signature: the schema may well declare no spec.
  const properties: Partial<Record<string, { properties?: object }>> =
    version?.schema?.openAPIV3Schema?.properties ?? {};
  const spec = properties.spec?.properties ?? {};
  if ('providerClusters' in spec) return 'providerClusters';
  if ('serviceProvisionClusters' in spec) return 'serviceProvisionClusters';
  return undefined;
}
