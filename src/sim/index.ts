// startSimulator(): the whole simulated Karmada — a Karmada API server, its host cluster and
// member clusters — served over HTTPS on 127.0.0.1, with a kubeconfig that points at it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import yaml from 'js-yaml';
import { generateServingCerts } from './certs.js';
import { Controllers, HOST, KARMADA } from './controllers.js';
import { type Layout, installHost, installMember, installSeed, namespace } from './layouts.js';
import { Network } from './network.js';
import { NAMESPACES } from './resources.js';
import { installNodes } from './nodes.js';
import { type Release, release } from './release.js';
import { type ScenarioName, applyScenario, scenarioInstall } from './scenarios.js';
import { ApiServer } from './server.js';
import { World } from './world.js';

/** Clusters the simulator runs for itself: no member may take their names. */
export const OWN_CLUSTERS: readonly string[] = [KARMADA, HOST];

export interface SimulatorOptions {
  /** number of member clusters (member1..memberN) */
  members?: number;
  /** member names to register in Pull mode, each with a karmada-agent Deployment */
  pullMembers?: string[];
  /** whether those agents already have the gate */
  agentGate?: boolean;
  layout?: Layout;
  /** the Karmada release whose behaviour the control plane simulates, e.g. v1.8 or v1.14 (default: latest) */
  karmadaVersion?: string;
  /** Helm release name (`--layout helm`): Deployment and container `<release>-controller-manager` */
  release?: string;
  extraFlags?: string[];
  flagsInArgs?: boolean;
  /** the seed guide's nginx and curl workloads */
  seed?: boolean;
  latencyMs?: number;
  /** keep a log of every request answered (api.requests), as tests read it; default true */
  recordRequests?: boolean;
  /** how often the simulated controllers reconcile */
  tickMs?: number;
  /** how often the cluster status controller may rewrite a member Cluster (--cluster-status-update-frequency, 10 s) */
  clusterStatusPeriodMs?: number;
  /** a named situation users hit (src/sim/scenarios.ts); it sets install options the caller did not set */
  scenario?: ScenarioName;
  /**
   * Pod network (kind's `networking.podSubnet`) per cluster name, e.g. `{ member1: '10.244.0.0/16', member2:
   * '10.244.0.0/16' }` for kind's default in both, which overlap. Unlisted clusters keep local-up's ranges:
   * member<N> 10.<8+2N>.0.0/16 (member1 10.10.0.0/16, member2 10.12.0.0/16), karmada-host 10.244.0.0/16.
   */
  podCidrs?: Record<string, string>;
  /**
   * Pairs of clusters whose pod networks reach each other, as local-up's routes or Submariner link them; a pod IP of
   * an unlinked cluster is never answered (curl exit 28). Default: every pair of members and the host with each member
   * (local-up: its Pull members are left out, as its routes leave them).
   */
  networkLinks?: Array<[string, string]>;
}

export interface Simulator {
  world: World;
  release: Release;
  controllers: Controllers;
  api: ApiServer;
  karmadaUrl: string;
  hostUrl: string;
  caPem: string;
  memberNames: string[];
  kubeconfig(): object;
  writeKubeconfig(path: string): void;
  /** runs the controllers until nothing changes (or `rounds` passes) */
  settle(rounds?: number): void;
  /**
   * A member's own API server, as local-up's `~/.kube/members.config` reaches it: not through Karmada's cluster proxy,
   * so it answers even while the control plane cannot reach the member. Started on first use.
   */
  memberUrl(cluster: string): Promise<string>;
  stop(): Promise<void>;
}

const CONTEXT_KARMADA = 'karmada-apiserver';
const CONTEXT_HOST = 'karmada-host';

export async function startSimulator(given: SimulatorOptions = {}): Promise<Simulator> {
  const members = Array.from({ length: given.members ?? 2 }, (_, i) => `member${i + 1}`);
  const install = given.scenario ? scenarioInstall(given.scenario, members, given.layout) : {};
  const options: SimulatorOptions = {
    ...install,
    ...given,
    extraFlags: [...(install.extraFlags ?? []), ...(given.extraFlags ?? [])],
    // the scenario's Pull members stay Pull when the caller registers more (`playground --pull member3`)
    pullMembers: [...new Set([...(install.pullMembers ?? []), ...(given.pullMembers ?? [])])],
  };
  const pull = new Set(options.pullMembers ?? []);
  for (const p of pull) if (!members.includes(p)) members.push(p);
  const karmadaRelease = release(options.karmadaVersion);
  const world = new World(karmadaRelease);
  for (const name of Object.keys(options.podCidrs ?? {})) {
    if (name !== HOST && !members.includes(name)) throw new Error(`podCidrs: no cluster named ${name}`);
  }
  world.addCluster(KARMADA, 'karmada');
  world.addCluster(HOST, 'host', { operator: options.layout === 'operator', podCidr: options.podCidrs?.[HOST] });
  for (const m of members) world.addCluster(m, 'member', { podCidr: options.podCidrs?.[m] });
  // local-up routes the host and its Push members to each other (hack/local-up-karmada.sh, setup-dev-base.sh:
  // util::add_routes), not its Pull member3; other installs leave the network to their users, linked here.
  const routed = options.layout === 'local-up' ? members.filter((m) => !pull.has(m)) : members;
  const pairs = (a: string, i: number) => [...routed.slice(i + 1), HOST].map((b): [string, string] => [a, b]);
  for (const [a, b] of options.networkLinks ?? routed.flatMap(pairs)) world.link(a, b);
  installNodes(world);
  // kube-apiserver creates its system namespaces (pkg/controlplane/controller/systemnamespaces); installHost the rest.
  for (const ns of ['default', 'kube-system']) world.put(KARMADA, NAMESPACES, namespace(ns), 'kube-apiserver');
  for (const ns of ['default', 'kube-system']) world.put(HOST, NAMESPACES, namespace(ns), 'kube-apiserver');
  const layout = options.layout ?? 'init';
  installHost(world, {
    layout,
    release: options.release,
    extraFlags: options.extraFlags,
    flagsInArgs: options.flagsInArgs,
  });
  for (const m of members) installMember(world, m, pull.has(m) ? 'Pull' : 'Push', options.agentGate ?? false, layout);
  if (options.seed ?? true) installSeed(world);

  const controllers = new Controllers(world, options.clusterStatusPeriodMs);
  const network = new Network(world);
  const token = randomBytes(16).toString('hex');
  const api = new ApiServer(world, token, (cluster, pod, container, argv) =>
    network.exec(cluster, pod, container, argv),
  );
  api.latencyMs = options.latencyMs ?? 0;
  api.recording = options.recordRequests ?? true;
  const certs = generateServingCerts();
  const memberUrls = new Map<string, Promise<string>>();
  const karmadaUrl = await api.listen(KARMADA, certs, { streams: karmadaRelease.apiserverStreams });
  const hostUrl = await api.listen(HOST, certs);

  const settle = (rounds = 20) => {
    for (let i = 0; i < rounds; i++) {
      let changes = 0;
      const mark = () => {
        changes++;
      };
      world.on('change', mark);
      controllers.reconcile();
      world.off('change', mark);
      if (changes === 0) return;
    }
  };
  settle();
  if (options.scenario) applyScenario(world, options.scenario, settle);
  controllers.settled();
  // Reconcile only after something changed (the controllers' own writes count, so work in
  // progress such as a rollout keeps ticking until the world is quiet).
  let dirty = false;
  world.on('change', () => {
    dirty = true;
  });
  const timer = setInterval(() => {
    if (!dirty) return;
    dirty = false;
    controllers.reconcile();
  }, options.tickMs ?? 100);

  const kubeconfig = () => {
    const ca = Buffer.from(certs.caPem).toString('base64');
    const cluster = (name: string, server: string) => ({ name, cluster: { server, 'certificate-authority-data': ca } });
    const context = (name: string, clusterName = name) => ({
      name,
      context: { cluster: clusterName, user: 'karmada-mcs-admin' },
    });
    return {
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': CONTEXT_KARMADA,
      clusters: [
        cluster(CONTEXT_KARMADA, karmadaUrl),
        cluster(CONTEXT_HOST, hostUrl),
        ...members.map((m) => cluster(m, `${karmadaUrl}/apis/cluster.karmada.io/v1alpha1/clusters/${m}/proxy`)),
      ],
      contexts: [context(CONTEXT_KARMADA), context(CONTEXT_HOST), ...members.map((m) => context(m))],
      users: [{ name: 'karmada-mcs-admin', user: { token } }],
      preferences: {},
    };
  };

  return {
    world,
    release: karmadaRelease,
    controllers,
    api,
    karmadaUrl,
    hostUrl,
    caPem: certs.caPem,
    memberNames: members,
    kubeconfig,
    settle,
    memberUrl(cluster: string) {
      if (!members.includes(cluster)) throw new Error(`simulator has no member ${cluster}`);
      const url = memberUrls.get(cluster) ?? api.listen(cluster, certs);
      memberUrls.set(cluster, url);
      return url;
    },
    writeKubeconfig(path: string) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, yaml.dump(kubeconfig()), { mode: 0o600 });
    },
    async stop() {
      clearInterval(timer);
      controllers.stop();
      await api.close();
    },
  };
}
