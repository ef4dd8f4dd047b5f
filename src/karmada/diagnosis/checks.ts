// The vocabulary of a diagnosis: stages in pipeline order, a check's shape, and the probe interface.
import type { Service } from '../../kube/objects.js';
import type { MultiClusterService } from '../types.js';
import type { SliceFacts } from '../digest.js';

/** Stages in the order Karmada's pipeline runs them: the first failing one is where to start. */
export const STAGES = [
  'api',
  'gate',
  'controllers',
  'agent-gate',
  'clusters',
  'mcs',
  'service',
  'service-applied',
  'service-copies',
  'provider-endpoints',
  'dispatch',
  'events',
  'pod-network',
  'reachability',
] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_TITLES: Record<Stage, string> = {
  api: 'Karmada API',
  gate: 'MultiClusterService feature gate',
  controllers: 'MultiClusterService controllers',
  'agent-gate': 'karmada-agent gate (Pull-mode providers)',
  clusters: 'Member clusters',
  mcs: 'MultiClusterService',
  service: 'Service in the control plane',
  'service-applied': 'ServiceApplied',
  'service-copies': 'Service copies in the members',
  'provider-endpoints': 'Provider endpoints',
  dispatch: 'EndpointSlice dispatch',
  events: 'Events',
  'pod-network': 'Pod network',
  reachability: 'Reachability',
};

export type Result = 'ok' | 'warn' | 'fail' | 'skip';

/** One check, exactly as `doctor -o json` prints it. */
export interface Check {
  id: Stage;
  cluster?: string;
  namespace?: string;
  mcs?: string;
  result: Result;
  message: string;
  hint?: string;
}

/** Why a MultiClusterService is not healthy, as `status` names it. */
export type VerdictReason =
  | 'Healthy'
  | 'LoadBalancer'
  | 'GateOff'
  | 'ControllersOff'
  | 'ControllerManagerDown'
  | 'AgentGateOff'
  | 'AgentDown'
  | 'ClusterNotFound'
  | 'ClusterNotReady'
  | 'ClusterUnreadable'
  | 'NoEndpointSliceAPI'
  | 'ClusterTainted'
  | 'NotCrossCluster'
  | 'ServiceMissing'
  | 'ServiceNotApplied'
  | 'NotActedOn'
  | 'ServiceCopyMissing'
  | 'TargetPortMismatch'
  | 'NoProviderEndpoints'
  | 'NothingCollected'
  | 'NotDispatched'
  | 'ConsumerMissingSlices'
  | 'StaleSlices'
  | 'DuplicateEndpoints'
  | 'PodCidrOverlap'
  | 'Unreachable';

/** A check with what `status` needs beside it (never printed by doctor). */
export interface Finding extends Check {
  reason?: VerdictReason;
}

/** What one consumer's probe found; the layered prober lives in src/probe/. */
export interface ProbeOutcome {
  result: Result;
  message: string;
  hint?: string;
}

/** One MCS a consumer is probed for, with its Service in the control plane. */
export interface ProbeSubject {
  mcs: MultiClusterService;
  service?: Service;
  /** registered clusters that are not Ready */
  notReady: string[];
  /** the consumer's EndpointSlices as doctor read them, so the probe lists none again */
  consumerSlices?: SliceFacts[];
  /** the consumer's pod CIDRs, from its Nodes as doctor read them */
  consumerCidrs?: string[];
}

/** Probes one consumer for every subject; resolves with the reachability outcome of each subject, in order. */
export type Prober = (consumer: string, subjects: ProbeSubject[]) => Promise<ProbeOutcome[]>;

/** The command that probes one MCS from one consumer: the hint under a reachability finding. */
export const probeCommand = (t: { namespace: string; name: string; consumer: string }): string =>
  `kubectl karmada-mcs probe ${t.name} -n ${t.namespace} --consumer ${t.consumer}`;

export const probeKey = (t: { namespace: string; name: string; consumer: string }) =>
  `${t.namespace}/${t.name}@${t.consumer}`;

const RANK = new Map<Stage, number>(STAGES.map((s, i) => [s, i]));

/** Checks sorted by stage, keeping the order within a stage (Array.prototype.sort is stable). */
export function inPipelineOrder<T extends Check>(checks: T[]): T[] {
  return [...checks].sort((a, b) => (RANK.get(a.id) ?? 0) - (RANK.get(b.id) ?? 0));
}

export const firstFailure = <T extends Check>(checks: T[]): T | undefined =>
  inPipelineOrder(checks).find((c) => c.result === 'fail');

/** The JSON shape: only the documented keys, in the documented order. */
export function publicCheck(f: Finding): Check {
  const { id, cluster, namespace, mcs, result, message, hint } = f;
  return {
    id,
    ...(cluster !== undefined ? { cluster } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(mcs !== undefined ? { mcs } : {}),
    result,
    message,
    ...(hint !== undefined ? { hint } : {}),
  };
}
