// Objects a user wrote are never taken over silently: what would change is shown field by field, and a
// server-side apply conflict is reported with the field managers that own the fields.
import { ApiError, CliError } from '../errors.js';
import type { Obj } from '../kube/client.js';
import { MANAGED_BY, PLUGIN } from '../karmada/labels.js';

export const ours = (o: Obj | undefined): boolean => o?.metadata?.labels?.[MANAGED_BY] === PLUGIN;

/** A value as a short text: name lists as `[member1, member2]`, ports as `80/TCP->8080`. */
function show(value: unknown): string {
  if (value === undefined) return '(none)';
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v && typeof v === 'object' && 'name' in v && Object.keys(v).length === 1 ? v.name : showPort(v))).join(', ')}]`;
  }
  if (value && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  return String(value);
}

function showPort(p: unknown): string {
  if (!p || typeof p !== 'object') return String(p);
  const port = p as Obj;
  if (port.port === undefined) return JSON.stringify(p);
  const target = port.targetPort ?? port.port;
  return `${port.name ? `${port.name}:` : ''}${port.port}/${port.protocol ?? 'TCP'}${target !== port.port ? `->${target}` : ''}`;
}

/** The Service fields expose sets, with the API server's defaults filled in so only real differences show. */
export function serviceShape(svc: Obj): Obj {
  return {
    'spec.selector': svc.spec?.selector,
    'spec.ports': (svc.spec?.ports ?? []).map((p: Obj) => ({
      ...(p.name ? { name: p.name } : {}),
      port: p.port,
      targetPort: p.targetPort ?? p.port,
      protocol: p.protocol ?? 'TCP',
    })),
  };
}

/** The MCS fields expose sets (types and the cluster lists under either release's names). */
export function mcsShape(mcs: Obj): Obj {
  const spec = mcs.spec ?? {};
  return Object.fromEntries(
    ['types', 'providerClusters', 'consumerClusters', 'serviceProvisionClusters', 'serviceConsumptionClusters'].map(
      (k) => [`spec.${k}`, spec[k]],
    ),
  );
}

/** `spec.consumerClusters: [member1, member2] -> [member2]` for every field whose value would change. */
export function differences(before: Obj, after: Obj): string[] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys
    .filter((k) => after[k] !== undefined || before[k] !== undefined)
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) => `${k}: ${show(before[k])} -> ${show(after[k])}`);
}

/** A 409 from server-side apply names the managers that own the fields; anything else passes through. */
export function conflictError(error: unknown, ref: string, overwriteFlag: string): unknown {
  if (!(error instanceof ApiError) || !error.conflict || !/Apply failed/.test(error.message)) return error;
  const managers = [...new Set([...error.message.matchAll(/conflict with "([^"]+)"/g)].map((m) => m[1]!))];
  // Field paths may hold commas inside list keys: `.spec.ports[port=80,protocol="TCP"].targetPort`.
  const fields = [
    ...new Set([...error.message.matchAll(/: (\.[\w.[\]=":/,-]+)/g)].map((m) => m[1]!.replace(/,$/, ''))),
  ];
  return new CliError(
    `${ref}: field${fields.length === 1 ? '' : 's'} ${fields.join(', ') || '(unknown)'} ${fields.length === 1 ? 'is' : 'are'} owned by field manager${managers.length === 1 ? '' : 's'} ${managers.map((m) => `"${m}"`).join(', ')}, which set${managers.length === 1 ? 's' : ''} ${fields.length === 1 ? 'it' : 'them'} to another value; nothing was changed`,
    {
      hint: `someone else changed ${ref}; pass ${overwriteFlag} to take the fields over, or leave it to them`,
    },
  );
}
