// doctor against the simulated Karmada: what today's simulator shows (healthy, gate off, gate unknown,
// missing Service, LoadBalancer), the output contract (-o json, exit codes) and request counts.
import { writeFileSync } from 'node:fs';
import { type TestSim, putMcsWithoutService, simPerTest, writes } from './helpers/sim.js';
import { BIN_DIR, cli, exec } from './helpers/cli.js';
import { kubectl } from './helpers/kubectl.js';
import { DEPLOYMENTS, MCS, PODS, SERVICES } from '../src/kube/resources.js';
import type { Deployment } from '../src/sim/kinds.js';
import { until } from './helpers/wait.js';
import { EVENTS as SIM_EVENTS } from '../src/sim/resources.js';

const sim = simPerTest();

interface Check {
  id: string;
  cluster?: string;
  mcs?: string;
  result: string;
  message: string;
  hint?: string;
}
const json = async (s: TestSim, args: string[]) => {
  const r = await cli([...args, '-o', 'json'], s.env);
  const doc = JSON.parse(r.stdout) as { ok: boolean; checks: Check[] };
  return {
    ...r,
    doc,
    first: doc.checks.find((c) => c.result === 'fail'),
    find: (id: string) => doc.checks.filter((c) => c.id === id),
  };
};

test('healthy after enable and expose: every stage passes, grouped by stage; exit 0', async () => {
  const s = await sim();
  const r = await cli(['doctor', 'nginx'], s.env);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(
    /^Karmada API\n {2}✔ the Karmada API answers \(context "karmada-apiserver"\); release v1\.18\.0 \(from the controller-manager image\)\n\n/,
  );
  expect(r.stdout).toContain(
    'MultiClusterService feature gate\n  ✔ the MultiClusterService feature gate is on (MultiClusterService=true) in karmada-controller-manager\n',
  );
  expect(r.stdout).toContain(
    'EndpointSlice dispatch\n  ✔ EndpointSliceDispatched=True (EndpointSliceDispatchedSucceed)\n  ✔ member2 has the current endpoints (2 from member1)\n',
  );
  expect(r.stdout).not.toMatch(/[✘‼]/);
  expect(r.stdout).toMatch(/\n✔ no check failed\n$/);
  const { doc } = await json(s, ['doctor', 'nginx']);
  expect(doc).toMatchObject({ apiVersion: 'kubectl-karmada-mcs/v1', kind: 'DoctorReport', ok: true });
  expect(doc.checks.map((c) => c.id)).toEqual(
    expect.arrayContaining([
      'api',
      'gate',
      'controllers',
      'agent-gate',
      'clusters',
      'mcs',
      'service',
      'service-applied',
      'service-copies',
      'provider-endpoints',
      'dispatch',
      'events',
      'pod-network',
    ]),
  );
  expect(writes(s.sim)).toEqual([]);
});

test('gate off with the host readable: gate fails first, every later check still runs; exit 1', async () => {
  const s = await sim({}, { gate: false });
  const r = await cli(['doctor', 'nginx'], s.env);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(
    '  ✘ the MultiClusterService feature gate is off (default) in karmada-controller-manager, so Karmada ignores every MultiClusterService\n      hint: kubectl karmada-mcs enable\n',
  );
  expect(r.stdout).toMatch(
    /\n✘ \d+ checks failed; the first failing stage is gate: run `kubectl karmada-mcs enable`\n$/,
  );
  const { code, doc, first, find } = await json(s, ['doctor', 'nginx']);
  expect(code).toBe(1);
  expect(doc.ok).toBe(false);
  expect(first).toMatchObject({ id: 'gate', result: 'fail', hint: 'kubectl karmada-mcs enable' });
  expect(find('service-applied')[0]).toMatchObject({ result: 'fail' });
  expect(find('dispatch').length).toBeGreaterThan(0);
});

test('gate unknown without the host context: a warning naming --host-context, never a guess', async () => {
  const s = await sim({}, { gate: false });
  const only = `${s.dir}/karmada-only`;
  writeFileSync(
    only,
    (await kubectl(['config', 'view', '--minify', '--flatten', '--context', 'karmada-apiserver'], s.env)).stdout,
  );
  const { code, first, find } = await json(s, ['doctor', 'nginx', '--kubeconfig', only]);
  expect(code).toBe(1);
  expect(find('gate')).toEqual([
    expect.objectContaining({
      result: 'warn',
      hint: `kubectl karmada-mcs doctor --kubeconfig ${only} --host-context <context of the cluster running Karmada>`,
    }),
  ]);
  expect(find('gate')[0]!.message).toMatch(
    /^the controller-manager's MultiClusterService gate is unknown: the host cluster could not be read \(.*karmada-host.*\)$/,
  );
  expect(find('controllers')[0]).toMatchObject({ result: 'skip' });
  expect(first).toMatchObject({ id: 'service-applied', result: 'fail' });
  expect(find('provider-endpoints').map((c) => c.result)).not.toContain('ok');
  expect(find('api')[0]!.message).toMatch(
    /release v1\.9 or later \(from the MultiClusterService CRD schema\)$|release unknown$/,
  );
});

test('an ExternalName Service behind an MCS written by hand: no endpoints, and why', async () => {
  const s = await sim({}, { expose: [] });
  const spec = { type: 'ExternalName', externalName: 'web.example.com', ports: [{ port: 80 }] };
  s.sim.world.put('karmada', SERVICES, { metadata: { name: 'web', namespace: 'default' }, spec }, 'as-is');
  putMcsWithoutService(s.sim);
  s.sim.settle();
  const { code, first } = await json(s, ['doctor', 'web']);
  expect(code).toBe(1);
  expect(first).toEqual({
    id: 'provider-endpoints',
    namespace: 'default',
    mcs: 'web',
    cluster: 'member1',
    result: 'fail',
    message:
      'service web is of type ExternalName (web.example.com): Kubernetes keeps no endpoints for it, so provider ' +
      'member1 has none for Karmada to share',
    hint:
      'its copies resolve to web.example.com in every cluster as it does here: propagate it with a ' +
      'PropagationPolicy, not a MultiClusterService',
  });
});

test('a MultiClusterService without its Service: service fails; the rest is still reported', async () => {
  const s = await sim({}, { expose: [] });
  putMcsWithoutService(s.sim);
  s.sim.settle();
  const { code, first, find } = await json(s, ['doctor', 'web']);
  expect(code).toBe(1);
  expect(first).toMatchObject({
    id: 'service',
    mcs: 'web',
    result: 'fail',
    message: expect.stringContaining('service default/web does not exist in the Karmada control plane'),
  });
  expect(find('service-applied')[0]).toMatchObject({
    result: 'fail',
    message: expect.stringContaining('ServiceAppliedFailed'),
  });
  expect(find('service-copies').map((c) => [c.cluster, c.result])).toEqual([
    ['member1', 'fail'],
    ['member2', 'fail'],
  ]);
});

test('a LoadBalancer MultiClusterService applied by kubectl: a warning, the rest skipped; exit 0', async () => {
  const s = await sim({}, { expose: [] });
  const manifest =
    'apiVersion: networking.karmada.io/v1alpha1\nkind: MultiClusterService\nmetadata:\n  name: lb\n  namespace: default\nspec:\n  types: [LoadBalancer]\n';
  expect((await kubectl(['apply', '-f', '-'], s.env, manifest)).code).toBe(0);
  const r = await cli(['doctor', 'lb'], s.env);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(
    'MultiClusterService\n  ‼ lb is of type LoadBalancer: Karmada reconciles only CrossCluster',
  );
  expect(r.stdout).toContain('  – not applicable to a LoadBalancer MultiClusterService\n');
  expect(r.stdout).toMatch(/\n✔ no check failed \(1 warning\)\n$/);
});

test('without NAME: the install and every MultiClusterService in the namespace; a missing NAME fails mcs', async () => {
  const s = await sim();
  const { code, doc } = await json(s, ['doctor']);
  expect(code).toBe(0);
  expect(doc.checks.filter((c) => c.id === 'mcs').map((c) => c.mcs)).toEqual(['nginx']);
  const missing = await json(s, ['doctor', 'nope']);
  expect(missing.code).toBe(1);
  expect(missing.first).toMatchObject({
    id: 'mcs',
    mcs: 'nope',
    message: 'multiclusterservice "nope" not found in namespace "default"',
    hint: 'kubectl karmada-mcs expose <deployment> --name nope -n default --provider <cluster> --consumer <cluster>',
  });
  expect(missing.find('gate')[0]).toMatchObject({ result: 'ok' });
  // No Service can have this name, so expose cannot make one: the hint lists what there is instead.
  expect((await json(s, ['doctor', 'bad..name'])).first).toMatchObject({ hint: 'kubectl get mcs -n default' });
});

test('-o json prints exactly a DoctorReport {apiVersion, kind, ok, checks} on stdout; -o yaml the same document; usage errors exit 2', async () => {
  const s = await sim();
  const r = await cli(['doctor', '-o', 'json'], s.env);
  expect(r.stderr).toBe('');
  const doc = JSON.parse(r.stdout);
  expect(Object.keys(doc)).toEqual(['apiVersion', 'kind', 'ok', 'checks']);
  for (const c of doc.checks) {
    expect(
      Object.keys(c).every((k) => ['id', 'cluster', 'namespace', 'mcs', 'result', 'message', 'hint'].includes(k)),
    ).toBe(true);
    expect(['ok', 'warn', 'fail', 'skip']).toContain(c.result);
  }
  const yaml = await cli(['doctor', '-o', 'yaml'], s.env);
  expect(yaml.stdout).toMatch(/^apiVersion: kubectl-karmada-mcs\/v1\nkind: DoctorReport\nok: true\nchecks:\n/);
  const usage = await cli(['doctor', 'nginx', '-A'], s.env);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toBe('error: a MultiClusterService name cannot be combined with --all-namespaces\n');
  expect((await cli(['doctor', '-o', 'xml'], s.env)).code).toBe(2);
});

test('the Karmada API does not answer: api fails, everything else is skipped with why; exit 1', async () => {
  const s = await sim({}, { gate: false, expose: [] });
  await s.sim.stop();
  const { code, doc } = await json(s, ['doctor']);
  expect(code).toBe(1);
  expect(doc.checks[0]).toMatchObject({
    id: 'api',
    result: 'fail',
    message: expect.stringContaining('cannot reach the API server'),
  });
  expect(doc.checks.slice(1).every((c) => c.result === 'skip' && c.message === 'the Karmada API did not answer')).toBe(
    true,
  );
  // The hint is advice, not a command to run.
  expect((await cli(['doctor'], s.env)).stdout).toMatch(
    /\n✘ 1 check failed; the first failing stage is api: check that the cluster is running and that --kubeconfig/,
  );
});

test('requests grow with clusters, never with MultiClusterServices × clusters', async () => {
  const s = await sim({ members: 12 }, { expose: [] });
  for (let i = 0; i < 30; i++) {
    expect(
      (
        await cli(
          ['expose', 'nginx', '--name', `web-${i}`, '--provider', 'member1', '--consumer', `member${2 + (i % 11)}`],
          s.env,
        )
      ).code,
    ).toBe(0);
  }
  s.sim.settle();
  s.sim.api.requests.length = 0;
  const { code, doc } = await json(s, ['doctor', '-A']);
  expect(code).toBe(0);
  expect(doc.checks.filter((c) => c.id === 'mcs')).toHaveLength(30);
  expect(s.sim.api.requests.filter((q) => q.cluster.startsWith('member'))).toHaveLength(12 * 3);
  expect(s.sim.api.requests.length).toBeLessThanOrEqual(12 * 3 + 9);
});

test('--probe adds a reachability check per consumer from the prober, and deletes its pods', async () => {
  const s = await sim();
  const { code, find } = await json(s, ['doctor', 'nginx', '--probe']);
  expect(code).toBe(0);
  expect(find('reachability')).toEqual([
    expect.objectContaining({
      cluster: 'member2',
      mcs: 'nginx',
      result: 'ok',
      message: expect.stringContaining('member2 reaches http://nginx.default'),
    }),
  ]);
  expect(s.sim.world.list('member2', PODS).filter((p) => p.metadata.name.startsWith('karmada-mcs-probe-'))).toEqual([]);
  expect((await json(s, ['doctor', 'nginx'])).find('reachability')).toEqual([]);
});

// The hint is enable, which rewrites --controllers where the install keeps it: karmada-operator rebuilds the
// Deployment from its Karmada object whenever that changes, undoing a patch of the Deployment.
test.each(['init', 'operator'] as const)(
  'controllers off (%s): the hint, run as printed through kubectl, turns them back on for good',
  async (layout) => {
    const s = await sim({ scenario: 'controllers-off', layout }, { gate: false });
    const before = await json(s, ['doctor', 'nginx']);
    expect(before.first).toMatchObject({
      id: 'controllers',
      result: 'fail',
      message: expect.stringContaining('turns off endpointsliceDispatch'),
      hint: 'kubectl karmada-mcs enable',
    });
    // The hint reaches the same clusters as the doctor run that printed it.
    const named = await json(s, ['doctor', 'nginx', '--context', 'karmada-apiserver']);
    expect(named.first?.hint).toBe('kubectl karmada-mcs enable --context karmada-apiserver');
    const withPlugin = { ...s.env, PATH: `${BIN_DIR}:${s.env.PATH}` };
    expect((await exec('sh', ['-c', before.first!.hint!], { env: withPlugin })).code).toBe(0);
    if (layout === 'operator') {
      const touch = '{"spec":{"components":{"karmadaControllerManager":{"extraArgs":{"v":"3"}}}}}';
      const karmada = ['-n', 'karmada-system', 'patch', 'karmada', 'karmada-demo', '--type=merge', '-p', touch];
      expect((await kubectl(['--context', 'karmada-host', ...karmada], s.env)).stderr).toBe('');
    }
    s.sim.settle();
    expect((await json(s, ['doctor', 'nginx'])).find('controllers')[0]).toMatchObject({ result: 'ok' });
  },
);

// Only the Warnings about MultiClusterServices are judged, so only those are asked for: a busy namespace has
// thousands of other events (the field selector is one kube-apiserver serves: pkg/registry/core/event/strategy.go).
test('the events stage asks Karmada for the Warnings about MultiClusterServices, and shows only those', async () => {
  const s = await sim();
  const mcs = s.sim.world.get('karmada', MCS, 'default', 'nginx')!;
  const about = (kind: string, name: string) => ({ kind, namespace: 'default', name, uid: mcs.metadata.uid });
  const event = (name: string, type: string, involvedObject: object, message: string) =>
    s.sim.world.put(
      'karmada',
      SIM_EVENTS,
      {
        metadata: { name, namespace: 'default' },
        involvedObject,
        type,
        reason: 'Tested',
        message,
        lastTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
      'as-is',
    );
  event('w-mcs', 'Warning', about('MultiClusterService', 'nginx'), 'a warning about the MCS');
  event('n-mcs', 'Normal', about('MultiClusterService', 'nginx'), 'a normal event about the MCS');
  event('w-svc', 'Warning', about('Service', 'nginx'), 'a warning about the Service');
  const r = await cli(['doctor', 'nginx', '-v'], s.env);
  expect(r.stderr).toContain(
    '/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DMultiClusterService%2Ctype%3DWarning 200',
  );
  expect(r.stdout).toContain('Tested: a warning about the MCS');
  expect(r.stdout).not.toMatch(/a normal event|about the Service/);
});

/** kubectl against the host's karmada-system namespace, where karmada-controller-manager runs. */
const host = (s: TestSim, ...args: string[]) =>
  kubectl(['--context', 'karmada-host', '-n', 'karmada-system', ...args], s.env);
/** A gate name no release knows: karmada-controller-manager refuses it and exits at start. */
const TYPO_GATE = {
  op: 'add',
  path: '/spec/template/spec/containers/0/command/-',
  value: '--feature-gates=Failovr=true',
};

// The flags doctor reads are the Deployment's; they act only on an available pod. A gate name the release does not
// know makes karmada-controller-manager exit at start: a rollout to it never ends (the old pod keeps acting), and
// once no pod runs, nothing does. kubectl's logs of the Deployment say why.
test('a controller-manager that does not run its flags: a rollout under way warns, no available pod fails', async () => {
  const s = await sim();
  const patched = await host(
    s,
    'patch',
    'deployment',
    'karmada-controller-manager',
    '--type=json',
    '-p',
    JSON.stringify([TYPO_GATE]),
  );
  expect(patched.stderr).toBe('');
  s.sim.settle();
  const rolling = await json(s, ['doctor', 'nginx']);
  expect(rolling.code).toBe(0);
  expect(rolling.find('controllers').at(-1)).toEqual({
    id: 'controllers',
    result: 'warn',
    message:
      'deployment karmada-system/karmada-controller-manager is not rolled out (1 old replicas pending termination): ' +
      'until it is, the pod that acts may run the previous flags, not those above',
    hint: 'kubectl --context karmada-host -n karmada-system rollout status deployment/karmada-controller-manager',
  });
  expect((await host(s, 'scale', 'deployment', 'karmada-controller-manager', '--replicas=0')).code).toBe(0);
  s.sim.settle();
  expect((await json(s, ['doctor', 'nginx'])).first).toMatchObject({
    id: 'controllers',
    message: 'deployment karmada-system/karmada-controller-manager is scaled to 0 replicas: no Karmada controller runs',
  });
  expect((await host(s, 'scale', 'deployment', 'karmada-controller-manager', '--replicas=1')).code).toBe(0);
  s.sim.settle();
  const down = await json(s, ['doctor', 'nginx']);
  expect(down.code).toBe(1);
  expect(down.first).toEqual({
    id: 'controllers',
    result: 'fail',
    message:
      'deployment karmada-system/karmada-controller-manager has no available pod (0 of 1): no Karmada controller runs',
    hint: 'kubectl --context karmada-host -n karmada-system logs deployment/karmada-controller-manager',
  });
  const logs = await kubectl(down.first!.hint!.split(' ').slice(1), s.env);
  expect(logs.stdout).toBe(
    'Error: invalid argument "Failovr=true" for "--feature-gates" flag: unrecognized feature gate: Failovr\n',
  );
});

// kube-controller-manager gives a rollout that makes no progress progressDeadlineSeconds (600 by default), then marks
// it failed (Progressing=False, ProgressDeadlineExceeded): kubectl rollout status fails, and so do doctor's and
// enable's readings, at once rather than at their timeout.
test('a rollout past its progress deadline: kubectl rollout status fails, doctor says so, enable stops', async () => {
  const s = await sim();
  const stuck = [TYPO_GATE, { op: 'add', path: '/spec/progressDeadlineSeconds', value: 1 }];
  expect(
    (await host(s, 'patch', 'deployment', 'karmada-controller-manager', '--type=json', '-p', JSON.stringify(stuck)))
      .code,
  ).toBe(0);
  const progressing = () =>
    (
      s.sim.world.get('host', DEPLOYMENTS, 'karmada-system', 'karmada-controller-manager') as Deployment
    ).status?.conditions?.find((c) => c.type === 'Progressing');
  await until(() => progressing()?.reason === 'ProgressDeadlineExceeded');
  expect(progressing()).toMatchObject({
    status: 'False',
    message: expect.stringMatching(/^ReplicaSet "karmada-controller-manager-\w+" has timed out progressing\.$/),
  });
  const status = await host(s, 'rollout', 'status', 'deployment/karmada-controller-manager', '--timeout=5s');
  expect(status.code).toBe(1);
  expect(status.stderr).toBe('error: deployment "karmada-controller-manager" exceeded its progress deadline\n');
  const doctor = await json(s, ['doctor', 'nginx']);
  expect(doctor.code).toBe(0);
  expect(doctor.find('controllers').at(-1)).toEqual({
    id: 'controllers',
    result: 'warn',
    message:
      'deployment karmada-system/karmada-controller-manager failed to roll out: deployment ' +
      `"karmada-controller-manager" exceeded its progress deadline (${progressing()?.message}); ` +
      'the pods that act run the previous flags',
    hint: 'kubectl --context karmada-host -n karmada-system get pods -l app=karmada-controller-manager',
  });
  // Run as printed, it shows the new pods crash-looping beside the old one.
  const listed = await kubectl(doctor.find('controllers').at(-1)!.hint!.split(' ').slice(1), s.env);
  expect(listed.stdout).toContain('CrashLoopBackOff');
  // enable turns the gate off and waits: its rollout fails as the last did, and enable says so well before --timeout.
  const disable = await cli(['disable', '--timeout', '60s'], s.env);
  expect(disable.code).toBe(1);
  expect(disable.stderr).toContain(
    'failed to roll out: deployment "karmada-controller-manager" exceeded its progress deadline',
  );
});
