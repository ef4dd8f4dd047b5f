// Gathers what Karmada did with each MultiClusterService, for status and doctor alike: one list per cluster per
// resource kind (never one request per MCS per cluster), every member read at once (the session's limiter bounds the
// requests in flight). Per member: Services and EndpointSlices; once: the control plane's lists, and the EndpointSlice
// Works when a consumer misses endpoints: at most 8 + 2 requests per member. `deep` (doctor) adds what only doctor
// judges: each member's Nodes (pod CIDRs), a Pull provider's karmada-agent and the MCS CRD (the release): at most
// 9 + 3 per member (+1 per Pull provider), and 1 per registered cluster that no MCS names.
// Each member's lists are cut down to what the diagnosis judges as soon as they arrive (see digest.ts), so the
// parsed responses die young: at 500 members they are most of the bytes read.
import { CliError, messageOf } from '../errors.js';
import { locateDeployment } from './locate.js';
import { rolloutFailed, rolloutPending } from '../kube/rollout.js';
import type { Clusters } from './clusters.js';
import type { GateState } from './gates.js';
import type { KubeClient } from '../kube/client.js';
import {
  type Container,
  type Crd,
  type Deployment,
  type EndpointSlice,
  type Event,
  type Node,
  type Service,
  labelSelector,
} from '../kube/objects.js';
import type { Cluster, MultiClusterService, ResourceBinding, Work } from './types.js';
import { CLUSTERS, DEPLOYMENTS, ENDPOINTSLICES, MCS, RESOURCE_BINDINGS, SERVICES, WORKS } from '../kube/resources.js';
import { effectiveGate } from './controller-manager.js';
import { type Side, namedClusters, sideClusters } from './mcs-spec.js';
import { CRDS, EVENTS, MCS_CRD, MCS_NAME_LABEL, NODES } from './resources.js';
import { isReady, syncMode } from './clusters.js';
import {
  type NodeFacts,
  type ServiceFacts,
  type SliceFacts,
  keyOf,
  missesSlices,
  sliceSelector,
  digester,
  trimNode,
} from './digest.js';

export const KARMADA_NAMESPACE = 'karmada-system';
const CONTROLLER_MANAGER = 'karmada-controller-manager';
const AGENT = 'karmada-agent';

export interface ComponentFacts {
  /** the Deployment's container that runs the component: its template, which a rollout may not have reached */
  container?: Partial<Container>;
  /** the Deployment's pods as its status counts them, and what its rollout still waits for (kubectl's words) */
  pods?: { desired: number; available: number; rollout?: string; failed?: string };
  /** the Deployment, and its pods' label selector */
  deployment?: { name: string; namespace: string; selector: string };
  /** the container's index in the pod template */
  containerIndex?: number;
  /** why it could not be read */
  error?: string;
}

/** The controller-manager, and the kubeconfig context it was read through. */
export interface HostFacts extends ComponentFacts {
  context?: string;
}

export interface MemberFacts {
  name: string;
  ready: boolean;
  syncMode: string;
  /** why the member could not be read through the proxy (or its context) */
  error?: string;
  /** names only (digest.ts digester) */
  services: ServiceFacts[];
  /** what the diagnosis and the probe read of them (digest.ts digester) */
  slices: SliceFacts[];
  /** deep snapshots only */
  nodes?: NodeFacts[];
  nodesError?: string;
  /** Pull-mode providers only, in deep snapshots */
  agent?: ComponentFacts;
}

export interface Snapshot {
  mcs: MultiClusterService[];
  /** the control plane's Services, keyed namespace/name */
  services: Map<string, Service>;
  clusters: Cluster[];
  /** the control plane's Deployments: their templates say which container ports the pods declare */
  deployments: Deployment[];
  members: Map<string, MemberFacts>;
  gate?: GateState;
  /** karmada-controller-manager in the host cluster */
  host: HostFacts;
  karmadaLabel: string;
  /** the MultiClusterService asked for by name (absent from `mcs` when it does not exist) */
  name?: string;
  /** undefined: all namespaces */
  namespace?: string;
  /** doctor without NAME: every registered cluster, not only those the MultiClusterServices name */
  install: boolean;
  /** the Nodes, Pull providers' agents and the MCS CRD were read (doctor): the pod-network and agent checks can run */
  deep: boolean;
  /** undefined when they could not be read */
  events?: Event[];
  bindings?: ResourceBinding[];
  /** the EndpointSlice Works of MultiClusterServices, collected and dispatched, in every karmada-es-<cluster> */
  works?: Work[];
  /** the MultiClusterService CRD, null when not readable */
  crd?: Partial<Crd> | null;
}

export interface SnapshotOptions {
  /** check every registered cluster (doctor without NAME) */
  install?: boolean;
  /** also read each member's Nodes, each Pull provider's karmada-agent and the MCS CRD (what doctor alone judges) */
  deep?: boolean;
  /** a missing NAME is reported by the caller instead of thrown */
  missingOk?: boolean;
  /** called as each member has been read */
  onMember?: (read: number, of: number) => void;
}

export { hasService, key, keyOf } from './digest.js';

/** The provider or consumer clusters of an MCS (an empty list in the spec means all). */
export function targetClusters(
  mcs: MultiClusterService,
  field: 'providerClusters' | 'consumerClusters',
  all: string[],
): string[] {
  const side: Side = field === 'providerClusters' ? 'provider' : 'consumer';
  return sideClusters(mcs, side, all);
}

async function component(client: () => Promise<KubeClient>, container: string): Promise<HostFacts> {
  let context: string | undefined;
  try {
    const c = await client();
    context = c.context.name;
    const found = await locateDeployment(c, KARMADA_NAMESPACE, undefined, container);
    const { spec, status } = found.deployment;
    return {
      context,
      container: found.container,
      containerIndex: found.containerIndex,
      deployment: {
        name: found.name,
        namespace: found.namespace,
        selector: labelSelector(spec?.selector.matchLabels),
      },
      pods: {
        desired: spec?.replicas ?? 1,
        available: status?.availableReplicas ?? 0,
        rollout: rolloutPending(found.deployment),
        failed: rolloutFailed(found.deployment),
      },
    };
  } catch (error) {
    return { context, error: messageOf(error) };
  }
}

const MCS_WARNINGS = 'involvedObject.kind=MultiClusterService,type=Warning';

const optional = <T>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);

const settled = <T>(p: Promise<T>): Promise<PromiseSettledResult<T>> =>
  p.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );

/** Which MCS each cluster provides and consumes: what its EndpointSlices are read for. */
function rolesOf(mcsList: MultiClusterService[], all: string[]) {
  const roles = new Map<string, { provides: Set<string>; consumes: Set<string> }>();
  const of = (cluster: string) => {
    let r = roles.get(cluster);
    if (!r) roles.set(cluster, (r = { provides: new Set(), consumes: new Set() }));
    return r;
  };
  for (const m of mcsList) {
    const name = m.metadata?.name ?? '';
    for (const c of targetClusters(m, 'providerClusters', all)) of(c).provides.add(name);
    for (const c of targetClusters(m, 'consumerClusters', all)) of(c).consumes.add(name);
  }
  return roles;
}

export async function snapshot(
  clusters: Clusters,
  namespace: string | undefined,
  name?: string,
  options: SnapshotOptions = {},
): Promise<Snapshot> {
  const install = Boolean(options.install) && !name;
  const deep = Boolean(options.deep);
  const karmada = await clusters.karmada();
  // The controller-manager is on another server (the host): read from the start.
  const host = component(() => clusters.host({ bestEffort: true }), CONTROLLER_MANAGER);
  const clusterRead = karmada.list<Cluster>(CLUSTERS);
  // Its failure is thrown where it is awaited, below.
  clusterRead.catch(() => undefined);
  const mcsList = await (name
    ? karmada.find<MultiClusterService>(MCS, namespace, name).then((m) => (m ? [m] : []))
    : karmada.list<MultiClusterService>(MCS, namespace));
  if (name && mcsList.length === 0 && !options.missingOk) {
    throw new CliError(`multiclusterservice "${name}" not found in namespace "${namespace}" (${karmada.label})`, {
      hint:
        `list them with \`kubectl karmada-mcs status -n ${namespace}\`, ` +
        'or create it with `kubectl karmada-mcs expose`',
    });
  }
  // Where every MCS names its providers and consumers, their members are read as soon as the MCS list is in, while
  // the Cluster list (a few KB per cluster: each one's API enablements and resource summary) is still on its way. A
  // side left empty means every cluster: then every role waits for it.
  const named = mcsList.every((m) => namedClusters(m, 'provider').length && namedClusters(m, 'consumer').length);
  const clusterList = named ? undefined : await clusterRead;
  const all = clusterList?.map((c) => c.metadata?.name ?? '') ?? [];
  const roles = rolesOf(mcsList, all);
  const registered = clusterRead.then((l) => new Map(l.map((c) => [c.metadata?.name ?? '', c])));
  registered.catch(() => undefined);
  // The rest of the control plane is asked for now, just ahead of the members (first in the limiter's queue when
  // there are more member requests than it lets through), not with the MCS and Cluster lists: parsing these 650 KB
  // (100 MCS) as those arrive held the members' requests back.
  const rest = Promise.all([
    name
      ? karmada.find<Service>(SERVICES, namespace, name).then((s) => (s ? [s] : []))
      : karmada.list<Service>(SERVICES, namespace),
    karmada.list<Deployment>(DEPLOYMENTS, namespace),
    // Only the Warnings about MultiClusterServices are judged: the API server leaves out the rest of a namespace's
    // events, thousands in a busy one (fields an Event is selected by: kubernetes pkg/registry/core/event/strategy.go).
    optional(karmada.list<Event>(EVENTS, namespace, { fieldSelector: MCS_WARNINGS })),
    optional(karmada.list<ResourceBinding>(RESOURCE_BINDINGS, namespace)),
    // The MultiClusterService CRD: the release when the controller-manager's image does not tell.
    deep
      ? karmada.find<Crd>(CRDS, undefined, MCS_CRD).then(
          (c) => c ?? null,
          () => null,
        )
      : undefined,
  ]);
  // Its failure is thrown where it is awaited, below, after the members'.
  rest.catch(() => undefined);
  const unpaired = mcsList.length === 0;
  const digest = digester();
  let done = 0;
  let total = roles.size;
  const readMember = async (cluster: string) => {
    // A cluster is read before its Cluster object is known only where an MCS names it: unregistered, it fails.
    if (!named && !(await registered).has(cluster)) return undefined;
    const member = await clusters.member(cluster);
    // A cluster no MCS names (doctor of the whole install) is read once, to see that the proxy reaches it: its
    // pod CIDRs and agent matter only while no MCS pairs clusters (diagnosis/scope.ts).
    const role = roles.get(cluster);
    // A Pull-mode provider's agent: its Cluster says Pull.
    const pull =
      deep && (role ? role.provides.size > 0 : unpaired)
        ? registered.then((byName) => syncMode(byName.get(cluster)) === 'Pull')
        : false;
    const [svcs, slices, nodes, agent] = await Promise.all([
      member.list<Service>(SERVICES, namespace).then((l) => l.map(digest.service)),
      role
        ? member
            .list<EndpointSlice>(ENDPOINTSLICES, namespace, { labelSelector: sliceSelector(role) })
            .then((l) => l.map(digest.slice))
        : [],
      // Each member's nodes: their pod CIDRs are compared.
      deep && (role || unpaired)
        ? member.list<Node>(NODES, undefined, { withoutStatus: true }).then(
            (n) => ({ n: n.map(trimNode) }),
            (e: unknown) => ({ error: messageOf(e) }),
          )
        : undefined,
      Promise.resolve(pull).then((isPull) => (isPull ? component(() => Promise.resolve(member), AGENT) : undefined)),
    ]).finally(() => options.onMember?.(++done, total));
    return { svcs, slices, nodes, agent };
  };
  const first = [...roles.keys()];
  const firstRead = Promise.allSettled(first.map(readMember));
  // doctor without NAME checks the whole install: every registered cluster, those no MCS names once the list is in.
  const othersRead = registered.then((byName) => {
    const others = install ? [...byName.keys()].filter((c) => !roles.has(c)) : [];
    total += others.length;
    return Promise.all(others.map(async (c) => [c, await settled(readMember(c))] as const));
  });
  const results = new Map(first.map((c, i) => [c, firstRead.then((r) => r[i])]));
  for (const [c, r] of await othersRead) results.set(c, Promise.resolve(r));
  const byName = await registered;
  const members = new Map<string, MemberFacts>();
  // In the order they had before: the install's clusters as registered, else as the MCS name them.
  for (const cluster of install ? [...byName.keys()] : first) {
    const r = await results.get(cluster);
    if (!r) continue;
    const c = byName.get(cluster);
    const facts: MemberFacts = {
      name: cluster,
      ready: c ? isReady(c) : false,
      syncMode: syncMode(c),
      services: [],
      slices: [],
    };
    if (!c) facts.error = 'no Cluster object of that name';
    else if (r.status === 'rejected') facts.error = messageOf(r.reason);
    else if (r.value) {
      Object.assign(facts, { services: r.value.svcs, slices: r.value.slices, agent: r.value.agent });
      const nodes = r.value.nodes;
      if (nodes && 'n' in nodes) facts.nodes = nodes.n;
      else if (nodes) facts.nodesError = nodes.error;
    }
    members.set(cluster, facts);
  }
  const [services, deployments, events, bindings, crd] = await rest;
  const hostFacts = await host;
  const gate = hostFacts.container ? effectiveGate(hostFacts.container) : undefined;
  const snap: Snapshot = {
    mcs: mcsList,
    services: new Map(services.map((s) => [keyOf(s), s])),
    clusters: await clusterRead,
    deployments,
    members,
    gate: gate && !('error' in gate) ? gate : undefined,
    host: hostFacts,
    karmadaLabel: karmada.label,
    name,
    namespace,
    install,
    deep,
    events,
    bindings,
    crd,
  };
  // The EndpointSlice Works say where a consumer's missing endpoints stopped: read only when some are missing.
  // Both kinds carry these labels (endpointslice_collect_controller.go, endpointslice_dispatch_controller.go).
  if (missesSlices(snap)) {
    const selector = name ? `${MCS_NAME_LABEL}=${name}` : MCS_NAME_LABEL;
    snap.works = await optional(karmada.list<Work>(WORKS, undefined, { labelSelector: selector }));
  }
  return snap;
}
