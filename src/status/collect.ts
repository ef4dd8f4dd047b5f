// Gathers what Karmada did with each MultiClusterService: one list per cluster per resource
// kind (never one request per MCS per cluster), members read concurrently with a bound.
import { mapLimit } from '../concurrency.js';
import { CliError } from '../errors.js';
import { controllerManagerGate } from '../enable/service.js';
import type { Clusters } from '../expose/checks.js';
import type { GateState } from '../gates.js';
import type { Obj } from '../kube/client.js';
import { CLUSTERS, DEPLOYMENTS, ENDPOINTSLICES, MCS, SERVICES } from '../kube/resources.js';

const MEMBER_PARALLELISM = 16;

export interface MemberFacts {
  name: string;
  ready: boolean;
  syncMode: string;
  /** why the member could not be read through the proxy (or its context) */
  error?: string;
  services: Obj[];
  slices: Obj[];
}

export interface Snapshot {
  mcs: Obj[];
  /** the control plane's Services, keyed namespace/name */
  services: Map<string, Obj>;
  clusters: Obj[];
  /** the control plane's Deployments: their templates say which container ports the pods declare */
  deployments: Obj[];
  members: Map<string, MemberFacts>;
  gate?: GateState;
}

export const key = (namespace: string, name: string) => `${namespace}/${name}`;

export function targetClusters(mcs: Obj, field: 'providerClusters' | 'consumerClusters', all: string[]): string[] {
  const names = (mcs.spec?.[field] ?? []).map((c: Obj) => c.name as string);
  return names.length ? names : all;
}

export async function snapshot(clusters: Clusters, namespace: string | undefined, name?: string): Promise<Snapshot> {
  const karmada = await clusters.karmada();
  const [mcsList, services, clusterList, deployments, gate] = await Promise.all([
    name ? karmada.find(MCS, namespace, name).then((m) => (m ? [m] : [])) : karmada.list(MCS, namespace),
    name ? karmada.find(SERVICES, namespace, name).then((s) => (s ? [s] : [])) : karmada.list(SERVICES, namespace),
    karmada.list(CLUSTERS),
    karmada.list(DEPLOYMENTS, namespace),
    clusters.host({ bestEffort: true }).then(controllerManagerGate).catch(() => undefined),
  ]);
  if (name && mcsList.length === 0) {
    throw new CliError(`multiclusterservice "${name}" not found in namespace "${namespace}" (${karmada.label})`, {
      hint: `list them with \`kubectl karmada-mcs status -n ${namespace}\`, or create it with \`kubectl karmada-mcs expose\``,
    });
  }
  const all = clusterList.map((c) => c.metadata.name as string);
  const involved = [...new Set(mcsList.flatMap((m) => [...targetClusters(m, 'providerClusters', all), ...targetClusters(m, 'consumerClusters', all)]))];
  const byName = new Map(clusterList.map((c) => [c.metadata.name as string, c]));
  const read = await mapLimit(involved, MEMBER_PARALLELISM, async (cluster) => {
    const member = await clusters.member(cluster);
    const [svcs, slices] = await Promise.all([member.list(SERVICES, namespace), member.list(ENDPOINTSLICES, namespace)]);
    return { svcs, slices };
  });
  const members = new Map<string, MemberFacts>();
  involved.forEach((cluster, i) => {
    const c = byName.get(cluster);
    const facts: MemberFacts = {
      name: cluster,
      ready: (c?.status?.conditions ?? []).some((x: Obj) => x.type === 'Ready' && x.status === 'True'),
      syncMode: c?.spec?.syncMode ?? 'unknown',
      services: [], slices: [],
    };
    const r = read[i]!;
    if (!c) facts.error = 'no Cluster object of that name';
    else if (r.status === 'rejected') facts.error = (r.reason as Error).message;
    else Object.assign(facts, { services: r.value.svcs, slices: r.value.slices });
    members.set(cluster, facts);
  });
  return { mcs: mcsList, services: new Map(services.map((s) => [key(s.metadata.namespace, s.metadata.name), s])), clusters: clusterList, deployments, members, gate };
}
