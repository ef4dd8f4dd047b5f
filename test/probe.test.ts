// probe against the simulated Karmada: results, failure reasons, concurrency and cleanup.
import { spawn } from 'node:child_process';
import { type TestSim, startTestSim } from './helpers/sim.js';
import { cli, exec, PLUGIN } from './helpers/cli.js';
import { PODS } from '../src/kube/resources.js';
import { HTTP_STATUS_ANNOTATION } from '../src/sim/network.js';
import type { SimulatorOptions } from '../src/sim/index.js';

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

const probePods = (s: TestSim) => [...s.sim.world.clusters.keys()].filter((c) => c.startsWith('member'))
  .flatMap((c) => s.sim.world.list(c, PODS).filter((p) => p.metadata.name.startsWith('karmada-mcs-probe-')));
const probe = async (s: TestSim, args: string[] = []) => {
  const r = await cli(['probe', ...args, '-o', 'json'], s.env);
  return { ...r, doc: r.stdout ? JSON.parse(r.stdout) : undefined };
};

test('the seed scenario passes with the Hello body, and the probe pod is gone afterwards', async () => {
  const s = await sim();
  const r = await cli(['probe', 'nginx'], s.env);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^MCS\s+CLUSTER\s+POD\s+URL\s+HTTP\s+LATENCY\s+RESULT\nnginx\s+member2\s+karmada-mcs-probe-[0-9a-f]{6}\s+http:\/\/nginx\.default\s+200\s+\d+ms\s+✔ Hello, world!\n$/);
  expect(probePods(s)).toEqual([]);
  const created = s.sim.api.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/pods'));
  const deleted = s.sim.api.requests.filter((q) => q.method === 'DELETE' && q.path.includes('/pods/karmada-mcs-probe-'));
  expect([created.length, deleted.length]).toEqual([1, 1]);
  const { doc } = await probe(s, ['nginx']);
  expect(doc).toMatchObject({ apiVersion: 'kubectl-karmada-mcs/v1', kind: 'ProbeResultList', passed: true });
  expect(doc.items[0]).toMatchObject({ mcs: 'nginx', namespace: 'default', cluster: 'member2', url: 'http://nginx.default', attempts: 1, successes: 1, status: 200, ok: true, reason: null, firstLine: 'Hello, world!' });
});

test('the built plugin probes too: exec through its own copy of client-node, over TLS', async () => {
  const s = await sim();
  const r = await exec(PLUGIN, ['probe', 'nginx', '-o', 'json'], { env: s.env });
  expect(r).toMatchObject({ code: 0, stderr: 'Probing from the consumer clusters\n' });
  expect(JSON.parse(r.stdout).items).toMatchObject([{ cluster: 'member2', status: 200, ok: true, firstLine: 'Hello, world!' }]);
  expect(probePods(s)).toEqual([]);
});

test('not dispatched yet (gate off): the name does not resolve in the consumer', async () => {
  const s = await sim({}, { gate: false });
  const r = await cli(['probe'], s.env);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('✘ DNS name not found');
  expect(r.stderr).toContain('hint: see why with `kubectl karmada-mcs status nginx -n default`');
  expect(probePods(s)).toEqual([]);
});

test('a backend answering 503 fails; --expect-status can accept it; --expect-body checks the body', async () => {
  const s = await sim();
  for (const pod of s.sim.world.list('member1', PODS).filter((p) => p.metadata.labels?.app === 'nginx')) {
    s.sim.world.put('member1', PODS, { ...pod, metadata: { ...pod.metadata, annotations: { [HTTP_STATUS_ANNOTATION]: '503' } } });
  }
  const failed = await probe(s);
  expect(failed.code).toBe(1);
  expect(failed.doc.items[0]).toMatchObject({ ok: false, status: 503, reason: 'unexpected status 503 (expected 2xx)' });
  const accepted = await probe(s, ['--expect-status', '2xx,503']);
  expect(accepted.code).toBe(0);
  const body = await probe(s, ['--expect-status', '503', '--expect-body', '^Hello']);
  expect(body.doc.items[0]).toMatchObject({ ok: false, reason: 'body does not match /^Hello/' });
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
  expect(table.stdout).toMatch(/\d+\/\d+\/\d+ms\s+✔ 2\/2 Hello, world!/);
});

test('an unreachable consumer fails its own row; the others pass', async () => {
  const s = await sim({ members: 3 }, { consumers: 'member2,member3' });
  s.sim.world.cluster('member3').reachable = false;
  const { code, doc } = await probe(s);
  expect(code).toBe(1);
  expect(doc.items.map((i: any) => [i.cluster, i.ok])).toEqual([['member2', true], ['member3', false]]);
  expect(doc.items[1].reason).toMatch(/unreachable/);
});

test('--pod runs in an existing pod and creates none', async () => {
  const s = await sim();
  const curl = s.sim.world.list('member2', PODS).find((p) => p.metadata.labels?.app === 'curl')!;
  const { code, doc } = await probe(s, ['--pod', curl.metadata.name]);
  expect(code).toBe(0);
  expect(doc.items[0].pod).toBe(curl.metadata.name);
  expect(s.sim.api.requests.filter((q) => q.method === 'POST' || q.method === 'DELETE')).toEqual([]);
  const missing = await probe(s, ['--pod', 'nope']);
  expect(missing.doc.items[0]).toMatchObject({ ok: false, reason: 'pod default/nope not found' });
});

test('an image that cannot be pulled is reported with the pod\'s reason, and the pod is deleted', async () => {
  const s = await sim();
  const { code, doc } = await probe(s, ['--image', 'example.com/does-not-exist:1']);
  expect(code).toBe(1);
  expect(doc.items[0].reason).toMatch(/^probe pod karmada-mcs-probe-[0-9a-f]{6} cannot start: ImagePullBackOff: Back-off pulling image "example.com\/does-not-exist:1"$/);
  expect(probePods(s)).toEqual([]);
});

test('--keep-pod keeps the temporary pod and prints its name', async () => {
  const s = await sim();
  const r = await cli(['probe', '--keep-pod'], s.env);
  expect(r.code).toBe(0);
  const kept = probePods(s);
  expect(kept).toHaveLength(1);
  expect(kept[0]!.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 100, seccompProfile: { type: 'RuntimeDefault' } });
  expect(kept[0]!.spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  expect(r.stderr).toContain(`kept member2: pod default/${kept[0]!.metadata.name}`);
});

test('20 consumer clusters are probed concurrently; every row passes', async () => {
  const consumers = Array.from({ length: 20 }, (_, i) => `member${i + 2}`).join(',');
  const s = await sim({ members: 21 }, { consumers });
  const { code, doc } = await probe(s, ['--parallel', '20']);
  expect(code).toBe(0);
  expect(doc.items).toHaveLength(20);
  expect(doc.items.every((i: any) => i.ok && i.firstLine === 'Hello, world!')).toBe(true);
  expect(probePods(s)).toEqual([]);
});

/** Runs the built plugin's probe against a slowed simulator and waits until its probe pod exists. */
async function interruptible(s: TestSim, latencyMs: number) {
  s.sim.api.latencyMs = latencyMs;
  const child = spawn(PLUGIN, ['probe'], { env: s.env });
  const run = { child, stderr: '', exited: new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal }))) };
  child.stderr.on('data', (c) => { run.stderr += c; });
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
  expect((await run.exited).code).toBe(1);
  expect(probePods(s)).toEqual([]);
});

test('--cluster-context reaches a consumer through a kubeconfig context instead of the proxy of the Karmada context', async () => {
  const s = await sim();
  s.sim.world.cluster('member2').reachable = false;
  const r = await probe(s, ['--cluster-context', 'member2=member2']);
  expect(r.doc.items[0].reason).toMatch(/^cluster member2 \(context "member2"\) answered 503: error trying to reach service/);
});

test('usage errors exit 2', async () => {
  const s = await sim();
  for (const args of [['--count', '0'], ['--expect-status', 'ok'], ['--expect-body', '('], ['--parallel', 'x']]) {
    const r = await cli(['probe', ...args], s.env);
    expect([args, r.code]).toEqual([args, 2]);
  }
  const notConsumer = await cli(['probe', 'nginx', '--consumer', 'member1'], s.env);
  expect(notConsumer.code).toBe(1);
  expect(notConsumer.stderr).toMatch(/\nerror: member1 is not a consumer of nginx\nhint: consumers: member2\n/);
});
