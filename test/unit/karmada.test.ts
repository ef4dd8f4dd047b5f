// The shared Karmada rules: --controllers, taints and tolerations, pod CIDR overlap, release from the image, where a
// Service's endpoints come from.
import {
  controllerEnabled,
  controllersFix,
  effectiveGate,
  imageRelease,
} from '../../src/karmada/controller-manager.js';
import { overlaps, podCidrs } from '../../src/karmada/cidr.js';
import { servesEndpointSlices, tolerates, untoleratedTaints } from '../../src/karmada/clusters.js';
import { namedClusters, sideClusters } from '../../src/karmada/mcs-spec.js';
import { endpointSource } from '../../src/karmada/endpoint-source.js';

const c = (...command: string[]) => ({ command: ['/bin/karmada-controller-manager', ...command] });

test('--controllers: default *, first mention wins, -name disables, no * means nothing on', () => {
  expect(controllerEnabled(c(), 'endpointsliceCollect')).toBe(true);
  expect(controllerEnabled(c('--controllers=*,-endpointsliceCollect'), 'endpointsliceCollect')).toBe(false);
  expect(controllerEnabled(c('--controllers=endpointsliceCollect,-endpointsliceCollect'), 'endpointsliceCollect')).toBe(
    true,
  );
  expect(controllerEnabled(c('--controllers', 'cluster,execution'), 'multiclusterservice')).toBe(false);
  expect(controllerEnabled(c('--controllers=cluster', '--controllers=*'), 'multiclusterservice')).toBe(true);
  expect(
    controllerEnabled({ command: ['x'], args: ['--controllers=-multiclusterservice,*'] }, 'multiclusterservice'),
  ).toBe(false);
});

test('the gate: unparseable values are reported, not guessed', () => {
  expect(effectiveGate(c('--feature-gates=AllAlpha=true'))).toMatchObject({ enabled: true, source: 'AllAlpha' });
  expect(effectiveGate(c('--feature-gates=MultiClusterService=maybe'))).toHaveProperty('error');
});

test('release from the image tag only when it is a version', () => {
  expect(imageRelease('docker.io/karmada/karmada-controller-manager:v1.8.0')).toEqual({
    tag: 'v1.8.0',
    major: 1,
    minor: 8,
  });
  // a mirror's tag without the v, a pre-release, a tag pinned to its digest, a registry with a port
  expect(imageRelease('mirror.example/karmada-controller-manager:1.14.2')).toMatchObject({ tag: '1.14.2', minor: 14 });
  expect(imageRelease('registry:5000/karmada-controller-manager:v1.18.0-rc.1')).toMatchObject({
    tag: 'v1.18.0-rc.1',
    minor: 18,
  });
  expect(imageRelease(`karmada-controller-manager:v1.12.1@sha256:${'a'.repeat(64)}`)).toMatchObject({ minor: 12 });
  expect(imageRelease('karmada-controller-manager:latest')).toBeUndefined();
  expect(imageRelease(`karmada-controller-manager@sha256:${'a'.repeat(64)}`)).toBeUndefined();
  expect(imageRelease('registry:5000/karmada-controller-manager')).toBeUndefined();
  expect(imageRelease(undefined)).toBeUndefined();
});

test('tolerations match taints as Kubernetes does', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  expect(tolerates({ key: 'dedicated', operator: 'Exists' }, taint)).toBe(true);
  expect(tolerates({ key: 'dedicated', value: 'gpu' }, taint)).toBe(true);
  expect(tolerates({ key: 'dedicated', value: 'cpu' }, taint)).toBe(false);
  expect(tolerates({ operator: 'Exists' }, taint)).toBe(true);
  expect(tolerates({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
  const cluster = { spec: { taints: [taint, { key: 'soft', effect: 'PreferNoSchedule' }] } };
  expect(untoleratedTaints(cluster, [])).toEqual([taint]);
  expect(untoleratedTaints(cluster, [{ key: 'dedicated', operator: 'Exists' }])).toEqual([]);
});

test('pod CIDRs overlap, IPv4 and IPv6; nodes report podCIDRs or podCIDR', () => {
  expect(overlaps('10.244.0.0/16', '10.244.3.0/24')).toBe(true);
  expect(overlaps('10.244.0.0/24', '10.244.1.0/24')).toBe(false);
  expect(overlaps('fd00:10:244::/56', 'fd00:10:244:0:1::/80')).toBe(true);
  expect(overlaps('fd00:10:244::/64', 'fd00:10:245::/64')).toBe(false);
  expect(overlaps('10.0.0.0/8', 'fd00::/8')).toBe(false);
  expect(
    podCidrs([
      { spec: { podCIDR: '10.1.0.0/24' } },
      { spec: { podCIDRs: ['10.1.1.0/24', 'fd00::/64'] } },
      { spec: {} },
    ]),
  ).toEqual(['10.1.0.0/24', '10.1.1.0/24', 'fd00::/64']);
});

test('MCS clusters per release; empty means all', () => {
  expect(namedClusters({ spec: { providerClusters: [{ name: 'a' }] } }, 'provider')).toEqual(['a']);
  expect(namedClusters({ spec: { serviceConsumptionClusters: ['b'] } }, 'consumer')).toEqual(['b']);
  expect(sideClusters({ spec: {} }, 'consumer', ['x', 'y'])).toEqual(['x', 'y']);
});

test('EndpointSlice API support as Cluster.APIEnablement: disabled only when the list is complete', () => {
  const listed = {
    groupVersion: 'discovery.k8s.io/v1',
    resources: [{ name: 'endpointslices', kind: 'EndpointSlice' }],
  };
  const other = { groupVersion: 'v1', resources: [{ name: 'services', kind: 'Service' }] };
  const complete = {
    type: 'CompleteAPIEnablements',
    status: 'True',
    reason: 'Complete',
    message: '',
    lastTransitionTime: '1970-01-01T00:00:00Z',
  };
  expect(servesEndpointSlices({ status: {} })).toBeUndefined();
  expect(servesEndpointSlices({ status: { apiEnablements: [listed] } })).toBe(true);
  expect(servesEndpointSlices({ status: { apiEnablements: [other] } })).toBeUndefined();
  expect(servesEndpointSlices({ status: { apiEnablements: [other], conditions: [complete] } })).toBe(false);
});

test('the --controllers fix: drop -name entries, name the controllers when there is no *', () => {
  expect(controllersFix(c('--controllers=*,-multiclusterservice,hpa'))).toEqual({
    list: 'command',
    index: 1,
    value: '--controllers=*,hpa',
  });
  expect(controllersFix({ args: ['--controllers', 'cluster'] })).toEqual({
    list: 'args',
    index: 1,
    value: 'cluster,multiclusterservice,endpointsliceCollect,endpointsliceDispatch',
  });
  expect(controllersFix({ args: ['--controllers=-endpointsliceCollect,*'] }, ['endpointsliceCollect'])).toEqual({
    list: 'args',
    index: 0,
    value: '--controllers=*',
  });
  expect(controllersFix(c('--controllers=*'))).toBeUndefined();
});

test('endpoint source: ExternalName before its selector; an empty selector is none', () => {
  const svc = (spec: object) => ({ metadata: { name: 's' }, spec });
  expect(endpointSource(svc({ type: 'ExternalName', externalName: 'a.example', selector: { app: 'a' } }))).toEqual({
    kind: 'external-name',
    externalName: 'a.example',
  });
  expect(endpointSource(svc({ selector: { app: 'a' } }))).toEqual({ kind: 'selector', selector: { app: 'a' } });
  expect(endpointSource(svc({ type: 'NodePort', selector: {} }))).toEqual({ kind: 'manual' });
  expect(endpointSource({ metadata: { name: 's' } })).toEqual({ kind: 'manual' });
});
