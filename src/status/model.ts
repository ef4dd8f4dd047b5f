// From a snapshot to each MultiClusterService's status per cluster and one verdict: healthy,
// or the first thing that is wrong and what to do about it. Pure: no I/O.
import { formatAge } from '../duration.js';
import type { GateState } from '../gates.js';
import type { Obj } from '../kube/client.js';
import { ENDPOINTSLICE_DISPATCHED, SERVICE_APPLIED, condition } from '../mcs/conditions.js';
import { type MemberFacts, type Snapshot, key, targetClusters } from './collect.js';
import { DISPATCH_MANAGER, PROVISION_CLUSTER, SERVICE_NAME, SLICE_MANAGED_BY } from '../mcs/labels.js';

export type VerdictReason =
  | 'Healthy' | 'GateOff' | 'ServiceMissing' | 'ServiceNotApplied' | 'ClusterNotReady' | 'ClusterUnreadable' | 'NoProviderEndpoints'
  | 'NothingCollected' | 'NotDispatched' | 'ConsumerMissingSlices' | 'TargetPortMismatch';

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
  conditions: Array<{ type: string; status: string; reason: string; message: string; lastTransitionTime: string | null }>;
  clusters: ClusterStatus[];
  verdict: Verdict;
}

const readyCount = (slices: Obj[]) => slices.reduce((n, s) => n + (s.endpoints ?? []).filter((e: Obj) => e.conditions?.ready !== false).length, 0);

function slicesOf(member: MemberFacts, namespace: string, name: string): { local: Obj[]; imported: Obj[] } {
  const mine = member.slices.filter((s) => s.metadata.namespace === namespace && s.metadata.labels?.[SERVICE_NAME] === name);
  const imported = mine.filter((s) => s.metadata.labels?.[SLICE_MANAGED_BY] === DISPATCH_MANAGER);
  return { local: mine.filter((s) => !imported.includes(s)), imported };
}

export function buildStatus(snap: Snapshot, mcs: Obj, now = Date.now()): McsStatus {
  const { name, namespace } = mcs.metadata;
  const all = snap.clusters.map((c) => c.metadata.name as string);
  const providers = targetClusters(mcs, 'providerClusters', all);
  const consumers = targetClusters(mcs, 'consumerClusters', all);
  const clusters: ClusterStatus[] = [...new Set([...providers, ...consumers])].map((cluster) => {
    const member = snap.members.get(cluster)!;
    const { local, imported } = slicesOf(member, namespace, name);
    const byProvider = new Map<string, number>();
    for (const s of imported) {
      const from = s.metadata.annotations?.[PROVISION_CLUSTER] ?? 'unknown';
      byProvider.set(from, (byProvider.get(from) ?? 0) + readyCount([s]));
    }
    const isProvider = providers.includes(cluster);
    return {
      name: cluster,
      roles: [...(isProvider ? ['provider' as const] : []), ...(consumers.includes(cluster) ? ['consumer' as const] : [])],
      ready: member.ready,
      syncMode: member.syncMode,
      error: member.error ?? null,
      service: member.services.some((s) => s.metadata.namespace === namespace && s.metadata.name === name),
      readyEndpoints: isProvider && !member.error ? readyCount(local) : null,
      importedFrom: [...byProvider].map(([from, readyEndpoints]) => ({ cluster: from, readyEndpoints })),
    };
  });
  const status: McsStatus = {
    name, namespace, types: mcs.spec?.types ?? [], providers, consumers,
    allProviders: !(mcs.spec?.providerClusters ?? []).length, allConsumers: !(mcs.spec?.consumerClusters ?? []).length,
    creationTimestamp: mcs.metadata.creationTimestamp, age: formatAge(now - Date.parse(mcs.metadata.creationTimestamp)),
    conditions: (mcs.status?.conditions ?? []).map((c: Obj) => ({ type: c.type, status: c.status, reason: c.reason ?? '', message: c.message ?? '', lastTransitionTime: c.lastTransitionTime ?? null })),
    clusters,
    verdict: { healthy: true, reason: 'Healthy', message: '' },
  };
  status.verdict = verdict(snap, mcs, status);
  return status;
}

function verdict(snap: Snapshot, mcs: Obj, s: McsStatus): Verdict {
  const { name, namespace } = s;
  const ref = `${name}.${namespace}`;
  if (snap.gate && !snap.gate.enabled) {
    return { healthy: false, reason: 'GateOff', message: `the MultiClusterService feature gate is ${snap.gate.describe} in karmada-controller-manager, so Karmada ignores this MultiClusterService`, hint: 'kubectl karmada-mcs enable' };
  }
  const service = snap.services.get(key(namespace, name));
  if (!service) {
    return { healthy: false, reason: 'ServiceMissing', message: `service ${namespace}/${name} does not exist in the Karmada control plane; a MultiClusterService needs a Service of the same name`, hint: `kubectl karmada-mcs expose <deployment> --name ${name} ...` };
  }
  const applied = condition(mcs, SERVICE_APPLIED);
  if (applied?.status === 'False') {
    return { healthy: false, reason: 'ServiceNotApplied', message: `Karmada could not propagate the Service: ${applied.reason}: ${applied.message}`, hint: `kubectl get mcs ${name} -n ${namespace} -o yaml` };
  }
  const notReady = s.clusters.filter((c) => !c.ready && !c.error);
  if (notReady.length) {
    return { healthy: false, reason: 'ClusterNotReady', message: `cluster ${notReady.map((c) => c.name).join(', ')} is not Ready: Karmada neither dispatches to it nor collects from it`, hint: 'kubectl get clusters' };
  }
  const unreadable = s.clusters.filter((c) => c.error);
  if (unreadable.length) {
    return { healthy: false, reason: 'ClusterUnreadable', message: `cluster ${unreadable.map((c) => c.name).join(', ')} could not be read: ${unreadable[0]!.error}`, hint: 'check the cluster proxy, or pass --cluster-context CLUSTER=CONTEXT' };
  }
  const providers = s.clusters.filter((c) => c.roles.includes('provider'));
  const mismatch = targetPortMismatch(snap, service);
  if (providers.every((p) => !p.readyEndpoints)) {
    if (mismatch) return mismatch;
    return { healthy: false, reason: 'NoProviderEndpoints', message: `no ready endpoints behind service ${name} in provider ${providers.map((p) => p.name).join(', ')}: is the workload running there and does the selector match its pods?`, hint: `kubectl get endpointslices -n ${namespace} -l kubernetes.io/service-name=${name} (in each provider)` };
  }
  const dispatched = condition(mcs, ENDPOINTSLICE_DISPATCHED);
  if (!dispatched) {
    const pull = providers.filter((p) => p.syncMode === 'Pull').map((p) => p.name);
    return {
      healthy: false, reason: 'NothingCollected',
      message: `Karmada has collected no EndpointSlice from the providers (EndpointSliceDispatched absent)${pull.length ? `; ${pull.join(', ')} ${pull.length > 1 ? 'are' : 'is'} Pull-mode, whose karmada-agent needs the gate too` : ''}`,
      hint: pull.length ? 'kubectl karmada-mcs enable --agents' : `kubectl get works -A -l multiclusterservice.karmada.io/name=${name}`,
    };
  }
  if (dispatched.status !== 'True') {
    return { healthy: false, reason: 'NotDispatched', message: `EndpointSlices were not dispatched: ${dispatched.reason}: ${dispatched.message}`, hint: `kubectl get mcs ${name} -n ${namespace} -o yaml` };
  }
  const serving = providers.filter((p) => p.readyEndpoints);
  for (const consumer of s.clusters.filter((c) => c.roles.includes('consumer'))) {
    const missing = serving.filter((p) => p.name !== consumer.name && !consumer.importedFrom.some((i) => i.cluster === p.name));
    if (missing.length) {
      return { healthy: false, reason: 'ConsumerMissingSlices', message: `consumer ${consumer.name} has no EndpointSlice from provider ${missing.map((p) => p.name).join(', ')}${consumer.service ? '' : ` and no service ${name}`}`, hint: `kubectl get works -n karmada-es-${consumer.name}` };
    }
  }
  if (mismatch) return mismatch;
  const consumers = s.clusters.filter((c) => c.roles.includes('consumer')).map((c) => c.name);
  const total = serving.reduce((n, p) => n + (p.readyEndpoints ?? 0), 0);
  return { healthy: true, reason: 'Healthy', message: `${consumers.join(', ')} can reach ${ref} (${total} ready endpoint${total === 1 ? '' : 's'} from ${serving.map((p) => p.name).join(', ')})` };
}

/** The Service's targetPort is not a port that the selected pods (by their Deployment template) declare. */
function targetPortMismatch(snap: Snapshot, service: Obj): Verdict | undefined {
  const selector: Record<string, string> = service.spec?.selector ?? {};
  const workload = snap.deployments.find((d) => d.metadata.namespace === service.metadata.namespace
    && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => d.spec?.template?.metadata?.labels?.[k] === v));
  const ports: Obj[] = (workload?.spec?.template?.spec?.containers ?? []).flatMap((c: Obj) => c.ports ?? []);
  if (!workload || ports.length === 0) return undefined;
  for (const p of service.spec?.ports ?? []) {
    const target = p.targetPort ?? p.port;
    if (!ports.some((cp) => (typeof target === 'number' ? cp.containerPort === target : cp.name === target))) {
      return {
        healthy: false, reason: 'TargetPortMismatch',
        message: `targetPort ${target} of service ${service.metadata.name} is not a container port of deployment ${workload.metadata.name} (${ports.map((cp) => cp.containerPort).join(', ')}): connections are refused`,
        hint: `kubectl karmada-mcs expose ${workload.metadata.name} --target-port ${ports[0]!.containerPort} ...`,
      };
    }
  }
  return undefined;
}
