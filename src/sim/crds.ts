// The CustomResourceDefinitions the simulated API servers hold, and the structural pruning the API server does
// with them. The MCS schema follows
// charts/karmada/_crds/bases/networking/networking.karmada.io_multiclusterservices.yaml at each release tag
// (descriptions left out); pruning follows k8s.io/apiextensions-apiserver pkg/apiserver/schema/pruning/algorithm.go
// (unknown fields dropped, reported as paths).
import type { Release } from './release.js';
import {
  type ResourceType,
  CLUSTER_PROPAGATION_POLICIES,
  CRDS,
  KARMADAS,
  MCS,
  PROPAGATION_POLICIES,
  RESOURCE_BINDINGS,
  WORKS,
  keyOf,
} from './resources.js';
import type { SimCluster, SimObject } from './world.js';

/**
 * JSONSchemaProps as the CRD's JSON spells it (apiextensions-apiserver pkg/apis/apiextensions/v1/
 * types_jsonschema.go), the keywords used here.
 */
export interface Schema {
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  additionalProperties?: Schema | boolean;
  default?: unknown;
  enum?: string[];
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
}

/** CRD names (apiextensions v1 CustomResourceDefinitionNames) */
interface CrdNames {
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames?: string[];
  categories?: string[];
}

/** apiextensions.k8s.io/v1 CustomResourceDefinition, with its schemas in their JSON form */
export interface Crd extends SimObject {
  spec?: {
    group: string;
    names: CrdNames;
    scope: 'Namespaced' | 'Cluster';
    versions?: {
      name: string;
      served: boolean;
      storage: boolean;
      schema?: { openAPIV3Schema: Schema };
      subresources?: { status?: Record<string, never> };
    }[];
  };
  status?: {
    acceptedNames: CrdNames;
    storedVersions: string[];
    conditions: { type: string; status: string; reason: string; message: string }[];
  };
}

const str: Schema = { type: 'string' };
const strings: Schema = { type: 'array', items: str };
const int32: Schema = { type: 'integer', format: 'int32' };
const object = (properties: Record<string, Schema>, required?: string[]): Schema => ({
  type: 'object',
  properties,
  ...(required ? { required } : {}),
});
// metav1.Condition as controller-gen renders it (same at every tag).
const CONDITION_TYPE_PATTERN =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?' +
  '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$';
const CONDITIONS: Schema = {
  type: 'array',
  'x-kubernetes-list-map-keys': ['type'],
  'x-kubernetes-list-type': 'map',
  items: object(
    {
      lastTransitionTime: { type: 'string', format: 'date-time' },
      message: { type: 'string', maxLength: 32768 },
      observedGeneration: { type: 'integer', format: 'int64', minimum: 0 },
      reason: { type: 'string', maxLength: 1024, minLength: 1, pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$' },
      status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
      type: { type: 'string', maxLength: 316, pattern: CONDITION_TYPE_PATTERN },
    },
    ['lastTransitionTime', 'message', 'reason', 'status', 'type'],
  ),
};

/** controller-gen that generated the chart's CRDs at each tag (its annotation on the CRD). */
function controllerGen(minor: number): string {
  if (minor <= 9) return 'v0.8.0';
  if (minor <= 11) return 'v0.14.0';
  if (minor <= 13) return 'v0.16.5';
  const byMinor: Partial<Record<number, string>> = { 14: 'v0.17.3', 15: 'v0.18.0', 16: 'v0.19.0' };
  return byMinor[minor] ?? 'v0.20.0';
}

/**
 * spec: v1.8 has serviceProvisionClusters / serviceConsumptionClusters and range only; v1.9 adds providerClusters /
 * consumerClusters; v1.12 makes their `name` required. status (corev1.ServiceStatus): ipMode from v1.10; from v1.12
 * the port `error` is required, `protocol` loses its TCP default and `ingress` is an atomic list.
 */
export function mcsSchema(release: Release): Schema {
  const minor = release.minor;
  const selectors: Schema = { type: 'array', items: object({ name: str }, minor >= 12 ? ['name'] : undefined) };
  const spec = object(
    {
      ...(minor >= 9 ? { consumerClusters: selectors } : {}),
      ports: { type: 'array', items: object({ name: str, port: int32 }, ['port']) },
      ...(minor >= 9 ? { providerClusters: selectors } : {}),
      range: object({ clusterNames: strings }),
      serviceConsumptionClusters: strings,
      serviceProvisionClusters: strings,
      types: strings,
    },
    ['types'],
  );
  const portStatus = object(
    {
      error: { type: 'string', maxLength: 316, pattern: CONDITION_TYPE_PATTERN },
      port: int32,
      protocol: minor >= 12 ? str : { type: 'string', default: 'TCP' },
    },
    minor >= 12 ? ['error', 'port', 'protocol'] : ['port', 'protocol'],
  );
  const ingress = object({
    hostname: str,
    ip: str,
    ...(minor >= 10 ? { ipMode: str } : {}),
    ports: { type: 'array', items: portStatus, 'x-kubernetes-list-type': 'atomic' },
  });
  const status = object({
    conditions: CONDITIONS,
    loadBalancer: object({
      ingress: { type: 'array', items: ingress, ...(minor >= 12 ? { 'x-kubernetes-list-type': 'atomic' } : {}) },
    }),
  });
  return object({ apiVersion: str, kind: str, metadata: { type: 'object' }, spec, status }, ['spec']);
}

/**
 * The other Karmada kinds: only their envelope is modelled, spec and status keep unknown fields
 * (the real CRDs declare every field; the simulator does not validate them).
 */
const openSchema: Schema = object({
  apiVersion: str,
  kind: str,
  metadata: { type: 'object' },
  spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
});

const crdName = (rt: ResourceType) => `${rt.plural}.${rt.group}`;

export function crd(rt: ResourceType, schema: Schema, release: Release): Crd {
  const names: CrdNames = {
    kind: rt.kind,
    listKind: `${rt.kind}List`,
    plural: rt.plural,
    singular: rt.singular,
    ...(rt.shortNames ? { shortNames: rt.shortNames } : {}),
    ...(rt.categories ? { categories: rt.categories } : {}),
  };
  return {
    metadata: {
      name: crdName(rt),
      annotations: { 'controller-gen.kubebuilder.io/version': controllerGen(release.minor) },
    },
    spec: {
      group: rt.group,
      names,
      scope: rt.namespaced ? 'Namespaced' : 'Cluster',
      versions: [
        {
          name: rt.version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: schema },
          ...(rt.subresources?.includes('status') ? { subresources: { status: {} } } : {}),
        },
      ],
    },
    status: {
      acceptedNames: names,
      storedVersions: [rt.version],
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        },
      ],
    },
  };
}

/**
 * What the Karmada API server holds: the chart's CRDs for the kinds the simulator serves. clusters.cluster.karmada.io
 * is not among them: karmada-aggregated-apiserver serves it.
 */
export const karmadaCrds = (release: Release): Crd[] => [
  crd(MCS, mcsSchema(release), release),
  ...[PROPAGATION_POLICIES, CLUSTER_PROPAGATION_POLICIES, RESOURCE_BINDINGS, WORKS].map((rt) =>
    crd(rt, openSchema, release),
  ),
];

/** karmada-operator's CRD in the host cluster (operator/config/crds/operator.karmada.io_karmadas.yaml). */
export const operatorCrds = (release: Release): Crd[] => [crd(KARMADAS, openSchema, release)];

/** The schema the cluster's CRD for `rt` declares, when a CRD serves it. */
export function storedSchema(cluster: SimCluster, rt: ResourceType): Schema | undefined {
  if (!rt.group || !cluster.serves(CRDS)) return undefined;
  // CRDS holds CustomResourceDefinitions.
  const stored = cluster.objects.get(keyOf(CRDS))?.get(`/${crdName(rt)}`) as Crd | undefined;
  return stored?.spec?.versions?.find((v) => v.name === rt.version)?.schema?.openAPIV3Schema;
}

/**
 * Drops what the schema does not declare, in place, and returns the dropped paths (`spec.providerClusters`,
 * `spec.ports[0].foo`), sorted. The root's apiVersion, kind and metadata are left to the API machinery.
 */
export function prune(obj: object, schema: Schema): string[] {
  const pruned: string[] = [];
  const walk = (value: unknown, s: Schema | undefined, path: string, root: boolean): void => {
    if (!s || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item: unknown, i) => {
        walk(item, s.items, `${path}[${i}]`, false);
      });
      return;
    }
    if (s['x-kubernetes-preserve-unknown-fields'] && !s.properties) return;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (root && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
      const at = path ? `${path}.${key}` : key;
      const property = s.properties?.[key];
      if (property) walk(record[key], property, at, false);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        walk(record[key], s.additionalProperties, at, false);
      } else if (!s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties !== true) {
        Reflect.deleteProperty(record, key);
        pruned.push(at);
      }
    }
  };
  walk(obj, schema, '', true);
  return pruned.sort();
}
