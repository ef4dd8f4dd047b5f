// Starts the simulated Karmada for a test and writes its kubeconfig to a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/sim/index.js';
import { CLUSTERS, DEPLOYMENTS, MCS } from '../../src/sim/resources.js';
import type { Cluster } from '../../src/sim/karmada-types.js';
import type { Container, Deployment, LabelSelector } from '../../src/sim/kinds.js';
import type { SimObject } from '../../src/sim/world.js';
import { cli } from './cli.js';

export interface TestSim {
  sim: Simulator;
  kubeconfig: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startTestSim(options: SimulatorOptions = {}): Promise<TestSim> {
  const sim = await startSimulator({ tickMs: 20, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'kmcs-test-'));
  const kubeconfig = join(dir, 'kubeconfig');
  sim.writeKubeconfig(kubeconfig);
  const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig };
  return {
    sim,
    kubeconfig,
    dir,
    env,
    async stop() {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes (non-GET) requests the simulator received, to assert that nothing was written. */
export const writes = (sim: Simulator) =>
  sim.api.requests.filter((r) => !['GET', 'HEAD'].includes(r.method) && r.status < 400);

/** A MultiClusterService `web` from member1 to member2 with no Service of that name behind it, written as-is. */
export const putMcsWithoutService = (sim: Simulator) =>
  sim.world.put(
    'karmada',
    MCS,
    {
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        types: ['CrossCluster'],
        providerClusters: [{ name: 'member1' }],
        consumerClusters: [{ name: 'member2' }],
      },
    },
    'as-is',
  );

/** The guide's expose: nginx from member1 to member2. */
export const GUIDE_EXPOSE = ['expose', 'nginx', '--provider', 'member1', '--consumer', 'member2'];

/**
 * For a test file: a simulator per test, with the gate on and the guide's expose done unless told otherwise, settled,
 * its request log cleared; stopped after each test.
 */
export function simPerTest(): (
  options?: SimulatorOptions,
  setup?: { gate?: boolean; expose?: string[] },
) => Promise<TestSim> {
  let t: TestSim | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });
  return async (options = {}, { gate = true, expose = GUIDE_EXPOSE } = {}) => {
    t = await startTestSim(options);
    if (gate) expect((await cli(['enable', '--no-wait'], t.env)).code).toBe(0);
    if (expose.length) expect((await cli(expose, t.env)).code).toBe(0);
    t.sim.settle();
    t.sim.api.requests.length = 0;
    return t;
  };
}

/** Karmada's cluster status controller has found `cluster` unreachable: its Cluster reports Ready False. */
export function markNotReady(sim: Simulator, cluster: string): void {
  const c = sim.world.get('karmada', CLUSTERS, undefined, cluster) as Cluster;
  sim.world.put(
    'karmada',
    CLUSTERS,
    { ...c, status: { ...c.status, conditions: [{ type: 'Ready', status: 'False', reason: 'ClusterNotReachable' }] } },
    'as-is',
  );
}

/**
 * A one-replica Deployment `name` in `default` whose pods carry `app: <name>`, selected by that label unless
 * `selector` says otherwise; `labels` puts the same label on the Deployment itself.
 */
export function appDeployment(
  name: string,
  containers: Container[],
  options: { selector?: LabelSelector; labels?: boolean } = {},
): SimObject {
  return {
    metadata: { name, namespace: 'default', ...(options.labels ? { labels: { app: name } } : {}) },
    spec: {
      replicas: 1,
      selector: options.selector ?? { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers } },
    },
  };
}

/** Rewrites karmada-controller-manager's container on the host, as someone editing its Deployment would. */
export function editControllerManager(sim: Simulator, edit: (c: Container) => Container): void {
  const cm = sim.world.get('host', DEPLOYMENTS, 'karmada-system', 'karmada-controller-manager') as Deployment;
  const spec = cm.spec!;
  const [container, ...others] = spec.template.spec!.containers;
  sim.world.put(
    'host',
    DEPLOYMENTS,
    {
      ...cm,
      spec: {
        ...spec,
        template: { ...spec.template, spec: { ...spec.template.spec, containers: [edit(container!), ...others] } },
      },
    },
    'as-is',
  );
}
