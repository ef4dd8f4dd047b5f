// Objects a user wrote are never taken over silently: what would change is shown field by field, and a
// server-side apply conflict is reported with the field managers that own the fields.
import { ApiError, CliError } from '../errors.js';
import type { KubeObject, Service } from '../kube/objects.js';
import type { MultiClusterService } from '../karmada/types.js';
import { MANAGED_BY, PLUGIN } from '../karmada/labels.js';

interface PortShape {
  name?: string;
  port: number;
  targetPort: number | string;
  protocol: string;
}

type Item = string | { name: string } | PortShape;

/** The fields expose sets, by path (`spec.ports`): selectors, ports, types and cluster lists. */
export type Shape = Record<string, Record<string, string> | Item[] | undefined>;

export const ours = (o: KubeObject | undefined): boolean => o?.metadata?.labels?.[MANAGED_BY] === PLUGIN;

/** A value as a short text: name lists as `[member1, member2]`, ports as `80/TCP->8080`. */
function show(value: Shape[string]): string {
  if (value === undefined) return '(none)';
  if (Array.isArray(value)) return `[${value.map(showItem).join(', ')}]`;
  return Object.entries(value)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function showItem(item: Item): string {
  if (typeof item === 'string') return item;
  if (!('port' in item)) return item.name;
  const target = item.targetPort;
  return `${item.name ? `${item.name}:` : ''}${item.port}/${item.protocol}${target !== item.port ? `->${target}` : ''}`;
}

/** The Service fields expose sets, with the API server's defaults filled in so only real differences show. */
export function serviceShape(svc: Service): Shape {
  return {
    'spec.selector': svc.spec?.selector,
    'spec.ports': (svc.spec?.ports ?? []).map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      port: p.port,
      targetPort: p.targetPort ?? p.port,
      protocol: p.protocol ?? 'TCP',
    })),
  };
}

/** The MCS fields expose sets (types and the cluster lists under either release's names). */
export function mcsShape(mcs: MultiClusterService): Shape {
  const spec = mcs.spec ?? {};
  const fields = [
    'types',
    'providerClusters',
    'consumerClusters',
    'serviceProvisionClusters',
    'serviceConsumptionClusters',
  ] as const;
  return Object.fromEntries(fields.map((k) => [`spec.${k}`, spec[k]]));
}

/** `spec.consumerClusters: [member1, member2] -> [member2]` for every field whose value would change. */
export function differences(before: Shape, after: Shape): string[] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys
    .filter((k) => after[k] !== undefined || before[k] !== undefined)
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) => `${k}: ${show(before[k])} -> ${show(after[k])}`);
}

/**
 * A 409 from server-side apply: its Status has a cause per conflicting field, `FieldManagerConflict` with the field's
 * path and `conflict with "<manager>"[ using <apiVersion>]` (apimachinery managedfields/internal/conflict.go); the
 * message lists them too, worded one way for one conflict and another for several. Anything else passes through.
 */
export function conflictError(error: unknown, ref: string, overwriteFlag: string): unknown {
  const causes = error instanceof ApiError && error.conflict ? error.causes : [];
  const conflicts = causes.filter((c) => c.reason === 'FieldManagerConflict');
  if (conflicts.length === 0) return error;
  const managers = [...new Set(conflicts.map((c) => /conflict with "([^"]*)"/.exec(c.message ?? '')?.[1] ?? '?'))];
  const fields = [...new Set(conflicts.map((c) => c.field ?? '?'))];
  const one = fields.length === 1;
  const oneManager = managers.length === 1;
  return new CliError(
    `${ref}: field${one ? '' : 's'} ${fields.join(', ')} ${one ? 'is' : 'are'} owned by ` +
      `field manager${oneManager ? '' : 's'} ${managers.map((m) => `"${m}"`).join(', ')}, ` +
      `which set${oneManager ? 's' : ''} ${one ? 'it' : 'them'} to another value; nothing was changed`,
    {
      hint: `someone else changed ${ref}; pass ${overwriteFlag} to take the fields over, or leave it to them`,
    },
  );
}
