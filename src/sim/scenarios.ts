// Named situations that Karmada users report, each built the way a user gets there on a real install: the install
// flags, the clusters and their networks, then the Service and MultiClusterService applied as Karmada's guide
// applies them (`../shared/seed`). The controllers then do what Karmada of the chosen release would do.
import { admit } from './admission.js';
import { HOST_CLUSTER as HOST } from './controller-manager.js';
import { CLUSTERS, KARMADAS, MCS, SERVICES } from './resources.js';
import type { Cluster, Karmada } from './karmada-types.js';
import type { Manager } from './fields.js';
import type { SimObject, World } from './world.js';

export const SCENARIOS = {
  'gate-off': 'the default install: the MultiClusterService gate is off, nginx and an MCS for it already applied',
  'agent-gate-off': 'member1 is a Pull-mode cluster whose karmada-agent lacks the gate; the controller-manager has it',
  'controllers-off': 'gate on, but the controller-manager runs --controllers=*,-endpointsliceDispatch',
  'no-pod-network': 'the pipeline works, but no pod network links member1 and member2',
  'cidr-overlap': "member1 and member2 both use kind's default pod CIDR 10.244.0.0/16",
  'wrong-target-port': "the Service's targetPort (8080) is not the port nginx listens on (80)",
  'tainted-consumer': "member2 has a NoSchedule taint that the Service's placement does not tolerate",
  'stale-provider': 'member1 went NotReady after its EndpointSlices were dispatched (v1.14+ keeps them in consumers)',
  loadbalancer: 'an MCS of type LoadBalancer, which Karmada leaves to an external cloud provider',
  healthy: "the guide's end state: gate on, nginx exposed from member1 to member2, curl works",
} as const;
export type ScenarioName = keyof typeof SCENARIOS;

const GATE_ON = '--feature-gates=MultiClusterService=true';

/** What a scenario changes in the install before the simulator starts. */
export interface ScenarioInstall {
  extraFlags?: string[];
  pullMembers?: string[];
  agentGate?: boolean;
  podCidrs?: Record<string, string>;
  /** pairs of members whose pod networks are linked; absent: all linked */
  networkLinks?: Array<[string, string]>;
  /** with karmada-operator, the flags go into the Karmada object instead, or its next reconcile would drop them */
  operatorSpec?: { featureGates: Record<string, boolean>; extraArgs: Record<string, string> };
}

/**
 * Scenarios that need the gate add it as a user following the guide does; local-up's own flags already turn it on
 * (artifacts/deploy/karmada-controller-manager.yaml), so there nothing is added.
 */
export function scenarioInstall(name: ScenarioName, members: string[], layout?: string): ScenarioInstall {
  const install = installFor(name, members, layout);
  if (layout !== 'operator' || !install.extraFlags?.length) return install;
  // A user of karmada-operator edits the Karmada object: spec.featureGates for the gate, the component's extraArgs
  // for other flags (operator/pkg/util/patcher renders both into the Deployment).
  const operatorSpec = { featureGates: {} as Record<string, boolean>, extraArgs: {} as Record<string, string> };
  for (const flag of install.extraFlags) {
    const [key = '', value = ''] = flag.replace(/^--/, '').split(/=(.*)/s);
    if (key === 'feature-gates') {
      for (const gate of value.split(',')) operatorSpec.featureGates[gate.split('=')[0] ?? ''] = gate.endsWith('=true');
    } else operatorSpec.extraArgs[key] = value;
  }
  return { ...install, extraFlags: [], operatorSpec };
}

function installFor(name: ScenarioName, members: string[], layout?: string): ScenarioInstall {
  const gateOn = layout === 'local-up' ? [] : [GATE_ON];
  const linkedAllBut = (a: string, b: string): Array<[string, string]> =>
    members
      .flatMap((x, i) => members.slice(i + 1).map((y): [string, string] => [x, y]))
      .filter(([x, y]) => !((x === a && y === b) || (x === b && y === a)));
  switch (name) {
    case 'gate-off':
      return {};
    case 'agent-gate-off':
      return { extraFlags: gateOn, pullMembers: ['member1'], agentGate: false };
    case 'controllers-off':
      return { extraFlags: [...gateOn, '--controllers=*,-endpointsliceDispatch'] };
    case 'no-pod-network':
      return { extraFlags: gateOn, networkLinks: linkedAllBut('member1', 'member2') };
    case 'cidr-overlap':
      // kind's default podSubnet in both, as two clusters made by plain `kind create cluster` have it.
      return { extraFlags: gateOn, podCidrs: { member1: '10.244.0.0/16', member2: '10.244.0.0/16' } };
    default:
      return { extraFlags: gateOn };
  }
}

/** A write as a user's `kubectl apply` makes it: through admission (defaults, Karmada's webhook). */
function apply(world: World, cluster: string, rt: typeof SERVICES | typeof MCS, obj: SimObject): void {
  const existing = world.get(cluster, rt, obj.metadata.namespace, obj.metadata.name) as SimObject | undefined;
  world.put(cluster, rt, admit(world.cluster(cluster), rt, obj, existing), 'kubectl-client-side-apply');
}

function setCluster(world: World, name: string, writer: Manager, change: (cluster: Cluster) => Cluster): void {
  const cluster = world.get('karmada', CLUSTERS, undefined, name) as Cluster | undefined;
  if (cluster) world.put('karmada', CLUSTERS, change(structuredClone(cluster)), writer);
}

/**
 * The user's part, once the install has settled: the guide's Service and MultiClusterService (with what the scenario
 * changes), then the events that happen afterwards. `settle` runs the controllers until the world is quiet.
 */
export function applyScenario(world: World, name: ScenarioName, settle: () => void): void {
  const operatorSpec = scenarioInstall(name, [], 'operator').operatorSpec;
  const karmada = world.cluster(HOST).serves(KARMADAS) ? (world.list(HOST, KARMADAS) as Karmada[])[0] : undefined;
  if (karmada && operatorSpec) {
    const { featureGates, extraArgs } = operatorSpec;
    world.put(
      HOST,
      KARMADAS,
      {
        ...karmada,
        metadata: { ...karmada.metadata, generation: (karmada.metadata.generation ?? 1) + 1 },
        spec: {
          ...karmada.spec,
          featureGates: { ...karmada.spec?.featureGates, ...featureGates },
          ...(Object.keys(extraArgs).length
            ? { components: { ...karmada.spec?.components, karmadaControllerManager: { extraArgs } } }
            : {}),
        },
      },
      'kubectl-client-side-apply',
    );
    settle();
  }
  if (name === 'tainted-consumer') {
    // the user's `karmadactl taint clusters member2 node-role=edge:NoSchedule`
    setCluster(world, 'member2', 'karmadactl', (c) => ({
      ...c,
      spec: { ...c.spec, taints: [{ key: 'node-role', value: 'edge', effect: 'NoSchedule' }] },
    }));
  }
  apply(world, 'karmada', SERVICES, {
    metadata: { name: 'nginx', namespace: 'default' },
    spec: { ports: [{ port: 80, targetPort: name === 'wrong-target-port' ? 8080 : 80 }], selector: { app: 'nginx' } },
  });
  const legacy = world.release.legacyClusterFields;
  apply(world, 'karmada', MCS, {
    metadata: { name: 'nginx', namespace: 'default' },
    spec: {
      types: [name === 'loadbalancer' ? 'LoadBalancer' : 'CrossCluster'],
      ...(legacy
        ? { serviceProvisionClusters: ['member1'], serviceConsumptionClusters: ['member2'] }
        : { providerClusters: [{ name: 'member1' }], consumerClusters: [{ name: 'member2' }] }),
    },
  });
  settle();
  if (name === 'stale-provider') {
    world.cluster('member1').reachable = false;
    const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    // karmada-controller-manager's cluster controller (the taint) and cluster status controller (the condition)
    setCluster(world, 'member1', 'karmada-controller-manager', (c) => ({
      ...c,
      // The cluster controller taints a cluster whose Ready is False at once (taintClusterByCondition in
      // pkg/controllers/cluster/cluster_controller.go; SetCurrentClusterTaints stamps timeAdded).
      spec: {
        ...c.spec,
        taints: [
          ...(c.spec?.taints ?? []),
          { key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule', timeAdded: at },
        ],
      },
      status: {
        ...c.status,
        // What the cluster-status controller writes once the member stops answering its health checks
        // (clusterNotReachableReason and clusterNotReachableMsg,
        // pkg/controllers/status/cluster_status_controller.go).
        conditions: (c.status?.conditions ?? []).map((cond) =>
          cond.type === 'Ready'
            ? {
                ...cond,
                status: 'False',
                reason: 'ClusterNotReachable',
                message: 'cluster is not reachable',
                lastTransitionTime: at,
              }
            : cond,
        ),
      },
    }));
    settle();
  }
}
