// The plugin as kubectl sees it: discovery on PATH, help, exit codes, completion, the playground.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestSim, startTestSim } from './helpers/sim.js';
import { BIN_DIR, PLUGIN } from './helpers/cli.js';
import { kubectl } from './helpers/kubectl.js';
import { MCS } from '../src/kube/resources.js';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.stop());

const withBin = () => ({ ...t.env, PATH: `${BIN_DIR}:${process.env.PATH}` });

test('kubectl plugin list finds the plugin on PATH without warnings', async () => {
  const r = await kubectl(['plugin', 'list'], withBin());
  expect(r.stdout).toContain(join(BIN_DIR, 'kubectl-karmada_mcs'));
  expect(r.stderr).not.toMatch(/warning/i);
});

test('kubectl karmada-mcs --help lists the commands; a usage error exits 2', async () => {
  const help = await kubectl(['karmada-mcs', '--help'], withBin());
  expect(help.code).toBe(0);
  for (const command of ['playground', 'enable|enable-feature', 'disable|disable-feature', 'expose', 'unexpose'])
    expect(help.stdout).toContain(command);
  const usage = await kubectl(['karmada-mcs', 'expose'], withBin());
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain("error: missing required argument 'NAME'");
});

test(
  'kubectl completes clusters for --provider, commands, flags and live names ' + 'through the plugin helper',
  async () => {
    const providers = await kubectl(['__complete', 'karmada-mcs', 'expose', 'nginx', '--provider', ''], withBin());
    expect(providers.stdout).toBe('member1\nmember2\n:4\n');
    const commands = await kubectl(['__complete', 'karmada-mcs', 'ex'], withBin());
    expect(commands.stdout).toMatch(/^expose\tCreate the Service/);
    const deployments = await kubectl(['__complete', 'karmada-mcs', 'expose', ''], withBin());
    expect(deployments.stdout.split('\n')).toEqual(expect.arrayContaining(['nginx', 'curl']));
    const flags = await kubectl(['__complete', 'karmada-mcs', 'enable', '--dry'], withBin());
    expect(flags.stdout).toMatch(/^--dry-run\t/);
    const values = await kubectl(['__complete', 'karmada-mcs', 'enable', '--dry-run', ''], withBin());
    expect(values.stdout).toBe('none\nclient\nserver\n:4\n');
    const unexposeDryRun = await kubectl(['__complete', 'karmada-mcs', 'unexpose', 'web', '--dry-run', ''], withBin());
    expect(unexposeDryRun.stdout).toBe('none\nclient\nserver\n:4\n');
    const unexposeOutput = await kubectl(['__complete', 'karmada-mcs', 'unexpose', 'web', '-o', ''], withBin());
    expect(unexposeOutput.stdout).toBe('name\n:4\n');
    const contexts = await kubectl(['__complete', 'karmada-mcs', 'status', '--karmada-context', 'mem'], withBin());
    expect(contexts.stdout).toBe('member1\nmember2\n:4\n');
    t.sim.world.put(
      'karmada',
      MCS,
      {
        metadata: { name: 'web', namespace: 'default' },
        spec: { types: ['CrossCluster'] },
      },
      'as-is',
    );
    for (const command of ['status', 'probe', 'unexpose']) {
      const names = await kubectl(['__complete', 'karmada-mcs', command, ''], withBin());
      expect(names.stdout).toBe('web\n:4\n');
    }
    // -v takes a level only when one follows: after it comes the name.
    for (const verbose of [['-v'], ['-v', '6'], ['-v=6']]) {
      const names = await kubectl(['__complete', 'karmada-mcs', 'status', ...verbose, ''], withBin());
      expect({ verbose, stdout: names.stdout }).toEqual({ verbose, stdout: 'web\n:4\n' });
    }
  },
);

test("kubectl karmada-mcs takes kubectl's -v=6: one line per request, the level never taken for an argument", async () => {
  for (const verbose of [['-v=6'], ['-v', '6'], ['--v=6']]) {
    // version takes no argument: a level taken for one would be a usage error.
    const r = await kubectl(['karmada-mcs', 'version', ...verbose], withBin());
    expect({ verbose, code: r.code }).toEqual({ verbose, code: 0 });
    expect(r.stderr).toMatch(/^GET https:\/\/\S+\/version 200 \d+ms$/m);
  }
  const invalid = await kubectl(['karmada-mcs', 'version', '-v=high'], withBin());
  expect({ code: invalid.code, stderr: invalid.stderr }).toEqual({
    code: 2,
    stderr: 'error: invalid value "high" for -v: expected a verbosity level, a whole number such as 6\n',
  });
});

test("file-valued flags complete file names (directive 0, as kubectl's own --kubeconfig)", async () => {
  for (const words of [
    ['--kubeconfig', ''],
    ['status', '--kubeconfig', ''],
    ['playground', '--write-kubeconfig', ''],
  ]) {
    const r = await kubectl(['__complete', 'karmada-mcs', ...words], withBin());
    expect({ words, stdout: r.stdout }).toEqual({ words, stdout: ':0\n' });
  }
});

test('-n completes the Karmada API server namespaces; unreachable, it offers nothing and no error', async () => {
  const all = await kubectl(['__complete', 'karmada-mcs', 'status', '-n', ''], withBin());
  expect(all.stdout.split('\n')).toEqual(expect.arrayContaining(['default', 'kube-system', 'karmada-system', ':4']));
  const some = await kubectl(['__complete', 'karmada-mcs', '--namespace', 'kube'], withBin());
  expect(some.stdout).toBe('kube-system\n:4\n');
  const dead = join(t.dir, 'dead-namespaces.kubeconfig');
  writeFileSync(
    dead,
    readFileSync(t.kubeconfig, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/g, 'server: https://127.0.0.1:1'),
  );
  const none = await kubectl(['__complete', 'karmada-mcs', '--kubeconfig', dead, 'status', '-n', ''], withBin());
  expect({ code: none.code, stdout: none.stdout }).toEqual({ code: 0, stdout: ':4\n' });
  expect(none.stderr).not.toContain('error');
});

test('a slow API server never hangs completion: it gives up quickly and offers nothing', async () => {
  t.sim.api.latencyMs = 10_000;
  const started = Date.now();
  const r = await kubectl(['__complete', 'karmada-mcs', 'expose', 'nginx', '--consumer', ''], withBin());
  t.sim.api.latencyMs = 0;
  expect(r.stdout).toBe(':4\n');
  expect(Date.now() - started).toBeLessThan(8000);
});

test('playground: prints its kubeconfig, serves real kubectl, stops cleanly on Ctrl-C', async () => {
  const kubeconfig = join(t.dir, 'playground', 'kubeconfig');
  const child = spawn(PLUGIN, ['playground', '--clusters', '3', '--write-kubeconfig', kubeconfig], {
    env: { PATH: process.env.PATH, HOME: t.dir },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  for (let i = 0; i < 200 && !stdout.includes('Press Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 50));
  expect(stdout).toContain('a simulation for trying the plugin, not a real cluster');
  expect(stdout).toContain(`export KUBECONFIG=${kubeconfig}`);
  const env = { PATH: process.env.PATH, HOME: t.dir, KUBECONFIG: kubeconfig };
  const clusters = await kubectl(['get', 'clusters', '-o', 'name'], env);
  expect(clusters.stdout.trim().split('\n')).toEqual([
    'cluster.cluster.karmada.io/member1',
    'cluster.cluster.karmada.io/member2',
    'cluster.cluster.karmada.io/member3',
  ]);
  const pods = await kubectl(
    ['--context', 'member1', 'get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={.items[*].status.phase}'],
    env,
  );
  expect(pods.stdout).toBe('Running Running');
  const contexts = await kubectl(['config', 'get-contexts', '-o', 'name'], env);
  expect(contexts.stdout.trim().split('\n').sort()).toEqual([
    'karmada-apiserver',
    'karmada-host',
    'member1',
    'member2',
    'member3',
  ]);
  child.kill('SIGINT');
  expect(await exited).toBe(130);
  expect(stderr).toContain('playground stopped (SIGINT)');
  expect(existsSync(kubeconfig)).toBe(false);
});

test('a reader that goes away (| head) ends the output quietly, with no stack trace', async () => {
  // stdout is a pipe whose reader is gone before the first write: the write fails with EPIPE.
  const child = spawn(PLUGIN, ['completion', 'bash'], { env: t.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(0);
});
