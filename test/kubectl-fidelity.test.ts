// Proves the simulator behaves like a real Karmada API server by driving it with real kubectl.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { type TestSim, startTestSim } from './helpers/sim.js';
import { kubectl, kubectlPath, pinnedKubectls } from './helpers/kubectl.js';
import { gateState } from '../src/karmada/gates.js';
import { DEPLOYMENTS, ENDPOINTSLICES, NAMESPACES, PODS, SERVICES } from '../src/kube/resources.js';
import { WebSocket } from 'ws';
import { streamUntil, until } from './helpers/wait.js';
import type { Deployment } from '../src/sim/kinds.js';

const SEED_SED = `sed '/- --v=4/i \\        - --feature-gates=MultiClusterService=true'`;
const SERVICE_AND_MCS = `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  ports:
  - port: 80
    targetPort: 80
  selector:
    app: nginx
---
apiVersion: networking.karmada.io/v1alpha1
kind: MultiClusterService
metadata:
   name: nginx
spec:
  types:
    - CrossCluster
  consumerClusters:
    - name: member2
  providerClusters:
    - name: member1
`;

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim({ layout: 'local-up' });
});
afterAll(() => t.stop());

const shell = (script: string) => kubectl(['-c', script], t.env, undefined, '/bin/sh');

test("kubectl get clusters shows Karmada's columns", async () => {
  const r = await kubectl(['get', 'clusters'], t.env);
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/^NAME\s+VERSION\s+MODE\s+READY\s+AGE\n/);
  expect(r.stdout).toMatch(/member1\s+v1\.31\.2\s+Push\s+True/);
  expect(r.stdout).toMatch(/member2\s+v1\.31\.2\s+Push\s+True/);
});

test.each(pinnedKubectls())('%s lists clusters and resolves the mcs short name', async (binary) => {
  const clusters = await kubectl(['get', 'clusters', '-o', 'name'], t.env, undefined, binary);
  expect(clusters.stdout.split('\n')).toEqual(
    expect.arrayContaining(['cluster.cluster.karmada.io/member1', 'cluster.cluster.karmada.io/member2']),
  );
  const mcs = await kubectl(['get', 'mcs', '-A'], t.env, undefined, binary);
  expect(mcs.code).toBe(0);
});

test("the seed guide's sed | kubectl replace inserts the gate (local-up has --v=4)", async () => {
  const r = await shell(
    `kubectl --context karmada-host get deploy karmada-controller-manager -n karmada-system -o yaml | ${SEED_SED} | kubectl --context karmada-host replace -f -`,
  );
  expect(r.stdout.trim()).toBe('deployment.apps/karmada-controller-manager replaced');
  const d = t.sim.world.get('host', DEPLOYMENTS, 'karmada-system', 'karmada-controller-manager') as Deployment;
  const container = d.spec!.template.spec!.containers[0]!;
  const command = container.command!;
  expect(command.filter((f) => f.startsWith('--feature-gates'))).toEqual([
    '--feature-gates=AllAlpha=true,AllBeta=true',
    '--feature-gates=MultiClusterService=true',
  ]);
  expect(command.indexOf('--feature-gates=MultiClusterService=true')).toBe(command.indexOf('--v=4') - 1);
  expect(gateState(container)).toMatchObject({ enabled: true, source: 'explicit' });
  expect(d.metadata.generation).toBe(2);
});

test('replace with a stale resourceVersion gets a 409 Conflict Status', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmcs-'));
  const got = await kubectl(
    ['--context', 'karmada-host', '-n', 'karmada-system', 'get', 'deploy', 'karmada-controller-manager', '-o', 'json'],
    t.env,
  );
  const stale = JSON.parse(got.stdout);
  await kubectl(
    [
      '--context',
      'karmada-host',
      '-n',
      'karmada-system',
      'label',
      'deploy',
      'karmada-controller-manager',
      'touched=yes',
    ],
    t.env,
  );
  writeFileSync(join(dir, 'd.json'), JSON.stringify(stale));
  const r = await kubectl(['--context', 'karmada-host', 'replace', '-f', join(dir, 'd.json')], t.env);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    'Operation cannot be fulfilled on deployments.apps "karmada-controller-manager": the object has been modified',
  );
});

test('kubectl patch (strategic merge) merges containers by name and keeps everything else', async () => {
  const deployment = () =>
    t.sim.world.get('host', DEPLOYMENTS, 'karmada-system', 'karmada-controller-manager') as Deployment;
  const before = deployment().spec!.template.spec!.containers[0]!;
  const r = await kubectl(
    [
      '--context',
      'karmada-host',
      '-n',
      'karmada-system',
      'patch',
      'deploy',
      'karmada-controller-manager',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"karmada-controller-manager","image":"docker.io/karmada/karmada-controller-manager:v1.18.1"}]}}}}',
    ],
    t.env,
  );
  expect(r.stdout.trim()).toBe('deployment.apps/karmada-controller-manager patched');
  const after = deployment().spec!.template.spec!.containers[0]!;
  expect(after).toEqual({ ...before, image: 'docker.io/karmada/karmada-controller-manager:v1.18.1' });
});

test('server-side dry runs are validated and not stored', async () => {
  const r = await kubectl(
    ['apply', '--server-side', '--dry-run=server', '-f', '-'],
    t.env,
    SERVICE_AND_MCS.replace(/nginx/g, 'dry'),
  );
  expect(r.stdout).toBe(
    'service/dry serverside-applied (server dry run)\nmulticlusterservice.networking.karmada.io/dry serverside-applied (server dry run)\n',
  );
  expect(t.sim.world.get('karmada', SERVICES, 'default', 'dry')).toBeUndefined();
  const invalid = await kubectl(
    ['apply', '--server-side', '-f', '-'],
    t.env,
    SERVICE_AND_MCS.replace(/name: member2/, `name: ${'m'.repeat(49)}`).replace(/nginx/g, 'bad'),
  );
  expect(invalid.code).toBe(1);
  // Karmada's webhook names the path spec.range.consumerClusters (pkg/webhook/multiclusterservice/validating.go)
  expect(invalid.stderr).toContain('denied the request: spec.range.consumerClusters[0]: Invalid value');
});

test('kubectl get of a missing object reports the NotFound Status', async () => {
  const r = await kubectl(['get', 'mcs', 'nope'], t.env);
  expect(r.code).toBe(1);
  expect(r.stderr.trim()).toBe(
    'Error from server (NotFound): multiclusterservices.networking.karmada.io "nope" not found',
  );
});

test("kubectl apply --server-side of the guide's Service + MCS, then the MCS becomes healthy", async () => {
  const r = await kubectl(['apply', '--server-side', '-f', '-'], t.env, SERVICE_AND_MCS);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(
    'service/nginx serverside-applied\nmulticlusterservice.networking.karmada.io/nginx serverside-applied\n',
  );
  const again = await kubectl(['apply', '--server-side', '-f', '-'], t.env, SERVICE_AND_MCS);
  expect(again.code).toBe(0);
  const svc = t.sim.world.get('karmada', SERVICES, 'default', 'nginx')!;
  expect(svc.metadata.managedFields?.map((m) => m.manager)).toContain('kubectl');
  t.sim.settle();
  const yaml = await kubectl(['get', 'mcs', 'nginx', '-o', 'yaml'], t.env);
  expect(yaml.stdout).toContain('karmada.io/multiclusterservice-controller');
  expect(yaml.stdout).toMatch(/reason: ServiceAppliedSucceed\n\s+status: "True"\n\s+type: ServiceApplied/);
  expect(yaml.stdout).toMatch(
    /reason: EndpointSliceDispatchedSucceed\n\s+status: "True"\n\s+type: EndpointSliceDispatched/,
  );
  const slices = t.sim.world.list('member2', ENDPOINTSLICES, 'default').map((s) => s.metadata.name);
  expect(slices.some((n) => n.startsWith('member1-nginx-'))).toBe(true);
  expect(t.sim.world.get('member2', SERVICES, 'default', 'nginx')?.metadata.labels?.['karmada.io/managed']).toBe(
    'true',
  );
});

test('kubectl exec curl through a member context reaches nginx in member1 over WebSocket', async () => {
  t.sim.settle();
  const pods = await kubectl(['--context', 'member2', 'get', 'pods', '-l', 'app=curl', '-o', 'name'], t.env);
  const pod = pods.stdout.trim();
  expect(pod).toMatch(/^pod\/curl-/);
  const r = await kubectl(['--context', 'member2', 'exec', pod, '--', 'curl', '-sS', 'http://nginx.default'], t.env);
  expect(r.stderr).toBe('');
  // the nginx image serves its welcome page (docker-nginx's default.conf)
  expect(r.stdout).toMatch(/^<!DOCTYPE html>\n[\s\S]*<title>Welcome to nginx!<\/title>/);
  const missing = await kubectl(
    ['--context', 'member2', 'exec', pod, '--', 'curl', '-sS', 'http://nothing.default'],
    t.env,
  );
  expect(missing.code).toBe(6);
  expect(missing.stderr).toContain('curl: (6) Could not resolve host: nothing.default');
});

test.each(pinnedKubectls())(
  '%s execs curl through a member context, with and without stdin: SPDY before 1.30, WebSocket after',
  async (binary) => {
    t.sim.settle();
    const pod = (
      await kubectl(['--context', 'member2', 'get', 'pods', '-l', 'app=curl', '-o', 'name'], t.env)
    ).stdout.trim();
    const before = t.sim.api.requests.length;
    const ok = await kubectl(
      ['--context', 'member2', 'exec', pod, '--', 'curl', '-sS', 'http://nginx.default'],
      t.env,
      undefined,
      binary,
    );
    expect({ code: ok.code, stderr: ok.stderr, stdout: ok.stdout }).toEqual({
      code: 0,
      stderr: '',
      stdout: expect.stringContaining('<title>Welcome to nginx!</title>'),
    });
    const missing = await kubectl(
      ['--context', 'member2', 'exec', '-i', pod, '--', 'curl', '-sS', 'http://nothing.default'],
      t.env,
      'input nobody reads\n',
      binary,
    );
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({
      code: 6,
      stderr: expect.stringContaining('curl: (6) Could not resolve host: nothing.default'),
    });
    const minor = Number(/kubectl\.1\.(\d+)$/.exec(binary)![1]);
    const upgrades = t.sim.api.requests
      .slice(before)
      .filter((q) => q.status === 101)
      .map((q) => q.upgrade?.toLowerCase());
    expect(upgrades).toEqual(Array(2).fill(minor < 30 ? 'spdy/3.1' : 'websocket'));
  },
);

test('exec also speaks v4.channel.k8s.io: stderr on channel 2, the exit Status on channel 3', async () => {
  const pod = t.sim.world.list('member2', PODS).find((p) => p.metadata.labels?.app === 'curl')!;
  const url = `${t.sim.karmadaUrl.replace('https', 'wss')}/apis/cluster.karmada.io/v1alpha1/clusters/member2/proxy/api/v1/namespaces/default/pods/${pod.metadata.name}/exec?command=curl&command=-sS&command=http://nothing.default&stdout=true&stderr=true`;
  const token = (t.sim.kubeconfig() as any).users[0].user.token;
  const frames: Array<[number, string]> = [];
  const protocol = await new Promise<string>((resolve, reject) => {
    const ws = new WebSocket(url, ['v4.channel.k8s.io'], {
      ca: t.sim.caPem,
      headers: { Authorization: `Bearer ${token}` },
    });
    ws.on('message', (data: Buffer) => frames.push([data[0]!, data.subarray(1).toString()]));
    ws.on('close', () => {
      resolve(ws.protocol);
    });
    ws.on('error', reject);
  });
  expect(protocol).toBe('v4.channel.k8s.io');
  expect(frames[0]).toEqual([2, 'curl: (6) Could not resolve host: nothing.default\n']);
  expect(JSON.parse(frames[1]![1])).toMatchObject({
    status: 'Failure',
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: '6' }] },
  });
});

test("kubectl get -w lists, then watches from the list's resourceVersion: a change in between is replayed", async () => {
  const before = t.sim.api.requests.length;
  const listed = () =>
    t.sim.api.requests.slice(before).some((q) => q.verb === 'list' && q.path === '/api/v1/namespaces');
  const watching = streamUntil(kubectlPath(), ['get', 'namespaces', '-w'], t.env, (out) =>
    /^watched\s+Active/m.test(out),
  );
  // Written as soon as the list is answered, typically before kubectl's watch arrives: only the replay of the
  // changes after the list's resourceVersion delivers it.
  await until(listed);
  t.sim.world.put('karmada', NAMESPACES, { metadata: { name: 'watched' }, status: { phase: 'Active' } }, 'as-is');
  const out = await watching;
  expect(out).toMatch(/^default\s+Active/m);
  const watch = t.sim.api.requests.slice(before).find((q) => q.verb === 'watch');
  expect(watch?.path).toBe('/api/v1/namespaces');
});
