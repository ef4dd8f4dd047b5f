// From a snapshot to each MultiClusterService's status per cluster and one verdict: healthy,
// or the first thing that is wrong and what to do about it, taken from the diagnosis doctor prints
// (src/karmada/diagnosis/model.ts), in its words; agent-gate and pod-network need doctor's deep reads. Pure: no I/O.
import { formatAge } from '../duration.js';
import type { GateState } from '../karmada/gates.js';
import type { Condition } from '../kube/objects.js';
import type { MultiClusterService } from '../karmada/types.js';
import { type SliceFacts, readyAddresses, sliceProvider, slicesOf } from '../karmada/digest.js';
import { type Finding, type VerdictReason as Reason, firstFailure } from '../karmada/diagnosis/checks.js';
import { diagnose, findingsFor } from '../karmada/diagnosis/model.js';
import { type MemberFacts, type Snapshot, hasService, targetClusters } from '../karmada/snapshot.js';
import { clusterNames } from '../karmada/diagnosis/scope.js';
import { namedClusters } from '../karmada/mcs-spec.js';

export type VerdictReason = Reason | 'NotHealthy';

export interface Verdict {
  healthy: boolean;
  reason: VerdictReason;
  message: string;
  hint?: string;
}

export interface ClusterStatus {
  name: string;
  roles: Array<'provider' | 'consumer'>;
  ready: boolean;
  syncMode: string;
  error: string | null;
  /** the member has the Service (Karmada's copy) */
  service: boolean;
  /** provider: ready endpoints of its own pods behind the Service */
  readyEndpoints: number | null;
  /** consumer: EndpointSlices Karmada dispatched to it, per provider */
  importedFrom: Array<{ cluster: string; readyEndpoints: number }>;
}

/** What `status` shows: the gate (when the host could be read) and each MultiClusterService. */
export interface StatusReport {
  gate?: GateState;
  items: McsStatus[];
}

export const healthy = (r: StatusReport) => r.items.every((i) => i.verdict.healthy);

export interface McsStatus {
  name: string;
  namespace: string;
  types: string[];
  providers: string[];
  consumers: string[];
  allProviders: boolean;
  allConsumers: boolean;
  creationTimestamp: string;
  age: string;
  conditions: Array<{
    type: string;
    status: string;
    reason: string;
    message: string;
    lastTransitionTime: string | null;
  }>;
  clusters: ClusterStatus[];
  verdict: Verdict;
}

const readyCount = (slices: SliceFacts[]) => readyAddresses(slices).length;

/** A cluster the snapshot has no facts of (it reads every cluster an MCS names, so never in practice). */
const unread = (name: string): MemberFacts => ({
  name,
  ready: false,
  syncMode: 'unknown',
  error: 'not read',
  services: [],
  slices: [],
});

// client-node types timestamps as Date; the JSON holds strings.
const stamp = (t: Date | string | undefined): string | undefined => (t === undefined ? undefined : String(t));

/** `findings`: the diagnosis of the whole snapshot (computed once for every MCS in it). */
export function buildStatus(
  snap: Snapshot,
  mcs: MultiClusterService,
  findings: Finding[] = diagnose(snap),
  now = Date.now(),
): McsStatus {
  const name = mcs.metadata?.name ?? '';
  const namespace = mcs.metadata?.namespace ?? '';
  const created = stamp(mcs.metadata?.creationTimestamp) ?? '';
  const all = clusterNames(snap);
  const providers = targetClusters(mcs, 'providerClusters', all);
  const consumers = targetClusters(mcs, 'consumerClusters', all);
  const isConsumer = new Set(consumers);
  const provides = new Set(providers);
  const clusters: ClusterStatus[] = [...new Set([...providers, ...consumers])].map((cluster) => {
    const member = snap.members.get(cluster) ?? unread(cluster);
    const { local, imported } = slicesOf(member, namespace, name);
    const byProvider = new Map<string, number>();
    for (const s of imported) {
      const from = sliceProvider(s, providers) ?? 'unknown';
      byProvider.set(from, (byProvider.get(from) ?? 0) + readyCount([s]));
    }
    const isProvider = provides.has(cluster);
    return {
      name: cluster,
      roles: [...(isProvider ? ['provider' as const] : []), ...(isConsumer.has(cluster) ? ['consumer' as const] : [])],
      ready: member.ready,
      syncMode: member.syncMode,
      error: member.error ?? null,
      service: hasService(member, namespace, name),
      readyEndpoints: isProvider && !member.error ? readyCount(local) : null,
      importedFrom: [...byProvider].map(([from, readyEndpoints]) => ({ cluster: from, readyEndpoints })),
    };
  });
  const status: McsStatus = {
    name,
    namespace,
    types: mcs.spec?.types ?? [],
    providers,
    consumers,
    allProviders: namedClusters(mcs, 'provider').length === 0,
    allConsumers: namedClusters(mcs, 'consumer').length === 0,
    creationTimestamp: created,
    age: formatAge(now - Date.parse(created)),
    conditions: (mcs.status?.conditions ?? []).map((c: Partial<Condition>) => ({
      type: c.type ?? '',
      status: c.status ?? '',
      reason: c.reason ?? '',
      message: c.message ?? '',
      lastTransitionTime: stamp(c.lastTransitionTime) ?? null,
    })),
    clusters,
    verdict: { healthy: true, reason: 'Healthy', message: '' },
  };
  status.verdict = verdict(mcs, status, findings);
  return status;
}

function verdict(mcs: MultiClusterService, s: McsStatus, findings: Finding[]): Verdict {
  const mine = findingsFor(
    findings,
    mcs,
    s.clusters.map((c) => c.name),
  );
  const failed = firstFailure(mine);
  if (failed)
    return {
      healthy: false,
      reason: failed.reason ?? 'NotHealthy',
      message: failed.message,
      ...(failed.hint ? { hint: failed.hint } : {}),
    };
  const lb = mine.find((f) => f.reason === 'LoadBalancer');
  if (lb) return { healthy: true, reason: 'LoadBalancer', message: lb.message };
  const serving = s.clusters.filter((c) => c.roles.includes('provider') && c.readyEndpoints);
  const consumers = s.clusters.filter((c) => c.roles.includes('consumer')).map((c) => c.name);
  const total = serving.reduce((n, p) => n + (p.readyEndpoints ?? 0), 0);
  return {
    healthy: true,
    reason: 'Healthy',
    // Karmada's part, not the packets: whether the pod networks carry them only a probe tells (no-pod-network).
    message:
      `${consumers.join(', ')} ${consumers.length === 1 ? 'has' : 'have'} ${s.name}.${s.namespace} with ${total} ` +
      `ready endpoint${total === 1 ? '' : 's'} from ${serving.map((p) => p.name).join(', ')} ` +
      '(probe tests the pod network)',
  };
}
