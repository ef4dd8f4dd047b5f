// karmada-webhook's MultiClusterService handlers, per release: pkg/webhook/multiclusterservice/mutating.go
// (a permanent-id label when missing) and validating.go (name, ports, types, cluster names; types immutable and
// a single type from v1.9). The API server turns a denial into the Status of apiserver's
// pkg/admission/plugin/webhook/errors/statuserror.go (ToStatusErr) with controller-runtime's Denied() code, 403.
import { randomUUID } from 'node:crypto';
import { MCS_PERMANENT_ID } from './labels.js';
import type { Release } from './release.js';
import { StatusError } from './status.js';
import type { ClusterSelector, ExposurePort, MultiClusterService, MultiClusterServiceSpec } from './karmada-types.js';
import {
  type FieldError,
  aggregate,
  errorText,
  fieldDuplicate,
  fieldInvalid,
  isDns1035Label,
  isDns1123Label,
  validateLabels,
} from './validation.js';

/** The webhook's name in artifacts/deploy/webhook-configuration.yaml (mutating and validating alike). */
export const MCS_WEBHOOK = 'multiclusterservice.karmada.io';
// pkg/apis/cluster/validation/validation.go
const CLUSTER_NAME_MAX_LENGTH = 48;

/** The object of an admission request: what the client sent, after the API server's decoding and defaults. */
type McsRequest = Partial<MultiClusterService>;

/** mutating.go: a permanent-id label when the object has none (util.DedupeAndMergeLabels keeps the rest). */
export function mutateMcs(mcs: McsRequest): void {
  const metadata = mcs.metadata;
  if (metadata && !metadata.labels?.[MCS_PERMANENT_ID]) {
    metadata.labels = { ...metadata.labels, [MCS_PERMANENT_ID]: randomUUID() };
  }
}

/** pkg/apis/cluster/validation.ValidateClusterName */
function validateClusterName(name: string): string[] {
  if (name.length === 0) return ['must be not empty'];
  if (name.length > CLUSTER_NAME_MAX_LENGTH) return [`must be no more than ${CLUSTER_NAME_MAX_LENGTH} characters`];
  return isDns1123Label(name);
}

/** Go's %#v of a []ExposureType, as field.Invalid prints a slice. */
const goTypes = (types: unknown[]) => `[]v1alpha1.ExposureType{${types.map((t) => JSON.stringify(t)).join(', ')}}`;

/** A cluster selector's name as Go decodes it: a null entry or a missing name is the empty string. */
const selectorName = (c: Partial<ClusterSelector> | null): string => c?.name ?? '';

function validateSpec(release: Release, spec: MultiClusterServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  // What the client sent: the CRD schema has not rejected a missing port yet.
  (spec.ports ?? []).forEach((p: Partial<ExposurePort>, i) => {
    const at = `spec.ports[${i}]`;
    if (p.name) {
      for (const msg of isDns1123Label(p.name)) errs.push(fieldInvalid(`${at}.name`, p.name, msg));
      if (names.has(p.name)) errs.push(fieldDuplicate(`${at}.name`, p.name));
      else names.add(p.name);
    }
    const port = p.port ?? 0;
    if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) {
      errs.push(fieldInvalid(`${at}.port`, port, 'must be between 1 and 65535, inclusive'));
    }
  });
  const types: unknown[] = spec.types ?? [];
  types.forEach((t, i) => {
    if (t !== 'CrossCluster' && t !== 'LoadBalancer')
      errs.push(fieldInvalid(`spec.types[${i}]`, t, 'ExposureType Error'));
  });
  if (release.mcsWebhookSingleType && new Set(types).size > 1) {
    errs.push({
      type: 'FieldValueInvalid',
      field: 'spec.types',
      body: `Invalid value: ${goTypes(types)}: MultiClusterService types should not contain more than one type`,
    });
  }
  // The field paths say `range` although the lists are not under it: validating.go writes them so.
  const lists: Array<[string, string[]]> = release.legacyClusterFields
    ? [
        ['serviceProvisionClusters', spec.serviceProvisionClusters ?? []],
        ['serviceConsumptionClusters', spec.serviceConsumptionClusters ?? []],
      ]
    : [
        ['providerClusters', (spec.providerClusters ?? []).map(selectorName)],
        ['consumerClusters', (spec.consumerClusters ?? []).map(selectorName)],
      ];
  for (const [list, clusters] of lists) {
    clusters.forEach((name, i) => {
      const msgs = validateClusterName(name);
      if (msgs.length) errs.push(fieldInvalid(`spec.range.${list}[${i}]`, name, msgs.join(',')));
    });
  }
  return errs;
}

/** validating.go Handle: every reason to deny, as the API server reports it; `old` is set on update. */
export function validateMcs(release: Release, mcs: McsRequest, old: McsRequest | undefined): void {
  const errs: FieldError[] = [];
  if (
    old &&
    release.mcsTypesImmutable &&
    JSON.stringify(old.spec?.types ?? []) !== JSON.stringify(mcs.spec?.types ?? [])
  ) {
    errs.push({
      type: 'FieldValueInvalid',
      field: 'spec.types',
      body: `Invalid value: ${goTypes(old.spec?.types ?? [])}: MultiClusterService types are immutable`,
    });
  }
  // ValidateObjectMeta with NameIsDNS1035Label (the API server already checked labels, so they pass here).
  // The API server's own validation has already required the name.
  const name = mcs.metadata?.name ?? '';
  for (const msg of isDns1035Label(name)) errs.push(fieldInvalid('metadata.name', name, msg));
  errs.push(...validateLabels(mcs.metadata?.labels, 'metadata.labels'));
  errs.push(...validateSpec(release, mcs.spec ?? {}));
  if (errs.length === 0) return;
  const message = `admission webhook "${MCS_WEBHOOK}" denied the request: ${aggregate(errs.map(errorText))}`;
  throw new StatusError(403, 'Forbidden', message);
}
