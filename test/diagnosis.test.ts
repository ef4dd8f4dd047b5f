// doctor, status and probe on each simulator scenario (src/sim/scenarios.ts): the first failing stage, the verdict
// and the first broken layer are the ones Karmada's behaviour in that situation calls for, and they agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { type TestSim, startTestSim } from './helpers/sim.js';
import { cli } from './helpers/cli.js';
import { kubectl } from './helpers/kubectl.js';
import { DEPLOYMENTS } from '../src/kube/resources.js';
import type { ScenarioName } from '../src/sim/scenarios.js';
import type { SimulatorOptions } from '../src/sim/index.js';
import type { Deployment } from '../src/sim/kinds.js';

interface Check {
  id: string;
  cluster?: string;
  result: 'ok' | 'warn' | 'fail' | 'skip';
  message: string;
  hint?: string;
}

let t: TestSim | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function scenario(name: ScenarioName, options: SimulatorOptions = {}): Promise<TestSim> {
  t = await startTestSim({ scenario: name, ...options });
  return t;
}

async function json(s: TestSim, args: string[], env = s.env) {
  const r = await cli([...args, '-o', 'json'], env);
  return { code: r.code, doc: JSON.parse(r.stdout), stderr: r.stderr };
}

const doctor = (s: TestSim, extra: string[] = [], env = s.env) => json(s, ['doctor', 'nginx', ...extra], env);

/** probe's table says the same as its JSON: the row's result names the layer and the reason. */
async function probeTable(s: TestSim, label: string, reason: string, args: string[] = []) {
  const r = await cli(['probe', 'nginx', ...args], s.env);
  expect(r.code).toBe(1);
  expect(r.stdout.split('\n')[1]).toMatch(/^nginx\s+member2\s/);
  expect(r.stdout.split('\n')[1]).toContain(`✘ ${label}: ${reason}`);
}
const firstFailing = (checks: Check[]) => checks.find((c) => c.result === 'fail');
const verdict = async (s: TestSim, env = s.env) => (await json(s, ['status', 'nginx'], env)).doc.verdict;

/** scenario, doctor's first failing check (id, cluster), status's verdict reason */
const CASES: Array<[ScenarioName, string, string | undefined, string]> = [
  ['gate-off', 'gate', undefined, 'GateOff'],
  ['controllers-off', 'controllers', undefined, 'ControllersOff'],
  ['wrong-target-port', 'provider-endpoints', undefined, 'TargetPortMismatch'],
  ['tainted-consumer', 'clusters', 'member2', 'ClusterTainted'],
  ['stale-provider', 'clusters', 'member1', 'ClusterNotReady'],
];

describe.each(CASES)('%s', (name, id, cluster, reason) => {
  test(`doctor's first failing stage is ${id}, it exits 1, and status says ${reason}`, async () => {
    const s = await scenario(name);
    const d = await doctor(s);
    expect(d.code).toBe(1);
    expect(d.doc.ok).toBe(false);
    expect(firstFailing(d.doc.checks)).toMatchObject({ id, result: 'fail', ...(cluster ? { cluster } : {}) });
    const v = await verdict(s);
    expect(v).toMatchObject({ healthy: false, reason });
    // The same finding, in the same words: status and doctor never disagree.
    expect(v.message).toBe(firstFailing(d.doc.checks)!.message);
  });
});

// What only doctor reads (each member's Nodes, a Pull member's karmada-agent): status names what it can see of the
// same fault, in doctor's words for that check.
test('agent-gate-off: doctor fails agent-gate; status, reading no agent, says nothing was collected', async () => {
  const s = await scenario('agent-gate-off');
  const d = await doctor(s);
  expect(d.code).toBe(1);
  expect(firstFailing(d.doc.checks)).toMatchObject({ id: 'agent-gate', cluster: 'member1' });
  const v = await verdict(s);
  expect(v).toMatchObject({ healthy: false, reason: 'NothingCollected', hint: 'kubectl karmada-mcs enable --agents' });
  const dispatch = d.doc.checks.find((c: Check) => c.id === 'dispatch' && c.result === 'fail' && !c.cluster);
  expect(v.message).toBe(dispatch.message);
  expect(v.message).toContain('member1 is Pull-mode, whose karmada-agent needs the gate too');
});

test('cidr-overlap: doctor fails pod-network; status, reading no Nodes, sees endpoints delivered', async () => {
  const s = await scenario('cidr-overlap');
  const d = await doctor(s);
  expect(d.code).toBe(1);
  expect(firstFailing(d.doc.checks)).toMatchObject({ id: 'pod-network', cluster: 'member2' });
  expect(await verdict(s)).toMatchObject({
    healthy: true,
    message: 'member2 has nginx.default with 2 ready endpoints from member1 (probe tests the pod network)',
  });
  // The probe's requests to member1's pod addresses stay in member2, whose pods hold the same addresses: doctor,
  // which read member2's Nodes, says so; probe alone cannot tell it from a wrong port, and says where to look.
  const probed = await doctor(s, ['--probe']);
  expect(probed.doc.checks.find((c: Check) => c.id === 'reachability')).toMatchObject({
    result: 'fail',
    message: expect.stringMatching(/member1's pod address 10\.244\.\S+ is inside member2's own pod CIDR 10\.244\./),
  });
  const p = await json(s, ['probe', 'nginx']);
  expect(p.doc.items[0].hint).toContain("`kubectl karmada-mcs doctor` also compares the clusters' pod CIDRs");
});

test('healthy: doctor exits 0, all ok even with --probe; status Healthy; probe passes every layer', async () => {
  const s = await scenario('healthy');
  const d = await doctor(s, ['--probe']);
  expect(d.code).toBe(0);
  expect(d.doc.ok).toBe(true);
  expect(d.doc.checks.filter((c: Check) => c.result !== 'ok')).toEqual([]);
  expect(d.doc.checks.find((c: Check) => c.id === 'reachability')).toMatchObject({ cluster: 'member2', result: 'ok' });
  expect(await verdict(s)).toMatchObject({ healthy: true, reason: 'Healthy' });
  const p = await json(s, ['probe', 'nginx']);
  expect(p.code).toBe(0);
  expect(p.doc.items[0]).toMatchObject({
    ok: true,
    layer: null,
    layers: { dns: { ok: true }, connect: { ok: true }, endpoints: { ok: true }, http: { ok: true } },
  });
});

test('loadbalancer: mcs is a warning naming the external cloud provider, the rest is skipped, exit 0', async () => {
  const s = await scenario('loadbalancer');
  const d = await doctor(s);
  expect(d.code).toBe(0);
  const mcs = d.doc.checks.find((c: Check) => c.id === 'mcs');
  expect(mcs).toMatchObject({ result: 'warn' });
  expect(mcs.message).toContain('LoadBalancer');
  expect(mcs.message).toContain('cloud provider');
  for (const later of ['service-applied', 'service-copies', 'dispatch'])
    expect(d.doc.checks.filter((c: Check) => c.id === later).map((c: Check) => c.result)).toEqual(['skip']);
  expect(await verdict(s)).toMatchObject({ reason: 'LoadBalancer' });
  // probe does not pretend to test what Karmada leaves to a cloud provider.
  const p = await json(s, ['probe', 'nginx']);
  expect(p.code).toBe(1);
  expect(p.doc.items[0]).toMatchObject({ layer: 'probe' });
  expect(p.doc.items[0].reason).toContain('LoadBalancer');
});

test('gate-off: with no Service copy in member1 its endpoints are not judged, so no selector is blamed', async () => {
  const s = await scenario('gate-off');
  const checks = (await doctor(s)).doc.checks as Check[];
  expect(checks.find((c) => c.id === 'provider-endpoints')).toMatchObject({ cluster: 'member1', result: 'skip' });
  expect(checks.filter((c) => c.message.includes('selector'))).toEqual([]);
});

test('controllers-off: dispatch names --controllers as the cause, with the controllers patch', async () => {
  const s = await scenario('controllers-off');
  const checks = (await doctor(s)).doc.checks as Check[];
  const controllers = checks.find((c) => c.id === 'controllers')!;
  const dispatch = checks.filter((c) => c.id === 'dispatch' && c.result === 'fail');
  expect(dispatch.length).toBeGreaterThan(0);
  for (const c of dispatch) {
    expect(c.message).toContain('--controllers turns off endpointsliceDispatch');
    expect(c.hint).toBe(controllers.hint);
  }
  // Collect still runs: nothing says it did not collect.
  expect(dispatch.filter((c) => /collected no/.test(c.message))).toEqual([]);
});

describe('no-pod-network', () => {
  test('every Karmada stage passes; doctor --probe fails reachability at the connect layer, like probe', async () => {
    const s = await scenario('no-pod-network');
    const plain = await doctor(s);
    expect(plain.code).toBe(0);
    const d = await doctor(s, ['--probe']);
    expect(d.code).toBe(1);
    const failed = firstFailing(d.doc.checks)!;
    expect(failed).toMatchObject({ id: 'reachability', cluster: 'member2', result: 'fail' });
    expect(failed.message).toContain("no pod network from member2 to member1's pods");
    // What to do about it comes first, not only the command that tests it again.
    expect(failed.hint).toBe(
      "link the clusters' pod networks (e.g. Submariner), see docs/troubleshooting.md; " +
        'test again with `kubectl karmada-mcs probe nginx -n default --consumer member2`',
    );
    const p = await json(s, ['probe', 'nginx']);
    expect(p.code).toBe(1);
    expect(p.doc.items[0]).toMatchObject({ layer: 'connect', layers: { dns: { ok: true }, connect: { ok: false } } });
    expect(p.doc.items[0].reason).toMatch(
      /^no pod network from member2 to member1's pods \(10\.10\.\d+\.\d+:80 timed out\)$/,
    );
    expect(failed.message).toContain(p.doc.items[0].reason);
    await probeTable(s, 'connect', p.doc.items[0].reason);
  });
});

test('wrong-target-port: probe blames the connect layer with nothing listening on the targetPort', async () => {
  const s = await scenario('wrong-target-port');
  const p = await json(s, ['probe', 'nginx']);
  expect(p.code).toBe(1);
  expect(p.doc.items[0]).toMatchObject({ layer: 'connect', layers: { endpoints: { ok: false } } });
  expect(p.doc.items[0].reason).toMatch(/^nothing listens on member1's pods at port 8080 /);
  await probeTable(s, 'connect', p.doc.items[0].reason);
});

test('tainted-consumer: probe blames dns (no Service copy in member2)', async () => {
  const s = await scenario('tainted-consumer');
  const p = await json(s, ['probe', 'nginx']);
  expect(p.code).toBe(1);
  expect(p.doc.items[0]).toMatchObject({ layer: 'dns', layers: { dns: { ok: false }, connect: { ok: null } } });
  expect(p.doc.items[0].reason).toBe(
    'nginx.default does not resolve in member2: no Service of that name there (curl exit 6)',
  );
  await probeTable(s, 'DNS', p.doc.items[0].reason);
});

test('a backend answering 5xx: probe blames the http layer, every earlier layer passes', async () => {
  const s = await scenario('healthy');
  // hashicorp/http-echo answers every request with -status-code (its main.go).
  const deployment = s.sim.world.get('karmada', DEPLOYMENTS, 'default', 'nginx') as Deployment;
  const template = deployment.spec!.template;
  s.sim.world.put(
    'karmada',
    DEPLOYMENTS,
    {
      ...deployment,
      spec: {
        ...deployment.spec!,
        template: {
          ...template,
          spec: {
            ...template.spec,
            containers: [
              {
                name: 'echo',
                image: 'hashicorp/http-echo:1.0',
                args: ['-listen=:80', '-status-code=503', '-text=unavailable'],
                ports: [{ containerPort: 80, protocol: 'TCP' }],
              },
            ],
          },
        },
      },
    },
    'as-is',
  );
  s.sim.settle();
  const p = await json(s, ['probe', 'nginx']);
  expect(p.code).toBe(1);
  expect(p.doc.items[0]).toMatchObject({
    layer: 'http',
    status: 503,
    reason: 'the backend answered 503 (expected 2xx)',
    layers: { dns: { ok: true }, connect: { ok: true }, endpoints: { ok: true }, http: { ok: false } },
  });
  await probeTable(s, 'HTTP', 'the backend answered 503 (expected 2xx)');
  const d = await doctor(s, ['--probe']);
  expect(firstFailing(d.doc.checks)).toMatchObject({ id: 'reachability', cluster: 'member2' });
  expect(firstFailing(d.doc.checks)!.message).toContain('http layer: the backend answered 503');
});

test('--image busybox: the probe names the missing curl and --image, never a layer', async () => {
  const s = await scenario('healthy');
  const p = await json(s, ['probe', 'nginx', '--image', 'busybox']);
  expect(p.code).toBe(1);
  expect(p.doc.items[0]).toMatchObject({ layer: 'probe', layers: null });
  expect(p.doc.items[0].reason).toMatch(/^the probe image has no curl \(busybox: /);
  expect(p.doc.items[0].hint).toContain('--image');
});

test('gate-off, only the Karmada context: the gate is unknown (warn), never guessed; no selector blamed', async () => {
  const s = await scenario('gate-off');
  const config = yaml.load(readFileSync(s.kubeconfig, 'utf8')) as {
    contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
    clusters: Array<{ name: string }>;
    users: Array<{ name: string }>;
    'current-context': string;
  };
  const karmada = config.contexts.find((c) => c.name === 'karmada-apiserver')!;
  const only = {
    ...config,
    contexts: [karmada],
    clusters: config.clusters.filter((c) => c.name === karmada.context.cluster),
    users: config.users.filter((u) => u.name === karmada.context.user),
    'current-context': karmada.name,
  };
  const path = join(s.dir, 'karmada-only');
  writeFileSync(path, yaml.dump(only));
  const env = { ...s.env, KUBECONFIG: path };
  const d = await doctor(s, [], env);
  const gate = d.doc.checks.find((c: Check) => c.id === 'gate');
  expect(gate.result).toBe('warn');
  expect(gate.message).toContain('unknown');
  expect(gate.hint).toContain('--host-context');
  const v = await verdict(s, env);
  expect(v.healthy).toBe(false);
  expect(v.reason).not.toBe('NoProviderEndpoints');
  expect(v.reason).not.toBe('GateOff');
  expect(v.message).not.toContain('selector');
});

describe('stale-provider per release', () => {
  const dispatch = (checks: Check[]) => checks.find((c) => c.id === 'dispatch' && c.cluster === 'member2')!;

  test("v1.14+: member2 keeps the NotReady provider's slices, frozen", async () => {
    const s = await scenario('stale-provider', { karmadaVersion: 'v1.14' });
    const d = await doctor(s);
    expect(dispatch(d.doc.checks)).toMatchObject({ result: 'fail' });
    expect(dispatch(d.doc.checks).message).toContain('frozen');
    // Karmada's own not-ready taint follows from NotReady: no second finding telling the user to remove it.
    expect(
      d.doc.checks.filter((c: Check) => c.cluster === 'member1' && c.result === 'fail' && c.id === 'clusters'),
    ).toHaveLength(1);
  });

  test('v1.14+: probe says member2 holds stale endpoints of a NotReady provider, not that the pod network is missing', async () => {
    const s = await scenario('stale-provider');
    const p = await json(s, ['probe', 'nginx']);
    expect(p.code).toBe(1);
    const hint = 'see why with `kubectl describe cluster member1`';
    expect(p.doc.items[0]).toMatchObject({ layer: 'connect', hint });
    expect(p.doc.items[0].reason).toMatch(/and member1 is not Ready: member2 holds stale endpoints$/);
  });

  test("v1.13: Karmada withdrew the NotReady provider's slices from member2", async () => {
    const s = await scenario('stale-provider', { karmadaVersion: 'v1.13' });
    const d = await doctor(s);
    expect(firstFailing(d.doc.checks)).toMatchObject({ id: 'clusters', cluster: 'member1' });
    expect(dispatch(d.doc.checks)).toMatchObject({ result: 'fail' });
    expect(dispatch(d.doc.checks).message).toContain('withdrew');
    expect(dispatch(d.doc.checks).message).not.toContain('frozen');
    const p = await json(s, ['probe', 'nginx']);
    expect(p.doc.items[0]).toMatchObject({ layer: 'connect' });
    expect(p.doc.items[0].reason).toMatch(/^no endpoints reached member2 /);
  });
});

describe('hints, run as printed, change the outcome', () => {
  // The hints are shell lines: split them as sh would (single quotes only, as the hints use).
  const words = (hint: string) => [...hint.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);

  test.each<[ScenarioName, string]>([
    ['gate-off', 'gate'],
    ['agent-gate-off', 'agent-gate'],
    ['controllers-off', 'controllers'],
    ['tainted-consumer', 'clusters'],
    ['wrong-target-port', 'provider-endpoints'],
  ])('%s: the %s hint, run as printed, makes it healthy', async (name, id) => {
    const s = await scenario(name);
    const before = firstFailing((await doctor(s)).doc.checks)!;
    expect(before.id).toBe(id);
    const [program, ...args] = words(before.hint!);
    expect(program).toBe('kubectl');
    const r = args[0] === 'karmada-mcs' ? await cli(args.slice(1), s.env) : await kubectl(args, s.env);
    expect(r.code).toBe(0);
    s.sim.settle();
    const after = await doctor(s);
    expect(after.doc.checks.filter((c: Check) => c.id === id && c.result === 'fail')).toEqual([]);
    // The whole scenario is then healthy: the hint fixed the cause, not a symptom. (tainted-consumer: karmada-scheduler
    // schedules the Service binding again as member2's generation changes, pkg/scheduler/event_handler.go
    // updateCluster → enqueueAffectedBindings, and the copy reaches member2.)
    expect(after.doc.checks.filter((c: Check) => c.result === 'fail')).toEqual([]);
    expect(after.code).toBe(0);
    expect(await verdict(s)).toMatchObject({ healthy: true, reason: 'Healthy' });
  });

  test("stale-provider: the NotReady hint says how to find out, and shows the cluster's Ready condition", async () => {
    const s = await scenario('stale-provider');
    const hint = firstFailing((await doctor(s)).doc.checks)!.hint!;
    expect(hint).toBe('kubectl describe cluster member1');
    const r = await kubectl(words(hint).slice(1), s.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ClusterNotReachable');
  });
});

test('tainted-consumer on v1.8: Karmada writes the Service Works itself (no scheduler): nothing fails', async () => {
  // pkg/controllers/multiclusterservice/mcs_controller.go at v1.8.0: helper.CreateOrUpdateWork per cluster, no
  // ResourceBinding; v1.9+ goes through the `<svc>-service` binding, which karmada-scheduler filters by taints.
  const s = await scenario('tainted-consumer', { karmadaVersion: 'v1.8' });
  const d = await doctor(s);
  expect(d.doc.checks.filter((c: Check) => c.result === 'fail')).toEqual([]);
  expect(d.code).toBe(0);
  expect(await verdict(s)).toMatchObject({ healthy: true, reason: 'Healthy' });
});
