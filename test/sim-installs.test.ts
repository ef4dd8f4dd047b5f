// The simulated installs, CRDs and admission rules, per Karmada release, as real kubectl sees them.
import yaml from 'js-yaml';
import { type TestSim, startTestSim } from './helpers/sim.js';
import { kubectl } from './helpers/kubectl.js';
import { controllerManager } from '../src/sim/controller-manager.js';
import { DEPLOYMENTS, KARMADAS } from '../src/sim/resources.js';
import type { Karmada } from '../src/sim/karmada-types.js';
import type { Deployment, Stored } from '../src/sim/kinds.js';

const MCS_NEW_FIELDS = `apiVersion: networking.karmada.io/v1alpha1
kind: MultiClusterService
metadata:
  name: nginx
spec:
  types: [CrossCluster]
  providerClusters: [{name: member1}]
  consumerClusters: [{name: member2}]
`;

const sims: TestSim[] = [];
async function sim(options: Parameters<typeof startTestSim>[0]): Promise<TestSim> {
  const t = await startTestSim({ seed: false, ...options });
  sims.push(t);
  return t;
}
afterAll(async () => {
  await Promise.all(sims.map((t) => t.stop()));
});

const host = (t: TestSim, ...args: string[]) =>
  kubectl(['--context', 'karmada-host', '-n', 'karmada-system', ...args], t.env);

/** The first container of a karmada-system Deployment, as the simulator holds it. */
const firstContainer = (t: TestSim, cluster: string, name: string) =>
  (t.sim.world.get(cluster, DEPLOYMENTS, 'karmada-system', name) as Deployment).spec!.template.spec!.containers[0]!;

/** Resolves once `check` holds, failing after `ms` (the simulator reconciles every 20 ms in tests). */
async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the MCS CRD is served with the release's schema", () => {
  test.each([
    ['v1.8', ['ports', 'range', 'serviceConsumptionClusters', 'serviceProvisionClusters', 'types'], 'v0.8.0'],
    [
      'v1.9',
      [
        'consumerClusters',
        'ports',
        'providerClusters',
        'range',
        'serviceConsumptionClusters',
        'serviceProvisionClusters',
        'types',
      ],
      'v0.8.0',
    ],
    [
      'v1.18',
      [
        'consumerClusters',
        'ports',
        'providerClusters',
        'range',
        'serviceConsumptionClusters',
        'serviceProvisionClusters',
        'types',
      ],
      'v0.20.0',
    ],
  ])('%s', async (karmadaVersion, fields, controllerGen) => {
    const t = await sim({ karmadaVersion });
    const r = await kubectl(['get', 'crd', 'multiclusterservices.networking.karmada.io', '-o', 'yaml'], t.env);
    expect(r.stderr).toBe('');
    const crd = yaml.load(r.stdout) as Record<string, any>;
    expect(crd.metadata.annotations['controller-gen.kubebuilder.io/version']).toBe(controllerGen);
    const spec = crd.spec.versions[0].schema.openAPIV3Schema.properties.spec;
    expect(Object.keys(spec.properties).sort()).toEqual(fields);
    expect(spec.required).toEqual(['types']);
    const list = await kubectl(['get', 'crd', '-o', 'name'], t.env);
    expect(list.stdout).toContain(
      'customresourcedefinition.apiextensions.k8s.io/multiclusterservices.networking.karmada.io',
    );
    expect(list.stdout).not.toContain('clusters.cluster.karmada.io');
  });
});

describe('v1.8: fields its CRD does not declare are pruned', () => {
  let t: TestSim;
  beforeAll(async () => {
    t = await sim({ karmadaVersion: 'v1.8' });
  });

  test("kubectl apply (fieldValidation=Strict) is refused with the API server's message", async () => {
    const r = await kubectl(['apply', '-f', '-'], t.env, MCS_NEW_FIELDS);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'Error from server (BadRequest): error when creating "STDIN": MultiClusterService in ' +
        'version "v1alpha1" cannot be handled as a MultiClusterService: strict decoding error: unknown field ' +
        '"spec.consumerClusters", unknown field "spec.providerClusters"',
    );
  });

  test('--validate=warn stores it pruned and prints the warnings', async () => {
    const r = await kubectl(['apply', '--validate=warn', '-f', '-'], t.env, MCS_NEW_FIELDS);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Warning: unknown field "spec.providerClusters"');
    expect(r.stderr).toContain('Warning: unknown field "spec.consumerClusters"');
    const got = await kubectl(['get', 'mcs', 'nginx', '-o', 'json'], t.env);
    const mcs = JSON.parse(got.stdout);
    expect(mcs.spec).toEqual({ types: ['CrossCluster'] });
    expect(mcs.metadata.labels['multiclusterservice.karmada.io/permanent-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('--validate=false prunes without a word', async () => {
    const r = await kubectl(
      ['apply', '--validate=false', '-f', '-'],
      t.env,
      MCS_NEW_FIELDS.replace('name: nginx', 'name: web'),
    );
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const got = await kubectl(['get', 'mcs', 'web', '-o', 'jsonpath={.spec}'], t.env);
    expect(JSON.parse(got.stdout)).toEqual({ types: ['CrossCluster'] });
  });

  test('no fieldValidation: the server warns (its default); a strict patch of a stored MCS is Invalid', async () => {
    const path = '/apis/networking.karmada.io/v1alpha1/namespaces/default/multiclusterservices';
    const body = JSON.stringify(yaml.load(MCS_NEW_FIELDS.replace('name: nginx', 'name: raw')));
    const r = await kubectl(['create', '--raw', path, '-f', '-'], t.env, body);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Warning: unknown field "spec.providerClusters"');
    expect(JSON.parse(r.stdout).spec).toEqual({ types: ['CrossCluster'] });
    // kubectl apply patches the stored object, with fieldValidation=Strict
    const patch = await kubectl(['apply', '-f', '-'], t.env, MCS_NEW_FIELDS.replace('name: nginx', 'name: raw'));
    expect(patch.code).toBe(1);
    expect(patch.stderr).toMatch(/^The request is invalid: patch: Invalid value: ".*": strict decoding error: /m);
    expect(patch.stderr).toContain('unknown field "spec.consumerClusters", unknown field "spec.providerClusters"');
  });

  test("the v1.8 webhook accepts two types and a change of types; v1.18's refuses both", async () => {
    const two = MCS_NEW_FIELDS.replace('name: nginx', 'name: two').replace(
      '[CrossCluster]',
      '[CrossCluster, LoadBalancer]',
    );
    expect((await kubectl(['apply', '--validate=false', '-f', '-'], t.env, two)).code).toBe(0);
    const latest = await sim({});
    const denied = await kubectl(['apply', '-f', '-'], latest.env, two);
    expect(denied.stderr.trim()).toBe(
      'Error from server (Forbidden): error when creating "STDIN": admission webhook ' +
        '"multiclusterservice.karmada.io" denied the request: spec.types: Invalid value: ' +
        '[]v1alpha1.ExposureType{"CrossCluster", "LoadBalancer"}: ' +
        'MultiClusterService types should not contain more than one type',
    );
    expect((await kubectl(['apply', '-f', '-'], latest.env, MCS_NEW_FIELDS)).code).toBe(0);
    const changed = await kubectl(
      ['apply', '-f', '-'],
      latest.env,
      MCS_NEW_FIELDS.replace('[CrossCluster]', '[LoadBalancer]'),
    );
    expect(changed.stderr).toContain(
      'admission webhook "multiclusterservice.karmada.io" denied the request: spec.types: ' +
        'Invalid value: []v1alpha1.ExposureType{"CrossCluster"}: MultiClusterService types are immutable',
    );
  });
});

describe("Kubernetes' validation of ports and label keys", () => {
  let t: TestSim;
  beforeAll(async () => {
    t = await sim({});
  });

  test('a Service port of 70000 is rejected (port, and targetPort defaulted from it)', async () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: big\nspec:\n  ports:\n  - port: 70000\n';
    const r = await kubectl(['apply', '-f', '-'], t.env, svc);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'The Service "big" is invalid: \n' +
        '* spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive\n' +
        '* spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
  });

  test('a container port of 70000 is rejected', async () => {
    const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 70000}]}]}
`;
    const r = await kubectl(['apply', '-f', '-'], t.env, deploy);
    expect(r.stderr.trim()).toBe(
      'The Deployment "web" is invalid: spec.template.spec.containers[0].ports[0].containerPort: ' +
        'Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
  });

  test('a label key whose name part is 64 characters is rejected', async () => {
    const key = 'a'.repeat(64);
    const svc =
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: long\n  labels: {${key}: x}\nspec:\n` +
      '  ports:\n  - port: 80\n';
    const r = await kubectl(['apply', '-f', '-'], t.env, svc);
    expect(r.stderr.trim()).toBe(
      `The Service "long" is invalid: metadata.labels: Invalid value: "${key}": ` +
        'name part must be no more than 63 characters',
    );
  });

  test('a label key with an invalid prefix is rejected', async () => {
    const r = await kubectl(
      ['apply', '-f', '-'],
      t.env,
      MCS_NEW_FIELDS.replace('name: nginx', 'name: bad\n  labels: {Bad_Prefix/x: "v"}'),
    );
    expect(r.stderr.trim()).toBe(
      'The MultiClusterService "bad" is invalid: metadata.labels: Invalid value: "Bad_Prefix/x": ' +
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
        "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  });
});

describe('installs per release', () => {
  test('Helm release `prod`: Deployment and container prod-controller-manager, image tag the release', async () => {
    const t = await sim({ layout: 'helm', release: 'prod', karmadaVersion: 'v1.14' });
    const r = await host(
      t,
      'get',
      'deploy',
      'prod-controller-manager',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].name} {.spec.template.spec.containers[0].image} ' +
        '{.metadata.annotations}',
    );
    expect(r.stderr).toBe('');
    const [name, image, annotations] = r.stdout.split(' ');
    expect(name).toBe('prod-controller-manager');
    expect(image).toBe('docker.io/karmada/karmada-controller-manager:v1.14.0');
    expect(JSON.parse(annotations!)).toEqual({
      'meta.helm.sh/release-name': 'prod',
      'meta.helm.sh/release-namespace': 'karmada-system',
    });
    expect(controllerManager(t.sim.world)).toMatchObject({ running: true, gate: false });
  });

  test.each([
    ['v1.8', '--feature-gates=PropagationPolicyPreemption=true,MultiClusterService=true'],
    [
      'v1.12',
      '--feature-gates=Failover=true,PropagationPolicyPreemption=true,MultiClusterService=true,' +
        'StatefulFailoverInjection=true',
    ],
    ['v1.13', '--feature-gates=AllAlpha=true,AllBeta=true'],
    ['v1.18', '--feature-gates=AllAlpha=true,AllBeta=true'],
  ])('local-up %s turns the gate on with %s', async (karmadaVersion, flag) => {
    const t = await sim({ layout: 'local-up', karmadaVersion });
    const r = await host(
      t,
      'get',
      'deploy',
      'karmada-controller-manager',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].command}',
    );
    const command: string[] = JSON.parse(r.stdout);
    expect(command.filter((f) => f.startsWith('--feature-gates'))).toEqual([flag]);
    expect(controllerManager(t.sim.world)).toMatchObject({ running: true, gate: true });
  });

  test('--controllers given as an extra flag switches an MCS controller off', async () => {
    const t = await sim({ layout: 'local-up', extraFlags: ['--controllers=*,-endpointsliceDispatch'] });
    expect(controllerManager(t.sim.world).controllers).toEqual({
      multiclusterservice: true,
      endpointsliceCollect: true,
      endpointsliceDispatch: false,
    });
  });

  test("karmadactl init: the release's image tag, and --v=4 before v1.18", async () => {
    const t = await sim({ karmadaVersion: 'v1.17' });
    const container = firstContainer(t, 'host', 'karmada-controller-manager');
    expect(container.image).toBe('docker.io/karmada/karmada-controller-manager:v1.17.0');
    expect(container.command).toContain('--v=4');
  });

  test("a Pull-mode member registered by karmadactl register runs the release's agent, without the gate", async () => {
    const t = await sim({ karmadaVersion: 'v1.10', pullMembers: ['member3'] });
    const agent = firstContainer(t, 'member3', 'karmada-agent');
    expect(agent.image).toBe('docker.io/karmada/karmada-agent:v1.10.0');
    expect(agent.command?.some((f) => f.startsWith('--feature-gates'))).toBe(false);
  });
});

describe('karmada-operator', () => {
  const reconciled = (t: TestSim) => () => {
    const cr = t.sim.world.get('host', KARMADAS, 'karmada-system', 'karmada-demo') as Stored<Karmada>;
    return cr.status?.observedGeneration === cr.metadata.generation;
  };

  test('spec.featureGates turns the gate on; the flags come out sorted', async () => {
    const t = await sim({ layout: 'operator' });
    const r = await host(
      t,
      'patch',
      'karmada',
      'karmada-demo',
      '--type=merge',
      '-p',
      '{"spec":{"featureGates":{"MultiClusterService":true}}}',
    );
    expect(r.stderr).toBe('');
    await until(reconciled(t));
    const command = firstContainer(t, 'host', 'karmada-demo-controller-manager').command!;
    expect(command).toContain('--feature-gates=MultiClusterService=true');
    expect(command.slice(1)).toEqual([...command.slice(1)].sort());
    // In effect once the rollout's new pod leads.
    await until(() => controllerManager(t.sim.world).gate);
  });

  test('extraArgs["feature-gates"] replaces spec.featureGates', async () => {
    const t = await sim({ layout: 'operator' });
    const patch = {
      spec: {
        featureGates: { MultiClusterService: true },
        components: { karmadaControllerManager: { extraArgs: { 'feature-gates': 'PropagateDeps=true' } } },
      },
    };
    const r = await host(t, 'patch', 'karmada', 'karmada-demo', '--type=merge', '-p', JSON.stringify(patch));
    expect(r.stderr).toBe('');
    await until(reconciled(t));
    const command = firstContainer(t, 'host', 'karmada-demo-controller-manager').command!;
    expect(command.filter((f) => f.startsWith('--feature-gates'))).toEqual(['--feature-gates=PropagateDeps=true']);
    expect(controllerManager(t.sim.world)).toMatchObject({ running: true, gate: false });
  });
});

// A gate the release does not know stops the binary at start (featuregate SetFromMap: "unrecognized feature gate",
// pflag and cobra print it): the new pod crashes in a loop, the old one keeps leading with its flags, the rollout
// never ends. ContextualLogging is a gate from v1.15 (pkg/features/features.go).
describe('a controller-manager that refuses its flags', () => {
  const addGate = (t: TestSim, gates: string) =>
    host(
      t,
      'patch',
      'deployment',
      'karmada-controller-manager',
      '--type=json',
      '-p',
      JSON.stringify([
        { op: 'add', path: '/spec/template/spec/containers/0/command/-', value: `--feature-gates=${gates}` },
      ]),
    );
  const pods = async (t: TestSim) =>
    (
      await host(
        t,
        'get',
        'pods',
        '-o',
        'jsonpath={range .items[*]}{.metadata.name} {.status.containerStatuses[0].state.waiting.reason}{"\\n"}{end}',
      )
    ).stdout
      .trim()
      .split('\n')
      .map((l) => l.split(' '));

  test.each([
    ['v1.14', 'ContextualLogging=true', true],
    ['v1.15', 'ContextualLogging=true', false],
    ['v1.18', 'MultiClusterServce=true', true],
  ])('at %s, --feature-gates=%s: crashes %s', async (version, gates, crashes) => {
    const t = await sim({
      karmadaVersion: version,
      seed: true,
      extraFlags: ['--feature-gates=MultiClusterService=true'],
    });
    expect(controllerManager(t.sim.world)).toMatchObject({ running: true, gate: true });
    expect((await addGate(t, gates)).code).toBe(0);
    t.sim.settle();
    const rollout = await host(t, 'rollout', 'status', 'deployment/karmada-controller-manager', '--timeout=2s');
    if (!crashes) {
      expect(rollout.code).toBe(0);
      return;
    }
    expect(rollout.code).toBe(1);
    // In key order: a pod's name ends in a random suffix.
    const listed = await pods(t);
    expect(listed.map(([, reason]) => reason ?? '').sort()).toEqual(['', 'CrashLoopBackOff']);
    const crashing = listed.find(([, reason]) => reason === 'CrashLoopBackOff');
    const log = await host(t, 'logs', crashing![0]!);
    const name = gates.split('=')[0];
    expect(log.stdout).toBe(
      `Error: invalid argument "${gates}" for "--feature-gates" flag: unrecognized feature gate: ${name}\n`,
    );
    // The old pod still leads, with the gate on: MultiClusterServices still work.
    expect(controllerManager(t.sim.world)).toMatchObject({ running: true, gate: true });
    const table = await host(t, 'get', 'deployment', 'karmada-controller-manager', '--no-headers');
    expect(table.stdout).toMatch(/^karmada-controller-manager\s+1\/1\s+1\s+1\s/);
  });
});
