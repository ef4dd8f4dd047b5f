// Nodes and address ranges of the simulated clusters, as kind and Karmada's local-up create them.
import { type Writers, trackWrite } from './fields.js';
import { type ClusterRole, NODES } from './resources.js';
import type { SimObject, World } from './world.js';

export interface Cidr {
  base: number;
  bits: number;
}

const toInt = (ip: string): number => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
export const toIp = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** Parses `a.b.c.d/n`; the address is masked to its network, as net.ParseCIDR does. */
export function parseCidr(text: string): Cidr {
  const [ip = '', bitsText = ''] = text.split('/');
  const bits = Number(bitsText);
  if (!isIPv4(ip) || !/^\d{1,2}$/.test(bitsText) || bits > 32) throw new Error(`invalid CIDR address: ${text}`);
  const size = 2 ** (32 - bits);
  return { base: Math.floor(toInt(ip) / size) * size, bits };
}

export const formatCidr = (c: Cidr): string => `${toIp(c.base)}/${c.bits}`;
export const cidrSize = (c: Cidr): number => 2 ** (32 - c.bits);
export const inCidr = (c: Cidr, ip: string): boolean =>
  isIPv4(ip) && toInt(ip) >= c.base && toInt(ip) < c.base + cidrSize(c);
export const addressIn = (c: Cidr, offset: number): string => toIp(c.base + offset);

/**
 * kube-controller-manager's range allocator gives each node a /24 (--node-cidr-mask-size, default 24 for IPv4,
 * pkg/controller/nodeipam/ipam/cidrset); kind's single control-plane node gets the first one.
 */
export function nodePodCidr(clusterCidr: Cidr): Cidr {
  return { base: clusterCidr.base, bits: Math.max(24, clusterCidr.bits) };
}

/**
 * Default ranges. Members follow Karmada's local-up (artifacts/kindClusterConfig/member{1,2,3}.yaml: member1 pods
 * 10.10.0.0/16 and Services 10.11.0.0/16, member2 10.12/10.13, member3 10.14/10.15), continued for more members.
 * The host cluster keeps kind's defaults (10.244.0.0/16 and 10.96.0.0/16, kind pkg/apis/config/v1alpha4/default.go;
 * artifacts/kindClusterConfig/karmada-host.yaml sets neither); karmada-apiserver allocates ClusterIPs from
 * --service-cluster-ip-range=10.96.0.0/12 (artifacts/deploy/karmada-apiserver.yaml) and runs no pods.
 */
export function defaultRanges(
  name: string,
  role: ClusterRole,
  index: number,
): { podCidr?: string; serviceCidr: string } {
  if (role === 'karmada') return { serviceCidr: '10.96.0.0/12' };
  if (role === 'host') return { podCidr: '10.244.0.0/16', serviceCidr: '10.96.0.0/16' };
  const n = /^member(\d+)$/.exec(name)?.[1];
  if (n && Number(n) <= 110)
    return { podCidr: `10.${8 + 2 * Number(n)}.0.0/16`, serviceCidr: `10.${9 + 2 * Number(n)}.0.0/16` };
  // Fleets past local-up's numbering: a /20 pair each from 100.64.0.0/10, room for 512 clusters without overlap.
  const k = index % 512;
  const at = (offset: number) => `100.${64 + Math.floor(offset / 16)}.${(offset % 16) * 16}.0/20`;
  return { podCidr: at(2 * k), serviceCidr: at(2 * k + 1) };
}

/** kind names a cluster's only node `<kind cluster>-control-plane`. */
export const nodeNameOf = (cluster: string): string => `${cluster}-control-plane`;

const KUBE_VERSION = 'v1.31.2';

interface NodeCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastHeartbeatTime: string;
  lastTransitionTime: string;
}

/** The Node fields the simulator writes. A type, not an interface: a SimObject takes it. */
type KindNode = {
  metadata: {
    name: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    creationTimestamp: string;
  };
  spec: { podCIDR?: string; podCIDRs?: string[]; providerID: string };
  status: {
    addresses: { type: string; address: string }[];
    allocatable: Record<string, string>;
    capacity: Record<string, string>;
    conditions: NodeCondition[];
    daemonEndpoints: { kubeletEndpoint: { Port: number } };
    nodeInfo: Record<string, string>;
  };
};

/**
 * A kind control-plane Node as the kubelet registers it and kube-controller-manager completes it: podCIDR(s) from
 * node IPAM, the kind network address (docker network `kind`, 172.18.0.0/16), Ready and the pressure conditions
 * (pkg/kubelet/nodestatus/setters.go), and no control-plane taint: kind removes it from single-node clusters.
 * `registered` is when the kubelet created it, `ready` when it reported Ready.
 */
export function nodeObject(
  name: string,
  podCidr: string,
  nodeIp: string,
  registered: string,
  ready = registered,
): KindNode {
  const cluster = name.replace(/-control-plane$/, '');
  const since = { lastHeartbeatTime: ready, lastTransitionTime: registered };
  const resources = {
    cpu: '8',
    'ephemeral-storage': '102626232Ki',
    'hugepages-2Mi': '0',
    memory: '16303884Ki',
    pods: '110',
  };
  return {
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
        'node.kubernetes.io/exclude-from-external-load-balancers': '',
      },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      creationTimestamp: registered,
    },
    spec: { podCIDR: podCidr, podCIDRs: [podCidr], providerID: `kind://docker/${cluster}/${name}` },
    status: {
      addresses: [
        { type: 'InternalIP', address: nodeIp },
        { type: 'Hostname', address: name },
      ],
      allocatable: resources,
      capacity: resources,
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
          ...since,
        },
        {
          type: 'DiskPressure',
          status: 'False',
          reason: 'KubeletHasNoDiskPressure',
          message: 'kubelet has no disk pressure',
          ...since,
        },
        {
          type: 'PIDPressure',
          status: 'False',
          reason: 'KubeletHasSufficientPID',
          message: 'kubelet has sufficient PID available',
          ...since,
        },
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: ready,
          lastTransitionTime: ready,
        },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: 'containerd://1.7.18',
        kernelVersion: '6.8.0-49-generic',
        kubeProxyVersion: KUBE_VERSION,
        kubeletVersion: KUBE_VERSION,
        machineID: '',
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: '',
      },
    },
  };
}

const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * The node with the managedFields of the writes that made it, in kind's order: the kubelet registers it (labels, the
 * attach-detach annotation, providerID; its status then is reset from the record), kubeadm labels and annotates the
 * control plane (markcontrolplane, its CRI socket), kube-controller-manager assigns the pod CIDR (nodeipam) and the TTL
 * annotation (ttl controller), and the kubelet's status patch turns Ready.
 */
export function registeredNode(name: string, podCidr: string, nodeIp: string, now = Date.now()): SimObject {
  const registered = at(now - 20_000);
  const ready = at(now - 8_000);
  const final = nodeObject(name, podCidr, nodeIp, registered, ready);
  const kubeletMade = structuredClone(final);
  kubeletMade.metadata.labels = Object.fromEntries(
    Object.entries(final.metadata.labels).filter(([k]) => k.startsWith('beta.') || k.startsWith('kubernetes.io/')),
  );
  kubeletMade.metadata.annotations = { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' };
  kubeletMade.spec = { providerID: final.spec.providerID };
  kubeletMade.status.conditions = final.status.conditions.map((c) =>
    c.type === 'Ready'
      ? {
          type: 'Ready',
          status: 'False',
          reason: 'KubeletNotReady',
          message: 'container runtime status check may not have completed yet',
          lastHeartbeatTime: registered,
          lastTransitionTime: registered,
        }
      : { ...c, lastHeartbeatTime: registered },
  );
  const kubeadmDone = structuredClone(kubeletMade);
  kubeadmDone.metadata.labels = { ...final.metadata.labels };
  kubeadmDone.metadata.annotations = {
    'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
    ...kubeletMade.metadata.annotations,
  };
  const kcmDone = { ...structuredClone(kubeadmDone), spec: final.spec };
  kcmDone.metadata.annotations = { ...final.metadata.annotations };
  const steps: [SimObject, Writers, string][] = [
    [kubeletMade, { main: 'kubelet' }, registered],
    [kubeadmDone, { main: 'kubeadm' }, at(now - 19_000)],
    [kcmDone, { main: 'kube-controller-manager' }, at(now - 18_000)],
    [final, { status: 'kubelet' }, ready],
  ];
  let live: SimObject | undefined;
  for (const [next, writers, time] of steps) {
    const managedFields = trackWrite(NODES, live, next, writers, time);
    live = { ...next, metadata: { ...next.metadata, ...(managedFields ? { managedFields } : {}) } };
  }
  return live ?? final;
}

/** Registers each cluster's node (karmada-apiserver has none: `kubectl get nodes` there finds nothing). */
export function installNodes(world: World): void {
  const now = Date.now();
  for (const c of world.clusters.values()) {
    if (c.nodePodCidr)
      world.put(c.name, NODES, registeredNode(c.nodeName, formatCidr(c.nodePodCidr), c.nodeIp, now), 'as-is');
  }
}
