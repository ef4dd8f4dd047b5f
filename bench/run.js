// npm run bench: a script, not a test. Prints figures and ratios from one run on this machine:
// startup against bare node, API requests per command, and status/probe at scale.
import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { run } from '../dist/cli.js';
import { startSimulator } from '../dist/sim/index.js';
import { MCS, SERVICES } from '../dist/kube/resources.js';
import { mapLimit } from '../dist/concurrency.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PLUGIN = join(ROOT, 'bin', 'kubectl-karmada_mcs');
const ARCHIVE_DIR = join(ROOT, 'build', 'krew');
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const OFFLINE = [
  'expose',
  'nginx',
  '--port',
  '80',
  '--selector',
  'app=nginx',
  '--provider',
  'member1',
  '--consumer',
  'member2',
  '--dry-run=client',
  '-o',
  'yaml',
  '-n',
  'default',
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n) => `${n.toFixed(1)}ms`;

/**
 * Median wall time of each command, run in interleaved rounds so that a slow spell of this shared
 * machine hits every command alike. Each entry: { label, argv, env? } (argv after node).
 */
function startup(commands) {
  const times = commands.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    commands.forEach(({ argv, env }, j) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, argv, {
        stdio: 'ignore',
        env: { PATH: process.env.PATH, HOME: HOME_DIR, ...env },
      });
      if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}`);
      times[j].push(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  }
  return times.map(median);
}

class Sink extends Writable {
  _write(_c, _e, done) {
    done();
  }
}

async function cli(args, kubeconfig) {
  const code = await run(args, {
    stdout: new Sink(),
    stderr: new Sink(),
    env: { PATH: process.env.PATH, HOME: tmpdir(), KUBECONFIG: kubeconfig },
  });
  return code;
}

async function withSim(options, fn) {
  const sim = await startSimulator({ tickMs: 20, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'kmcs-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  sim.writeKubeconfig(kubeconfig);
  try {
    return await fn(sim, kubeconfig);
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timed(sim, fn) {
  sim.api.requests.length = 0;
  const t0 = performance.now();
  const code = await fn();
  return { ms: performance.now() - t0, requests: sim.api.requests.length, code };
}

console.log(
  `kubectl-karmada-mcs benchmark — ${new Date().toISOString()} — node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}\n`,
);

console.log(`Startup (median of ${RUNS} interleaved runs)`);
// Where the plugin keeps its code cache (kubectl's cache directory under HOME): warmed by a first
// run, as any run but a user's very first finds it. A cache directory that cannot be written
// (a file's child) shows a run without it.
const HOME_DIR = mkdtempSync(join(tmpdir(), 'kmcs-bench-home-'));
writeFileSync(join(HOME_DIR, 'file'), '');
const NO_CACHE = { KUBECACHEDIR: join(HOME_DIR, 'file', 'cache') };
const commands = [
  { label: 'node -e 0', argv: ['-e', '0'] },
  { label: '--help', argv: [PLUGIN, '--help'], target: 1.3 },
  { label: 'offline expose --dry-run=client', argv: [PLUGIN, ...OFFLINE], target: 1.5 },
  { label: '  the same without a code cache', argv: [PLUGIN, ...OFFLINE], env: NO_CACHE },
];
// The krew archive (npm run bundle), unpacked as krew would: the same bundle, launched from elsewhere.
const archive = existsSync(ARCHIVE_DIR) ? readdirSync(ARCHIVE_DIR).find((f) => f.endsWith('.tar.gz')) : undefined;
const krewDir = archive && mkdtempSync(join(tmpdir(), 'kmcs-krew-'));
if (krewDir) {
  spawnSync('tar', ['-xzf', join(ARCHIVE_DIR, archive), '-C', krewDir]);
  commands.push({ label: 'krew archive --help', argv: [join(krewDir, 'kubectl-karmada_mcs'), '--help'], like: 1 });
  commands.push({
    label: 'krew archive offline expose',
    argv: [join(krewDir, 'kubectl-karmada_mcs'), ...OFFLINE],
    like: 2,
  });
}
for (const { argv } of commands)
  spawnSync(process.execPath, argv, { stdio: 'ignore', env: { PATH: process.env.PATH, HOME: HOME_DIR } });
const times = startup(commands);
commands.forEach(({ label, target, like }, i) => {
  const ratio = times[i] / times[0];
  const verdict = target
    ? `  (target ≤ ${target}×: ${ratio <= target ? 'met' : 'NOT met'})`
    : like
      ? `, ${(times[i] / times[like]).toFixed(2)}× the npm-installed one`
      : '';
  console.log(`  ${label.padEnd(38)} ${ms(times[i]).padStart(7)}  ratio ${ratio.toFixed(2)}×${verdict}`);
});
if (!krewDir) console.log('  (run `npm run bundle` first to time the krew archive too)');
rmSync(HOME_DIR, { recursive: true, force: true });
if (krewDir) rmSync(krewDir, { recursive: true, force: true });

console.log('\nAPI requests per command (playground, seed scenario)');
await withSim({}, async (sim, kc) => {
  for (const args of [
    ['enable'],
    ['expose', 'nginx', '--provider', 'member1', '--consumer', 'member2', '--wait'],
    ['status', 'nginx'],
    ['status'],
    ['probe', 'nginx'],
    ['unexpose', 'nginx'],
  ]) {
    const r = await timed(sim, () => cli(args, kc));
    console.log(
      `  ${args.join(' ').padEnd(70)} ${String(r.requests).padStart(3)} requests  ${ms(r.ms)}  exit ${r.code}`,
    );
  }
});

/**
 * A playground in its own process, as a user would run it, with 100 MultiClusterServices: web-<i> provided by
 * member1 to `consumers(i)` (default: every other cluster).
 */
async function playground(
  clusters,
  latency,
  consumers = () => Array.from({ length: clusters - 1 }, (_, i) => `member${i + 2}`),
) {
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
    resolveContext(loadKubeconfig(kubeconfig, {}), undefined, '--karmada-context'),
    'bench',
    { timeoutMs: 120_000, limiter: new Limiter(16) },
  );
  await mapLimit(
    Array.from({ length: 100 }, (_, i) => i),
    16,
    async (i) => {
      const name = `web-${i}`;
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
          providerClusters: [{ name: 'member1' }],
          consumerClusters: consumers(i).map((name) => ({ name })),
        },
      });
    },
  );
  const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig };
  // Let the simulated controllers dispatch everything before measuring.
  const t0 = performance.now();
  for (let i = 0; i < 600 && spawnSync(process.execPath, [PLUGIN, 'status'], { env }).status !== 0; i++)
    await sleep(500);
  console.log(
    `  (playground of ${clusters} clusters: up in ${ms(ready)}, 100 MCS dispatched in ${ms(performance.now() - t0)})`,
  );
  return {
    env,
    async stop() {
      child.kill('SIGINT');
      await new Promise((resolve) => child.on('close', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Prints the process's peak memory as it exits: the plugin runs in a fresh node with this preloaded.
const RSS = join(mkdtempSync(join(tmpdir(), 'kmcs-bench-rss-')), 'rss.cjs');
writeFileSync(
  RSS,
  "process.on('exit', () => require('fs').writeSync(2, `maxrss ${process.resourceUsage().maxRSS}\\n`));\n",
);
const SCALE_RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 3);

/** Median wall time of SCALE_RUNS fresh processes, with requests (-v lines) and peak memory of the slowest. */
function measure(env, args) {
  const runs = [];
  for (let i = 0; i < SCALE_RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--require', RSS, PLUGIN, '-v', ...args], {
      env,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const requests = r.stderr.split('\n').filter((l) => /^(GET|POST|PUT|PATCH|DELETE|EXEC) /.test(l)).length;
    const rssMb = Number(/maxrss (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
    runs.push({ ms: wall, requests, code: r.status, rssMb });
  }
  const m = median(runs.map((r) => r.ms));
  return { ...runs.find((r) => r.ms === m), rssMb: Math.max(...runs.map((r) => r.rssMb)) };
}

const verdict = (ratio, target) => `${ratio.toFixed(2)}× (target ≤ ${target}×: ${ratio <= target ? 'met' : 'NOT met'})`;
const cell = (r) => `${ms(r.ms)}, ${r.requests} requests, ${r.rssMb.toFixed(0)} MB, exit ${r.code}`;

console.log(
  `\nScale: 100 MultiClusterServices on a playground process, 20 ms latency per request, median of ${SCALE_RUNS} fresh processes`,
);
const byClusters = {};
for (const clusters of [2, 100, 500]) {
  const pg = await playground(clusters, 20);
  byClusters[clusters] = { status: measure(pg.env, ['status']), doctor: measure(pg.env, ['doctor']) };
  for (const cmd of ['status', 'doctor'])
    console.log(`  ${cmd.padEnd(7)} ${String(clusters).padStart(3)} clusters: ${cell(byClusters[clusters][cmd])}`);
  await pg.stop();
}
for (const cmd of ['status', 'doctor']) {
  const [two, hundred, five] = [2, 100, 500].map((n) => byClusters[n][cmd]);
  console.log(`  ${cmd} at 100 clusters / at 2: ${verdict(hundred.ms / two.ms, 1.5)}`);
  console.log(
    `  ${cmd} at 500 clusters / at 2: ${verdict(five.ms / two.ms, 3)}; peak memory ${five.rssMb.toFixed(0)} MB (target ≤ 250 MB: ${five.rssMb <= 250 ? 'met' : 'NOT met'})`,
  );
}

// probe and expose on one playground of 101 clusters: web-0 has 50 consumers, web-1 one, the others 100.
const members = (from, n) => Array.from({ length: n }, (_, i) => `member${from + i}`);
const pg = await playground(101, 20, (i) => (i === 0 ? members(2, 50) : i === 1 ? members(2, 1) : members(2, 100)));
const probeOne = measure(pg.env, ['probe', 'web-1']);
const probeFifty = measure(pg.env, ['probe', 'web-0']);
const expose = (name, consumers) => {
  const r = measure(pg.env, [
    'expose',
    'nginx',
    '--name',
    name,
    '--provider',
    'member1',
    '--consumer',
    consumers.join(','),
    '--dry-run=server',
  ]);
  return r;
};
const exposeOne = expose('one', members(2, 1));
const exposeHundred = expose('hundred', members(2, 100));
await pg.stop();
console.log(
  `  probe    1 consumer: ${cell(probeOne)} | 50 consumers: ${cell(probeFifty)} | ${verdict(probeFifty.ms / probeOne.ms, 2)}`,
);
console.log(
  `  expose   1 consumer: ${cell(exposeOne)} | 100 consumers: ${cell(exposeHundred)} | ${verdict(exposeHundred.ms / exposeOne.ms, 1.5)}`,
);
rmSync(dirname(RSS), { recursive: true, force: true });
