// npm run bench: a script, not a test. Prints figures and ratios from one run on this machine:
// startup against bare node, API requests per command, and status/doctor/probe/expose at scale.
//   npm run bench -- [--sections startup,requests,scale,probe,issue] [--clusters 2,100,500]
//                    [--shapes all-to-all,realistic] [--baseline <another build's bin/kubectl-karmada_mcs>]
// --baseline times the same rows with another build against the same playgrounds, interleaved (before/after).
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { run } from '../dist/cli.js';
import { startSimulator } from '../dist/sim/index.js';
import { PLUGIN, SHAPES, playground } from './fleet.js';
import { floor } from './floor.js';

const { values: flags } = parseArgs({
  options: {
    sections: { type: 'string', default: 'startup,requests,scale,probe,issue' },
    clusters: { type: 'string', default: '2,100,500' },
    shapes: { type: 'string', default: 'all-to-all,realistic' },
    baseline: { type: 'string' },
  },
});
const SECTIONS = new Set(flags.sections.split(','));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
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

const HOME_DIR = mkdtempSync(join(tmpdir(), 'kmcs-bench-home-'));
if (SECTIONS.has('startup')) {
  console.log(`Startup (median of ${RUNS} interleaved runs)`);
  // Where the plugin keeps its code cache (kubectl's cache directory under HOME): warmed by a first
  // run, as any run but a user's very first finds it. A cache directory that cannot be written
  // (a file's child) shows a run without it.
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
  if (krewDir) rmSync(krewDir, { recursive: true, force: true });
}

if (SECTIONS.has('requests')) {
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
}

// Prints the process's peak memory as it exits: the plugin runs in a fresh node with this preloaded.
const RSS = join(mkdtempSync(join(tmpdir(), 'kmcs-bench-rss-')), 'rss.cjs');
writeFileSync(
  RSS,
  "process.on('exit', () => require('fs').writeSync(2, `maxrss ${process.resourceUsage().maxRSS}\\n`));\n",
);
const SCALE_RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 5);
const PLUGINS = flags.baseline ? { after: PLUGIN, before: flags.baseline } : { after: PLUGIN };

/** One fresh process: wall time, its peak memory, and with `verbose` the requests it logged (-v). */
function once(plugin, env, args, verbose = false) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', RSS, plugin, ...(verbose ? ['-v'] : []), ...args], {
    env,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const lines = r.stderr.split('\n').filter((l) => /^(GET|POST|PUT|PATCH|DELETE|EXEC) /.test(l));
  const rssMb = Number(/maxrss (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  return { ms: wall, requests: lines.length, code: r.status, rssMb, lines };
}

/**
 * Median wall time of SCALE_RUNS fresh processes of each plugin (after, and --baseline's before) for each job
 * (an env and the command's arguments), run in interleaved rounds as a user runs them (without -v, whose line per
 * request a user does not pay for): the jobs a ratio compares are timed side by side, so a machine that slows down
 * for a while slows both; the peak memory of the worst; the requests from one more run with -v.
 */
function measureAll(jobs) {
  const runs = jobs.map(() => Object.fromEntries(Object.keys(PLUGINS).map((k) => [k, []])));
  for (let i = 0; i < SCALE_RUNS; i++)
    jobs.forEach(({ env, args }, j) => {
      for (const [k, plugin] of Object.entries(PLUGINS)) runs[j][k].push(once(plugin, env, args));
    });
  return jobs.map(({ env, args }, j) =>
    Object.fromEntries(
      Object.entries(runs[j]).map(([k, rs]) => {
        const m = median(rs.map((r) => r.ms));
        const { requests, lines, code } = once(PLUGINS[k], env, args, true);
        // A run that failed fast would pull the median down unseen.
        if (rs.some((r) => r.code !== code))
          throw new Error(`${k} ${args.join(' ')}: exit codes ${rs.map((r) => r.code)}`);
        return [k, { ms: m, rssMb: Math.max(...rs.map((r) => r.rssMb)), requests, lines, code }];
      }),
    ),
  );
}

const measure = (env, args) => measureAll([{ env, args }])[0];

const verdict = (ratio, target) => `${ratio.toFixed(2)}× (target ≤ ${target}×: ${ratio <= target ? 'met' : 'NOT met'})`;
const cell = (r) => `${ms(r.ms).padStart(9)}, ${String(r.requests).padStart(4)} requests, ${r.rssMb.toFixed(0)} MB`;
const load = () => `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`;

if (SECTIONS.has('scale')) {
  const sizes = flags.clusters.split(',').map(Number);
  for (const shape of flags.shapes.split(',')) {
    console.log(
      `\nScale, ${shape} shape: 100 MultiClusterServices, a playground process with 20 ms latency per request, ` +
        `median of ${SCALE_RUNS} fresh processes (${load()})`,
    );
    console.log(
      shape === 'all-to-all'
        ? '  member1 provides every MCS to every other member: the data grows with MCS × clusters'
        : '  web-<i> provided by one member, consumed by three others spread over the fleet',
    );
    // Every size's playground up at once, their runs interleaved: the ratios compare figures taken side by side.
    const pgs = [];
    for (const clusters of sizes) pgs.push(await playground(clusters, 20, SHAPES[shape](clusters)));
    const jobs = sizes.flatMap((clusters, i) =>
      ['status', 'doctor'].map((cmd) => ({
        clusters,
        cmd,
        env: pgs[i].env,
        args: [cmd],
        kubeconfig: pgs[i].kubeconfig,
      })),
    );
    const results = measureAll(jobs);
    const rows = {};
    for (const [j, { clusters, cmd, kubeconfig }] of jobs.entries()) {
      const r = ((rows[clusters] ??= {})[cmd] = results[j]);
      const f = await floor(kubeconfig, r.after.lines);
      const before = r.before ? `   before: ${cell(r.before)}, exit ${r.before.code}` : '';
      console.log(
        `  ${cmd.padEnd(7)} ${String(clusters).padStart(3)} clusters: ${cell(r.after)}, exit ${r.after.code}${before}`,
      );
      console.log(
        `          floor: ${f.requests} GETs = ${f.roundTripsMs} ms of round trips (${f.inFlight} in flight), ` +
          `${(f.bytes / 1e6).toFixed(1)} MB whose JSON.parse alone takes ${ms(f.parseMs)}`,
      );
    }
    for (const pg of pgs) await pg.stop();
    for (const cmd of ['status', 'doctor']) {
      for (const k of Object.keys(PLUGINS)) {
        const base = rows[sizes[0]]?.[cmd][k];
        if (!base) continue;
        for (const n of sizes.slice(1)) {
          const r = rows[n][cmd][k];
          const target = n >= 500 ? 3 : 1.5;
          const memory =
            n >= 500
              ? `; peak memory ${r.rssMb.toFixed(0)} MB (target ≤ 250 MB: ${r.rssMb <= 250 ? 'met' : 'NOT met'})`
              : '';
          console.log(
            `  ${k.padEnd(6)} ${shape} ${cmd} at ${n} clusters / at ${sizes[0]}: ${verdict(r.ms / base.ms, target)}${memory}`,
          );
        }
      }
    }
  }
}

if (SECTIONS.has('probe')) {
  // probe and expose on one playground of 101 clusters: web-0 has 50 consumers, web-1 one, the others 100.
  const members = (from, n) => Array.from({ length: n }, (_, i) => `member${from + i}`);
  console.log(`\nprobe and expose: 101 clusters, 20 ms latency (${load()})`);
  const pg = await playground(101, 20, (i) => ({
    provider: 'member1',
    consumers: i === 0 ? members(2, 50) : i === 1 ? members(2, 1) : members(2, 100),
  }));
  const expose = (name, consumers) => [
    'expose',
    'nginx',
    '--name',
    name,
    '--provider',
    'member1',
    '--consumer',
    consumers.join(','),
    '--dry-run=server',
  ];
  // Each ratio's two commands timed in interleaved rounds.
  const [probeOne, probeFifty] = measureAll([
    { env: pg.env, args: ['probe', 'web-1'] },
    { env: pg.env, args: ['probe', 'web-0'] },
  ]);
  const [exposeOne, exposeHundred] = measureAll([
    { env: pg.env, args: expose('one', members(2, 1)) },
    { env: pg.env, args: expose('hundred', members(2, 100)) },
  ]);
  await pg.stop();
  for (const k of Object.keys(PLUGINS)) {
    console.log(
      `  ${k.padEnd(6)} probe    1 consumer: ${cell(probeOne[k])} | 50 consumers: ${cell(probeFifty[k])} | ${verdict(probeFifty[k].ms / probeOne[k].ms, 2)}`,
    );
    console.log(
      `  ${k.padEnd(6)} expose   1 consumer: ${cell(exposeOne[k])} | 100 consumers: ${cell(exposeHundred[k])} | ${verdict(exposeHundred[k].ms / exposeOne[k].ms, 1.5)}`,
    );
  }
}
if (SECTIONS.has('issue')) {
  // Issue 16's own table: 10 MCS provided by member1 to every other member, `status -o wide` and `probe web-0`
  // (one consumer per member) at 2, 50 and 100 clusters; its figures before this work are in docs/performance.md.
  console.log(`\nIssue 16's table: 10 MCS, every member a consumer, 20 ms latency (${load()})`);
  for (const clusters of [2, 50, 100]) {
    const pg = await playground(clusters, 20, SHAPES['all-to-all'](clusters), { mcs: 10 });
    const status = measure(pg.env, ['status', '-o', 'wide']);
    const probe = clusters <= 50 ? measure(pg.env, ['probe', 'web-0']) : undefined;
    await pg.stop();
    for (const k of Object.keys(PLUGINS))
      console.log(
        `  ${k.padEnd(6)} ${String(clusters).padStart(3)} clusters: status -o wide ${cell(status[k])}` +
          (probe ? ` | probe web-0 (${clusters - 1} consumers) ${cell(probe[k])}` : ''),
      );
  }
}
rmSync(dirname(RSS), { recursive: true, force: true });
rmSync(HOME_DIR, { recursive: true, force: true });
