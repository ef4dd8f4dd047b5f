// A member Cluster's status as Karmada's cluster status controller writes it (karmada-controller-manager for Push
// members, karmada-agent for Pull ones), read from pkg/controllers/status/cluster_status_controller.go at v1.8.0 …
// v1.18.0, whose rules are the same in every release but the CompleteAPIEnablements condition (v1.12+, layouts.ts):
// - apiEnablements (getAPIEnablements): every group version the member's discovery lists
//   (ServerGroupsAndResources: all versions, not only the preferred), each resource's name and kind with
//   subresources ("pods/status") skipped, resources sorted by name and group versions by groupVersion.
// - nodeSummary and resourceSummary (getNodeSummary, getResourceSummary) when --enable-cluster-resource-modeling is
//   on (default true, cmd/controller-manager/app/options and cmd/agent/app/options), from the member's Nodes and Pods;
//   resourceSummary.allocatableModelings (getAllocatableModelings) when the CustomizedClusterResourceModeling gate is
//   also on (Beta, default true from v1.8 to v1.18, pkg/features/features.go) and spec.resourceModels is set, which
//   karmada-aggregated-apiserver defaults when the Cluster is created (pkg/registry/cluster/strategy.go
//   PrepareForCreate, pkg/apis/cluster/mutation/mutation.go SetDefaultClusterResourceModels).
// The static parts (the API list, the default models) are built once and frozen, shared by every Cluster.
import {
  AGENT,
  CONTROLLER_MANAGER,
  HOST_CLUSTER,
  featureGates,
  findComponent,
  flagValues,
  parseBool,
  runningContainer,
} from './controller-manager.js';
import type {
  AllocatableModeling,
  ApiEnablement,
  Cluster,
  NodeSummary,
  ResourceList,
  ResourceModel,
  ResourceSummary,
} from './karmada-types.js';
import type { Container, Node, Pod } from './kinds.js';
import type { Layout } from './layouts.js';
import { CLUSTERS, DEPLOYMENTS, NODES, PODS, type ResourceType, keyOf } from './resources.js';
import type { WatchEvent, World } from './world.js';
import { memberWriter } from './works.js';

const KARMADA = 'karmada';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const NANO = 1_000_000_000n;

/** Go's `a < b` on strings: byte order, which for these ASCII names is UTF-16 order. */
const byBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// --- resource.Quantity (k8s.io/apimachinery pkg/api/resource), exact in nano-units as BigInt ---

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
interface Quantity {
  nanos: bigint;
  format: Format;
}

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const ceilDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? (a + b - 1n) / b : a / b);

/** ParseQuantity: sign, digits, a fraction, then an SI, binary or exponent suffix; values below a nano round up. */
export function parseQuantity(text: string): Quantity | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(text.trim());
  if (!m || `${m[2] ?? ''}${m[3] ?? ''}` === '') return undefined;
  const fraction = m[3] ?? '';
  const digits = BigInt(`${m[2] ?? ''}${fraction}` || '0');
  const suffix = m[4] ?? '';
  const binary = BINARY_SUFFIX.indexOf(suffix);
  let scaled: bigint;
  if (binary > 0) {
    scaled = ceilDiv(digits * 1024n ** BigInt(binary) * NANO, 10n ** BigInt(fraction.length));
  } else {
    const exponent = /^[eE]/.test(suffix) ? Number(suffix.slice(1)) : (DECIMAL_SUFFIX[suffix] ?? 0);
    const shift = exponent + 9 - fraction.length;
    scaled = shift >= 0 ? digits * 10n ** BigInt(shift) : ceilDiv(digits, 10n ** BigInt(-shift));
  }
  const format = binary > 0 ? 'BinarySI' : /^[eE]/.test(suffix) ? 'DecimalExponent' : 'DecimalSI';
  return { nanos: m[1] === '-' ? -scaled : scaled, format };
}

/** Quantity.String(): the canonical form, as a Quantity marshals to JSON. */
export function formatQuantity({ nanos, format }: Quantity): string {
  if (nanos === 0n) return '0';
  const negative = nanos < 0n;
  const abs = negative ? -nanos : nanos;
  const sign = negative ? '-' : '';
  // BinarySI below 1024 in magnitude, or not a whole number, is written as DecimalSI (CanonicalizeBytes).
  if (format === 'BinarySI' && abs >= 1024n * NANO && abs % NANO === 0n) {
    let mantissa = abs / NANO;
    let power = 0;
    while (mantissa % 1024n === 0n && power < BINARY_SUFFIX.length - 1) {
      mantissa /= 1024n;
      power++;
    }
    return `${sign}${mantissa}${BINARY_SUFFIX[power]}`;
  }
  let mantissa = abs;
  let exponent = -9;
  while (mantissa % 1000n === 0n && exponent < 18) {
    mantissa /= 1000n;
    exponent += 3;
  }
  const suffix =
    format === 'DecimalExponent'
      ? exponent === 0
        ? ''
        : `e${exponent}`
      : (Object.keys(DECIMAL_SUFFIX).find((k) => DECIMAL_SUFFIX[k] === exponent) ?? '');
  return `${sign}${mantissa}${suffix}`;
}

/** Quantity.Value() and MilliValue(): rounded up. */
const value = (q: Quantity | undefined): bigint => (q ? ceilDiv(q.nanos, NANO) : 0n);
const milliValue = (q: Quantity | undefined): bigint => (q ? ceilDiv(q.nanos, 1_000_000n) : 0n);

/**
 * What the discovery of a kind member running Kubernetes v1.31 (nodes.ts: v1.31.2) lists: the group versions
 * kube-apiserver serves by default (kubernetes pkg/controlplane/instance.go at v1.31:
 * stableAPIGroupVersionsEnabledByDefault, plus flowcontrol v1beta3's two legacyBetaEnabledByDefaultResources, removed
 * in v1.32; alpha and other beta versions are off), with apiextensions-apiserver's and kube-aggregator's, each
 * version's resources as api/discovery/*.json of that release names them. kind adds
 * no API (kindnet, kube-proxy, CoreDNS and local-path-provisioner define no CRD). Subresources are left out here,
 * as getAPIEnablements drops them.
 */
const KIND_V1_31: Record<string, Record<string, string>> = {
  v1: {
    bindings: 'Binding',
    componentstatuses: 'ComponentStatus',
    configmaps: 'ConfigMap',
    endpoints: 'Endpoints',
    events: 'Event',
    limitranges: 'LimitRange',
    namespaces: 'Namespace',
    nodes: 'Node',
    persistentvolumeclaims: 'PersistentVolumeClaim',
    persistentvolumes: 'PersistentVolume',
    pods: 'Pod',
    podtemplates: 'PodTemplate',
    replicationcontrollers: 'ReplicationController',
    resourcequotas: 'ResourceQuota',
    secrets: 'Secret',
    serviceaccounts: 'ServiceAccount',
    services: 'Service',
  },
  'admissionregistration.k8s.io/v1': {
    mutatingwebhookconfigurations: 'MutatingWebhookConfiguration',
    validatingadmissionpolicies: 'ValidatingAdmissionPolicy',
    validatingadmissionpolicybindings: 'ValidatingAdmissionPolicyBinding',
    validatingwebhookconfigurations: 'ValidatingWebhookConfiguration',
  },
  'apiextensions.k8s.io/v1': { customresourcedefinitions: 'CustomResourceDefinition' },
  'apiregistration.k8s.io/v1': { apiservices: 'APIService' },
  'apps/v1': {
    controllerrevisions: 'ControllerRevision',
    daemonsets: 'DaemonSet',
    deployments: 'Deployment',
    replicasets: 'ReplicaSet',
    statefulsets: 'StatefulSet',
  },
  'authentication.k8s.io/v1': { selfsubjectreviews: 'SelfSubjectReview', tokenreviews: 'TokenReview' },
  'authorization.k8s.io/v1': {
    localsubjectaccessreviews: 'LocalSubjectAccessReview',
    selfsubjectaccessreviews: 'SelfSubjectAccessReview',
    selfsubjectrulesreviews: 'SelfSubjectRulesReview',
    subjectaccessreviews: 'SubjectAccessReview',
  },
  'autoscaling/v1': { horizontalpodautoscalers: 'HorizontalPodAutoscaler' },
  'autoscaling/v2': { horizontalpodautoscalers: 'HorizontalPodAutoscaler' },
  'batch/v1': { cronjobs: 'CronJob', jobs: 'Job' },
  'certificates.k8s.io/v1': { certificatesigningrequests: 'CertificateSigningRequest' },
  'coordination.k8s.io/v1': { leases: 'Lease' },
  'discovery.k8s.io/v1': { endpointslices: 'EndpointSlice' },
  'events.k8s.io/v1': { events: 'Event' },
  'flowcontrol.apiserver.k8s.io/v1': {
    flowschemas: 'FlowSchema',
    prioritylevelconfigurations: 'PriorityLevelConfiguration',
  },
  'flowcontrol.apiserver.k8s.io/v1beta3': {
    flowschemas: 'FlowSchema',
    prioritylevelconfigurations: 'PriorityLevelConfiguration',
  },
  'networking.k8s.io/v1': { ingressclasses: 'IngressClass', ingresses: 'Ingress', networkpolicies: 'NetworkPolicy' },
  'node.k8s.io/v1': { runtimeclasses: 'RuntimeClass' },
  'policy/v1': { poddisruptionbudgets: 'PodDisruptionBudget' },
  'rbac.authorization.k8s.io/v1': {
    clusterrolebindings: 'ClusterRoleBinding',
    clusterroles: 'ClusterRole',
    rolebindings: 'RoleBinding',
    roles: 'Role',
  },
  'scheduling.k8s.io/v1': { priorityclasses: 'PriorityClass' },
  'storage.k8s.io/v1': {
    csidrivers: 'CSIDriver',
    csinodes: 'CSINode',
    csistoragecapacities: 'CSIStorageCapacity',
    storageclasses: 'StorageClass',
    volumeattachments: 'VolumeAttachment',
  },
};

/**
 * hack/local-up-karmada.sh (v1.8 … v1.18) runs hack/deploy-k8s-metrics-server.sh in every member: metrics-server
 * v0.6.3 with --kubelet-insecure-tls, so its APIService is available and discovery lists metrics.k8s.io/v1beta1.
 */
const METRICS_SERVER: Record<string, Record<string, string>> = {
  'metrics.k8s.io/v1beta1': { nodes: 'NodeMetrics', pods: 'PodMetrics' },
};

/** getAPIEnablements' sorts: resources by name, group versions by groupVersion (sort.SliceStable, Go `<`). */
function apiEnablements(groups: Record<string, Record<string, string>>): readonly ApiEnablement[] {
  return deepFreeze(
    Object.entries(groups)
      .map(([groupVersion, resources]) => ({
        groupVersion,
        resources: Object.entries(resources)
          .map(([name, kind]) => ({ name, kind }))
          .sort((a, b) => byBytes(a.name, b.name)),
      }))
      .sort((a, b) => byBytes(a.groupVersion, b.groupVersion)),
  );
}

const KIND_APIS = apiEnablements(KIND_V1_31);
const LOCAL_UP_APIS = apiEnablements({ ...KIND_V1_31, ...METRICS_SERVER });

/**
 * A member's apiEnablements: one shared frozen list per layout. The simulator's members never change what they
 * serve, so the list written at registration stands; a test or scenario that replaces it models a member serving
 * less. It describes a kind member, not the subset of kinds the simulated member's own API server implements.
 */
export const apiEnablementsOf = (layout: Layout): readonly ApiEnablement[] =>
  layout === 'local-up' ? LOCAL_UP_APIS : KIND_APIS;

const MAX_INT64 = '9223372036854775807';
/**
 * SetDefaultClusterResourceModels: grades 0–8 of [min, max) CPU (cores) and memory (GiB), the last one open
 * (math.MaxInt64), as resource.NewQuantity writes them (DecimalSI for CPU, BinarySI for memory: 1024Gi is "1Ti").
 */
export const DEFAULT_RESOURCE_MODELS: readonly ResourceModel[] = deepFreeze(
  [
    [0, 0],
    [1, 4],
    [2, 16],
    [4, 32],
    [8, 64],
    [16, 128],
    [32, 256],
    [64, 512],
    [128, 1024],
  ].map(([cpu = 0, gib = 0], grade, all) => {
    const [nextCpu, nextGib] = all[grade + 1] ?? [];
    const memory = (n: number) => formatQuantity({ nanos: BigInt(n) * 2n ** 30n * NANO, format: 'BinarySI' });
    return {
      grade,
      ranges: [
        { name: 'cpu', min: String(cpu), max: nextCpu === undefined ? MAX_INT64 : String(nextCpu) },
        { name: 'memory', min: memory(gib), max: nextGib === undefined ? MAX_INT64 : memory(nextGib) },
      ],
    };
  }),
);

// --- util.Resource (pkg/util/resource.go) ---

/** lifted.IsScalarResourceName: extended (domain-qualified), hugepages-*, attachable-volumes-* resources. */
const isScalar = (name: string): boolean =>
  name.includes('/') || name.startsWith('hugepages-') || name.startsWith('attachable-volumes-');

class Resource {
  milliCpu = 0n;
  memory = 0n;
  ephemeralStorage = 0n;
  pods = 0n;
  readonly scalars = new Map<string, bigint>();

  add(list: Record<string, string> | undefined): void {
    this.combine(list, (a, b) => a + b);
  }

  /** SetMaxResource */
  max(list: Record<string, string> | undefined): void {
    this.combine(list, (a, b) => (b > a ? b : a));
  }

  /** Each amount of the list combined with the one held: CPU in millicores, the rest in whole units. */
  private combine(list: Record<string, string> | undefined, op: (held: bigint, amount: bigint) => bigint): void {
    for (const [name, text] of Object.entries(list ?? {})) {
      const q = parseQuantity(text);
      if (name === 'cpu') this.milliCpu = op(this.milliCpu, milliValue(q));
      else if (name === 'memory') this.memory = op(this.memory, value(q));
      else if (name === 'pods') this.pods = op(this.pods, value(q));
      else if (name === 'ephemeral-storage') this.ephemeralStorage = op(this.ephemeralStorage, value(q));
      else if (isScalar(name)) this.scalars.set(name, op(this.scalars.get(name) ?? 0n, value(q)));
    }
  }

  /** AddPodRequest: the containers' requests, each init container's as a floor, then the pod overhead. */
  addPod(pod: Pod): void {
    for (const c of pod.spec?.containers ?? []) this.add(c.resources?.requests);
    for (const c of pod.spec?.initContainers ?? []) this.max(c.resources?.requests);
    if (pod.spec?.overhead) this.add(pod.spec.overhead);
  }

  /** ResourceList(): the non-zero amounts, or nil (absent) when all are zero. */
  list(): Map<string, Quantity> | undefined {
    const result = new Map<string, Quantity>();
    if (this.milliCpu > 0n) result.set('cpu', { nanos: this.milliCpu * 1_000_000n, format: 'DecimalSI' });
    if (this.memory > 0n) result.set('memory', { nanos: this.memory * NANO, format: 'BinarySI' });
    if (this.ephemeralStorage > 0n)
      result.set('ephemeral-storage', { nanos: this.ephemeralStorage * NANO, format: 'BinarySI' });
    if (this.pods > 0n) result.set('pods', { nanos: this.pods * NANO, format: 'DecimalSI' });
    for (const [name, amount] of this.scalars) {
      if (amount > 0n)
        result.set(name, { nanos: amount * NANO, format: name.startsWith('hugepages-') ? 'BinarySI' : 'DecimalSI' });
    }
    return result.size ? result : undefined;
  }
}

/** A corev1.ResourceList as JSON: encoding/json writes map keys sorted. */
function toJson(list: Map<string, Quantity> | undefined): ResourceList | undefined {
  if (!list?.size) return undefined;
  return Object.fromEntries(
    [...list.keys()].sort(byBytes).map((name) => [name, formatQuantity(list.get(name) as Quantity)]),
  );
}

const scheduled = (p: Pod) => !!p.spec?.nodeName;
const terminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** helper.NodeReady (pkg/util/helper/node.go): the node's Ready condition is True. */
const nodeReady = (n: Node) => (n.status?.conditions ?? []).find((c) => c.type === 'Ready')?.status === 'True';

/** getNodeSummary; NodeSummary's fields are omitempty. */
function nodeSummary(nodes: Node[]): NodeSummary {
  const ready = nodes.filter(nodeReady).length;
  return { ...(nodes.length ? { totalNum: nodes.length } : {}), ...(ready ? { readyNum: ready } : {}) };
}

/** getClusterAllocatable: the nodes' allocatable summed with Quantity.Add, which keeps the first quantity's format
 * unless that one is zero (then the other's). */
function clusterAllocatable(nodes: Node[]): Map<string, Quantity> {
  const sum = new Map<string, Quantity>();
  for (const node of nodes) {
    for (const [name, text] of Object.entries(node.status?.allocatable ?? {})) {
      const q = parseQuantity(text);
      if (!q) continue;
      const had = sum.get(name);
      sum.set(name, had ? { nanos: had.nanos + q.nanos, format: had.nanos === 0n ? q.format : had.format } : q);
    }
  }
  return sum;
}

/** getAllocatingResource (pods not yet scheduled) and getAllocatedResource (scheduled, not Succeeded or Failed). */
function podsResource(pods: Pod[]): Map<string, Quantity> | undefined {
  const r = new Resource();
  let count = 0n;
  for (const pod of pods) {
    r.addPod(pod);
    count++;
  }
  r.add({ pods: String(count) });
  return r.list();
}

/** searchLastLessElement (pkg/modeling/modeling.go): the last index whose value is ≤ target, by binary search. */
function lastLessOrEqual(nums: bigint[], target: bigint): number {
  let low = 0;
  let high = nums.length - 1;
  while (low <= high) {
    const mid = low + ((high - low) >> 1);
    const atMid = nums[mid] as bigint;
    if (atMid <= target) {
      if (mid === nums.length - 1 || (nums[mid + 1] as bigint) > target) return mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return -1;
}

/**
 * getAllocatableModelings with pkg/modeling/modeling.go (InitSummary, AddToResourceSummary): each node's allocatable
 * less its scheduled pods' requests (getNodeAvailable) counts in the highest grade whose every range min it reaches.
 */
function allocatableModelings(models: readonly ResourceModel[], nodes: Node[], pods: Pod[]): AllocatableModeling[] {
  if (models.length === 0) return [];
  // InitSummary takes the resource names from the ranges of the first model that has them all.
  const names: string[] = [];
  const mins = models.map((model) => {
    const byName = new Map<string, bigint>();
    for (const range of model.ranges) {
      if (names.length !== model.ranges.length) names.push(range.name);
      byName.set(range.name, parseQuantity(range.min)?.nanos ?? 0n);
    }
    return byName;
  });
  if (names.length && names.length !== mins[0]?.size) return []; // InitSummary's error: no modelings
  const sortings = names.map((name) => mins.map((m) => m.get(name) ?? 0n));
  const counts = models.map(() => 0);
  const perNode = new Map<string, Resource>();
  for (const pod of pods) {
    if (!scheduled(pod) || terminal(pod)) continue;
    const node = pod.spec?.nodeName ?? '';
    const r = perNode.get(node) ?? new Resource();
    r.addPod(pod);
    r.add({ pods: '1' });
    perNode.set(node, r);
  }
  for (const node of nodes) {
    const available = new Map<string, bigint>();
    for (const [name, text] of Object.entries(node.status?.allocatable ?? {}))
      available.set(name, parseQuantity(text)?.nanos ?? 0n);
    const used = perNode.get(node.metadata.name)?.list();
    if (used) {
      // getNodeAvailable: no room for another pod ends the modeling (the loop breaks).
      if (ceilDiv(available.get('pods') ?? 0n, NANO) - value(used.get('pods')) <= 0n) break;
      for (const [name, q] of used) {
        const had = available.get(name);
        if (had !== undefined) available.set(name, had - q.nanos);
      }
    }
    const grade = Math.min(...names.map((name, i) => lastLessOrEqual(sortings[i] ?? [], available.get(name) ?? 0n)));
    if (grade >= 0 && grade < counts.length) counts[grade] = (counts[grade] ?? 0) + 1;
  }
  return models.map((model, i) => ({ grade: model.grade, count: counts[i] ?? 0 }));
}

/** What the component that writes a member's status runs with; undefined when it does not run. */
export interface ModelingSettings {
  /** --enable-cluster-resource-modeling */
  enabled: boolean;
  /** the CustomizedClusterResourceModeling gate */
  customized: boolean;
}

export const DEFAULT_MODELING: ModelingSettings = { enabled: true, customized: true };
const GATE = 'CustomizedClusterResourceModeling';

/**
 * The Push members' status is written by karmada-controller-manager, a Pull member's by its karmada-agent: as the
 * one running now has its flags (`installed`: as the install's Deployment has them, before any pod runs). A gate
 * set by name wins over AllBeta (featuregate SetFromMap sets the unset Beta gates only); the default is on.
 */
export function modelingSettings(
  world: World,
  cluster: string,
  syncMode: string | undefined,
  installed = false,
): ModelingSettings | undefined {
  const [where, binary] = syncMode === 'Pull' ? [cluster, AGENT] : [HOST_CLUSTER, CONTROLLER_MANAGER];
  const container = installed ? installedContainer(world, where, binary) : runningContainer(world, where, binary);
  if (!container) return undefined;
  try {
    const gates = featureGates(flagValues(container, 'feature-gates'));
    const enabled = boolFlag(container, 'enable-cluster-resource-modeling');
    if (enabled === null) return undefined;
    return {
      enabled,
      customized: gates.get(GATE) ?? gates.get('AllBeta') ?? true,
    };
  } catch {
    return undefined;
  }
}

/** The container an install's Deployment will run, unless it is scaled to zero. */
function installedContainer(world: World, cluster: string, binary: string): Container | undefined {
  const found = findComponent(world, cluster, binary);
  return found && (found.deployment.spec?.replicas ?? 1) > 0 ? found.container : undefined;
}

/**
 * A pflag bool flag, default true: bare `--name` is true, `--name=v` is strconv.ParseBool's v (the last occurrence
 * wins); `--name v` leaves v a positional argument. null: a value the binary refuses to start with.
 */
function boolFlag(container: Container, name: string): boolean | null {
  const tokens = [...(container.command ?? []), ...(container.args ?? [])];
  let value = true;
  for (const token of tokens) {
    if (token === `--${name}`) value = true;
    else if (token.startsWith(`--${name}=`)) {
      const parsed = parseBool(token.slice(name.length + 3));
      if (parsed === undefined) return null;
      value = parsed;
    }
  }
  return value;
}

/**
 * setCurrentClusterStatus' nodeSummary and resourceSummary from the member's Nodes and Pods as the simulator holds
 * them. The simulator runs only the pods it creates (kind's kube-system pods — CoreDNS, etcd, the control plane,
 * kindnet, and local-up's metrics-server — are not simulated), so `allocated` counts those alone.
 */
export function resourceStatus(
  world: World,
  cluster: string,
  models: readonly ResourceModel[] | undefined,
  settings: ModelingSettings,
): { nodeSummary: NodeSummary; resourceSummary: ResourceSummary } {
  const nodes = world.list(cluster, NODES) as Node[];
  const pods = world.list(cluster, PODS) as Pod[];
  const allocatable = toJson(clusterAllocatable(nodes));
  const allocating = toJson(podsResource(pods.filter((p) => !scheduled(p))));
  const allocated = toJson(podsResource(pods.filter((p) => scheduled(p) && !terminal(p))));
  const modelings = settings.customized ? allocatableModelings(models ?? [], nodes, pods) : [];
  return {
    nodeSummary: nodeSummary(nodes),
    resourceSummary: {
      ...(allocatable ? { allocatable } : {}),
      ...(allocating ? { allocating } : {}),
      ...(allocated ? { allocated } : {}),
      ...(modelings.length ? { allocatableModelings: modelings } : {}),
    },
  };
}

const is = (rt: ResourceType, type: ResourceType) => rt === type || keyOf(rt) === keyOf(type);

/** --cluster-status-update-frequency's default, 10 s in karmada-controller-manager and karmada-agent at v1.8 … v1.18
 * (cmd/controller-manager/app/options/options.go, cmd/agent/app/options/options.go); the controller requeues each
 * Cluster after it (cluster_status_controller.go Reconcile: RequeueAfter). */
export const CLUSTER_STATUS_PERIOD_MS = 10_000;

/**
 * The periodic part of the cluster status controller: it recollects the node and resource summaries of a Ready,
 * reachable member and writes them only if they changed (updateStatusIfNeeded), at most once per
 * --cluster-status-update-frequency per member (it requeues each Cluster after that period), not on every pod
 * change: a Cluster write wakes every MultiClusterService that names the member (mcs_controller.go watches
 * Clusters without a predicate). A member whose Nodes, Pods or status writer changed is synced when its period is
 * up; the rest would compute what they already hold.
 */
export class ClusterStatusController {
  private readonly dirty = new Set<string>();
  private allDirty = true;
  private readonly synced = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private writing = false;
  /** Until the simulated install has settled, its members have been synced as long as it takes (no period). */
  private periodic = false;

  constructor(
    private readonly world: World,
    private readonly periodMs = CLUSTER_STATUS_PERIOD_MS,
  ) {
    world.on('change', (e: WatchEvent) => {
      this.observe(e);
    });
  }

  private observe({ cluster, rt, object }: WatchEvent): void {
    if (cluster === KARMADA) {
      if (is(rt, CLUSTERS) && !this.writing) this.dirty.add(object.metadata.name);
    } else if (is(rt, PODS) || is(rt, NODES)) this.dirty.add(cluster);
    else if (is(rt, DEPLOYMENTS)) {
      // karmada-controller-manager's flags decide for every Push member, an agent's for its own member.
      if (cluster === HOST_CLUSTER) this.allDirty = true;
      else this.dirty.add(cluster);
    }
  }

  reconcile(now = Date.now()): void {
    const names = this.allDirty
      ? [...this.world.clusters.values()].filter((c) => c.role === 'member').map((c) => c.name)
      : [...this.dirty];
    this.allDirty = false;
    this.dirty.clear();
    let wake = Infinity;
    for (const name of names) {
      const due = (this.synced.get(name) ?? -Infinity) + this.periodMs;
      if (this.periodic && due > now) {
        this.dirty.add(name);
        wake = Math.min(wake, due);
        continue;
      }
      this.synced.set(name, now);
      this.sync(name);
    }
    if (wake < Infinity && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.reconcile();
      }, wake - now);
      this.timer.unref();
    }
  }

  /** From now on, each member's Cluster is rewritten at most once per period. */
  settled(): void {
    this.periodic = true;
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private sync(name: string): void {
    const member = this.world.clusters.get(name);
    if (member?.role !== 'member' || !member.reachable) return;
    const cluster = this.world.get(KARMADA, CLUSTERS, undefined, name) as Cluster | undefined;
    const ready = (cluster?.status?.conditions ?? []).find((c) => c.type === 'Ready')?.status === 'True';
    if (!cluster || !ready || cluster.metadata.deletionTimestamp) return;
    const settings = modelingSettings(this.world, name, cluster.spec?.syncMode);
    if (!settings?.enabled) return;
    const next = resourceStatus(this.world, name, cluster.spec?.resourceModels, settings);
    const status = cluster.status ?? {};
    if (
      JSON.stringify([status.nodeSummary, status.resourceSummary]) ===
      JSON.stringify([next.nodeSummary, next.resourceSummary])
    )
      return;
    this.writing = true;
    try {
      // helper.UpdateStatus: Status().Update by the component that runs the controller for this member.
      this.world.put(KARMADA, CLUSTERS, { ...cluster, status: { ...status, ...next } }, memberWriter(cluster));
    } finally {
      this.writing = false;
    }
  }
}
