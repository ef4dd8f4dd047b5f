// Which MultiClusterService fields this Karmada keeps. v1.8 has only `serviceProvisionClusters` /
// `serviceConsumptionClusters` (plain name lists); its structural CRD prunes `providerClusters` /
// `consumerClusters` silently, so the MCS would span every cluster (pkg/apis/networking/v1alpha1/service_types.go
// and charts/karmada/_crds/bases/networking/networking.karmada.io_multiclusterservices.yaml at v1.8.0).
// Read from the CRD's schema; if that is forbidden, from the controller-manager image's tag; else the latest.
import { ApiError } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import type { Crd } from '../kube/objects.js';
import type { MultiClusterService, MultiClusterServiceSpec } from '../karmada/types.js';
import { type ClusterFields, fieldsFromCrd } from '../karmada/mcs-spec.js';
import { CRDS, MCS_CRD } from '../karmada/resources.js';
import { imageRelease } from '../karmada/controller-manager.js';
import type { ControlPlaneRead } from './control-plane.js';

export interface McsSchema {
  fields: ClusterFields;
  /** how it was learnt, for -v */
  source: string;
  /** v1.8: the Service copies are Works of the MCS and go with it (mcs_controller.go at v1.8.0) */
  copiesGoWithMcs: boolean;
  /** why nothing told the release, when `fields` is a guess (the latest Karmada's) */
  guessed?: string;
}

const schemaOf = (fields: ClusterFields, source: string): McsSchema => ({
  fields,
  source,
  copiesGoWithMcs: fields === 'serviceProvisionClusters',
});

/** `docker.io/karmada/karmada-controller-manager:v1.8.2` → the release's fields; undefined for `latest` or a digest. */
export function fieldsFromImage(image: string): { fields: ClusterFields; release: string } | undefined {
  const r = imageRelease(image);
  if (!r) return undefined;
  return {
    fields: r.major === 1 && r.minor <= 8 ? 'serviceProvisionClusters' : 'providerClusters',
    release: `v${r.major}.${r.minor}`,
  };
}

export async function mcsSchema(
  karmada: KubeClient,
  controlPlane: () => Promise<ControlPlaneRead>,
): Promise<McsSchema> {
  let why: string;
  try {
    const fields = fieldsFromCrd(await karmada.get<Crd>(CRDS, undefined, MCS_CRD));
    if (fields) return schemaOf(fields, `the ${fields} field in the schema of CRD ${MCS_CRD}`);
    why = `CRD ${MCS_CRD} declares no cluster lists`;
  } catch (error) {
    // Forbidden or not served: the image tells the release instead, or `guessed` says it could not.
    if (!(error instanceof ApiError) || (error.status !== 403 && error.status !== 404)) throw error;
    why = error.status === 403 ? `reading CRD ${MCS_CRD} is forbidden` : `CRD ${MCS_CRD} is not served`;
  }
  const cm = (await controlPlane()).state;
  const fromImage = cm?.image ? fieldsFromImage(cm.image) : undefined;
  if (cm?.image && fromImage)
    return schemaOf(fromImage.fields, `${why}; release ${fromImage.release} from image ${cm.image} of ${cm.where}`);
  const guessed = `${why} and the controller-manager's release is unknown`;
  return { ...schemaOf('providerClusters', `${guessed}: assuming the latest Karmada`), guessed };
}

/** The cluster lists of an MCS in the fields its release reads; an empty list means every cluster. */
export function mcsClusters(
  mcs: MultiClusterService,
  fields: ClusterFields,
): { providers: string[]; consumers: string[] } {
  const spec = mcs.spec ?? {};
  if (fields === 'serviceProvisionClusters') {
    return {
      providers: [...(spec.serviceProvisionClusters ?? [])],
      consumers: [...(spec.serviceConsumptionClusters ?? [])],
    };
  }
  const names = (list: { name: string }[] | undefined) => (list ?? []).map((c) => c.name);
  return { providers: names(spec.providerClusters), consumers: names(spec.consumerClusters) };
}

/** The spec fields that name the clusters, as this release spells them. */
export function clusterSpec(
  fields: ClusterFields,
  providers: string[],
  consumers: string[],
): Omit<MultiClusterServiceSpec, 'types' | 'ports' | 'range'> {
  if (fields === 'serviceProvisionClusters') {
    return {
      ...(providers.length ? { serviceProvisionClusters: providers } : {}),
      ...(consumers.length ? { serviceConsumptionClusters: consumers } : {}),
    };
  }
  const list = (names: string[]) => names.map((name) => ({ name }));
  return {
    ...(providers.length ? { providerClusters: list(providers) } : {}),
    ...(consumers.length ? { consumerClusters: list(consumers) } : {}),
  };
}
