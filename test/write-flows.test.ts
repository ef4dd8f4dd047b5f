// Every write command end to end on the installs users have: enable → expose --wait → status → unexpose, on a Helm
// release not named karmada, karmada-operator with extraArgs["feature-gates"], a --controllers list that keeps an MCS
// controller off, and Karmada v1.8. Each step asserts what the user sees; the end asserts what is left per release.
import { type TestSim, startTestSim, writes } from './helpers/sim.js';
import { cli } from './helpers/cli.js';
import { kubectl } from './helpers/kubectl.js';
import { CLUSTERS, DEPLOYMENTS, ENDPOINTSLICES, KARMADAS, MCS, SERVICES } from '../src/kube/resources.js';
import { CRDS } from '../src/sim/resources.js';
import type { SimulatorOptions } from '../src/sim/index.js';
import { controllerManager } from '../src/sim/controller-manager.js';
import type { Cluster, Karmada, MultiClusterService } from '../src/sim/karmada-types.js';
import type { Deployment, Service } from '../src/sim/kinds.js';

const NS = 'karmada-system';
const MCS_REF = 'multiclusterservice.networking.karmada.io';
let t: TestSim | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function sim(options: SimulatorOptions): Promise<TestSim> {
  t = await startTestSim(options);
  return t;
}

const svc = (s: TestSim, cluster: string): Service | undefined =>
  s.sim.world.get(cluster, SERVICES, 'default', 'nginx');
const mcs = (s: TestSim) => s.sim.world.get('karmada', MCS, 'default', 'nginx') as MultiClusterService | undefined;
const dispatched = (s: TestSim) =>
  s.sim.world.list('member2', ENDPOINTSLICES, 'default').filter((e) => e.metadata.name.startsWith('member1-'));
const flags = (s: TestSim, deployment: string) => {
  const d = s.sim.world.get('host', DEPLOYMENTS, NS, deployment) as Deployment;
  const c = d.spec!.template.spec!.containers[0]!;
  return [...(c.command ?? []), ...(c.args ?? [])];
};

/** The steps after enable, the same on every install; `v18` switches the MCS fields and what unexpose leaves. */
async function exposeStatusUnexpose(s: TestSim, v18 = false): Promise<void> {
  const expose = ['expose', 'nginx', '--provider', 'member1', '--consumer', 'member2', '--wait', '--timeout', '30s'];
  const exposed = await cli(expose, s.env);
  expect(exposed.stderr).not.toMatch(/Warning:|error:/);
  expect(exposed.stdout).toBe(
    `service/nginx created\n${MCS_REF}/nginx created\n` +
      `${MCS_REF}/nginx ready in member2: service nginx with ready endpoints (2 from member1)\n`,
  );
  expect(exposed.code).toBe(0);
  // What Karmada keeps: the release's own cluster fields, none pruned (v1.8's CRD drops the others).
  expect(mcs(s)!.spec).toEqual(
    v18
      ? { types: ['CrossCluster'], serviceProvisionClusters: ['member1'], serviceConsumptionClusters: ['member2'] }
      : { types: ['CrossCluster'], providerClusters: [{ name: 'member1' }], consumerClusters: [{ name: 'member2' }] },
  );
  expect(svc(s, 'member2')).toBeDefined();
  expect(
    dispatched(s)
      .flatMap((e) => e.endpoints)
      .filter((e: any) => e.conditions?.ready),
  ).toHaveLength(2);

  const table = await cli(['status'], s.env);
  expect(table.code).toBe(0);
  expect(table.stdout).toMatch(/^nginx +CrossCluster +member1 +member2 +True +True +\S+ +Healthy$/m);
  const one = await cli(['status', 'nginx'], s.env);
  expect(one.code).toBe(0);
  expect(one.stdout).toMatch(/^member2 +consumer +Push +True +yes +- +member1 \(2\)$/m);
  expect(one.stdout).toContain(
    '✔ healthy: member2 has nginx.default with 2 ready endpoints from member1 (probe tests the pod network)',
  );

  // --keep-service first, to see what each release leaves in the members while the Service stays.
  const kept = await cli(['unexpose', 'nginx', '--keep-service', '--timeout', '30s'], s.env);
  expect(kept.stdout).toBe(`${MCS_REF} "nginx" deleted\nservice/nginx kept (--keep-service)\n`);
  expect(kept.stderr).toContain('Waiting for Karmada to release multiclusterservice nginx');
  expect(kept.code).toBe(0);
  expect(mcs(s)).toBeUndefined();
  s.sim.settle();
  if (v18) {
    // v1.8 handleMCSDelete deletes the Service Works: the copies go with the MCS (mcs_controller.go at v1.8.0).
    expect(kept.stderr).toContain(
      'on Karmada v1.8 the Service copies in the members belong to the ' +
        'MultiClusterService: they are deleted with it, even though the Service stays',
    );
    expect(kept.stderr).not.toContain('Karmada keeps the copies');
    expect([svc(s, 'member1'), svc(s, 'member2')]).toEqual([undefined, undefined]);
  } else {
    // v1.9+ retrieveService keeps the ResourceBinding, so the copies stay while the Service does (mcs_controller.go).
    expect(kept.stderr).toContain(
      'Warning: Karmada keeps the copies of service default/nginx in member1, member2 ' +
        'while the Service exists in the control plane',
    );
    expect(svc(s, 'member1')).toBeDefined();
    expect(svc(s, 'member2')).toBeDefined();
  }
  expect(dispatched(s)).toHaveLength(0);
  expect(svc(s, 'karmada')!.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('kubectl-karmada-mcs');

  // The MCS is gone: unexpose NAME still removes the Service expose created, and with it every copy.
  const rest = await cli(['unexpose', 'nginx'], s.env);
  expect(rest.stderr).toContain(
    'multiclusterservice nginx is already gone; removing service/nginx, which expose created for it',
  );
  expect(rest.stdout).toBe('service "nginx" deleted\n');
  expect(rest.code).toBe(0);
  s.sim.settle();
  expect(mcs(s)).toBeUndefined();
  expect(['karmada', 'member1', 'member2'].map((c) => svc(s, c))).toEqual([undefined, undefined, undefined]);
  const none = await cli(['status'], s.env);
  expect(none.code).toBe(0);
  expect(none.stdout + none.stderr).toContain('No MultiClusterServices found');
}

test('Helm release "prod": enable edits prod-controller-manager, warns about helm upgrade before waiting', async () => {
  const s = await sim({ layout: 'helm', release: 'prod' });
  const r = await cli(['enable', '--timeout', '60s'], s.env);
  expect(r.stdout).toBe(
    'MultiClusterService: off (default) in karmada-system/prod-controller-manager (context "karmada-host")\n' +
      'deployment.apps/prod-controller-manager patched\n' +
      'MultiClusterService: on (MultiClusterService=true); rollout complete\n',
  );
  const warning = r.stderr.indexOf(
    'Warning: deployment prod-controller-manager belongs to Helm release "prod": the ' +
      'next helm upgrade reverts this edit; to keep it, upgrade with ' +
      '--set controllerManager.featureGates.MultiClusterService=true',
  );
  expect(warning).toBeGreaterThanOrEqual(0);
  expect(warning).toBeLessThan(r.stderr.indexOf('Waiting for deployment karmada-system/prod-controller-manager'));
  expect(r.code).toBe(0);
  // The chart's own gate list is kept (charts/karmada/values.yaml: controllerManager.featureGates).
  expect(flags(s, 'prod-controller-manager')).toContain('--feature-gates=PropagateDeps=false,MultiClusterService=true');
  expect(controllerManager(s.sim.world).gate).toBe(true);
  await exposeStatusUnexpose(s);
}, 120_000);

test('karmada-operator, extraArgs over spec.featureGates: enable edits extraArgs (gates and controllers)', async () => {
  const s = await sim({ layout: 'operator' });
  // spec.featureGates says on, but extraArgs replaces the whole flag (operator/pkg/util/patcher: WithExtraArgs).
  const karmada = () => s.sim.world.get('host', KARMADAS, NS, 'karmada-demo') as Karmada;
  const k = karmada();
  const extraArgs = { 'feature-gates': 'PropagateDeps=false', controllers: '*,-endpointsliceDispatch' };
  s.sim.world.put(
    'host',
    KARMADAS,
    {
      ...k,
      spec: {
        ...k.spec,
        featureGates: { MultiClusterService: true },
        components: { ...k.spec?.components, karmadaControllerManager: { extraArgs } },
      },
    },
    'as-is',
  );
  s.sim.settle();
  expect(controllerManager(s.sim.world).gate).toBe(false);
  const r = await cli(['enable', '--timeout', '60s'], s.env);
  expect(r.stdout).toBe(
    'MultiClusterService: off (default) in karmada-system/karmada-demo-controller-manager (context "karmada-host")\n' +
      '--controllers keeps endpointsliceDispatch off, which MultiClusterService needs: this change turns it back on\n' +
      'karmada.operator.karmada.io/karmada-demo patched\n' +
      'MultiClusterService: on (MultiClusterService=true); rollout complete\n',
  );
  expect(r.stderr).toContain('the change goes to karmada.operator.karmada.io/karmada-demo');
  expect(r.stderr).not.toContain('Warning:');
  expect(r.code).toBe(0);
  const after = karmada().spec?.components?.karmadaControllerManager?.extraArgs;
  expect(after?.['feature-gates']).toBe('PropagateDeps=false,MultiClusterService=true');
  expect(after?.controllers).toBe('*,endpointsliceDispatch');
  expect(controllerManager(s.sim.world).controllers.endpointsliceDispatch).toBe(true);
  expect(controllerManager(s.sim.world).gate).toBe(true);
  await exposeStatusUnexpose(s);
}, 120_000);

test('--controllers=*,-endpointsliceDispatch: enable turns the controller back on in the same patch', async () => {
  const s = await sim({ extraFlags: ['--controllers=*,-endpointsliceDispatch'] });
  const r = await cli(['enable', '--timeout', '60s'], s.env);
  expect(r.stdout).toBe(
    'MultiClusterService: off (default) in karmada-system/karmada-controller-manager (context "karmada-host")\n' +
      '--controllers keeps endpointsliceDispatch off, which MultiClusterService needs: this change turns it back on\n' +
      'deployment.apps/karmada-controller-manager patched\n' +
      'MultiClusterService: on (MultiClusterService=true); rollout complete\n',
  );
  expect(r.code).toBe(0);
  expect(flags(s, 'karmada-controller-manager')).toContain('--controllers=*,endpointsliceDispatch');
  expect(controllerManager(s.sim.world).controllers).toEqual({
    multiclusterservice: true,
    endpointsliceCollect: true,
    endpointsliceDispatch: true,
  });
  await exposeStatusUnexpose(s);
}, 120_000);

test('Karmada v1.8: expose writes the v1.8 fields; unexpose says the copies go with the MCS', async () => {
  const s = await sim({ karmadaVersion: 'v1.8' });
  const r = await cli(['enable', '--timeout', '60s'], s.env);
  expect(r.stdout).toContain('deployment.apps/karmada-controller-manager patched\n');
  expect(r.code).toBe(0);
  await exposeStatusUnexpose(s, true);
}, 120_000);

// The cases that the tests beside the commands ran on a shortcut (a v1.8 CRD put into the latest simulator,
// `enable` before a --controllers test, which now turns the controller back on), on the simulator as released.
describe('as released', () => {
  const EXPOSE = ['expose', 'nginx', '--provider', 'member1', '--consumer', 'member2'];

  const GATE_ON = ['--feature-gates=MultiClusterService=true'];

  test('v1.8, reading CRDs forbidden: the image gives the release; the MCS spans only the listed ones', async () => {
    const s = await sim({ karmadaVersion: 'v1.8', members: 3, extraFlags: GATE_ON });
    s.sim.api.denials.push({ verb: 'get', resource: 'customresourcedefinitions' });
    const r = await cli([...EXPOSE, '--wait', '--timeout', '30s', '-v'], s.env);
    expect(r.stderr).toContain(
      'MultiClusterService cluster fields: serviceProvisionClusters/' +
        'serviceConsumptionClusters (Karmada v1.8), from reading CRD multiclusterservices.networking.karmada.io is ' +
        'forbidden; release v1.8 from image',
    );
    expect(r.code).toBe(0);
    expect(mcs(s)!.spec).toEqual({
      types: ['CrossCluster'],
      serviceProvisionClusters: ['member1'],
      serviceConsumptionClusters: ['member2'],
    });
    s.sim.settle();
    // v1.8 syncSVCWorkToClusters: a Service Work in every cluster when either list is empty, else only the listed.
    expect(svc(s, 'member3')).toBeUndefined();
  }, 60_000);

  test('v1.8 without the MCS CRD: the release comes from the controller-manager image (-v says so)', async () => {
    const s = await sim({ karmadaVersion: 'v1.8', extraFlags: GATE_ON });
    s.sim.world.remove('karmada', CRDS, undefined, 'multiclusterservices.networking.karmada.io');
    const r = await cli([...EXPOSE, '--dry-run=server', '-v'], s.env);
    expect(r.stderr).toContain(
      'MultiClusterService cluster fields: serviceProvisionClusters/' +
        'serviceConsumptionClusters (Karmada v1.8), from CRD multiclusterservices.networking.karmada.io is not served; ' +
        'release v1.8 from image',
    );
  });

  test('--controllers keeping endpointsliceDispatch off, gate on: expose warns; --wait names it', async () => {
    const s = await sim({ extraFlags: [...GATE_ON, '--controllers=*,-endpointsliceDispatch'] });
    const r = await cli([...EXPOSE, '--wait', '--timeout', '2s'], s.env);
    expect(r.stderr).toContain(
      'Warning: --controllers turns off endpointsliceDispatch in ' +
        'karmada-controller-manager: Karmada will not move endpoints for this MultiClusterService until you run ' +
        '`kubectl karmada-mcs enable`',
    );
    expect(r.stderr).toContain(
      'to work: the MCS controllers do not run in karmada-controller-manager: ' +
        '--controllers turns off endpointsliceDispatch\n',
    );
    expect(r.stdout).not.toContain('ready');
    expect(r.code).toBe(1);
    // The Service copy is there (the multiclusterservice controller runs); only the endpoints never come.
    s.sim.settle();
    expect(svc(s, 'member2')).toBeDefined();
    expect(dispatched(s)).toHaveLength(0);
  }, 30_000);

  test("--wait waits for every consumer: one the Service's placement cannot reach keeps it from ready", async () => {
    const s = await sim({ members: 3, extraFlags: GATE_ON });
    const member3 = s.sim.world.get('karmada', CLUSTERS, undefined, 'member3') as Cluster;
    const taints = [{ key: 'edge', effect: 'NoSchedule' }];
    s.sim.world.put('karmada', CLUSTERS, { ...member3, spec: { ...member3.spec, taints } }, 'as-is');
    const r = await cli([...EXPOSE, '--consumer', 'member3', '--wait', '--timeout', '5s'], s.env);
    expect(r.stdout).not.toContain('ready');
    expect(r.stderr).toContain('to work: no Service copy in consumer member3 yet');
    expect(r.code).toBe(1);
    expect(svc(s, 'member2')).toBeDefined();
  }, 30_000);

  test('an MCS deleted with the controllers off stays Terminating: unexpose says so; done after enable', async () => {
    const s = await sim({ extraFlags: GATE_ON });
    expect((await cli([...EXPOSE, '--wait', '--timeout', '30s'], s.env)).code).toBe(0);
    expect((await cli(['disable', '--timeout', '30s'], s.env)).code).toBe(0);
    expect((await kubectl(['delete', 'mcs', 'nginx', '--wait=false'], s.env)).code).toBe(0);
    s.sim.settle();
    expect(mcs(s)!.metadata.deletionTimestamp).toBeDefined();
    s.sim.api.requests.length = 0;
    const blocked = await cli(['unexpose', 'nginx', '--timeout', '30s'], s.env);
    expect(
      blocked.stderr.startsWith(
        "error: multiclusterservice nginx carries Karmada's finalizer " +
          'karmada.io/multiclusterservice-controller, which only its controller removes, and that controller does not ' +
          'run (the MultiClusterService feature gate is off (MultiClusterService=false); deployment ' +
          'karmada-system/karmada-controller-manager (context "karmada-host")): it is already deleted and stays ' +
          'Terminating until that controller runs; nothing was deleted\nhint: turn the controllers on',
      ),
    ).toBe(true);
    expect(blocked.code).toBe(1);
    expect(writes(s.sim)).toHaveLength(0);
    expect(svc(s, 'karmada')).toBeDefined();
    expect((await cli(['enable', '--timeout', '30s'], s.env)).code).toBe(0);
    s.sim.settle();
    const r = await cli(['unexpose', 'nginx', '--timeout', '30s'], s.env);
    expect(r.stdout).toBe('service "nginx" deleted\n');
    expect(r.code).toBe(0);
    s.sim.settle();
    expect([mcs(s), svc(s, 'karmada'), svc(s, 'member2')]).toEqual([undefined, undefined, undefined]);
  }, 60_000);

  test('probe: --image with --pod is a usage error, since --pod runs its own image', async () => {
    const s = await sim({});
    const r = await cli(['probe', 'nginx', '--pod', 'curl', '--image', 'busybox'], s.env);
    expect(r.stderr).toBe('error: --image applies to the temporary pod, not to --pod, which runs its own image\n');
    expect(r.code).toBe(2);
    expect(writes(s.sim)).toHaveLength(0);
  });
});
