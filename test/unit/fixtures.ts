// Snapshots as the collector builds them from a real install: a healthy nginx MultiClusterService
// (member1 provides, member2 consumes) that each test breaks in one way.
// Partial objects, as much of each as the model reads; tests reach into them freely.
type Obj = any;

/** A snapshot whose control-plane objects are such partial objects. */
export type TestSnapshot = Omit<Snapshot, 'mcs' | 'services' | 'clusters' | 'deployments' | 'events' | 'bindings'> & {
  mcs: Obj[];
  services: Map<string, Obj>;
  clusters: Obj[];
  deployments: Obj[];
  events?: Obj[];
  bindings?: Obj[];
};
import type { MemberFacts, Snapshot } from '../../src/karmada/snapshot.js';
import {
  DISPATCH_MANAGER,
  LOCAL_SLICE_MANAGER,
  PROVISION_CLUSTER,
  SERVICE_NAME,
  SLICE_MANAGED_BY,
} from '../../src/karmada/labels.js';

export const NS = 'default';
const T0 = '2026-01-01T00:00:00Z';

export const cluster = (name: string, extra: { syncMode?: string; ready?: boolean; taints?: Obj[] } = {}): Obj => ({
  metadata: { name },
  spec: { syncMode: extra.syncMode ?? 'Push', ...(extra.taints ? { taints: extra.taints } : {}) },
  status: {
    conditions: [
      {
        type: 'Ready',
        status: extra.ready === false ? 'False' : 'True',
        reason: extra.ready === false ? 'ClusterNotReachable' : 'ClusterReady',
      },
    ],
    apiEnablements: [
      { groupVersion: 'discovery.k8s.io/v1', resources: [{ name: 'endpointslices', kind: 'EndpointSlice' }] },
    ],
  },
});

export const controllerManager = (...flags: string[]): Obj => ({
  name: 'karmada-controller-manager',
  image: 'docker.io/karmada/karmada-controller-manager:v1.14.2',
  command: ['/bin/karmada-controller-manager', '--kubeconfig=/etc/karmada/config/karmada.config', ...flags],
});

export const agent = (...flags: string[]): Obj => ({
  name: 'karmada-agent',
  image: 'docker.io/karmada/karmada-agent:v1.14.2',
  command: ['/bin/karmada-agent', ...flags],
});

export const service = (name = 'nginx', targetPort: number | string = 80): Obj => ({
  metadata: { name, namespace: NS },
  spec: { selector: { app: name }, ports: [{ port: 80, targetPort, protocol: 'TCP' }] },
});

export const localSlice = (svc: string, addresses: string[], ready = true): Obj => ({
  metadata: {
    name: `${svc}-abcde`,
    namespace: NS,
    labels: { [SERVICE_NAME]: svc, [SLICE_MANAGED_BY]: LOCAL_SLICE_MANAGER },
  },
  endpoints: addresses.map((a) => ({ addresses: [a], conditions: { ready } })),
});

export const importedSlice = (svc: string, provider: string, addresses: string[], suffix = 'abcde'): Obj => ({
  metadata: {
    name: `${provider}-${svc}-${suffix}`,
    namespace: NS,
    labels: { [SERVICE_NAME]: svc, [SLICE_MANAGED_BY]: DISPATCH_MANAGER },
    annotations: { [PROVISION_CLUSTER]: provider },
  },
  endpoints: addresses.map((a) => ({ addresses: [a], conditions: { ready: true } })),
});

export const node = (name: string, cidr: string): Obj => ({
  metadata: { name },
  spec: { podCIDR: cidr, podCIDRs: [cidr] },
});

export const member = (name: string, facts: Partial<MemberFacts> = {}): MemberFacts => ({
  name,
  ready: true,
  syncMode: 'Push',
  services: [],
  slices: [],
  nodes: [],
  ...facts,
});

export const mcs = (name = 'nginx', spec: Obj = {}, conditions: Obj[] | null = null): Obj => ({
  metadata: { name, namespace: NS, creationTimestamp: T0 },
  spec: {
    types: ['CrossCluster'],
    providerClusters: [{ name: 'member1' }],
    consumerClusters: [{ name: 'member2' }],
    ...spec,
  },
  status: {
    conditions: conditions ?? [
      {
        type: 'ServiceApplied',
        status: 'True',
        reason: 'ServiceAppliedSucceed',
        message: 'Service is propagated to target clusters.',
        lastTransitionTime: T0,
      },
      {
        type: 'EndpointSliceDispatched',
        status: 'True',
        reason: 'EndpointSliceDispatchedSucceed',
        message: 'EndpointSlice are dispatched successfully.',
        lastTransitionTime: T0,
      },
    ],
  },
});

const copy = (name = 'nginx'): Obj => ({
  metadata: { name, namespace: NS, labels: { 'karmada.io/managed': 'true' } },
  spec: service(name).spec,
});

export const PROVIDER_IPS = ['10.244.1.5', '10.244.1.6'];

/** A healthy nginx: member1 provides two ready endpoints, member2 imports both and has the Service copy. */
export function healthy(): TestSnapshot {
  return {
    mcs: [mcs()],
    services: new Map([[`${NS}/nginx`, service()]]),
    clusters: [cluster('member1'), cluster('member2')],
    deployments: [
      {
        metadata: { name: 'nginx', namespace: NS },
        spec: {
          template: {
            metadata: { labels: { app: 'nginx' } },
            spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] },
          },
        },
      },
    ],
    members: new Map([
      [
        'member1',
        member('member1', {
          services: [copy()],
          slices: [localSlice('nginx', PROVIDER_IPS)],
          nodes: [node('m1-n1', '10.244.1.0/24')],
        }),
      ],
      [
        'member2',
        member('member2', {
          services: [copy()],
          slices: [localSlice('nginx', []), importedSlice('nginx', 'member1', PROVIDER_IPS)],
          nodes: [node('m2-n1', '10.245.1.0/24')],
        }),
      ],
    ]),
    gate: { enabled: true, source: 'explicit', describe: 'on (MultiClusterService=true)' },
    host: {
      context: 'karmada-host',
      container: controllerManager('--feature-gates=MultiClusterService=true'),
      deployment: {
        name: 'karmada-controller-manager',
        namespace: 'karmada-system',
        selector: 'app=karmada-controller-manager',
      },
      containerIndex: 0,
    },
    karmadaLabel: 'context "karmada-apiserver"',
    name: 'nginx',
    namespace: NS,
    install: false,
    deep: true,
    events: [],
    bindings: [
      {
        metadata: { name: 'nginx-service', namespace: NS },
        spec: { placement: { clusterAffinity: { clusterNames: ['member1', 'member2'] } } },
      },
    ],
    crd: null,
  };
}

export const memberOf = (snap: Snapshot, name: string): MemberFacts => snap.members.get(name)!;
