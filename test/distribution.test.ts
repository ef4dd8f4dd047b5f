// What ships: completion scripts, the version command, the bundle (its help texts and code cache)
// and the krew archive + manifest.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yaml from 'js-yaml';
import { type TestSim, startTestSim } from './helpers/sim.js';
import { BIN_DIR, cli, exec } from './helpers/cli.js';
import { helpRequests } from '../src/cli.js';
import { kubectl } from './helpers/kubectl.js';

const ROOT = join(BIN_DIR, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.stop());

test.each(['bash', 'zsh', 'fish'])(
  'the shipped %s completion file is what the completion command prints',
  async (shell) => {
    const r = await cli(['completion', shell], t.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'completions', `kubectl-karmada_mcs.${shell}`), 'utf8'));
  },
);

test('the bash script completes live cluster names through the binary', async () => {
  const script = `source ${join(ROOT, 'completions', 'kubectl-karmada_mcs.bash')}
COMP_WORDS=(kubectl-karmada_mcs expose nginx --provider "")
COMP_CWORD=4
_kubectl_karmada_mcs
echo "\${COMPREPLY[*]}"
COMP_WORDS=(kubectl-karmada_mcs sta)
COMP_CWORD=1
_kubectl_karmada_mcs
echo "\${COMPREPLY[*]}"`;
  const r = await exec('bash', ['-c', script], { env: { ...t.env, PATH: `${BIN_DIR}:${process.env.PATH}` } });
  expect(r.stdout).toBe('member1 member2\nstatus\n');
});

test('the bash script completes file names where the binary allows them, namespaces for -n', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmcs-files-'));
  writeFileSync(join(dir, 'kubeconfig-a'), '');
  writeFileSync(join(dir, 'kube.yaml'), '');
  const complete = (...words: string[]) => `COMP_WORDS=(kubectl-karmada_mcs ${words.map((w) => `"${w}"`).join(' ')})
COMP_CWORD=${words.length}
_kubectl_karmada_mcs
echo "\${COMPREPLY[*]}"`;
  const script = [
    `source ${join(ROOT, 'completions', 'kubectl-karmada_mcs.bash')}`,
    `cd ${dir}`,
    complete('--kubeconfig', `${dir}/ku`),
    complete('playground', '--write-kubeconfig', 'kubeconfig'),
    complete('status', '-n', 'k'),
    // No MultiClusterService to offer: nothing, never the files around.
    complete('status', ''),
  ].join('\n');
  const r = await exec('bash', ['-c', script], { env: { ...t.env, PATH: `${BIN_DIR}:${process.env.PATH}` } });
  // In the order the shell and the API server give them: compared as sets.
  expect(r.stdout.split('\n').map((line) => line.split(' ').sort())).toEqual([
    [`${dir}/kube.yaml`, `${dir}/kubeconfig-a`],
    ['kubeconfig-a'],
    ['karmada-es-member1', 'karmada-es-member2', 'karmada-system', 'kube-system'],
    [''],
    [''],
  ]);
});

test('an unsupported shell is a usage error', async () => {
  const r = await cli(['completion', 'powershell'], t.env);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe('error: unsupported shell "powershell": expected one of bash, zsh, fish\n');
});

test('version prints the plugin, Node and Karmada API server versions; without a kubeconfig it fails after the first two', async () => {
  const r = await cli(['version', '-o', 'json'], t.env);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({
    plugin: pkg.version,
    node: process.version,
    karmada: {
      context: 'karmada-apiserver',
      server: t.sim.karmadaUrl,
      gitVersion: 'v1.31.3',
      multiClusterServiceAPI: true,
    },
  });
  const plain = await cli(['--karmada-context', 'karmada-host', 'version'], t.env);
  expect(plain.stdout).toContain('networking.karmada.io/v1alpha1 not served');
  const offline = await cli(['version'], { PATH: process.env.PATH, HOME: '/nonexistent' });
  expect(offline.code).toBe(1);
  expect(offline.stdout).toMatch(/^kubectl-karmada-mcs {2}\d+\.\d+\.\d+\nnode {17}v20\S*\n$/);
  expect(offline.stderr).toMatch(/^error: kubeconfig not found/);
});

describe('help without loading the CLI', () => {
  const help = JSON.parse(readFileSync(join(ROOT, 'dist', 'bundle', 'help.json'), 'utf8'));

  test('help.json holds, for every help request, what commander prints for it', async () => {
    expect(Object.keys(help.requests).sort()).toEqual(
      helpRequests()
        .map((argv) => argv.join(' '))
        .sort(),
    );
    for (const argv of helpRequests()) {
      const r = await cli(argv, t.env);
      expect({ argv, code: r.code, stdout: help.texts[help.requests[argv.join(' ')]] }).toEqual({
        argv,
        code: 0,
        stdout: r.stdout,
      });
    }
  });

  test('the plugin answers them from help.json: they work with the CLI part of the bundle gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmcs-help-'));
    cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist', 'bundle'), join(dir, 'dist', 'bundle'), { recursive: true });
    rmSync(join(dir, 'dist', 'bundle', 'cli.cjs'));
    const plugin = join(dir, 'bin', 'kubectl-karmada_mcs');
    for (const argv of [[], ['--help'], ['expose', '-h'], ['help', 'enable-feature']]) {
      const r = await exec(plugin, argv, { env: t.env });
      expect({ argv, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        argv,
        code: 0,
        stdout: (await cli(argv, t.env)).stdout,
        stderr: '',
      });
    }
    // Anything else needs the CLI, including help asked for with other flags.
    expect((await exec(plugin, ['--no-color', '--help'], { env: t.env })).stderr).toContain('cli.cjs');
  });
});

describe('code cache of the CLI', () => {
  const digest = createHash('sha256')
    .update(readFileSync(join(ROOT, 'dist', 'bundle', 'cli.cjs')))
    .digest('hex')
    .slice(0, 16);
  const name = `cli-${digest}-${process.version}-${process.arch}.v8cache`;
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
  ];
  const plugin = join(BIN_DIR, 'kubectl-karmada_mcs');

  test(
    'the first run writes it where kubectl keeps caches; ' + 'later runs, with it or a broken one, print the same',
    async () => {
      const home = mkdtempSync(join(tmpdir(), 'kmcs-home-'));
      const env = { PATH: process.env.PATH, HOME: home };
      const first = await exec(plugin, OFFLINE, { env });
      expect(first).toMatchObject({ code: 0, stderr: '' });
      const cache = join(home, '.kube', 'cache', 'karmada-mcs', name);
      const written = readFileSync(cache);
      expect(written.length).toBeGreaterThan(1000);
      // V8 runs what a cache holds: nobody but the user may write it.
      expect([statSync(cache).mode & 0o777, statSync(dirname(cache)).mode & 0o777]).toEqual([0o600, 0o700]);
      expect(await exec(plugin, OFFLINE, { env })).toEqual(first);
      expect(readFileSync(cache)).toEqual(written);
      // V8 refuses a damaged cache; the plugin then compiles as usual and writes a good one.
      writeFileSync(cache, Buffer.alloc(written.length, 7));
      expect(await exec(plugin, OFFLINE, { env })).toEqual(first);
      expect(readFileSync(cache).equals(Buffer.alloc(written.length, 7))).toBe(false);
    },
  );

  test('$KUBECACHEDIR moves it; a cache directory that cannot be written changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmcs-cache-'));
    const r = await exec(plugin, OFFLINE, { env: { PATH: process.env.PATH, HOME: '/nonexistent', KUBECACHEDIR: dir } });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(join(dir, 'karmada-mcs'))).toEqual([name]);
    writeFileSync(join(dir, 'file'), '');
    const blocked = await exec(plugin, OFFLINE, {
      env: { PATH: process.env.PATH, HOME: '/nonexistent', KUBECACHEDIR: join(dir, 'file') },
    });
    expect(blocked).toEqual(r);
  });
});

describe('krew', () => {
  const out = mkdtempSync(join(tmpdir(), 'kmcs-krew-'));
  const again = mkdtempSync(join(tmpdir(), 'kmcs-krew-'));
  const manifest = yaml.load(readFileSync(join(ROOT, 'plugins', 'karmada-mcs.yaml'), 'utf8')) as any;
  const archiveIn = (dir: string) => readFileSync(join(dir, `kubectl-karmada-mcs-v${pkg.version}.tar.gz`));

  beforeAll(async () => {
    for (const dir of [out, again]) {
      const r = await exec(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--krew', '--out', dir]);
      expect(r.code).toBe(0);
    }
  }, 240_000);

  test('plugins/karmada-mcs.yaml is a valid krew manifest for this version', () => {
    expect(manifest).toMatchObject({
      apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
      kind: 'Plugin',
      metadata: { name: 'karmada-mcs' },
      spec: { version: `v${pkg.version}` },
    });
    expect(manifest.spec.shortDescription.length).toBeLessThanOrEqual(60);
    const [platform] = manifest.spec.platforms;
    expect(platform).toMatchObject({ bin: 'kubectl-karmada_mcs', files: [{ from: '*', to: '.' }] });
    expect(platform.selector.matchExpressions[0]).toEqual({ key: 'os', operator: 'In', values: ['linux', 'darwin'] });
    expect(platform.uri).toMatch(
      new RegExp(`^https://.+/kubectl-karmada-mcs-v${pkg.version.replace(/\./g, '\\.')}\\.tar\\.gz$`),
    );
  });

  test('two builds of this tree are byte-identical, and the generated manifest carries their sha256', () => {
    expect(archiveIn(again).equals(archiveIn(out))).toBe(true);
    const written = yaml.load(readFileSync(join(out, 'karmada-mcs.yaml'), 'utf8')) as any;
    expect(written.spec.platforms[0].sha256).toBe(createHash('sha256').update(archiveIn(out)).digest('hex'));
  });

  test('the archive holds the plugin, the completion helper and LICENSE, and runs as a kubectl plugin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmcs-krew-x-'));
    expect((await exec('tar', ['-xzf', join(out, `kubectl-karmada-mcs-v${pkg.version}.tar.gz`), '-C', dir])).code).toBe(
      0,
    );
    expect(readdirSync(dir).sort()).toEqual([
      'LICENSE',
      'kubectl-karmada_mcs',
      'kubectl_complete-karmada_mcs',
      'lib',
      'package.json',
    ]);
    const env = { ...t.env, PATH: `${dir}:${process.env.PATH}` };
    const version = await kubectl(['karmada-mcs', 'version'], env);
    expect(version.stdout).toContain(`kubectl-karmada-mcs  ${pkg.version}\n`);
    const completion = await kubectl(['__complete', 'karmada-mcs', 'expose', 'nginx', '--consumer', ''], env);
    expect(completion.stdout).toBe('member1\nmember2\n:4\n');
  });
});
