// What a snapshot keeps of the members' EndpointSlices: the fields the diagnosis reads, with one shared copy of
// each piece the copies of a slice repeat (Karmada puts a provider's slice, endpoints and all, in every consumer).
import { digester, readyAddresses } from '../../src/karmada/digest.js';
import type { EndpointSlice } from '../../src/kube/objects.js';

const dispatched = (ips: string[], ready: boolean | undefined, consumer: string): EndpointSlice => ({
  metadata: {
    name: 'member1-web-0-abcde',
    namespace: 'default',
    uid: `uid-in-${consumer}`,
    labels: {
      'kubernetes.io/service-name': 'web-0',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-dispatch-controller.karmada.io',
      'app.kubernetes.io/other': 'dropped',
    },
    annotations: { 'endpointslice.karmada.io/provision-cluster': 'member1', 'other/annotation': 'dropped' },
  },
  addressType: 'IPv4',
  ports: [{ name: '', protocol: 'TCP', port: 80 }],
  endpoints: ips.map((ip) => ({
    addresses: [ip],
    conditions: ready === undefined ? {} : { ready, serving: ready },
    nodeName: 'member1-control-plane',
  })),
});

test('the copies of a slice in two consumers share their labels, ports and endpoints, frozen', () => {
  const digest = digester();
  const a = digest.slice(dispatched(['10.1.0.1', '10.1.0.2'], true, 'member2'));
  const b = digest.slice(dispatched(['10.1.0.1', '10.1.0.2'], true, 'member3'));
  expect(a).toEqual({
    metadata: {
      name: 'member1-web-0-abcde',
      namespace: 'default',
      labels: {
        'kubernetes.io/service-name': 'web-0',
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-dispatch-controller.karmada.io',
      },
      annotations: { 'endpointslice.karmada.io/provision-cluster': 'member1' },
    },
    addressType: 'IPv4',
    ports: [{ name: '', protocol: 'TCP', port: 80 }],
    endpoints: [
      { addresses: ['10.1.0.1'], conditions: { ready: true } },
      { addresses: ['10.1.0.2'], conditions: { ready: true } },
    ],
  });
  expect(b).toEqual(a);
  expect(b.metadata).not.toBe(a.metadata);
  for (const piece of ['endpoints', 'ports'] as const) {
    expect(b[piece]).toBe(a[piece]);
    expect(Object.isFrozen(a[piece])).toBe(true);
  }
  expect(Object.isFrozen(a.endpoints?.[0])).toBe(true);
  expect(Object.isFrozen(a.endpoints?.[0]?.addresses)).toBe(true);
  expect(Object.isFrozen(a.ports?.[0])).toBe(true);
  expect(b.metadata?.labels).toBe(a.metadata?.labels);
  expect(b.metadata?.annotations).toBe(a.metadata?.annotations);
  expect(readyAddresses([a, b])).toEqual(['10.1.0.1', '10.1.0.2', '10.1.0.1', '10.1.0.2']);
});

test('what the diagnosis tells apart is never shared: readiness, addresses, unset conditions', () => {
  const digest = digester();
  const ready = digest.slice(dispatched(['10.1.0.1'], true, 'member2'));
  const notReady = digest.slice(dispatched(['10.1.0.1'], false, 'member3'));
  const unset = digest.slice(dispatched(['10.1.0.1'], undefined, 'member4'));
  const other = digest.slice(dispatched(['10.1.0.9'], true, 'member5'));
  expect(new Set([ready.endpoints, notReady.endpoints, unset.endpoints, other.endpoints]).size).toBe(4);
  expect(readyAddresses([ready])).toEqual(['10.1.0.1']);
  expect(readyAddresses([notReady])).toEqual([]);
  // Unset readiness counts as ready (EndpointConditions: nil means unknown, to be treated as ready).
  expect(readyAddresses([unset])).toEqual(['10.1.0.1']);
  expect(unset.endpoints).toEqual([{ addresses: ['10.1.0.1'] }]);
  expect(readyAddresses([other])).toEqual(['10.1.0.9']);
});
