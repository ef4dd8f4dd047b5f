// The pure parts of expose/unexpose: release detection, the controllers Karmada runs, diffs, conflicts, ports.
import { ApiError } from '../../src/errors.js';
import { mcsControllersOff } from '../../src/expose/control-plane.js';
import { controllerOn as controllerEnabled } from '../../src/karmada/controller-manager.js';
import { conflictError, differences, mcsShape, serviceShape } from '../../src/expose/ownership.js';
import { clusterSpec, fieldsFromImage, mcsClusters, mcsSchema } from '../../src/expose/schema.js';
import { fieldsFromCrd } from '../../src/karmada/mcs-spec.js';
import { portMismatch } from '../../src/expose/wait.js';
import type { Deployment, Service } from '../../src/expose/models.js';
import type { ControlPlaneRead } from '../../src/expose/control-plane.js';
import type { KubeClient } from '../../src/kube/client.js';
import type { MultiClusterService } from '../../src/karmada/types.js';

const crd = (props: string[]) => ({
  spec: {
    group: 'networking.karmada.io',
    names: { kind: 'MultiClusterService', plural: 'multiclusterservices' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: { properties: { spec: { properties: Object.fromEntries(props.map((p) => [p, {}])) } } },
        },
      },
    ],
  },
});

describe('which cluster-list fields the MCS has', () => {
  test('from the CRD schema: v1.8 has only the serviceProvision/Consumption lists, v1.9+ both', () => {
    expect(
      fieldsFromCrd(crd(['types', 'ports', 'range', 'serviceProvisionClusters', 'serviceConsumptionClusters'])),
    ).toBe('serviceProvisionClusters');
    expect(fieldsFromCrd(crd(['types', 'providerClusters', 'consumerClusters', 'serviceProvisionClusters']))).toBe(
      'providerClusters',
    );
    expect(fieldsFromCrd(crd(['types']))).toBeUndefined();
  });

  test('from the controller-manager image tag', () => {
    expect(fieldsFromImage('docker.io/karmada/karmada-controller-manager:v1.8.2')).toEqual({
      fields: 'serviceProvisionClusters',
      release: 'v1.8',
    });
    expect(fieldsFromImage('karmada/karmada-controller-manager:v1.9.0')).toEqual({
      fields: 'providerClusters',
      release: 'v1.9',
    });
    expect(fieldsFromImage('registry:5000/karmada-controller-manager:v1.18.0-rc.1')).toEqual({
      fields: 'providerClusters',
      release: 'v1.18',
    });
    expect(fieldsFromImage('docker.io/karmada/karmada-controller-manager:latest')).toBeUndefined();
  });

  test("written and read in the release's spelling; an empty list is left out (every cluster)", () => {
    expect(clusterSpec('serviceProvisionClusters', ['member1'], ['member2'])).toEqual({
      serviceProvisionClusters: ['member1'],
      serviceConsumptionClusters: ['member2'],
    });
    expect(clusterSpec('providerClusters', ['member1'], [])).toEqual({ providerClusters: [{ name: 'member1' }] });
    expect(
      mcsClusters(
        { spec: { serviceProvisionClusters: ['a'], serviceConsumptionClusters: ['b'] } },
        'serviceProvisionClusters',
      ),
    ).toEqual({ providers: ['a'], consumers: ['b'] });
    // v1.9+ ignores the deprecated lists.
    expect(mcsClusters({ spec: { serviceProvisionClusters: ['a'] } }, 'providerClusters')).toEqual({
      providers: [],
      consumers: [],
    });
  });
});

describe('whether karmada-controller-manager runs the MCS controllers', () => {
  test('--controllers as IsControllerEnabled reads it: the first entry naming it decides, else *', () => {
    expect(controllerEnabled([], 'multiclusterservice')).toBe(true);
    expect(controllerEnabled(['*,-multiclusterservice'], 'multiclusterservice')).toBe(false);
    expect(controllerEnabled(['-multiclusterservice,multiclusterservice'], 'multiclusterservice')).toBe(false);
    expect(controllerEnabled(['multiclusterservice,-multiclusterservice'], 'multiclusterservice')).toBe(true);
    expect(controllerEnabled(['cluster,namespace'], 'multiclusterservice')).toBe(false);
    expect(controllerEnabled(['cluster', '*'], 'endpointsliceCollect')).toBe(true);
  });

  test('the gate first, then --controllers', () => {
    const cm = (flags: string[]) => ({ command: ['/bin/karmada-controller-manager', ...flags] });
    expect(mcsControllersOff(cm([])).off).toBe('the MultiClusterService feature gate is off (default)');
    expect(mcsControllersOff(cm(['--feature-gates=MultiClusterService=true'])).off).toBeUndefined();
    expect(
      mcsControllersOff(cm(['--feature-gates=MultiClusterService=true', '--controllers=*,-endpointsliceDispatch'])),
    ).toEqual({
      off: '--controllers turns off endpointsliceDispatch',
      disabled: ['endpointsliceDispatch'],
      removesFinalizer: true,
    });
    expect(
      mcsControllersOff(cm(['--feature-gates=MultiClusterService=true', '--controllers=*,-multiclusterservice']))
        .removesFinalizer,
    ).toBe(false);
  });
});

describe('what expose would change in an object someone else wrote', () => {
  test('MCS: only the fields expose sets, lists of names shown as names', () => {
    const theirs: MultiClusterService = {
      spec: {
        types: ['CrossCluster'],
        providerClusters: [{ name: 'member1' }],
        consumerClusters: [{ name: 'member1' }, { name: 'member2' }],
        ports: [{ port: 80 }],
      },
    };
    const mine: MultiClusterService = {
      spec: {
        types: ['CrossCluster'],
        providerClusters: [{ name: 'member1' }],
        consumerClusters: [{ name: 'member2' }],
      },
    };
    expect(differences(mcsShape(theirs), mcsShape(mine))).toEqual([
      'spec.consumerClusters: [member1, member2] -> [member2]',
    ]);
    expect(differences(mcsShape(mine), mcsShape(mine))).toEqual([]);
  });

  test("Service: the API server's defaults do not count as differences", () => {
    const theirs = { spec: { selector: { app: 'web' }, ports: [{ port: 80 }], clusterIP: '10.0.0.1' } };
    expect(
      differences(
        serviceShape(theirs),
        serviceShape({ spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] } }),
      ),
    ).toEqual([]);
    expect(
      differences(
        serviceShape(theirs),
        serviceShape({ spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } }),
      ),
    ).toEqual(['spec.ports: [80/TCP] -> [80/TCP->8080]']);
  });
});

/** A 409 as kube-apiserver answers an apply conflict (apimachinery managedfields/internal/conflict.go). */
const applyConflict = (conflicts: Array<[manager: string, field: string]>): ApiError => {
  const message =
    conflicts.length === 1
      ? `Apply failed with 1 conflict: conflict with ${conflicts[0]![0]}: ${conflicts[0]![1]}`
      : `Apply failed with ${conflicts.length} conflicts: ` +
        conflicts.map(([m, f]) => `conflicts with ${m}:\n- ${f}`).join('\n');
  const causes = conflicts.map(([m, f]) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${m}`,
    field: f,
  }));
  return new ApiError(409, 'Conflict', message, undefined, causes);
};

test('a server-side apply conflict names the field managers and fields from the Status causes', () => {
  const two = applyConflict([
    ['"alice"', '.spec.consumerClusters'],
    ['"kubectl-edit" using networking.karmada.io/v1alpha1', '.spec.types'],
  ]);
  const error = conflictError(two, 'multiclusterservice.networking.karmada.io/web', '--overwrite') as Error;
  expect(error.message).toBe(
    'multiclusterservice.networking.karmada.io/web: fields .spec.consumerClusters, .spec.types are owned by ' +
      'field managers "alice", "kubectl-edit", which set them to another value; nothing was changed',
  );
  const keyed = applyConflict([['"kubectl-edit" using v1', '.spec.ports[port=80,protocol="TCP"].targetPort']]);
  expect((conflictError(keyed, 'service/web', '--overwrite') as Error).message).toBe(
    'service/web: field .spec.ports[port=80,protocol="TCP"].targetPort is owned by ' +
      'field manager "kubectl-edit", which sets it to another value; nothing was changed',
  );
  const other = new ApiError(409, 'Conflict', 'the object has been modified');
  expect(conflictError(other, 'x', '--overwrite')).toBe(other);
});

describe('ports the pods do not serve', () => {
  const podsOf = (containers: NonNullable<Deployment['spec']>['template']['spec']): Deployment => ({
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { spec: containers } },
  });
  const deployment = podsOf({
    containers: [{ name: 'web', ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }] }],
  });
  const svc = (ports: NonNullable<Service['spec']>['ports']): Service => ({
    metadata: { name: 'web' },
    spec: { ports },
  });
  test.each<[NonNullable<Service['spec']>['ports'], string | undefined]>([
    [[{ port: 80, targetPort: 80, protocol: 'TCP' }], undefined],
    [[{ port: 8080, targetPort: 'http' }], undefined],
    [
      [{ port: 80, targetPort: 80, protocol: 'UDP' }],
      'port 80/UDP of service web targets 80/UDP, ' +
        'but the pods of deployment web declare http:80/TCP: nothing answers there',
    ],
    [
      [{ port: 80, targetPort: 8080 }],
      'port 80/TCP of service web targets 8080/TCP, ' +
        'but the pods of deployment web declare http:80/TCP: nothing answers there',
    ],
  ])('%j', (ports, expected) => {
    expect(portMismatch(svc(ports), deployment)).toBe(expected);
  });
  test('pods that declare no ports may listen anywhere', () => {
    expect(portMismatch(svc([{ port: 1 }]), podsOf({ containers: [{ name: 'x' }] }))).toBeUndefined();
  });
});

describe('mcsSchema: the CRD, else the image, else the latest (said with -v)', () => {
  const failing = (error: ApiError) => ({ get: () => Promise.reject(error) }) as unknown as KubeClient;
  const forbidden = failing(new ApiError(403, 'Forbidden', 'forbidden'));
  const unknown = (): Promise<ControlPlaneRead> => Promise.resolve({ unknown: 'the host cluster is out of reach' });
  test('reading CRDs forbidden: the controller-manager image decides', async () => {
    const cm = (): Promise<ControlPlaneRead> =>
      Promise.resolve({
        state: {
          where: 'deployment karmada-system/karmada-controller-manager',
          image: 'karmada/karmada-controller-manager:v1.8.0',
          disabled: [],
          removesFinalizer: true,
        },
      });
    const schema = await mcsSchema(forbidden, cm);
    expect(schema).toEqual({
      fields: 'serviceProvisionClusters',
      copiesGoWithMcs: true,
      source:
        'reading CRD multiclusterservices.networking.karmada.io is forbidden; release v1.8 from image ' +
        'karmada/karmada-controller-manager:v1.8.0 of deployment karmada-system/karmada-controller-manager',
    });
  });
  test('neither known: the latest, and it says so, and that it is a guess', async () => {
    const schema = await mcsSchema(forbidden, unknown);
    expect(schema.fields).toBe('providerClusters');
    expect(schema.source).toBe(
      'reading CRD multiclusterservices.networking.karmada.io is forbidden ' +
        "and the controller-manager's release is unknown: assuming the latest Karmada",
    );
    expect(schema.guessed).toBe(
      'reading CRD multiclusterservices.networking.karmada.io is forbidden ' +
        "and the controller-manager's release is unknown",
    );
  });
  test('other errors are not hidden', async () => {
    const broken = failing(new ApiError(500, 'InternalError', 'etcd down'));
    await expect(mcsSchema(broken, unknown)).rejects.toThrow('etcd down');
  });
});
