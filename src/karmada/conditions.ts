// Reading a MultiClusterService's status the way Karmada's controllers write it (karmada
// pkg/controllers/multiclusterservice/mcs_controller.go and endpointslice_dispatch_controller.go:
// meta.SetStatusCondition with these types and reasons).
import type { Condition } from '../kube/objects.js';

/** Any object with metav1.Conditions in its status. */
interface WithConditions {
  status?: { conditions?: Condition[] };
}

export const SERVICE_APPLIED = 'ServiceApplied';
export const ENDPOINTSLICE_DISPATCHED = 'EndpointSliceDispatched';
export const MCS_CONDITIONS = [SERVICE_APPLIED, ENDPOINTSLICE_DISPATCHED];

export function condition(mcs: WithConditions, type: string): Condition | undefined {
  return (mcs.status?.conditions ?? []).find((c) => c.type === type);
}

export const isTrue = (mcs: WithConditions, type: string): boolean => condition(mcs, type)?.status === 'True';

/** "ServiceApplied=False (ServiceAppliedFailed: Service "web" not found)" or "EndpointSliceDispatched absent". */
export function describeCondition(mcs: WithConditions, type: string): string {
  const c = condition(mcs, type);
  if (!c) return `${type} absent`;
  const detail = [c.reason, c.message].filter(Boolean).join(': ');
  return `${type}=${c.status}${detail ? ` (${detail})` : ''}`;
}
