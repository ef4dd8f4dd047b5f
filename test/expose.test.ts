// expose/unexpose against the simulated Karmada, asserting on the simulator's state.
import {
  type TestSim,
  appDeployment,
  editControllerManager,
  markNotReady,
  startTestSim,
  writes,
} from './helpers/sim.js';
import { cli, exec, PLUGIN } from './helpers/cli.js';
import { kubectl } from './helpers/kubectl.js';
import { DEPLOYMENTS, ENDPOINTSLICES, MCS, PROPAGATION_POLICIES, SERVICES } from '../src/kube/resources.js';
import type { SimulatorOptions } from '../src/sim/index.js';
import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { CRDS } from '../src/sim/resources.js';
import type { MultiClusterService, PropagationPolicy } from '../src/sim/karmada-types.js';
import type { Service } from '../src/sim/kinds.js';
import { writeFileSync } from 'node:fs';
import yaml from 'js-yaml';

/** A Service someone wrote in Karmada by hand, not through expose. */
const handWrittenService = (s: TestSim, targetPort: number, annotations?: Record<string, string>) =>
  s.sim.world.put(
    'karmada',
    SERVICES,
    {
      metadata: { name: 'nginx', namespace: 'default', ...(annotations ? { annotations } : {}) },
      spec: { selector: { app: 'nginx' }, ports: [{ port: 80, targetPort, protocol: 'TCP' }], clusterIP: '10.101.9.9' },
    },
    'as-is',
  );

const EXPOSE = ['expose', 'nginx', '--provider', 'member1', '--consumer', 'member2'];
let t: TestSim | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function sim(options: SimulatorOptions = {}, gateOn = true): Promise<TestSim> {
  t = await startTestSim(options);
  if (gateOn) expect((await cli(['enable', '--no-wait'], t.env)).code).toBe(0);
  t.sim.api.requests.length = 0;
  return t;
}

/** Points the seed's PropagationPolicy of `app` at `cluster`. */
function placeOn(s: TestSim, app: string, cluster: string): void {
  const pp = s.sim.world.get('karmada', PROPAGATION_POLICIES, 'default', `${app}-propagation`) as PropagationPolicy;
  s.sim.world.put(
    'karmada',
    PROPAGATION_POLICIES,
    {
      ...pp,
      spec: { ...pp.spec, placement: { clusterAffinity: { clusterNames: [cluster] } } },
    },
    'as-is',
  );
}

const svc = (s: TestSim, cluster = 'karmada', name = 'nginx'): Service | undefined =>
  s.sim.world.get(cluster, SERVICES, 'default', name);
const mcs = (s: TestSim, name = 'nginx') =>
  s.sim.world.get('karmada', MCS, 'default', name) as MultiClusterService | undefined;

test('the seed scenario: expose makes nginx in member1 reachable from member2', async () => {
  const s = await sim();
  const r = await cli(EXPOSE, s.env);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('service/nginx created\nmulticlusterservice.networking.karmada.io/nginx created\n');
  expect(r.code).toBe(0);
  expect(svc(s)!.spec).toMatchObject({
    selector: { app: 'nginx' },
    ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }],
  });
  expect(svc(s)!.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('kubectl-karmada-mcs');
  expect(mcs(s)!.spec).toEqual({
    types: ['CrossCluster'],
    providerClusters: [{ name: 'member1' }],
    consumerClusters: [{ name: 'member2' }],
  });
  // The plugin only applies; Karmada's controllers may already have written their own entries beside it.
  const ours = mcs(s)!.metadata.managedFields?.filter((m) => m.manager === 'kubectl-karmada-mcs');
  expect(ours?.map((m) => m.operation)).toEqual(['Apply']);
  s.sim.settle();
  const conditions = mcs(s)!.status?.conditions?.map((c) => [c.type, c.status, c.reason]);
  expect(conditions).toEqual([
    ['ServiceApplied', 'True', 'ServiceAppliedSucceed'],
    ['EndpointSliceDispatched', 'True', 'EndpointSliceDispatchedSucceed'],
  ]);
  expect(svc(s, 'member2')!.metadata.labels?.['karmada.io/managed']).toBe('true');
  const dispatched = s.sim.world
    .list('member2', ENDPOINTSLICES, 'default')
    .filter((e) => e.metadata.name.startsWith('member1-nginx-'));
  expect(dispatched).toHaveLength(1);
  expect(dispatched[0]!.endpoints).toHaveLength(2);

  const rvs = [svc(s)!.metadata.resourceVersion, mcs(s)!.metadata.resourceVersion];
  const again = await cli(EXPOSE, s.env);
  expect(again.stdout).toBe('service/nginx unchanged\nmulticlusterservice.networking.karmada.io/nginx unchanged\n');
  expect([svc(s)!.metadata.resourceVersion, mcs(s)!.metadata.resourceVersion]).toEqual(rvs);
});

describe('--wait means working', () => {
  test('it returns once the consumer has the Service copy and ready endpoints from the provider', async () => {
    const s = await sim();
    const r = await cli([...EXPOSE, '--wait', '--timeout', '20s'], s.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'multiclusterservice.networking.karmada.io/nginx ready in member2: ' +
        'service nginx with ready endpoints (2 from member1)\n',
    );
    const dispatched = s.sim.world
      .list('member2', ENDPOINTSLICES, 'default')
      .filter((e) => e.metadata.name.startsWith('member1-nginx-'));
    expect(dispatched.flatMap((e) => e.endpoints)).toHaveLength(2);
  });

  test('a Pull provider whose agent lacks the gate: the timeout names the slices never dispatched', async () => {
    const s = await sim({ pullMembers: ['member3'] });
    placeOn(s, 'nginx', 'member3');
    const r = await cli(
      ['expose', 'nginx', '--provider', 'member3', '--consumer', 'member2', '--wait', '--timeout', '2s'],
      s.env,
    );
    expect(r.stderr).toContain(
      'error: timed out after 2s waiting for multiclusterservice default/nginx to work: no ready endpoint from ' +
        'provider member3 dispatched to consumer member2 yet (EndpointSlices member3-*)',
    );
    expect(r.code).toBe(1);
  });

  // Karmada may reach the member again: a read that fails is a stage not reached, not the end of the wait.
  test('a provider whose cluster proxy fails: the wait goes on, and its timeout names why', async () => {
    const s = await sim();
    s.sim.world.cluster('member1').reachable = false;
    const r = await cli([...EXPOSE, '--wait', '--timeout', '2s'], s.env);
    expect(r.stderr).toMatch(
      /error: timed out after 2s waiting for multiclusterservice default\/nginx to work: cannot read provider member1: .*answered 500: dial tcp /,
    );
    expect(r.code).toBe(1);
  });

  // Waiting does not change a 403: the wait ends at once with it.
  test('a member read that is forbidden ends the wait at once, naming what may not be read', async () => {
    const s = await sim();
    s.sim.api.denials.push({ verb: 'list', resource: 'endpointslices' });
    const r = await cli([...EXPOSE, '--wait', '--timeout', '5m'], s.env);
    expect(r.stderr).toMatch(
      /\nerror: forbidden: cluster member1 \(via the Karmada cluster proxy .*\) may not list endpointslices/,
    );
    expect(r.stderr).not.toContain('timed out');
    expect(r.code).toBe(1);
  });

  test('with the gate off the timeout names the controllers, after warning about the gate', async () => {
    const s = await sim({}, false);
    const r = await cli([...EXPOSE, '--wait', '--timeout', '1s'], s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'Warning: the MultiClusterService feature gate is off (default) in karmada-controller-manager',
    );
    expect(r.stderr).toContain('`kubectl karmada-mcs enable`');
    expect(r.stderr).toContain(
      'error: timed out after 1s waiting for multiclusterservice default/nginx to work: the MCS controllers do not ' +
        'run in karmada-controller-manager: the MultiClusterService feature gate is off (default)',
    );
  });

  test('--controllers that keeps an MCS controller off is warned about and named on timeout', async () => {
    // `enable` would turn the controllers back on: the install keeps them off, as the controllers-off scenario does.
    const flags = ['--feature-gates=MultiClusterService=true', '--controllers=*,-endpointsliceDispatch'];
    const s = await sim({ extraFlags: flags }, false);
    const r = await cli([...EXPOSE, '--wait', '--timeout', '1s'], s.env);
    expect(r.stderr).toContain(
      'Warning: --controllers turns off endpointsliceDispatch in karmada-controller-manager: Karmada will not move ' +
        'endpoints for this MultiClusterService until you run `kubectl karmada-mcs enable`',
    );
    expect(r.stderr).toContain(
      'to work: the MCS controllers do not run in karmada-controller-manager: --controllers turns off ' +
        'endpointsliceDispatch\n',
    );
    expect(r.code).toBe(1);
  });

  test('warnings and notes quote commands that reach the clusters this run reached', async () => {
    const s = await sim(
      { extraFlags: ['--feature-gates=MultiClusterService=true', '--controllers=*,-endpointsliceDispatch'] },
      false,
    );
    const reach = ['--kubeconfig', s.kubeconfig, '--context', 'karmada-apiserver'];
    const r = await cli([...EXPOSE, ...reach], { ...s.env, KUBECONFIG: '/nonexistent' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `until you run \`kubectl karmada-mcs enable --kubeconfig ${s.kubeconfig} --context karmada-apiserver\``,
    );
    s.sim.settle();
    const u = await cli(['unexpose', 'nginx', '--keep-service', ...reach], { ...s.env, KUBECONFIG: '/nonexistent' });
    expect(u.code).toBe(0);
    expect(u.stderr).toContain(
      `(\`kubectl --kubeconfig ${s.kubeconfig} --context karmada-apiserver delete service nginx -n default\`), ` +
        `or delete each copy (\`kubectl --kubeconfig ${s.kubeconfig} --context <member> delete service nginx -n default\`)`,
    );
  });

  test('a selector that matches nothing never reports ready', async () => {
    const s = await sim();
    const r = await cli([...EXPOSE, '--selector', 'app=nope', '--wait', '--timeout', '2s'], s.env);
    expect(r.stdout).not.toContain('ready');
    expect(r.stderr).toContain('to work: no pod in provider member1 matches the selector app=nope');
    expect(r.code).toBe(1);
  });

  test('an ExternalName Service is refused before anything is written: Kubernetes keeps no endpoints for it', async () => {
    const s = await sim();
    const ext = { type: 'ExternalName', externalName: 'db.example.com', ports: [{ port: 5432 }] };
    s.sim.world.put('karmada', SERVICES, { metadata: { name: 'db', namespace: 'default' }, spec: ext }, 'as-is');
    for (const dryRun of [[], ['--dry-run=server']]) {
      const r = await cli(['expose', 'service/db', '--provider', 'member1', '--consumer', 'member2', ...dryRun], s.env);
      expect(r.stderr).toBe(
        'error: service db is of type ExternalName (db.example.com): Kubernetes keeps no endpoints for it, so ' +
          'Karmada would have none to share\nhint: its copies resolve to db.example.com in every cluster as it does ' +
          'here: propagate it with a PropagationPolicy, not a MultiClusterService\n',
      );
      expect(r.code).toBe(1);
    }
    expect(writes(s.sim)).toEqual([]);
    expect(s.sim.world.get('karmada', MCS, 'default', 'db')).toBeUndefined();
  });

  test('a Service without a selector: --wait names the slices to write by hand, and works once one is', async () => {
    const s = await sim();
    const spec = { ports: [{ port: 80, protocol: 'TCP' }] };
    s.sim.world.put('karmada', SERVICES, { metadata: { name: 'db', namespace: 'default' }, spec }, 'as-is');
    const args = ['expose', 'service/db', '--provider', 'member1', '--consumer', 'member2', '--wait'];
    const r = await cli([...args, '--timeout', '2s'], s.env);
    expect(r.stderr).toContain(
      'service db has no selector: Karmada shares the EndpointSlices written by hand in the providers ' +
        '(label kubernetes.io/service-name=db)\n',
    );
    expect(r.stderr).toContain(
      'to work: no ready endpoint in provider member1: service db has no selector, and no EndpointSlice written ' +
        'by hand (label kubernetes.io/service-name=db) lists a ready endpoint\n',
    );
    expect(r.code).toBe(1);
    const status = await cli(['status', 'db'], s.env);
    expect(status.stdout).toContain(
      'no ready endpoints behind service db in provider member1: it has no selector, so Kubernetes keeps no ' +
        'EndpointSlices for it, and none written by hand there (label kubernetes.io/service-name=db) lists one',
    );
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'db-by-hand', namespace: 'default', labels: { 'kubernetes.io/service-name': 'db' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.244.1.20'] }],
      ports: [{ port: 80, protocol: 'TCP' }],
    };
    const k = await kubectl(['--context', 'member1', 'apply', '-f', '-'], s.env, JSON.stringify(slice));
    expect(k.code).toBe(0);
    const again = await cli([...args, '--timeout', '20s'], s.env);
    expect(again.stdout).toContain(
      'multiclusterservice.networking.karmada.io/db ready in member2: service db with ready endpoints (1 from member1)',
    );
    expect(again.code).toBe(0);
  });

  test('a Deployment without a PropagationPolicy never reports ready', async () => {
    const s = await sim();
    const containers = [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }];
    s.sim.world.put('karmada', DEPLOYMENTS, appDeployment('web', containers, { labels: true }), 'as-is');
    const r = await cli(
      ['expose', 'web', '--provider', 'member1', '--consumer', 'member2', '--wait', '--timeout', '2s'],
      s.env,
    );
    expect(r.stdout).not.toContain('ready');
    expect(r.stderr).toContain(
      'to work: no pod in provider member1 matches the selector app=web (is the workload placed there by a ' +
        'PropagationPolicy?)',
    );
    expect(r.code).toBe(1);
  });

  test('--protocol UDP on a TCP container port fails at once: nothing would answer', async () => {
    const s = await sim();
    const r = await cli([...EXPOSE, '--protocol', 'UDP', '--wait', '--timeout', '20s'], s.env);
    expect(r.stderr).toContain(
      'Warning: port 80 of service nginx is UDP, but deployment nginx declares 80 as TCP: nothing answers there',
    );
    expect(r.stderr).toContain(
      'error: multiclusterservice nginx could not work: port 80/UDP of service nginx targets 80/UDP, but the pods of ' +
        'deployment nginx declare 80/TCP: nothing answers there; nothing was written',
    );
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
    expect(svc(s)).toBeUndefined();
  });
});

describe('errors: exit code, one line, nothing written', () => {
  test.each<[string, string[], number, RegExp]>([
    [
      'unknown cluster',
      ['expose', 'nginx', '--provider', 'member1', '--consumer', 'member9'],
      1,
      /^error: unknown cluster "member9": Karmada has no Cluster object of that name; known clusters: member1, member2\n/,
    ],
    [
      'missing --consumer',
      ['expose', 'nginx', '--provider', 'member1'],
      2,
      /^error: --consumer is required: name the consumer clusters, or pass --all-consumers \(in Karmada an empty consumer list means every registered cluster\)\n/,
    ],
    [
      '--provider with --all-providers',
      [...EXPOSE, '--all-providers'],
      2,
      /^error: --provider and --all-providers cannot be used together\n/,
    ],
    [
      'invalid name',
      [...EXPOSE, '--name', 'Web_1'],
      2,
      /^error: invalid MultiClusterService name: name: Invalid value: "Web_1": a DNS-1035 label/,
    ],
    [
      'cluster name over 48 characters',
      ['expose', 'nginx', '--provider', 'm'.repeat(49), '--consumer', 'member2'],
      2,
      /^error: invalid cluster name: --provider\[0\]: Invalid value: "m{49}": must be no more than 48 characters\n/,
    ],
    [
      'no container ports',
      ['expose', 'curl', '--provider', 'member2', '--consumer', 'member1'],
      2,
      /^error: deployment curl declares no container ports; pass --port/,
    ],
    [
      'missing deployment',
      ['expose', 'deployment/web', '--provider', 'member1', '--consumer', 'member2'],
      1,
      /^error: deployment "web" not found in namespace "default" \(context "karmada-apiserver"\)\n/,
    ],
    [
      'missing service',
      ['expose', 'service/web', '--provider', 'member1', '--consumer', 'member2'],
      1,
      /^error: service "web" not found in namespace "default"/,
    ],
    [
      'bad port',
      [...EXPOSE, '--port', '70000'],
      2,
      /^error: invalid value "70000" for --port: expected a port number from 1 to 65535\n/,
    ],
    ['bad selector', [...EXPOSE, '--selector', 'app in (a)'], 2, /^error: invalid --selector "app in \(a\)"/],
    [
      'no name',
      ['expose', '--provider', 'member1', '--consumer', 'member2'],
      2,
      /error: missing required argument 'NAME'/,
    ],
  ])('%s', async (_name, args, code, stderr) => {
    const s = await sim();
    const r = await cli(args, s.env);
    expect(r.stderr).toMatch(stderr);
    expect(r.code).toBe(code);
    expect(writes(s.sim)).toHaveLength(0);
  });

  test('a Deployment that selects with matchExpressions only needs --selector', async () => {
    const s = await sim();
    const containers = [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }];
    const selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['expr'] }] };
    s.sim.world.put('karmada', DEPLOYMENTS, appDeployment('expr', containers, { selector }), 'as-is');
    const r = await cli(['expose', 'expr', '--provider', 'member1', '--consumer', 'member2'], s.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: deployment expr selects its pods with matchExpressions only, which a Service cannot express; pass --selector key=value\n/,
    );
    expect(writes(s.sim)).toHaveLength(0);
  });

  test('a member Service Karmada does not manage blocks the write unless --overwrite-member-services', async () => {
    const s = await sim();
    s.sim.world.put(
      'member2',
      SERVICES,
      {
        metadata: { name: 'nginx', namespace: 'default' },
        spec: { ports: [{ port: 80 }], clusterIP: '10.104.9.9' },
      },
      'as-is',
    );
    const r = await cli(EXPOSE, s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: cluster member2 already has a service default\/nginx that Karmada does not manage: Karmada would overwrite it\nhint: rename with --name, or pass --overwrite-member-services/,
    );
    expect(writes(s.sim)).toHaveLength(0);
    const forced = await cli([...EXPOSE, '--overwrite-member-services'], s.env);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('Karmada will overwrite it (--overwrite-member-services)');
  });

  test('an existing MultiClusterService of another type cannot change its types', async () => {
    const s = await sim();
    s.sim.world.put(
      'karmada',
      MCS,
      {
        metadata: { name: 'nginx', namespace: 'default' },
        spec: { types: ['LoadBalancer'] },
      },
      'as-is',
    );
    const r = await cli(EXPOSE, s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: multiclusterservice nginx already exists with types \[LoadBalancer\], and its types are immutable\n/,
    );
    expect(writes(s.sim)).toHaveLength(0);
  });

  test('a failed MCS write after the Service was created says what exists and how to finish or undo', async () => {
    const s = await sim();
    s.sim.api.faults.push({
      method: 'PATCH',
      path: '/multiclusterservices/nginx',
      status: 500,
      message: 'etcdserver: request timed out',
    });
    const r = await cli(EXPOSE, s.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'error: writing multiclusterservice nginx failed: context "karmada-apiserver" answered 500: etcdserver: ' +
          'request timed out ' +
          `(patch multiclusterservices.networking.karmada.io "nginx" in namespace "default" at ${s.sim.karmadaUrl}); ` +
          'service/nginx was created in namespace default by this run and still exists, without a MultiClusterService',
        'hint: fix the cause and run the same expose again to finish, or undo with `kubectl karmada-mcs unexpose ' +
          'nginx -n default`',
        '',
      ].join('\n'),
    );
    expect(svc(s)).toBeDefined();
    expect(mcs(s)).toBeUndefined();
  });
});

describe('warnings', () => {
  test('NotReady cluster, provider also consumer, target port not a container port', async () => {
    const s = await sim();
    markNotReady(s.sim, 'member2');
    const r = await cli(
      ['expose', 'nginx', '--provider', 'member1', '--consumer', 'member1,member2', '--target-port', '8080'],
      s.env,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Warning: cluster member2 is not Ready');
    expect(r.stderr).toContain('Warning: cluster member1 is both provider and consumer');
    expect(r.stderr).toContain(
      'Warning: targetPort 8080 of service nginx is not a container port of deployment nginx (80): requests will be ' +
        'refused',
    );
  });

  test('a user-owned Service propagated by a PropagationPolicy is used as it is, with a warning', async () => {
    const s = await sim();
    handWrittenService(s, 80, { 'propagationpolicy.karmada.io/name': 'nginx-svc' });
    const before = svc(s)!.spec;
    const r = await cli(EXPOSE, s.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('service/nginx unchanged\nmulticlusterservice.networking.karmada.io/nginx created\n');
    expect(r.stderr).toContain(
      'Warning: service nginx is propagated by PropagationPolicy nginx-svc: the MultiClusterService takes it over',
    );
    expect(r.stderr).toContain(
      'service/nginx already exists and was not created by kubectl-karmada-mcs: it is used as it is',
    );
    expect(svc(s)!.spec).toEqual(before);
    expect(s.sim.api.requests.filter((q) => q.method === 'PATCH').map((q) => q.path)).toEqual([
      '/apis/networking.karmada.io/v1alpha1/namespaces/default/multiclusterservices/nginx',
    ]);
  });
});

test('one port number with two protocols makes two named Service ports', async () => {
  const s = await sim();
  const ports = [
    { containerPort: 53, protocol: 'UDP', name: 'dns' },
    { containerPort: 53, protocol: 'TCP', name: 'dns-tcp' },
  ];
  const dns = appDeployment('dns', [{ name: 'c', image: 'coredns', ports }], { labels: true });
  s.sim.world.put('karmada', DEPLOYMENTS, dns, 'as-is');
  const r = await cli(['expose', 'dns', '--provider', 'member1', '--consumer', 'member2'], s.env);
  expect(r.code).toBe(0);
  expect(svc(s, 'karmada', 'dns')!.spec?.ports).toEqual([
    { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
    { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
  ]);
});

test('offline --dry-run=client needs no kubeconfig and kubectl apply accepts its output', async () => {
  const s = await sim();
  const offline = { PATH: process.env.PATH, HOME: s.dir, KUBECONFIG: `${s.dir}/missing` };
  // Selector values that YAML 1.1 (Kubernetes' Go YAML) would read as a number and a boolean if unquoted.
  const args = [...EXPOSE, '--port', '80', '--selector', 'app=nginx,version=1.0,canary=on', '--dry-run=client'];
  const yaml = await exec(PLUGIN, [...args, '-o', 'yaml'], { env: offline });
  expect(yaml.code).toBe(0);
  expect(yaml.stderr).toBe('');
  expect(yaml.stdout.split('\n---\n')).toHaveLength(2);
  const json = await exec(PLUGIN, [...args, '-o', 'json'], { env: offline });
  const list = JSON.parse(json.stdout);
  expect(list).toMatchObject({
    apiVersion: 'v1',
    kind: 'List',
    items: [{ kind: 'Service' }, { kind: 'MultiClusterService' }],
  });
  expect(s.sim.api.requests).toHaveLength(0);
  const applied = await kubectl(['apply', '--dry-run=client', '-f', '-'], s.env, yaml.stdout);
  expect(applied.stderr).toBe('');
  expect(applied.stdout).toBe(
    'service/nginx created (dry run)\nmulticlusterservice.networking.karmada.io/nginx created (dry run)\n',
  );
  const read = await kubectl(['apply', '--dry-run=client', '-f', '-', '-o', 'json'], s.env, yaml.stdout);
  expect(JSON.parse(read.stdout).items.map((o: any) => o.spec.selector ?? o.spec.types)).toEqual([
    { app: 'nginx', version: '1.0', canary: 'on' },
    ['CrossCluster'],
  ]);
  // The simulator serves no protobuf /openapi/v2, which kubectl's client-side schema check of a List needs.
  const appliedList = await kubectl(['apply', '--dry-run=client', '--validate=false', '-f', '-'], s.env, json.stdout);
  expect(appliedList.stdout).toBe(
    'service/nginx created (dry run)\nmulticlusterservice.networking.karmada.io/nginx created (dry run)\n',
  );
  expect(svc(s)).toBeUndefined();
});

test('--dry-run=server sends the writes with dryRun and stores nothing', async () => {
  const s = await sim();
  const r = await cli([...EXPOSE, '--dry-run=server'], s.env);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(
    'service/nginx created (server dry run)\nmulticlusterservice.networking.karmada.io/nginx created (server dry ' +
      'run)\n',
  );
  expect(s.sim.api.requests.filter((q) => q.method === 'PATCH')).toHaveLength(2);
  expect(svc(s)).toBeUndefined();
  expect(mcs(s)).toBeUndefined();
});

test('-o with a dry run prints the Service and the MCS, one used as it is too, in client and server runs alike', async () => {
  const s = await sim();
  handWrittenService(s, 80);
  for (const dryRun of ['client', 'server']) {
    const r = await cli([...EXPOSE, `--dry-run=${dryRun}`, '-o', 'json'], s.env);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { kind: string; items: Array<{ kind: string; metadata: { name: string } }> };
    expect(list.items.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Service/nginx',
      'MultiClusterService/nginx',
    ]);
  }
});

test('a host cluster that never answers: expose says the controllers were not checked, and completes', async () => {
  const s = await sim();
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const config = s.sim.kubeconfig() as any;
  config.clusters.find((c: any) => c.name === 'karmada-host').cluster.server =
    `https://127.0.0.1:${(silent.address() as any).port}`;
  writeFileSync(s.kubeconfig, yaml.dump(config));
  const r = await cli([...EXPOSE, '--dry-run=server'], s.env);
  silent.close();
  expect(r.stdout).toBe(
    'service/nginx created (server dry run)\nmulticlusterservice.networking.karmada.io/nginx created (server dry ' +
      'run)\n',
  );
  // The only warning, naming the host read that was given up; its best-effort cap (5s), not the request timeout.
  expect(r.stderr).toMatch(
    new RegExp(
      '^Warning: could not check that karmada-controller-manager runs the MCS controllers: ' +
        'request to https://127\\.0\\.0\\.1:\\d+ timed out after 5s \\(context "karmada-host"; list ' +
        'deployments\\.apps\\)\\n$',
    ),
  );
  expect(r.code).toBe(0);
}, 20_000);

test.each([
  [
    'the kubeconfig lacks',
    ['--host-context', 'nope'],
    /context "nope" not found in .*; available contexts: .* \(--host-context names the cluster that runs Karmada\)$/,
  ],
  [
    'runs no controller-manager',
    ['--host-context', 'member1'],
    /no deployment in context "member1" runs karmada-controller-manager$/,
  ],
])('a host context that %s: expose says the controllers were not checked, and completes', async (_, flags, why) => {
  const s = await sim();
  const r = await cli([...flags, ...EXPOSE, '--dry-run=server'], s.env);
  expect(r.stdout).toBe(
    'service/nginx created (server dry run)\n' +
      'multiclusterservice.networking.karmada.io/nginx created (server dry run)\n',
  );
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Warning: could not check that karmada-controller-manager runs the MCS controllers: /);
  expect(lines[0]).toMatch(why);
  expect(r.code).toBe(0);
});

describe('unexpose', () => {
  test('deletes the MCS and the Service expose created; Karmada then removes the member copies', async () => {
    const s = await sim();
    await cli(EXPOSE, s.env);
    s.sim.settle();
    expect(svc(s, 'member2')).toBeDefined();
    const r = await cli(['unexpose', 'nginx'], s.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('multiclusterservice.networking.karmada.io "nginx" deleted\nservice "nginx" deleted\n');
    s.sim.settle();
    expect(mcs(s)).toBeUndefined();
    expect(svc(s)).toBeUndefined();
    expect(svc(s, 'member1')).toBeUndefined();
    expect(svc(s, 'member2')).toBeUndefined();
  });

  test('--keep-service keeps the Service and names the member copies that remain', async () => {
    const s = await sim();
    await cli(EXPOSE, s.env);
    s.sim.settle();
    const r = await cli(['unexpose', 'nginx', '--keep-service'], s.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'multiclusterservice.networking.karmada.io "nginx" deleted\nservice/nginx kept (--keep-service)\n',
    );
    expect(r.stderr).toContain(
      'Warning: Karmada keeps the copies of service default/nginx in member1, member2 while the Service exists in ' +
        'the control plane',
    );
    s.sim.settle();
    expect(svc(s)).toBeDefined();
    expect(svc(s, 'member2')).toBeDefined();
    expect(
      s.sim.world.list('member2', ENDPOINTSLICES, 'default').filter((e) => e.metadata.name.startsWith('member1-')),
    ).toHaveLength(0);
  });

  test('a missing MultiClusterService is an error', async () => {
    const s = await sim();
    const r = await cli(['unexpose', 'nope'], s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: multiclusterservice "nope" not found in namespace "default" \(context "karmada-apiserver"\)\n/,
    );
  });
});

describe('unexpose --dry-run and -o name', () => {
  /** The stored objects: a dry run leaves these very objects (and so their resourceVersions) in place. */
  const stored = (s: TestSim) => ({ mcs: mcs(s), service: svc(s), copy: svc(s, 'member2') });

  async function exposed(): Promise<TestSim> {
    const s = await sim();
    expect((await cli(EXPOSE, s.env)).code).toBe(0);
    s.sim.settle();
    s.sim.api.requests.length = 0;
    return s;
  }

  test('--dry-run=client says what would be deleted, in kubectl delete words, and sends no delete', async () => {
    const s = await exposed();
    const before = stored(s);
    const r = await cli(['unexpose', 'nginx', '--dry-run=client'], s.env);
    expect(r.stdout).toBe(
      'multiclusterservice.networking.karmada.io "nginx" deleted (dry run)\nservice "nginx" deleted (dry run)\n',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(s.sim.api.requests.filter((q) => q.method !== 'GET')).toEqual([]);
    s.sim.settle();
    expect(stored(s)).toEqual(before);
    expect(mcs(s)!.metadata.resourceVersion).toBe(before.mcs!.metadata.resourceVersion);
  });

  test('--dry-run=server sends both deletes as dry runs, waits for nothing, and says what kubectl says', async () => {
    const s = await exposed();
    const before = stored(s);
    const r = await cli(['unexpose', 'nginx', '--dry-run=server'], s.env);
    expect(r.stdout).toBe(
      'multiclusterservice.networking.karmada.io "nginx" deleted (server dry run)\n' +
        'service "nginx" deleted (server dry run)\n',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const deletes = s.sim.api.requests.filter((q) => q.method === 'DELETE');
    expect(deletes.map((q) => [q.path.split('/').slice(-2).join('/'), q.dryRun])).toEqual([
      ['multiclusterservices/nginx', true],
      ['services/nginx', true],
    ]);
    expect(s.sim.api.requests.filter((q) => q.method !== 'GET' && q.method !== 'DELETE')).toEqual([]);
    s.sim.settle();
    expect(stored(s)).toEqual(before);
    expect(mcs(s)!.metadata.deletionTimestamp).toBeUndefined();
    const kubectlSays = await kubectl(
      ['delete', 'multiclusterservice.networking.karmada.io/nginx', 'service/nginx', '--dry-run=server'],
      s.env,
    );
    expect(r.stdout).toBe(kubectlSays.stdout);
  });

  test.each(['client', 'server'])(
    '--dry-run=%s never claims a Service expose did not create, nor one --keep-service keeps',
    async (mode) => {
      const s = await exposed();
      const r = await cli(['unexpose', 'nginx', `--dry-run=${mode}`, '--keep-service'], s.env);
      const suffix = mode === 'client' ? '(dry run)' : '(server dry run)';
      expect(r.stdout).toBe(
        `multiclusterservice.networking.karmada.io "nginx" deleted ${suffix}\nservice/nginx kept (--keep-service)\n`,
      );
      handWrittenService(s, 80);
      const theirs = await cli(['unexpose', 'nginx', `--dry-run=${mode}`], s.env);
      expect(theirs.stdout).toBe(
        `multiclusterservice.networking.karmada.io "nginx" deleted ${suffix}\n` +
          'service/nginx kept (not created by kubectl-karmada-mcs)\n',
      );
      expect(theirs.code).toBe(0);
      const deletes = s.sim.api.requests.filter((q) => q.method === 'DELETE').map((q) => q.path.split('/').at(-2));
      expect(deletes).toEqual(mode === 'client' ? [] : ['multiclusterservices', 'multiclusterservices']);
      expect(mcs(s)).toBeDefined();
    },
  );

  test('-o name prints the deleted objects alone, as kubectl delete -o name does; the rest to stderr', async () => {
    const s = await exposed();
    const dry = await cli(['unexpose', 'nginx', '--dry-run=server', '-o', 'name'], s.env);
    expect(dry.stdout).toBe('multiclusterservice.networking.karmada.io/nginx\nservice/nginx\n');
    expect(mcs(s)).toBeDefined();
    const kept = await cli(['unexpose', 'nginx', '--keep-service', '-o', 'name'], s.env);
    expect(kept.stdout).toBe('multiclusterservice.networking.karmada.io/nginx\n');
    expect(kept.stderr).toContain('service/nginx kept (--keep-service)\n');
    expect(kept.code).toBe(0);
    expect(mcs(s)).toBeUndefined();
    const rest = await cli(['unexpose', 'nginx', '--output=name'], s.env);
    expect(rest.stdout).toBe('service/nginx\n');
    expect(rest.code).toBe(0);
    expect(svc(s)).toBeUndefined();
  });

  test.each<[string, string[], string]>([
    [
      'an unknown --dry-run',
      ['--dry-run=bogus'],
      "error: option '--dry-run [mode]' argument 'bogus' is invalid. Allowed choices are none, client, server.\n",
    ],
    ['an -o other than name', ['-o', 'json'], "error: option '-o, --output <format>' argument 'json' is invalid. "],
    [
      '--timeout with a dry run',
      ['--dry-run=server', '--timeout', '1m'],
      'error: --timeout cannot apply with --dry-run=server: nothing is deleted to wait for\n',
    ],
  ])('%s is a usage error, before any request', async (_, flags, stderr) => {
    const s = await exposed();
    const r = await cli(['unexpose', 'nginx', ...flags], s.env);
    expect(r.stderr.startsWith(stderr)).toBe(true);
    expect(r.code).toBe(2);
    expect(s.sim.api.requests).toEqual([]);
  });
});

describe('never taking over what a user wrote', () => {
  const handWritten = {
    metadata: { name: 'nginx', namespace: 'default' },
    spec: {
      types: ['CrossCluster'],
      providerClusters: [{ name: 'member1' }],
      consumerClusters: [{ name: 'member1' }, { name: 'member2' }],
    },
  };

  test('a hand-written MCS is not changed: expose says what differs, exits 1; --overwrite changes it', async () => {
    const s = await sim();
    s.sim.world.put('karmada', MCS, handWritten, 'as-is');
    const r = await cli(EXPOSE, s.env);
    expect(r.stderr).toContain(
      'error: multiclusterservice nginx exists and was not written by kubectl-karmada-mcs; expose would change ' +
        'spec.consumerClusters: [member1, member2] -> [member2]\nhint: pass --overwrite',
    );
    expect(r.code).toBe(1);
    expect(mcs(s)!.spec).toEqual(handWritten.spec);
    expect(mcs(s)!.metadata.labels?.['app.kubernetes.io/managed-by']).toBeUndefined();
    expect(svc(s)).toBeUndefined();

    const over = await cli([...EXPOSE, '--overwrite'], s.env);
    expect(over.stderr).toContain(
      'multiclusterservice/nginx (--overwrite): spec.consumerClusters: [member1, member2] -> [member2]\n',
    );
    expect(over.stdout).toBe('service/nginx created\nmulticlusterservice.networking.karmada.io/nginx configured\n');
    expect(over.code).toBe(0);
    expect(mcs(s)!.spec?.consumerClusters).toEqual([{ name: 'member2' }]);
    expect(mcs(s)!.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('kubectl-karmada-mcs');
  });

  test('a hand-written MultiClusterService that already says the same is used as it is', async () => {
    const s = await sim();
    s.sim.world.put(
      'karmada',
      MCS,
      {
        ...handWritten,
        spec: { ...handWritten.spec, consumerClusters: [{ name: 'member2' }] },
      },
      'as-is',
    );
    const r = await cli(EXPOSE, s.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('service/nginx created\nmulticlusterservice.networking.karmada.io/nginx unchanged\n');
    expect(
      s.sim.api.requests.filter((q) => q.method === 'PATCH' && q.path.includes('/multiclusterservices/')),
    ).toHaveLength(0);
    expect(mcs(s)!.metadata.labels?.['app.kubernetes.io/managed-by']).toBeUndefined();
  });

  test('a field another manager applied comes back as a conflict naming that manager; nothing is forced', async () => {
    const s = await sim();
    expect((await cli(EXPOSE, s.env)).code).toBe(0);
    const theirs = yaml.dump({
      apiVersion: 'networking.karmada.io/v1alpha1',
      kind: 'MultiClusterService',
      metadata: { name: 'nginx', namespace: 'default' },
      spec: { types: ['CrossCluster'], consumerClusters: [{ name: 'member1' }, { name: 'member2' }] },
    });
    const applied = await kubectl(
      ['apply', '--server-side', '--force-conflicts', '--field-manager=alice', '-f', '-'],
      s.env,
      theirs,
    );
    expect(applied.stderr).toBe('');
    const r = await cli(EXPOSE, s.env);
    expect(r.stderr).toContain(
      'error: multiclusterservice.networking.karmada.io/nginx: field .spec.consumerClusters is owned by field ' +
        'manager "alice", which sets it to another value; nothing was changed',
    );
    expect(r.code).toBe(1);
    expect(mcs(s)!.spec?.consumerClusters).toEqual([{ name: 'member1' }, { name: 'member2' }]);
    // The hint's --overwrite takes the field back.
    expect(r.stderr).toContain('pass --overwrite');
    const over = await cli([...EXPOSE, '--overwrite'], s.env);
    expect(over.stderr).toBe('');
    expect(over.code).toBe(0);
    expect(mcs(s)!.spec?.consumerClusters).toEqual([{ name: 'member2' }]);
  });

  // kube-apiserver words one conflict and several differently; the plugin reads the Status causes, not the wording.
  test('fields someone changed with kubectl since expose come back as conflicts naming them', async () => {
    const s = await sim();
    expect((await cli(EXPOSE, s.env)).code).toBe(0);
    const patch = JSON.stringify({ spec: { selector: { app: 'nginx-v2' }, ports: [{ port: 80, targetPort: 8080 }] } });
    const patched = await kubectl(['patch', 'service', 'nginx', '--type', 'strategic', '-p', patch], s.env);
    expect(patched.stderr).toBe('');
    const before = svc(s)!.spec;
    const r = await cli(EXPOSE, s.env);
    expect(r.stderr).toContain(
      'error: service/nginx: fields .spec.selector, .spec.ports[port=80,protocol="TCP"].targetPort are owned ' +
        'by field manager "kubectl-patch", which sets them to another value; nothing was changed\n',
    );
    expect(r.code).toBe(1);
    expect(svc(s)!.spec).toEqual(before);
  });

  test('a hand-written Service that differs is not changed: exit 1 naming the difference', async () => {
    const s = await sim();
    handWrittenService(s, 8080);
    const before = svc(s)!.spec;
    const r = await cli(EXPOSE, s.env);
    expect(r.stderr).toContain(
      'error: service nginx exists and was not created by kubectl-karmada-mcs; expose would change spec.ports: ' +
        '[80/TCP->8080] -> [80/TCP]',
    );
    expect(r.code).toBe(1);
    expect(svc(s)!.spec).toEqual(before);
    expect(mcs(s)).toBeUndefined();
    const over = await cli([...EXPOSE, '--overwrite'], s.env);
    expect(over.code).toBe(0);
    expect(svc(s)!.spec?.ports).toEqual([{ port: 80, targetPort: 80, protocol: 'TCP' }]);
  });
});

describe('flags that cannot apply are usage errors', () => {
  test.each<[string, string[], RegExp]>([
    [
      '--port on service/NAME',
      ['expose', 'service/nginx', '--provider', 'member1', '--consumer', 'member2', '--port', '81'],
      /^error: --port cannot apply to service\/nginx: expose uses an existing Service as it is and never changes it\n/,
    ],
    [
      '--selector on service/NAME',
      ['expose', 'service/nginx', '--provider', 'member1', '--consumer', 'member2', '--selector', 'a=b'],
      /^error: --selector cannot apply to service\/nginx/,
    ],
    [
      '--wait with a dry run',
      [...EXPOSE, '--wait', '--dry-run=server'],
      /^error: --wait cannot apply with --dry-run=server: nothing is written to wait for\n/,
    ],
    [
      '--timeout without --wait',
      [...EXPOSE, '--timeout', '5s'],
      /^error: --timeout only applies with --wait: without it expose does not wait\n/,
    ],
    [
      '--port and --target-port on a Service expose did not create',
      [...EXPOSE, '--port', '81', '--target-port', '80'],
      /^error: --port, --target-port cannot apply: service nginx exists and was not created by kubectl-karmada-mcs, and expose does not change it\nhint: pass --overwrite/,
    ],
  ])('%s', async (_name, args, stderr) => {
    const s = await sim();
    handWrittenService(s, 80);
    s.sim.api.requests.length = 0;
    const r = await cli(args, s.env);
    expect(r.stderr).toMatch(stderr);
    expect(r.code).toBe(2);
    expect(writes(s.sim)).toHaveLength(0);
  });
});

describe('Ctrl-C never leaves half of the pair', () => {
  test('a Ctrl-C after the Service was written finishes the MultiClusterService, says so, and exits 130', async () => {
    const s = await sim();
    s.sim.api.latencyMs = 150;
    const running = cli(EXPOSE, s.env);
    for (let i = 0; i < 400 && !svc(s); i++) await new Promise((r) => setTimeout(r, 5));
    expect(svc(s)).toBeDefined();
    process.emit('SIGINT', 'SIGINT');
    const r = await running;
    expect(r.stderr).toContain(
      'SIGINT: finishing the writes in progress so nothing is left half done (press Ctrl-C again to exit at once)',
    );
    expect(r.stderr).toContain('error: interrupted: finished writing service/nginx and multiclusterservice/nginx');
    expect(r.code).toBe(130);
    expect(mcs(s)).toBeDefined();
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  test('a Ctrl-C during unexpose, after the MCS went, still deletes the Service and exits 130', async () => {
    const s = await sim();
    await cli(EXPOSE, s.env);
    s.sim.settle();
    s.sim.api.latencyMs = 150;
    const running = cli(['unexpose', 'nginx'], s.env);
    for (let i = 0; i < 400 && mcs(s) && !mcs(s)!.metadata.deletionTimestamp; i++)
      await new Promise((r) => setTimeout(r, 5));
    process.emit('SIGINT', 'SIGINT');
    const r = await running;
    expect(r.stderr).toContain('SIGINT: finishing the deletions in progress so nothing is left half done');
    expect(r.stderr).toContain(
      'error: interrupted: finished deleting; not waiting for Karmada to release multiclusterservice/nginx',
    );
    expect(r.code).toBe(130);
    expect(svc(s)).toBeUndefined();
  });

  test('a second Ctrl-C exits at once and names what is left', async () => {
    const s = await sim();
    s.sim.api.latencyMs = 600;
    const child = spawn(PLUGIN, EXPOSE, { env: s.env });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.on('close', (code, signal) => {
        resolve({ code, signal });
      });
    });
    for (let i = 0; i < 2000 && !svc(s); i++) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGINT');
    for (let i = 0; i < 200 && !stderr.includes('SIGINT: finishing'); i++) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGINT');
    const { code, signal } = await exited;
    expect(code === 130 || signal === 'SIGINT').toBe(true);
    expect(stderr).toContain(
      'exiting at once: service/nginx was written without its MultiClusterService; run the same expose again to ' +
        'finish, or `kubectl karmada-mcs unexpose nginx -n default` to remove it',
    );
  });

  test('unexpose removes the Service expose left when the MultiClusterService is already gone', async () => {
    const s = await sim();
    s.sim.world.put(
      'karmada',
      SERVICES,
      {
        metadata: {
          name: 'nginx',
          namespace: 'default',
          labels: { 'app.kubernetes.io/managed-by': 'kubectl-karmada-mcs' },
        },
        spec: { selector: { app: 'nginx' }, ports: [{ port: 80 }] },
      },
      'as-is',
    );
    const r = await cli(['unexpose', 'nginx'], s.env);
    expect(r.stderr).toContain(
      'multiclusterservice nginx is already gone; removing service/nginx, which expose created for it',
    );
    expect(r.stdout).toBe('service "nginx" deleted\n');
    expect(r.code).toBe(0);
    expect(svc(s)).toBeUndefined();
  });
});

describe('unexpose as Karmada releases', () => {
  test('it returns once Karmada has removed its finalizer and the MultiClusterService is gone', async () => {
    const s = await sim();
    await cli(EXPOSE, s.env);
    s.sim.settle();
    expect(mcs(s)!.metadata.finalizers).toContain('karmada.io/multiclusterservice-controller');
    const r = await cli(['unexpose', 'nginx'], s.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Waiting for Karmada to release multiclusterservice nginx');
    expect(mcs(s)).toBeUndefined();
  });

  test('a MultiClusterService that Karmada updated since it was read is read again and deleted', async () => {
    const s = await sim();
    await cli(EXPOSE, s.env);
    s.sim.settle();
    s.sim.api.faults.push({
      method: 'DELETE',
      path: '/multiclusterservices/nginx',
      status: 409,
      message: 'the object has been modified',
      times: 1,
    });
    const r = await cli(['unexpose', 'nginx'], s.env);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(mcs(s)).toBeUndefined();
  });

  test('with the controllers off it says the finalizer will not be removed, deletes nothing, and exits 1', async () => {
    const s = await sim();
    await cli(EXPOSE, s.env);
    s.sim.settle();
    expect((await cli(['disable', '--no-wait'], s.env)).code).toBe(0);
    s.sim.api.requests.length = 0;
    const r = await cli(['unexpose', 'nginx', '--timeout', '1m'], s.env);
    expect(r.stderr).toMatch(
      /^error: multiclusterservice nginx carries Karmada's finalizer karmada.io\/multiclusterservice-controller, which only its controller removes, and that controller does not run \(the MultiClusterService feature gate is off \(MultiClusterService=false\); deployment karmada-system\/karmada-controller-manager \(context "karmada-host"\)\): deleted now, it would stay Terminating; nothing was deleted\nhint: turn the controllers on/,
    );
    expect(r.code).toBe(1);
    expect(writes(s.sim)).toHaveLength(0);
    expect(mcs(s)!.metadata.deletionTimestamp).toBeUndefined();
  });

  test('--controllers turning the multiclusterservice controller off blocks it; other controllers do not', async () => {
    const s = await sim();
    await cli(EXPOSE, s.env);
    s.sim.settle();
    const setControllers = (value: string) => {
      editControllerManager(s.sim, (c) => ({
        ...c,
        command: [...c.command!.filter((t) => !t.startsWith('--controllers')), `--controllers=${value}`],
      }));
    };
    setControllers('*,-multiclusterservice');
    const blocked = await cli(['unexpose', 'nginx'], s.env);
    expect(blocked.stderr).toContain(
      'and that controller does not run (--controllers turns off multiclusterservice; deployment ' +
        'karmada-system/karmada-controller-manager',
    );
    expect(blocked.code).toBe(1);
    expect(mcs(s)).toBeDefined();
    setControllers('*,-endpointsliceDispatch');
    const r = await cli(['unexpose', 'nginx'], s.env);
    expect(r.code).toBe(0);
    expect(mcs(s)).toBeUndefined();
  });

  test('with an empty consumer list it names the copies left in every cluster', async () => {
    const s = await sim();
    await cli(['expose', 'nginx', '--provider', 'member1', '--all-consumers'], s.env);
    s.sim.settle();
    const r = await cli(['unexpose', 'nginx', '--keep-service'], s.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'Warning: Karmada keeps the copies of service default/nginx in member1, member2 while the Service exists in ' +
        'the control plane',
    );
  });
});

describe('Karmada v1.8', () => {
  const v18Crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'multiclusterservices.networking.karmada.io' },
    spec: {
      group: 'networking.karmada.io',
      scope: 'Namespaced',
      names: { kind: 'MultiClusterService', plural: 'multiclusterservices' },
      // charts/karmada/_crds/bases/networking/networking.karmada.io_multiclusterservices.yaml at v1.8.0
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    types: { type: 'array' },
                    ports: { type: 'array' },
                    range: { type: 'object' },
                    serviceProvisionClusters: { type: 'array' },
                    serviceConsumptionClusters: { type: 'array' },
                  },
                },
              },
            },
          },
        },
      ],
    },
  };

  test('expose writes serviceProvisionClusters / serviceConsumptionClusters, per the CRD schema (-v)', async () => {
    const s = await sim();
    s.sim.world.put('karmada', CRDS, v18Crd, 'as-is');
    const r = await cli([...EXPOSE, '-v'], s.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'MultiClusterService cluster fields: serviceProvisionClusters/serviceConsumptionClusters (Karmada v1.8), from ' +
        'the serviceProvisionClusters field in the schema of CRD multiclusterservices.networking.karmada.io',
    );
    expect(mcs(s)!.spec).toEqual({
      types: ['CrossCluster'],
      serviceProvisionClusters: ['member1'],
      serviceConsumptionClusters: ['member2'],
    });
  });

  test('unexpose says the Service copies go with the MultiClusterService', async () => {
    const s = await sim();
    s.sim.world.put('karmada', CRDS, v18Crd, 'as-is');
    await cli(EXPOSE, s.env);
    const r = await cli(['unexpose', 'nginx', '--keep-service'], s.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'on Karmada v1.8 the Service copies in the members belong to the MultiClusterService: they are deleted with ' +
        'it, even though the Service stays',
    );
    expect(r.stderr).not.toContain('Karmada keeps the copies');
  });

  test('reading CRDs forbidden: the release comes from the controller-manager image (-v says so)', async () => {
    const s = await sim();
    s.sim.world.put('karmada', CRDS, v18Crd, 'as-is');
    s.sim.api.denials.push({ verb: 'get', resource: 'customresourcedefinitions' });
    const r = await cli([...EXPOSE, '--dry-run=server', '-v'], s.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'MultiClusterService cluster fields: providerClusters/consumerClusters, from reading CRD ' +
        'multiclusterservices.networking.karmada.io is forbidden; release v1.18 from image ' +
        'docker.io/karmada/karmada-controller-manager:v1.18.0 of deployment karmada-system/karmada-controller-manager',
    );
  });

  test('without the CRD, the release comes from the controller-manager image (-v says so)', async () => {
    const s = await sim();
    // The simulator installs the release's CRD, as every install does: take it away to have none.
    s.sim.world.remove('karmada', CRDS, undefined, 'multiclusterservices.networking.karmada.io');
    const r = await cli([...EXPOSE, '--dry-run=server', '-v'], s.env);
    expect(r.stderr).toMatch(
      /MultiClusterService cluster fields: providerClusters\/consumerClusters, from CRD multiclusterservices.networking.karmada.io (is not served|declares no cluster lists); release v1\.18 from image docker.io\/karmada\/karmada-controller-manager:v1\.18\.0/,
    );
    expect(r.stderr).not.toContain("Karmada's release is unknown");
  });

  test('CRDs forbidden and an image without a release: expose warns that the cluster fields are a guess', async () => {
    const s = await sim();
    s.sim.api.denials.push({ verb: 'get', resource: 'customresourcedefinitions' });
    editControllerManager(s.sim, (c) => ({ ...c, image: 'docker.io/karmada/karmada-controller-manager:latest' }));
    const r = await cli([...EXPOSE, '--dry-run=server'], s.env);
    expect(r.stderr).toBe(
      "Warning: Karmada's release is unknown (reading CRD multiclusterservices.networking.karmada.io is forbidden " +
        "and the controller-manager's release is unknown): expose writes providerClusters/consumerClusters, " +
        'which Karmada v1.8 drops, leaving a MultiClusterService that spans every cluster\n',
    );
    expect(r.code).toBe(0);
  });
});

test.each<[string, SimulatorOptions]>([
  ['local-up', { layout: 'local-up' }],
  ['Helm, release "kmcs"', { layout: 'helm', release: 'kmcs' }],
  ['karmada-operator', { layout: 'operator' }],
])(
  'on a %s install: expose --wait works, unexpose waits until the MultiClusterService is gone',
  async (_name, options) => {
    const s = await sim(options);
    // `enable --no-wait` on an operator install changes the Karmada object; the operator renders the Deployment after.
    s.sim.settle();
    const r = await cli([...EXPOSE, '--wait', '--timeout', '30s'], s.env);
    expect(r.stderr).not.toContain('Warning:');
    expect(r.stdout).toContain(
      'multiclusterservice.networking.karmada.io/nginx ready in member2: ' +
        'service nginx with ready endpoints (2 from member1)\n',
    );
    expect(r.code).toBe(0);
    const u = await cli(['unexpose', 'nginx'], s.env);
    expect(u.code).toBe(0);
    expect(mcs(s)).toBeUndefined();
    expect(svc(s)).toBeUndefined();
  },
);
