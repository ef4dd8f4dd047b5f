// probe against the simulated Karmada: results, failure reasons, concurrency and cleanup.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestSim, startTestSim } from './helpers/sim.js';
import { cli, exec, PLUGIN } from './helpers/cli.js';
import { PODS, SERVICES } from '../src/kube/resources.js';
import { HTTP_STATUS_ANNOTATION } from '../src/sim/network.js';
import { restrictedViolations } from './unit/pss-restricted.js';
import type { SimulatorOptions } from '../src/sim/index.js';
import type { Pod, Service } from '../src/sim/kinds.js';

let t: TestSim | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function sim(options: SimulatorOptions = {}, { gate = true, consumers = 'member2' } = {}): Promise<TestSim> {
  t = await startTestSim(options);
  if (gate) expect((await cli(['enable', '--no-wait'], t.env)).code).toBe(0);
  expect((await cli(['expose', 'nginx', '--provider', 'member1', '--consumer', consumers], t.env)).code).toBe(0);
  t.sim.settle();
  t.sim.api.requests.length = 0;
  return t;
}

const pods = (s: TestSim, cluster: string) => s.sim.world.list(cluster, PODS) as Pod[];
const probePods = (s: TestSim) =>
  [...s.sim.world.clusters.keys()]
    .filter((c) => c.startsWith('member'))
    .flatMap((c) => pods(s, c).filter((p) => p.metadata.name.startsWith('karmada-mcs-probe-')));
const probe = async (s: TestSim, args: string[] = []) => {
  const r = await cli(['probe', ...args, '-o', 'json'], s.env);
  return { ...r, doc: r.stdout ? JSON.parse(r.stdout) : undefined };
};

/** Records the argv of every exec the simulator runs (its exec runner is a constructor argument). */
function recordExecs(s: TestSim): string[][] {
  const api = s.sim.api as unknown as { exec: (c: string, p: unknown, ct: string, argv: string[]) => Promise<unknown> };
  const original = api.exec;
  const seen: string[][] = [];
  api.exec = (c, p, ct, argv) => {
    seen.push(argv);
    return original(c, p, ct, argv);
  };
  return seen;
}

const execCount = (s: TestSim) => s.sim.api.requests.filter((q) => q.path.endsWith('/exec')).length;

test('the seed scenario passes with the nginx welcome page, and the probe pod is gone afterwards', async () => {
  const s = await sim();
  const r = await cli(['probe', 'nginx'], s.env);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    new RegExp(
      '^MCS\\s+CLUSTER\\s+POD\\s+URL\\s+HTTP\\s+LATENCY\\s+RESULT\\n' +
        'nginx\\s+member2\\s+karmada-mcs-probe-[0-9a-f]{6}\\s+http://nginx\\.default\\s+' +
        '200\\s+\\d+ms\\s+✔ Welcome to nginx!\\n$',
    ),
  );
  expect(probePods(s)).toEqual([]);
  const created = s.sim.api.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/pods'));
  const deleted = s.sim.api.requests.filter(
    (q) => q.method === 'DELETE' && q.path.includes('/pods/karmada-mcs-probe-'),
  );
  expect([created.length, deleted.length]).toEqual([1, 1]);
  const { doc } = await probe(s, ['nginx']);
  expect(doc).toMatchObject({ apiVersion: 'kubectl-karmada-mcs/v1', kind: 'ProbeResultList', passed: true });
  expect(doc.items[0]).toMatchObject({
    mcs: 'nginx',
    namespace: 'default',
    cluster: 'member2',
    url: 'http://nginx.default',
    attempts: 1,
    successes: 1,
    status: 200,
    ok: true,
    layer: null,
    reason: null,
    firstLine: 'Welcome to nginx!',
  });
  // What %{remote_ip} shows (the ClusterIP behind kube-proxy on a real cluster) is curl's to say.
  expect(doc.items[0].layers).toMatchObject({
    dns: { ok: true, detail: expect.stringMatching(/^nginx\.default resolved to \d+\.\d+\.\d+\.\d+$/) },
    connect: { ok: true },
    http: { ok: true, detail: 'answered 200' },
  });
});

test('one request through the Service, one per dispatched provider pod, each with --globoff and --', async () => {
  const s = await sim();
  const argvs = recordExecs(s);
  const { code, doc } = await probe(s, ['nginx']);
  expect(code).toBe(0);
  const ips = doc.items[0].endpoints.map((e: any) => `${e.ip}:${e.port}`).sort();
  const nginxIps = pods(s, 'member1')
    .filter((p) => p.metadata.labels?.app === 'nginx')
    .map((p) => `${p.status!.podIP!}:80`)
    .sort();
  expect(ips).toEqual(nginxIps);
  expect(doc.items[0].endpoints.every((e: any) => e.provider === 'member1')).toBe(true);
  const urls = argvs.map((a) => a.at(-1)).sort();
  expect(urls).toEqual(['http://nginx.default', ...nginxIps.map((a) => `http://${a}`)].sort());
  for (const argv of argvs) {
    expect(argv[0]).toBe('curl');
    expect(argv).toContain('--globoff');
    expect(argv.at(-2)).toBe('--');
  }
  expect(execCount(s)).toBe(3);
});

test("--path '/[1-3]' is one request for that literal path, not a glob of three", async () => {
  const s = await sim();
  const argvs = recordExecs(s);
  const { doc } = await probe(s, ['nginx', '--path', '/[1-3]']);
  expect(doc.items[0].url).toBe('http://nginx.default/[1-3]');
  const throughService = argvs.filter((a) => a.at(-1) === 'http://nginx.default/[1-3]');
  expect(throughService).toHaveLength(1);
  expect(throughService[0]!.slice(-2)).toEqual(['--', 'http://nginx.default/[1-3]']);
  expect(throughService[0]).toContain('--globoff');
});

test('the built plugin probes too: exec through its own copy of client-node, over TLS', async () => {
  const s = await sim();
  const r = await exec(PLUGIN, ['probe', 'nginx', '-o', 'json'], { env: s.env });
  expect(r).toMatchObject({ code: 0, stderr: 'Probing from the consumer clusters\n' });
  expect(JSON.parse(r.stdout).items).toMatchObject([
    { cluster: 'member2', status: 200, ok: true, firstLine: 'Welcome to nginx!' },
  ]);
  expect(probePods(s)).toEqual([]);
});

test('not dispatched yet (gate off): the name does not resolve in the consumer', async () => {
  const s = await sim({}, { gate: false });
  const r = await cli(['probe'], s.env);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(
    '✘ DNS: nginx.default does not resolve in member2: no Service of that name there (curl exit 6)',
  );
  expect(r.stderr).toContain('hint: member2: see why with `kubectl karmada-mcs status nginx -n default`');
  expect(probePods(s)).toEqual([]);
  const { doc } = await probe(s);
  expect(doc.items[0]).toMatchObject({
    ok: false,
    layer: 'dns',
    layers: { dns: { ok: false }, connect: { ok: null }, http: { ok: null } },
  });
  expect(doc.items[0].layers.endpoints).toEqual({
    ok: false,
    detail: 'no provider endpoints were dispatched to member2',
  });
});

test('a backend answering 503 fails; --expect-status can accept it; --expect-body checks the body', async () => {
  const s = await sim();
  for (const pod of s.sim.world.list('member1', PODS).filter((p) => p.metadata.labels?.app === 'nginx')) {
    s.sim.world.put(
      'member1',
      PODS,
      {
        ...pod,
        metadata: { ...pod.metadata, annotations: { [HTTP_STATUS_ANNOTATION]: '503' } },
      },
      'as-is',
    );
  }
  const failed = await probe(s);
  expect(failed.code).toBe(1);
  expect(failed.doc.items[0]).toMatchObject({
    ok: false,
    status: 503,
    layer: 'http',
    reason: 'the backend answered 503 (expected 2xx)',
    hint: 'the path works: check the application in the provider clusters',
    layers: { dns: { ok: true }, connect: { ok: true }, http: { ok: false } },
  });
  const accepted = await probe(s, ['--expect-status', '2xx,503']);
  expect(accepted.code).toBe(0);
  const body = await probe(s, ['--expect-status', '503', '--expect-body', '^Hello']);
  expect(body.doc.items[0]).toMatchObject({
    ok: false,
    layer: 'http',
    reason: 'the backend body does not match /^Hello/',
  });
});

test('--count reports successes out of N and min/median/max latency', async () => {
  const s = await sim();
  const { code, doc } = await probe(s, ['--count', '3']);
  expect(code).toBe(0);
  expect(doc.items[0]).toMatchObject({ attempts: 3, successes: 3 });
  const { min, median, max } = doc.items[0].latencyMs;
  expect(min).toBeLessThanOrEqual(median);
  expect(median).toBeLessThanOrEqual(max);
  const table = await cli(['probe', '--count', '2'], s.env);
  expect(table.stdout).toMatch(/\d+\/\d+\/\d+ms\s+✔ 2\/2 Welcome to nginx!/);
});

test('an unreachable consumer fails its own row; the others pass', async () => {
  const s = await sim({ members: 3 }, { consumers: 'member2,member3' });
  s.sim.world.cluster('member3').reachable = false;
  const { code, doc } = await probe(s);
  expect(code).toBe(1);
  expect(doc.items.map((i: any) => [i.cluster, i.ok])).toEqual([
    ['member2', true],
    ['member3', false],
  ]);
  expect(doc.items[1]).toMatchObject({ layer: 'probe', layers: null });
  expect(doc.items[1].reason).toMatch(/answered 500: dial tcp 172\.18\.0\.\d+:6443: connect: connection refused/);
});

test('--pod runs in an existing pod and creates none', async () => {
  const s = await sim();
  const curl = s.sim.world.list('member2', PODS).find((p) => p.metadata.labels?.app === 'curl')!;
  const { code, doc } = await probe(s, ['--pod', curl.metadata.name]);
  expect(code).toBe(0);
  expect(doc.items[0].pod).toBe(curl.metadata.name);
  expect(s.sim.api.requests.filter((q) => q.method === 'POST' || q.method === 'DELETE')).toEqual([]);
  const missing = await probe(s, ['--pod', 'nope']);
  expect(missing.doc.items[0]).toMatchObject({
    ok: false,
    layer: 'probe',
    reason: 'pod default/nope not found in member2',
  });
  const table = await cli(['probe', '--pod', 'nope'], s.env);
  expect(table.stdout).toContain('✘ probe: pod default/nope not found in member2');
  expect(table.stderr).not.toContain('status');
});

test("an image without curl fails as the probe's own problem and names --image", async () => {
  const s = await sim();
  const r = await cli(['probe', '--image', 'alpine:3.20'], s.env);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(
    /✘ probe: the probe image has no curl \(alpine:3\.20: executable file not found in \$PATH\)/,
  );
  expect(r.stderr).toContain('hint: member2: pass --image with an image that has curl');
  expect(r.stderr).not.toContain('status');
  expect(probePods(s)).toEqual([]);
});

test('a Service without a TCP port is a probe problem, not a status one', async () => {
  const s = await sim();
  const svc = s.sim.world.get('karmada', SERVICES, 'default', 'nginx') as Service;
  s.sim.world.put(
    'karmada',
    SERVICES,
    {
      ...svc,
      spec: { ...svc.spec, ports: svc.spec!.ports!.map((p) => ({ ...p, protocol: 'UDP' })) },
    },
    'as-is',
  );
  const { code, doc } = await probe(s);
  expect(code).toBe(1);
  expect(doc.items[0]).toMatchObject({
    layer: 'probe',
    reason: 'cannot probe: service nginx has no TCP port to probe',
    hint: null,
  });
  expect(execCount(s)).toBe(0);
});

test("an image that cannot be pulled is reported with the pod's reason, and the pod is deleted", async () => {
  const s = await sim();
  const { code, doc } = await probe(s, ['--image', 'example.com/does-not-exist:1']);
  expect(code).toBe(1);
  expect(doc.items[0]).toMatchObject({ layer: 'probe', hint: expect.stringMatching(/^pass --image/) });
  expect(doc.items[0].reason).toMatch(
    new RegExp(
      '^probe pod karmada-mcs-probe-[0-9a-f]{6} cannot start: ' +
        'ImagePullBackOff: Back-off pulling image "example\\.com/does-not-exist:1"$',
    ),
  );
  expect(probePods(s)).toEqual([]);
});

test('--keep-pod keeps the temporary pod, hardened and labelled, and prints its name', async () => {
  const s = await sim();
  const r = await cli(['probe', '--keep-pod'], s.env);
  expect(r.code).toBe(0);
  const kept = probePods(s);
  expect(kept).toHaveLength(1);
  const pod = kept[0]!;
  expect(restrictedViolations(pod)).toEqual([]);
  expect(pod.spec).toMatchObject({ automountServiceAccountToken: false, activeDeadlineSeconds: expect.any(Number) });
  expect(pod.spec!.containers[0]!.securityContext).toMatchObject({
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  });
  expect(pod.metadata.labels).toMatchObject({
    'app.kubernetes.io/managed-by': 'kubectl-karmada-mcs',
    'app.kubernetes.io/component': 'probe',
  });
  expect(pod.metadata.labels?.['karmada-mcs.karmada.io/probe-run']).toMatch(/^[0-9a-f]{8}$/);
  expect(r.stderr).toContain(`kept member2: pod default/${pod.metadata.name}`);
});

test('--cleanup deletes the probe pods left in every member cluster, and nothing else', async () => {
  const s = await sim({ members: 3 }, { consumers: 'member2,member3' });
  expect((await cli(['probe', '--keep-pod'], s.env)).code).toBe(0);
  expect(
    (await cli(['probe', '--keep-pod', '--consumer', 'member3', '--pod-namespace', 'kube-system'], s.env)).code,
  ).toBe(0);
  const left = probePods(s).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  expect(left).toHaveLength(3);
  const others = (c: string) =>
    s.sim.world.list(c, PODS).filter((p) => !p.metadata.name.startsWith('karmada-mcs-probe-')).length;
  const before = [others('member1'), others('member2'), others('member3')];
  const r = await cli(['probe', '--cleanup'], s.env);
  expect(r.code).toBe(0);
  expect(probePods(s)).toEqual([]);
  expect([others('member1'), others('member2'), others('member3')]).toEqual(before);
  expect(r.stdout).toMatch(
    new RegExp(
      '^member1: no probe pods\\nmember2: deleted pod/default/karmada-mcs-probe-\\w+\\n' +
        'member3: deleted pod/default/karmada-mcs-probe-\\w+, pod/kube-system/karmada-mcs-probe-\\w+\\n$',
    ),
  );
  const usage = await cli(['probe', 'nginx', '--cleanup'], s.env);
  expect(usage.code).toBe(2);
});

test('20 consumer clusters are probed concurrently; every row passes', async () => {
  const consumers = Array.from({ length: 20 }, (_, i) => `member${i + 2}`).join(',');
  const s = await sim({ members: 21 }, { consumers });
  const { code, doc } = await probe(s, ['--parallel', '20']);
  expect(code).toBe(0);
  expect(doc.items).toHaveLength(20);
  expect(doc.items.every((i: any) => i.ok && i.firstLine === 'Welcome to nginx!')).toBe(true);
  expect(probePods(s)).toEqual([]);
});

/** Runs the built plugin's probe against a slowed simulator and waits until its probe pod exists. */
async function interruptible(s: TestSim, latencyMs: number) {
  s.sim.api.latencyMs = latencyMs;
  const child = spawn(PLUGIN, ['probe'], { env: s.env });
  const run = {
    child,
    stderr: '',
    exited: new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => {
        resolve({ code, signal });
      }),
    ),
  };
  child.stderr.on('data', (c) => {
    run.stderr += c;
  });
  for (let i = 0; i < 200 && probePods(s).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
  expect(probePods(s)).toHaveLength(1);
  return run;
}

test('Ctrl-C midway deletes the probe pods before exiting', async () => {
  const s = await sim();
  const run = await interruptible(s, 150);
  run.child.kill('SIGINT');
  expect((await run.exited).code).toBe(130);
  expect(run.stderr).toContain('SIGINT: stopping and deleting the probe pods');
  expect(run.stderr).toContain('error: interrupted by SIGINT');
  expect(probePods(s)).toEqual([]);
});

test('a second Ctrl-C exits at once and names the probe pods left behind', async () => {
  const s = await sim();
  const run = await interruptible(s, 400);
  const [pod] = probePods(s);
  run.child.kill('SIGINT');
  for (let i = 0; i < 100 && !run.stderr.includes('SIGINT: stopping'); i++) await new Promise((r) => setTimeout(r, 10));
  run.child.kill('SIGINT');
  expect((await run.exited).code).toBe(130);
  expect(run.stderr).toContain(`exiting at once; probe pods left behind: member2/default/${pod!.metadata.name}`);
});

test('SIGTERM cleans up like Ctrl-C', async () => {
  const s = await sim();
  const run = await interruptible(s, 150);
  run.child.kill('SIGTERM');
  expect((await run.exited).code).toBe(143);
  expect(probePods(s)).toEqual([]);
});

test('--cluster-context reaches a consumer through a kubeconfig context, not the Karmada proxy', async () => {
  const s = await sim();
  // The control plane cannot reach member2 (its proxy answers 500); the user's own context to it still works, as
  // local-up's members.config does.
  s.sim.world.cluster('member2').reachable = false;
  const config = s.sim.kubeconfig() as { clusters: object[]; contexts: object[] };
  config.clusters.push({
    name: 'member2-direct',
    cluster: {
      server: await s.sim.memberUrl('member2'),
      'certificate-authority-data': Buffer.from(s.sim.caPem).toString('base64'),
    },
  });
  config.contexts.push({ name: 'member2-direct', context: { cluster: 'member2-direct', user: 'karmada-mcs-admin' } });
  const kubeconfig = join(s.dir, 'with-direct');
  writeFileSync(kubeconfig, JSON.stringify(config));
  const env = { ...s.env, KUBECONFIG: kubeconfig };
  const through = await cli(['probe', '-o', 'json', '--cluster-context', 'member2=member2-direct'], env);
  expect(JSON.parse(through.stdout).items[0]).toMatchObject({ cluster: 'member2', ok: true });
  expect(through.code).toBe(0);
  // Without it the probe goes through the proxy, and fails there.
  const proxied = await cli(['probe', '-o', 'json'], env);
  expect(JSON.parse(proxied.stdout).items[0].reason).toMatch(
    /^cannot create the probe pod in member2: .*answered 500: dial tcp /,
  );
});

test('usage errors exit 2', async () => {
  const s = await sim();
  const bad = [
    ['--count', '0'],
    ['--expect-status', 'ok'],
    ['--expect-body', '('],
    ['--parallel', 'x'],
    ['--url', '-o/tmp/x'],
    ['--url', 'ftp://nginx.default/'],
    ['--url', 'http://'],
    ['--url', 'nginx.default'],
    ['--url', 'file:///etc/passwd'],
    ['--path', 'index.html'],
    ['--path', '-o/tmp/x'],
    ['--url', 'http://nginx.default', '--path', '/x'],
  ];
  for (const args of bad) {
    const r = await cli(['probe', ...args], s.env);
    expect([args, r.code]).toEqual([args, 2]);
  }
  expect(execCount(s)).toBe(0);
  const notConsumer = await cli(['probe', 'nginx', '--consumer', 'member1'], s.env);
  expect(notConsumer.code).toBe(1);
  expect(notConsumer.stderr).toMatch(/\nerror: member1 is not a consumer of nginx\nhint: consumers: member2\n/);
});
