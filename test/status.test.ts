// status against the simulated Karmada: verdicts, per-cluster facts, JSON schema, request counts.
import { spawn } from 'node:child_process';
import { GUIDE_EXPOSE, type TestSim, markNotReady, putMcsWithoutService, simPerTest } from './helpers/sim.js';
import { until } from './helpers/wait.js';
import { cli, exec, PLUGIN } from './helpers/cli.js';
import { kubectl } from './helpers/kubectl.js';
import { writeFileSync } from 'node:fs';
import { NAMESPACES, PROPAGATION_POLICIES } from '../src/kube/resources.js';
import type { PropagationPolicy } from '../src/sim/karmada-types.js';

const EXPOSE = GUIDE_EXPOSE;
const sim = simPerTest();

const json = async (s: TestSim, args: string[]) => {
  const r = await cli([...args, '-o', 'json'], s.env);
  return { ...r, doc: JSON.parse(r.stdout) };
};

test('healthy: conditions, per-cluster facts and the verdict; exit 0', async () => {
  const s = await sim();
  const r = await cli(['status', 'nginx'], s.env);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    /ServiceApplied\s+True\s+ServiceAppliedSucceed\s+Service is propagated to target clusters\./,
  );
  expect(r.stdout).toMatch(/member1\s+provider\s+Push\s+True\s+yes\s+2\s+-/);
  expect(r.stdout).toMatch(/member2\s+consumer\s+Push\s+True\s+yes\s+-\s+member1 \(2\)/);
  expect(r.stdout).toContain(
    'Verdict:    ✔ healthy: member2 has nginx.default with 2 ready endpoints from member1 ' +
      '(probe tests the pod network)',
  );
  const list = await cli(['status'], s.env);
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(
    /^NAME\s+TYPES\s+PROVIDERS\s+CONSUMERS\s+SERVICE-APPLIED\s+ENDPOINTSLICE-DISPATCHED\s+AGE\s+VERDICT\nnginx\s+CrossCluster\s+member1\s+member2\s+True\s+True\s+\d+s\s+Healthy\n$/,
  );
  const wide = await cli(['status', '-A', '-o', 'wide'], s.env);
  expect(wide.stdout).toMatch(/^NAMESPACE\s+NAME\s+.*CONSUMER-ENDPOINTS\ndefault\s+nginx\s+.*member2=2\n$/);
});

test('gate off: verdict GateOff with the enable hint; exit 1', async () => {
  const s = await sim({}, { gate: false });
  const r = await cli(['status', 'nginx'], s.env);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('<none>: Karmada has not acted on it');
  expect(r.stdout).toContain(
    'Verdict:    ✘ GateOff: the MultiClusterService feature gate is off (default) in karmada-controller-manager',
  );
  expect(r.stdout).toContain('Next step:  kubectl karmada-mcs enable');
});

test('a failing condition: no Service in the control plane (ServiceAppliedFailed)', async () => {
  const s = await sim({}, { expose: [] });
  putMcsWithoutService(s.sim);
  s.sim.settle();
  const { code, doc } = await json(s, ['status', 'web']);
  expect(code).toBe(1);
  expect(doc.conditions).toEqual([
    expect.objectContaining({
      type: 'ServiceApplied',
      status: 'False',
      reason: 'ServiceAppliedFailed',
      message: 'Service "web" not found',
    }),
  ]);
  expect(doc.verdict).toMatchObject({ healthy: false, reason: 'ServiceMissing' });
});

// status reads no karmada-agent (doctor does): it sees that nothing was collected and names the Pull provider.
test('a Pull-mode provider whose agent lacks the gate: NothingCollected, with the --agents hint', async () => {
  const s = await sim({ pullMembers: ['member3'] }, { expose: [] });
  const policy = s.sim.world.get('karmada', PROPAGATION_POLICIES, 'default', 'nginx-propagation') as PropagationPolicy;
  s.sim.world.put(
    'karmada',
    PROPAGATION_POLICIES,
    {
      ...policy,
      spec: { ...policy.spec, placement: { clusterAffinity: { clusterNames: ['member3'] } } },
    },
    'as-is',
  );
  expect((await cli(['expose', 'nginx', '--provider', 'member3', '--consumer', 'member2'], s.env)).code).toBe(0);
  s.sim.settle();
  const before = await json(s, ['status', 'nginx']);
  expect(before.code).toBe(1);
  expect(before.doc.clusters[0]).toMatchObject({ name: 'member3', syncMode: 'Pull', readyEndpoints: 2 });
  expect(before.doc.verdict).toEqual({
    healthy: false,
    reason: 'NothingCollected',
    hint: 'kubectl karmada-mcs enable --agents',
    message:
      'Karmada has collected no EndpointSlice from the providers (EndpointSliceDispatched absent); ' +
      'member3 is Pull-mode, whose karmada-agent needs the gate too',
  });
  expect((await cli(['enable', '--agents'], s.env)).code).toBe(0);
  s.sim.settle();
  const after = await json(s, ['status', 'nginx']);
  expect(after.doc.verdict).toMatchObject({
    healthy: true,
    message: 'member2 has nginx.default with 2 ready endpoints from member3 (probe tests the pod network)',
  });
});

test('a member that cannot be read is marked with its error, the others are still shown; exit 1', async () => {
  const s = await sim();
  s.sim.world.cluster('member2').reachable = false;
  const r = await cli(['status', 'nginx'], s.env);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/member1\s+provider\s+Push\s+True\s+yes\s+2\s+-/);
  // Its Cluster still says Ready; what could not be read is marked, and why is said under the table.
  expect(r.stdout).toMatch(/member2\s+consumer\s+Push\s+True\s+\?\s+\?\s+\?\n/);
  expect(r.stdout).toMatch(/\nUnreadable:\n {2}member2: cluster member2 \(via the Karmada cluster proxy .*\n\n/);
  expect(r.stdout).toContain('✘ ClusterUnreadable: cluster member2 could not be read');
});

test('a NotReady consumer and a targetPort that no container listens on', async () => {
  const s = await sim({}, { expose: [...EXPOSE, '--target-port', '8080'] });
  const mismatch = await json(s, ['status', 'nginx']);
  expect(mismatch.doc.verdict).toMatchObject({
    reason: 'TargetPortMismatch',
    message:
      'targetPort 8080 of service nginx is not a container port of deployment nginx (80): connections are refused',
  });
  markNotReady(s.sim, 'member2');
  const notReady = await json(s, ['status', 'nginx']);
  expect(notReady.doc.verdict.reason).toBe('ClusterNotReady');
});

test('a missing MultiClusterService is an error; an empty namespace is not', async () => {
  const s = await sim({}, { expose: [] });
  const r = await cli(['status', 'nope'], s.env);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /^error: multiclusterservice "nope" not found in namespace "default" \(context "karmada-apiserver"\)\n/,
  );
  s.sim.world.put('karmada', NAMESPACES, { metadata: { name: 'empty' } }, 'as-is');
  const empty = await cli(['status', '-n', 'empty'], s.env);
  expect(empty.code).toBe(0);
  expect(empty.stderr).toBe('No MultiClusterServices found in empty namespace.\n');
});

test('the JSON document keeps its documented schema (docs/status.md)', async () => {
  const s = await sim();
  const { doc } = await json(s, ['status']);
  expect(Object.keys(doc)).toEqual(['apiVersion', 'kind', 'gate', 'healthy', 'items']);
  expect(doc).toMatchObject({
    apiVersion: 'kubectl-karmada-mcs/v1',
    kind: 'MultiClusterServiceStatusList',
    gate: { enabled: true, describe: 'on (MultiClusterService=true)' },
    healthy: true,
  });
  expect(Object.keys(doc.items[0])).toEqual([
    'name',
    'namespace',
    'types',
    'providers',
    'consumers',
    'allProviders',
    'allConsumers',
    'creationTimestamp',
    'age',
    'conditions',
    'clusters',
    'verdict',
  ]);
  expect(Object.keys(doc.items[0].clusters[0])).toEqual([
    'name',
    'roles',
    'ready',
    'syncMode',
    'error',
    'service',
    'readyEndpoints',
    'importedFrom',
  ]);
  expect(Object.keys(doc.items[0].conditions[0])).toEqual([
    'type',
    'status',
    'reason',
    'message',
    'lastTransitionTime',
  ]);
  expect(Object.keys(doc.items[0].verdict)).toEqual(['healthy', 'reason', 'message']);
  const single = await json(s, ['status', 'nginx']);
  expect(single.doc).toMatchObject({
    apiVersion: 'kubectl-karmada-mcs/v1',
    kind: 'MultiClusterServiceStatus',
    name: 'nginx',
  });
  const yaml = await cli(['status', 'nginx', '-o', 'yaml'], s.env);
  expect(yaml.stdout).toMatch(/^apiVersion: kubectl-karmada-mcs\/v1\nkind: MultiClusterServiceStatus\n/);
  expect(yaml.stderr).toBe('');
});

test('scale: one list per cluster per kind, never one request per MultiClusterService per cluster', async () => {
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
  const { code, doc } = await json(s, ['status']);
  expect(doc.items).toHaveLength(30);
  expect(code).toBe(0);
  // per member: Services and EndpointSlices; once: MCS, Services, Clusters, Deployments, Events, ResourceBindings,
  // the controller-manager in the host, and the Works only when a consumer misses endpoints
  const members = s.sim.api.requests.filter((q) => q.cluster.startsWith('member'));
  expect(members).toHaveLength(12 * 2);
  expect(s.sim.api.requests.length).toBeLessThanOrEqual(8 + 12 * 2);
});

test('--wait returns once healthy; it times out with the verdict otherwise', async () => {
  const s = await sim({}, { gate: false });
  // enable starts once status is polling (its first reads are in), and both are awaited.
  const waiting = cli(['status', 'nginx', '--wait', '--timeout', '20s'], s.env);
  await until(() => s.sim.api.requests.some((q) => q.path.includes('multiclusterservices')));
  const [waited, enabled] = await Promise.all([waiting, cli(['enable', '--no-wait'], s.env)]);
  expect(enabled.code).toBe(0);
  expect(waited.code).toBe(0);
  expect(waited.stdout).toContain('✔ healthy');
  await cli(['disable', '--no-wait'], s.env);
  const timedOut = await cli(['status', 'nginx', '--wait', '--timeout', '1s'], s.env);
  expect(timedOut.code).toBe(1);
  expect(timedOut.stderr).toMatch(
    /error: timed out after 1s waiting for multiclusterservice default\/nginx to become healthy: the MultiClusterService feature gate is off \(MultiClusterService=false\)/,
  );
  expect(timedOut.stderr).toContain('hint: kubectl karmada-mcs enable');
  // What it saw last is shown before the error.
  expect(timedOut.stdout).toMatch(/^Verdict: .*feature gate is off/m);
});

test('--timeout without --wait is a usage error before any request, as with expose; --watch never times out', async () => {
  const s = await sim();
  const before = s.sim.api.requests.length;
  for (const args of [
    ['status', '--timeout', '5s'],
    ['status', 'nginx', '--watch', '--timeout', '5s'],
  ]) {
    const r = await cli(args, s.env);
    expect({ args, code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({
      args,
      code: 2,
      stderr: 'error: --timeout only applies with --wait: without it status does not wait\n',
      stdout: '',
    });
  }
  expect(s.sim.api.requests.length).toBe(before);
});

test('--watch prints again when something changes and stops on Ctrl-C', async () => {
  const s = await sim({}, { gate: false });
  const child = spawn(PLUGIN, ['status', '--watch'], { env: s.env });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  for (let i = 0; i < 100 && !stdout.includes('GateOff'); i++) await new Promise((r) => setTimeout(r, 50));
  await cli(['enable', '--no-wait'], s.env);
  for (let i = 0; i < 200 && !stdout.includes('Healthy'); i++) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGINT');
  expect(await exited).toBe(130);
  expect(stdout).toMatch(/GateOff[\s\S]*\n\nNAME[\s\S]*Healthy/);
});

test('gate unknown (no host context): NotActedOn with the --host-context hint, never NoProviderEndpoints', async () => {
  const s = await sim({}, { gate: false });
  const only = `${s.dir}/karmada-only`;
  writeFileSync(
    only,
    (await kubectl(['config', 'view', '--minify', '--flatten', '--context', 'karmada-apiserver'], s.env)).stdout,
  );
  const { code, doc } = await json(s, ['status', 'nginx', '--kubeconfig', only]);
  expect(code).toBe(1);
  expect(doc.gate).toBeNull();
  expect(doc.verdict).toMatchObject({
    healthy: false,
    reason: 'NotActedOn',
    // The kubeconfig it was given, so that the hint reaches the same Karmada.
    hint: `kubectl karmada-mcs enable --kubeconfig ${only} --host-context <context of the cluster running Karmada>`,
  });
  expect(doc.verdict.message).toContain(
    'the feature gate may be off, and it is unknown because the host cluster could not be read',
  );
});

test('a LoadBalancer MultiClusterService gets its own verdict; exit 0', async () => {
  const s = await sim({}, { expose: [] });
  const manifest =
    'apiVersion: networking.karmada.io/v1alpha1\nkind: MultiClusterService\n' +
    'metadata:\n  name: lb\n  namespace: default\nspec:\n  types: [LoadBalancer]\n';
  expect((await kubectl(['apply', '-f', '-'], s.env, manifest)).code).toBe(0);
  const r = await cli(['status'], s.env);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/\nlb\s+LoadBalancer\s+.*LoadBalancer\n$/);
  const { doc } = await json(s, ['status', 'lb']);
  expect(doc.verdict).toMatchObject({ healthy: true, reason: 'LoadBalancer' });
});

test('targetPort mismatch: the Next step, run as printed, makes the MultiClusterService healthy', async () => {
  const s = await sim({}, { expose: [...EXPOSE, '--target-port', '8080'] });
  const r = await cli(['status', 'nginx'], s.env);
  expect(r.code).toBe(1);
  const next = /Next step: {2}(.*)\n/.exec(r.stdout)![1]!;
  expect(next).toBe(
    'kubectl patch service nginx -n default --type=json ' +
      `-p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":80}]'`,
  );
  expect((await exec('sh', ['-c', next], { env: s.env })).code).toBe(0);
  s.sim.settle();
  const after = await json(s, ['status', 'nginx']);
  expect(after.doc.verdict).toMatchObject({ healthy: true, reason: 'Healthy' });
});

test('a provider where the workload does not run: the Next step, run as printed, makes it healthy', async () => {
  const s = await sim(
    { members: 3 },
    { expose: ['expose', 'nginx', '--provider', 'member2', '--consumer', 'member3'] },
  );
  const r = await cli(['status', 'nginx'], s.env);
  expect(r.stdout).toContain(
    '✘ NoProviderEndpoints: no ready endpoints behind service nginx in provider member2: ' +
      'deployment nginx runs in member1',
  );
  const next = /Next step: {2}(.*)\n/.exec(r.stdout)![1]!;
  expect((await exec('sh', ['-c', next], { env: s.env })).code).toBe(0);
  s.sim.settle();
  const after = await json(s, ['status', 'nginx']);
  expect(after.doc.verdict).toMatchObject({
    healthy: true,
    message: 'member3 has nginx.default with 2 ready endpoints from member1 (probe tests the pod network)',
  });
});
