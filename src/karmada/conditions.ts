// Reading a MultiClusterService's status the way Karmada's controllers write it (karmada pkg/controllers/multiclusterservice/mcs_controller.go and
// endpointslice_dispatch_controller.go: meta.SetStatusCondition with these types and reasons).
import type { Obj } from '../kube/client.js';

export const SERVICE_APPLIED = 'ServiceApplied';
export const ENDPOINTSLICE_DISPATCHED = 'EndpointSliceDispatched';
export const MCS_CONDITIONS = [SERVICE_APPLIED, ENDPOINTSLICE_DISPATCHED];

export function condition(mcs: Obj, type: string): Obj | undefined {
  return (mcs.status?.conditions ?? []).find((c: Obj) => c.type === type);
}

export const isTrue = (mcs: Obj, type: string): boolean => condition(mcs, type)?.status === 'True';

/** "ServiceApplied=False (ServiceAppliedFailed: services "web" not found)" or "EndpointSliceDispatched absent". */
export function describeCondition(mcs: Obj, type: string): string {
  const c = condition(mcs, type);
  if (!c) return `${type} absent`;
  const detail = [c.reason, c.message].filter(Boolean).join(': ');
  return `${type}=${c.status}${detail ? ` (${detail})` : ''}`;
}
