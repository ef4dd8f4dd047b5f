// The playground shares a machine safely: its own kubeconfig file, created exclusively and never
// through a symlink, and on exit it removes only what it created.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { exec, PLUGIN } from './helpers/cli.js';
import { kubectl } from './helpers/kubectl.js';
import { SCENARIOS } from '../src/sim/scenarios.js';

let dir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmcs-playground-test-'));
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ PATH: process.env.PATH, HOME: dir, TMPDIR: dir });

/** Starts the built plugin's playground and resolves once its banner names the kubeconfig. */
async function start(args: string[] = []) {
  const child = spawn(PLUGIN, ['playground', ...args], { env: env() });
  children.push(child);
  const run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise<number | string | null>((resolve) =>
      child.on('close', (code, signal) => {
        resolve(code ?? signal);
      }),
    ),
  };
  child.stdout.on('data', (c) => {
    run.stdout += c;
  });
  child.stderr.on('data', (c) => {
    run.stderr += c;
  });
  const banner = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (run.stdout.includes('Press Ctrl-C to stop.')) resolve();
    });
    child.on('close', () => {
      reject(new Error(`playground exited early: ${run.stderr}`));
    });
  });
  await banner;
  return Object.assign(run, { path: /export KUBECONFIG=(\S+)/.exec(run.stdout)![1]! });
}

const mode = (path: string) => statSync(path).mode & 0o777;

test('two playgrounds side by side: each its own kubeconfig, each removes only its own', async () => {
  const named = join(dir, 'new', 'nested', 'kubeconfig');
  const [a, b] = await Promise.all([start(), start(['--write-kubeconfig', named])]);
  expect(b.path).toBe(named);
  expect(a.path).not.toBe(b.path);
  // The default: a new private directory of its own under TMPDIR.
  expect(dirname(a.path)).toMatch(new RegExp(`^${dir}/karmada-mcs-playground-\\w+$`));
  expect([mode(dirname(a.path)), mode(a.path), mode(b.path)]).toEqual([0o700, 0o600, 0o600]);
  expect([mode(join(dir, 'new')), mode(join(dir, 'new', 'nested'))]).toEqual([0o700, 0o700]);
  const clusters = async (kubeconfig: string) =>
    (await kubectl(['get', 'clusters', '-o', 'name'], { ...env(), KUBECONFIG: kubeconfig })).stdout;
  expect(await clusters(a.path)).toContain('member2');
  expect(await clusters(b.path)).toContain('member2');

  a.child.kill('SIGINT');
  expect(await a.exited).toBe(130);
  expect(existsSync(a.path)).toBe(false);
  expect(existsSync(dirname(a.path))).toBe(false);
  expect(a.stderr).toContain(`playground stopped (SIGINT); removed ${a.path} and ${dirname(a.path)}`);
  expect(readFileSync(b.path, 'utf8')).toContain('karmada-apiserver');
  expect(await clusters(b.path)).toContain('member2');

  b.child.kill('SIGINT');
  expect(await b.exited).toBe(130);
  expect(existsSync(join(dir, 'new'))).toBe(false);
});

test('a symlink at --write-kubeconfig is refused and its target left as it was', async () => {
  const target = join(dir, 'precious');
  writeFileSync(target, 'do not touch\n', { mode: 0o644 });
  const link = join(dir, 'kubeconfig');
  symlinkSync(target, link);
  const r = await exec(PLUGIN, ['playground', '--write-kubeconfig', link], { env: env() });
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(
    `error: refusing to write the kubeconfig to ${link}: it already exists as a symlink, ` +
      'and the playground writes only to a new file\n' +
      'hint: name a path that does not exist yet, or leave out --write-kubeconfig to get a new private directory\n',
  );
  expect(r.stdout).toBe('');
  expect(readFileSync(target, 'utf8')).toBe('do not touch\n');
  expect(mode(target)).toBe(0o644);
  expect(lstatSync(link).isSymbolicLink()).toBe(true);

  // A dangling link would otherwise create its target.
  const dangling = join(dir, 'dangling');
  symlinkSync(join(dir, 'made-by-link'), dangling);
  expect((await exec(PLUGIN, ['playground', '--write-kubeconfig', dangling], { env: env() })).code).toBe(1);
  expect(existsSync(join(dir, 'made-by-link'))).toBe(false);
});

test('an existing file at --write-kubeconfig is refused and kept', async () => {
  const existing = join(dir, 'mine');
  writeFileSync(existing, 'apiVersion: v1\n');
  const r = await exec(PLUGIN, ['playground', '--write-kubeconfig', existing], { env: env() });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`error: refusing to write the kubeconfig to ${existing}: it already exists, and`);
  expect(readFileSync(existing, 'utf8')).toBe('apiVersion: v1\n');
});

test('a kubeconfig replaced while the playground ran is left alone on exit', async () => {
  const path = join(dir, 'kubeconfig');
  const p = await start(['--write-kubeconfig', path]);
  rmSync(path);
  writeFileSync(path, 'someone else\n');
  p.child.kill('SIGINT');
  expect(await p.exited).toBe(130);
  expect(readFileSync(path, 'utf8')).toBe('someone else\n');
  expect(p.stderr).toContain(`left ${path}: it is no longer the file this playground wrote`);
});

test('the help lists every scenario the simulator has', async () => {
  const r = await exec(PLUGIN, ['playground', '--help'], { env: env() });
  expect(r.code).toBe(0);
  const help = r.stdout.replace(/\s+/g, ' ');
  const listed = /--scenario <name> start in a situation users hit: (.*?) \(docs\/playground\.md\)/.exec(help)?.[1];
  expect(listed?.split(', ')).toEqual(Object.keys(SCENARIOS));
  expect(help).toContain('--release <name>');
});

test('a scenario on another release: the banner names both, and kubectl sees that release', async () => {
  const p = await start(['--scenario', 'stale-provider', '--karmada-version', '1.13']);
  expect(p.stdout).toContain('  Karmada release    v1.13.0\n');
  expect(p.stdout).toContain(`  scenario           stale-provider: ${SCENARIOS['stale-provider']}\n`);
  expect(p.stdout).toContain(
    '  scenario flags     karmada-controller-manager --feature-gates=MultiClusterService=true\n',
  );
  const image = await kubectl(
    ['--context', 'karmada-host', 'get', 'deploy', '-n', 'karmada-system', '-o', 'jsonpath={..image}'],
    { ...env(), KUBECONFIG: p.path },
  );
  expect(image.stdout).toMatch(/karmada-controller-manager:v1\.13\.0/);
  const clusters = await kubectl(['get', 'clusters'], { ...env(), KUBECONFIG: p.path });
  expect(clusters.stdout).toMatch(/member1\s+v1\.31\.2\s+Push\s+False/);
  p.child.kill('SIGINT');
  expect(await p.exited).toBe(130);
});

test("a scenario's Pull member stays Pull beside those --pull adds", async () => {
  const p = await start(['--scenario', 'agent-gate-off', '--clusters', '3', '--pull', 'member3']);
  expect(p.stdout).toContain('  member clusters    member1 (Pull), member2, member3 (Pull)\n');
  const modes = await kubectl(['get', 'clusters', '-o', 'jsonpath={.items[*].spec.syncMode}'], {
    ...env(),
    KUBECONFIG: p.path,
  });
  expect(modes.stdout).toBe('Pull Push Pull');
  p.child.kill('SIGINT');
  expect(await p.exited).toBe(130);
});

test('--layout helm --release NAME: the controller-manager is NAME-controller-manager', async () => {
  const p = await start(['--layout', 'helm', '--release', 'mcs-demo', '--scenario', 'controllers-off']);
  expect(p.stdout).toContain('  install layout     Helm chart, release mcs-demo (gate off)\n');
  const deploy = await kubectl(['--context', 'karmada-host', 'get', 'deploy', '-n', 'karmada-system', '-o', 'name'], {
    ...env(),
    KUBECONFIG: p.path,
  });
  expect(deploy.stdout).toContain('deployment.apps/mcs-demo-controller-manager\n');
  p.child.kill('SIGINT');
  expect(await p.exited).toBe(130);
});

test.each([
  [['--release', 'kd'], 'error: --release names a Helm release: it needs --layout helm, not init'],
  [
    ['--layout', 'helm', '--release', 'Karmada_1'],
    'error: invalid value "Karmada_1" for --release: Helm release ' +
      'names are lower-case DNS names of at most 53 characters (letters, digits, "-" and ".")',
  ],
  [['--layout', 'helm', '--release', 'k'.repeat(54)], `error: invalid value "${'k'.repeat(54)}" for --release`],
  [
    ['--scenario', 'gate-off', '--layout', 'local-up'],
    'error: --scenario gate-off needs an install whose gate is off: --layout local-up turns it on',
  ],
  [
    ['--scenario', 'healthy', '--clusters', '1'],
    'error: --scenario healthy needs --clusters 2 or more: member1 provides, member2 consumes',
  ],
  [['--scenario', 'nope'], 'error: invalid value "nope" for --scenario: expected one of gate-off, agent-gate-off'],
  [['--karmada-version', 'v1.7'], 'error: invalid value "v1.7" for --karmada-version: expected one of v1.8, v1.9'],
  [['--pull', 'Bad_Name'], 'error: --pull: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist'],
  [['--pull', 'karmada'], "error: --pull karmada: that name is the playground's own karmada cluster"],
  [['--pull', 'host'], "error: --pull host: that name is the playground's own host cluster"],
])('%j is refused: exit 2, one line, nothing written', async (args, message) => {
  const r = await exec(PLUGIN, ['playground', ...args], { env: env() });
  expect(r.code).toBe(2);
  expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(r.stderr).toContain(message);
  expect(r.stdout).toBe('');
  expect(readdirSync(dir).filter((name) => name.startsWith('karmada-mcs-playground-'))).toEqual([]);
});

// `playground | head -3`: the reader goes away, the next line of the banner ends the process (main.ts), and the
// kubeconfig it wrote goes with it rather than staying behind in the temporary directory.
test('a playground whose reader goes away removes its kubeconfig as it ends', async () => {
  const child = spawn(PLUGIN, ['playground'], { env: env() });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(readdirSync(dir).filter((f) => f.startsWith('karmada-mcs-playground-'))).toEqual([]);
});
