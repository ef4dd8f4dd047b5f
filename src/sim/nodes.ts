// Nodes and address ranges of the simulated clusters, as kind and Karmada's local-up create them.
import { createHash } from 'node:crypto';
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

/** A container image as the kubelet lists it (kubecontainer.Image): digests and tags, size in bytes. */
interface Image {
  repoDigests: string[];
  repoTags: string[];
  size: number;
}

/** A stand-in for an image's digest: the simulator pulls nothing, so the real digests are unknown here. */
const digest = (name: string): string => `sha256:${createHash('sha256').update(name).digest('hex')}`;

/**
 * What a kindest/node v1.31.2 image holds (kind v0.25.0's default, pkg/apis/config/defaults/image.go): the release's
 * control-plane images imported from their tarballs with `ctr images import --digests` (pkg/build/nodeimage: an
 * `import-<date>@sha256` name beside the tags, with and without the arch suffix), and the images the build pulls:
 * etcd, CoreDNS and pause as kubeadm lists them for v1.31, kindnetd (const_cni.go) and local-path-provisioner with its
 * helper (const_storage.go). The sizes are close to the real ones, not exact; the digests are made up.
 */
const KIND_IMAGES: readonly Image[] = [
  ...(
    [
      ['kube-apiserver', 95_274_464],
      ['kube-proxy', 92_783_513],
      ['kube-controller-manager', 89_437_512],
      ['kube-scheduler', 68_420_936],
    ] as const
  ).map(([component, size]) => ({
    repoDigests: [`docker.io/library/import-2024-11-08@${digest(component)}`],
    repoTags: [`registry.k8s.io/${component}-amd64:${KUBE_VERSION}`, `registry.k8s.io/${component}:${KUBE_VERSION}`],
    size,
  })),
  ...(
    [
      ['registry.k8s.io/etcd:3.5.15-0', 56_909_194],
      ['docker.io/kindest/kindnetd:v20241108-5c6d2daf', 38_601_118],
      ['docker.io/kindest/local-path-provisioner:v20241108-5c6d2daf', 22_541_737],
      ['registry.k8s.io/coredns/coredns:v1.11.3', 18_562_039],
      ['docker.io/kindest/local-path-helper:v20230510-486859a6', 3_052_318],
      ['registry.k8s.io/pause:3.10', 320_368],
    ] as const
  ).map(([tag, size]) => ({ repoDigests: [], repoTags: [tag], size })),
];

/** Sizes of the images the simulated workloads run (docker.io's, about; others get a middling size). */
const PULLED_SIZES: Record<string, number> = {
  'docker.io/library/nginx:latest': 72_955_450,
  'docker.io/curlimages/curl:8.11.0': 11_930_530,
};

/**
 * An image reference as containerd names what it pulled (docker's reference normalization: docker.io/library/ for an
 * official image, :latest when untagged), and the image the kubelet then lists: the pull records its digest and tag.
 */
export function pulledImage(reference: string): Image {
  const [repo = '', pinned] = reference.split('@');
  const domain = repo.split('/')[0] ?? '';
  const qualified =
    domain.includes('.') || domain.includes(':') || domain === 'localhost'
      ? repo
      : repo.includes('/')
        ? `docker.io/${repo}`
        : `docker.io/library/${repo}`;
  const tagged = /:[^/]+$/.test(qualified) ? qualified : pinned ? undefined : `${qualified}:latest`;
  const name = qualified.replace(/:[^/]+$/, '');
  return {
    repoDigests: [`${name}@${pinned ?? digest(tagged ?? name)}`],
    repoTags: tagged ? [tagged] : [],
    size: (tagged && PULLED_SIZES[tagged]) || 40_000_000,
  };
}

/** The kubelet's --node-status-max-images default (pkg/kubelet/apis/config/v1beta1 defaults: 50). */
const NODE_STATUS_MAX_IMAGES = 50;
/** nodestatus.MaxNamesPerImageInNodeStatus */
const MAX_NAMES_PER_IMAGE = 5;

/**
 * status.images as the kubelet's Images setter writes them (pkg/kubelet/nodestatus/setters.go): the image manager's
 * list, largest first, cut to --node-status-max-images; each image's digests then tags, at most 5 names.
 */
export function nodeImages(images: readonly Image[]): { names: string[]; sizeBytes: number }[] {
  return [...images]
    .sort((a, b) => b.size - a.size)
    .slice(0, NODE_STATUS_MAX_IMAGES)
    .map((i) => ({ names: [...i.repoDigests, ...i.repoTags].slice(0, MAX_NAMES_PER_IMAGE), sizeBytes: i.size }));
}

/** The node's images after the kubelet pulled `references` (those it holds already are not listed twice). */
export function withPulled(
  current: readonly { names?: string[]; sizeBytes?: number }[],
  references: string[],
): { names: string[]; sizeBytes: number }[] | undefined {
  const known = new Set(current.flatMap((i) => i.names ?? []));
  const pulled = references
    .map(pulledImage)
    .filter((i) => ![...i.repoTags, ...i.repoDigests].some((n) => known.has(n)));
  if (pulled.length === 0) return undefined;
  const held = current.map((i) => ({
    repoDigests: (i.names ?? []).filter((n) => n.includes('@')),
    repoTags: (i.names ?? []).filter((n) => !n.includes('@')),
    size: i.sizeBytes ?? 0,
  }));
  const unique = [...new Map(pulled.map((i) => [i.repoTags.join() || i.repoDigests.join(), i])).values()];
  return nodeImages([...held, ...unique]);
}

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
    images?: { names: string[]; sizeBytes: number }[];
    nodeInfo: Record<string, string>;
  };
};

/**
 * A kind control-plane Node as the kubelet registers it and kube-controller-manager completes it: podCIDR(s) from
 * node IPAM, the kind network address (docker network `kind`, 172.18.0.0/16), Ready and the pressure conditions
 * (pkg/kubelet/nodestatus/setters.go), the preloaded images, and no control-plane taint: kind removes it from
 * single-node clusters. `registered` is when the kubelet created it, `ready` when it reported Ready.
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
      images: nodeImages(KIND_IMAGES),
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
 * annotation (ttl controller), and the kubelet's status patch turns Ready and lists the images it found.
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
  delete kubeletMade.status.images;
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
