// A playground of many clusters with 100 MultiClusterServices, in its own process as a user would run it, for
// bench/run.js. Run alone it stays up, to time commands by hand while changing the plugin:
//   node bench/fleet.js --clusters 100 --shape realistic [--latency 20]   (prints KUBECONFIG=…; Ctrl-C stops it)
import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { MCS, PROPAGATION_POLICIES, SERVICES } from '../dist/kube/resources.js';
import { mapLimit } from '../dist/concurrency.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PLUGIN = join(ROOT, 'bin', 'kubectl-karmada_mcs');
export const MCS_COUNT = 100;

const member = (n) => `member${n}`;

/**
 * Who provides and who consumes web-<i>, i < 100, among `clusters` members.
 * - all-to-all: member1 provides every MCS to every other member, so each member holds 100 Services and 100–200
 *   EndpointSlices: the data grows with MCS × clusters (the heaviest shape, not a fleet's).
 * - realistic: web-<i> is provided by one member and consumed by three others, both spread over the fleet, as an
 *   MCS in a real fleet names its providers and consumers; the data grows with the MCS, not with the clusters.
 * At 2 clusters both shapes make every MCS span both members.
 */
export const SHAPES = {
  'all-to-all': (clusters) => () => ({
    provider: member(1),
    consumers: Array.from({ length: clusters - 1 }, (_, j) => member(j + 2)),
  }),
  realistic: (clusters) => (i) => {
    const provider = i % clusters;
    const taken = new Set([provider]);
    // Steps of a third of the fleet, so the consumers of one MCS sit far apart and every member consumes some.
    const step = Math.max(1, Math.floor(clusters / 3));
    for (let k = 1; taken.size <= Math.min(3, clusters - 1); k++) {
      let c = (provider + k * step) % clusters;
      while (taken.has(c)) c = (c + 1) % clusters;
      taken.add(c);
    }
    const consumers = [...taken].slice(1).map((c) => member(c + 1));
    return { provider: member(provider + 1), consumers };
  },
};

/** Starts the playground, applies `mcs` MCS (100) in `shape` and waits until `status` finds them all healthy. */
export async function playground(clusters, latency, shape, { log = console.log, mcs = MCS_COUNT } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kmcs-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      PLUGIN,
      'playground',
      '--clusters',
      String(clusters),
      '--latency',
      String(latency),
      '--layout',
      'local-up',
      '--write-kubeconfig',
      kubeconfig,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  while (!out.includes('Press Ctrl-C')) await sleep(50);
  const ready = performance.now() - started;
  const { loadKubeconfig, resolveContext } = await import('../dist/kube/kubeconfig.js');
  const { KubeClient } = await import('../dist/kube/client.js');
  const { Limiter } = await import('../dist/concurrency.js');
  const karmada = new KubeClient(
    resolveContext(await loadKubeconfig(kubeconfig, {}), undefined, '--karmada-context'),
    'bench',
    { timeoutMs: 120_000, limiter: new Limiter(16) },
  );
  const sides = Array.from({ length: mcs }, (_, i) => shape(i));
  // nginx runs where some MCS names it as provider (the seed places it in member1 only).
  const providers = [...new Set(sides.map((s) => s.provider))];
  if (providers.some((p) => p !== member(1))) {
    const policy = await karmada.get(PROPAGATION_POLICIES, 'default', 'nginx-propagation');
    policy.spec.placement.clusterAffinity = { clusterNames: providers };
    await karmada.apply(PROPAGATION_POLICIES, policy, { force: true });
  }
  await mapLimit([...sides.keys()], 16, async (i) => {
    const name = `web-${i}`;
    const { provider, consumers } = sides[i];
    await karmada.apply(SERVICES, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'default' },
      spec: { selector: { app: 'nginx' }, ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] },
    });
    await karmada.apply(MCS, {
      apiVersion: 'networking.karmada.io/v1alpha1',
      kind: 'MultiClusterService',
      metadata: { name, namespace: 'default' },
      spec: {
        types: ['CrossCluster'],
        providerClusters: [{ name: provider }],
        consumerClusters: consumers.map((c) => ({ name: c })),
      },
    });
  });
  const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig };
  // Let the simulated controllers dispatch everything before measuring.
  const t0 = performance.now();
  for (let i = 0; i < 600 && spawnSync(process.execPath, [PLUGIN, 'status'], { env }).status !== 0; i++)
    await sleep(500);
  log(
    `  (playground of ${clusters} clusters: up in ${(ready / 1000).toFixed(1)} s, ` +
      `${mcs} MCS healthy after ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  return {
    env,
    kubeconfig,
    async stop() {
      child.kill('SIGINT');
      await new Promise((resolve) => child.on('close', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      clusters: { type: 'string', default: '100' },
      latency: { type: 'string', default: '20' },
      shape: { type: 'string', default: 'realistic' },
    },
  });
  const clusters = Number(values.clusters);
  const pg = await playground(clusters, Number(values.latency), SHAPES[values.shape](clusters));
  console.log(`KUBECONFIG=${pg.kubeconfig}`);
  process.once('SIGINT', () => void pg.stop().then(() => process.exit(0)));
}
