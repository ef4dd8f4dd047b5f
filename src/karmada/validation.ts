// The rules of Karmada's MultiClusterService validating webhook (pkg/webhook/multiclusterservice/validating.go),
// checked by `expose` before any request, so even an offline dry run rejects what Karmada would. The simulator has its
// own copy (src/sim/webhook.ts): the two are written apart on purpose.

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const EXPOSURE_TYPES = ['CrossCluster', 'LoadBalancer'];
export const MAX_CLUSTER_NAME = 48;

export interface McsSpecLike {
  types?: string[];
  ports?: Array<{ name?: string; port?: number }>;
  providerClusters?: Array<{ name?: string }>;
  consumerClusters?: Array<{ name?: string }>;
}

export function dns1035Error(field: string, value: string): string | undefined {
  if (value.length > 63) return `${field}: Invalid value: "${value}": must be no more than 63 characters`;
  if (!DNS1035.test(value)) {
    return (
      `${field}: Invalid value: "${value}": a DNS-1035 label must consist of lower case alphanumeric characters ` +
      `or '-', start with an alphabetic character, and end with an alphanumeric character`
    );
  }
  return undefined;
}

export function clusterNameError(field: string, value: string): string | undefined {
  if (value === '') return `${field}: Required value: cluster name must not be empty`;
  if (value.length > MAX_CLUSTER_NAME)
    return `${field}: Invalid value: "${value}": must be no more than ${MAX_CLUSTER_NAME} characters`;
  if (!DNS1123.test(value)) {
    return (
      `${field}: Invalid value: "${value}": a lowercase RFC 1123 label must consist of lower case alphanumeric ` +
      `characters or '-', and must start and end with an alphanumeric character`
    );
  }
  return undefined;
}

/** Every reason the webhook would deny this MCS; `previousTypes` is set on update. */
export function validateMcs(name: string, spec: McsSpecLike, previousTypes?: string[]): string[] {
  const errors: Array<string | undefined> = [dns1035Error('metadata.name', name)];
  const types = spec.types ?? [];
  if (types.length === 0) errors.push('spec.types: Required value');
  types.forEach((t, i) => {
    if (!EXPOSURE_TYPES.includes(t)) errors.push(`spec.types[${i}]: Invalid value: "${t}": ExposureType Error`);
  });
  if (new Set(types).size > 1) errors.push('spec.types: Invalid value: only one exposure type may be set');
  const portNames = new Set<string>();
  (spec.ports ?? []).forEach((p, i) => {
    if (p.name !== undefined) {
      if (!DNS1123.test(p.name))
        errors.push(`spec.ports[${i}].name: Invalid value: "${p.name}": must be a DNS-1123 label`);
      if (portNames.has(p.name)) errors.push(`spec.ports[${i}].name: Duplicate value: "${p.name}"`);
      portNames.add(p.name);
    }
    if (p.port === undefined || !Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
      errors.push(`spec.ports[${i}].port: Invalid value: ${p.port}: must be between 1 and 65535, inclusive`);
    }
  });
  for (const list of ['providerClusters', 'consumerClusters'] as const) {
    (spec[list] ?? []).forEach((c, i) => errors.push(clusterNameError(`spec.${list}[${i}].name`, c.name ?? '')));
  }
  if (previousTypes && JSON.stringify(previousTypes) !== JSON.stringify(types)) {
    errors.push('spec.types: Invalid value: MultiClusterService types are immutable');
  }
  return errors.filter((e): e is string => e !== undefined);
}
