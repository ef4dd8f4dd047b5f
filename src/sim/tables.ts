// Server-side printing (`as=Table`), so real `kubectl get` shows the columns it shows on a real cluster.
// Columns and cells follow kubernetes pkg/printers/internalversion/printers.go (core kinds), karmada
// pkg/printers/internalversion/printers.go (Cluster) and the CRDs' additionalPrinterColumns (Karmada kinds).
import type { ResourceType } from './resources.js';
import type { Cluster, PropagationPolicy, ResourceBinding, Work } from './karmada-types.js';
import type {
  ConfigMap,
  CustomResourceDefinition,
  Deployment,
  EndpointSlice,
  KubeEvent,
  Namespace,
  Node,
  Pod,
  Service,
} from './kinds.js';
import type { SimObject } from './world.js';

// duration.HumanDuration (k8s.io/apimachinery/pkg/util/duration), as `kubectl get` prints AGE.
function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 192) return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
  return d < 365 * 2 ? `${d}d` : `${Math.floor(d / 365)}y`;
}

/** printers.go translateTimestampSince: `<unknown>` for a zero time. */
const since = (timestamp: string | undefined): string =>
  timestamp ? formatAge(Date.now() - Date.parse(timestamp)) : '<unknown>';

/** A column: its name, its cell for one object of the kind, and its priority (1: only with `-o wide`). */
type ColumnOf<T> = [name: string, cell: (o: T) => string | number, priority?: number];
type Column = ColumnOf<SimObject>;

const condition = (o: { status?: { conditions?: Array<{ type: string; status: string }> } }, type: string): string =>
  o.status?.conditions?.find((c) => c.type === type)?.status ?? '';
const none = (text: string | undefined): string => text || '<none>';
const NAME: Column = ['Name', (o) => o.metadata.name];
const AGE: Column = ['Age', (o) => since(o.metadata.creationTimestamp)];

// printPod: the reason of the first waiting container, else the phase.
const podStatus = (o: Pod): string => {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  const waiting = (o.status?.containerStatuses ?? []).find((c) => c.state?.waiting?.reason);
  return waiting?.state?.waiting?.reason ?? o.status?.reason ?? o.status?.phase ?? '';
};

// printNode: Ready/NotReady/Unknown from the Ready condition, roles from node-role.kubernetes.io/* labels.
const nodeStatus = (o: Node): string => {
  const ready = condition(o, 'Ready');
  const state = ready === 'True' ? 'Ready' : ready === 'False' ? 'NotReady' : 'Unknown';
  return o.spec?.unschedulable ? `${state},SchedulingDisabled` : state;
};
const nodeRoles = (o: Node): string => {
  const labels = o.metadata.labels ?? {};
  const roles = Object.keys(labels)
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice(24))
    .filter(Boolean);
  if (labels['kubernetes.io/role']) roles.push(labels['kubernetes.io/role']);
  return none([...new Set(roles)].sort().join(','));
};
const nodeAddress = (o: Node, type: string): string => none(o.status?.addresses?.find((a) => a.type === type)?.address);
const nodeInfo = (o: Node, field: 'osImage' | 'kernelVersion' | 'containerRuntimeVersion'): string =>
  o.status?.nodeInfo?.[field] || '<unknown>';

// printEvent: series or count, the involved object as kind/name, the source as "component, host".
const eventLastSeen = (o: KubeEvent): string =>
  since(o.series?.lastObservedTime ?? o.lastTimestamp ?? o.firstTimestamp ?? o.eventTime);
const eventSource = (o: KubeEvent): string => {
  const component = o.source?.component || o.reportingComponent || '';
  const host = o.source?.component ? o.source.host : o.reportingInstance;
  return host ? `${component}, ${host}` : component;
};
const eventObject = (o: KubeEvent): string => {
  const kind = (o.involvedObject.kind ?? '').toLowerCase();
  return o.involvedObject.name ? `${kind}/${o.involvedObject.name}` : kind;
};

// printService (kubernetes pkg/printers/internalversion/printers.go getServiceExternalIP): the external IPs, for a
// LoadBalancer its ingress first, for an ExternalName the name; `port[:nodePort]/protocol`.
const serviceExternal = (o: Service): string => {
  const external = o.spec?.externalIPs ?? [];
  switch (o.spec?.type ?? 'ClusterIP') {
    case 'ExternalName':
      return o.spec?.externalName ?? '';
    case 'LoadBalancer': {
      const ingress = (o.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '');
      return [...ingress, ...external].join(',') || '<pending>';
    }
    case 'ClusterIP':
    case 'NodePort':
      return external.join(',') || '<none>';
    default:
      return '<unknown>';
  }
};
const servicePorts = (o: Service): string =>
  none(
    (o.spec?.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${String(p.protocol)}`).join(','),
  );
const selector = (labels: Record<string, string> | undefined): string =>
  none(
    Object.entries(labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
  );

// printEndpointSlice: at most three addresses, then "+ N more...".
const sliceEndpoints = (o: EndpointSlice): string => {
  const addresses = (o.endpoints ?? []).flatMap((e) => e.addresses ?? []);
  if (addresses.length === 0) return '<unset>';
  const shown = addresses.slice(0, 3).join(',');
  return addresses.length > 3 ? `${shown} + ${addresses.length - 3} more...` : shown;
};

const POD: ColumnOf<Pod>[] = [
  NAME,
  [
    'Ready',
    (o) => `${(o.status?.containerStatuses ?? []).filter((c) => c.ready).length}/${o.spec?.containers.length ?? 0}`,
  ],
  ['Status', podStatus],
  ['Restarts', (o) => (o.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0)],
  AGE,
  ['IP', (o) => none(o.status?.podIP), 1],
  ['Node', (o) => none(o.spec?.nodeName), 1],
  ['Nominated Node', (o) => none(o.status?.nominatedNodeName), 1],
  [
    'Readiness Gates',
    (o) => {
      const gates = o.spec?.readinessGates ?? [];
      return none(gates.length ? `0/${gates.length}` : '');
    },
    1,
  ],
];

const DEPLOYMENT: ColumnOf<Deployment>[] = [
  NAME,
  ['Ready', (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`],
  ['Up-to-date', (o) => o.status?.updatedReplicas ?? 0],
  ['Available', (o) => o.status?.availableReplicas ?? 0],
  AGE,
  ['Containers', (o) => (o.spec?.template.spec?.containers ?? []).map((c) => c.name).join(','), 1],
  ['Images', (o) => (o.spec?.template.spec?.containers ?? []).map((c) => c.image).join(','), 1],
  ['Selector', (o) => selector(o.spec?.selector.matchLabels), 1],
];

const SERVICE: ColumnOf<Service>[] = [
  NAME,
  ['Type', (o) => o.spec?.type ?? ''],
  ['Cluster-IP', (o) => none(o.spec?.clusterIP)],
  ['External-IP', serviceExternal],
  ['Port(s)', servicePorts],
  AGE,
  ['Selector', (o) => selector(o.spec?.selector), 1],
];

const NODE: ColumnOf<Node>[] = [
  NAME,
  ['Status', nodeStatus],
  ['Roles', nodeRoles],
  AGE,
  ['Version', (o) => o.status?.nodeInfo?.kubeletVersion ?? ''],
  ['Internal-IP', (o) => nodeAddress(o, 'InternalIP'), 1],
  ['External-IP', (o) => nodeAddress(o, 'ExternalIP'), 1],
  ['OS-Image', (o) => nodeInfo(o, 'osImage'), 1],
  ['Kernel-Version', (o) => nodeInfo(o, 'kernelVersion'), 1],
  ['Container-Runtime', (o) => nodeInfo(o, 'containerRuntimeVersion'), 1],
];

const EVENT: ColumnOf<KubeEvent>[] = [
  ['Last Seen', eventLastSeen],
  ['Type', (o) => o.type ?? ''],
  ['Reason', (o) => o.reason ?? ''],
  ['Object', eventObject],
  ['Subobject', (o) => o.involvedObject.fieldPath ?? '', 1],
  ['Source', eventSource, 1],
  ['Message', (o) => (o.message ?? '').trim()],
  ['First Seen', (o) => since(o.firstTimestamp ?? o.eventTime), 1],
  ['Count', (o) => o.series?.count ?? (o.count || 1), 1],
  ['Name', (o) => o.metadata.name, 1],
];

const ENDPOINT_SLICE: ColumnOf<EndpointSlice>[] = [
  NAME,
  ['AddressType', (o) => o.addressType],
  ['Ports', (o) => (o.ports ?? []).map((p) => p.port).join(',') || '<unset>'],
  ['Endpoints', sliceEndpoints],
  AGE,
];

const CLUSTER: ColumnOf<Cluster>[] = [
  NAME,
  ['Version', (o) => o.status?.kubernetesVersion ?? ''],
  ['Mode', (o) => o.spec?.syncMode ?? ''],
  ['Ready', (o) => condition(o, 'Ready') || 'Unknown'],
  AGE,
  ['Zones', (o) => none((o.spec?.zones ?? []).join(',')), 1],
  ['Region', (o) => none(o.spec?.region), 1],
  ['Provider', (o) => none(o.spec?.provider), 1],
  ['API-Endpoint', (o) => o.spec?.apiEndpoint ?? '', 1],
  ['Proxy-URL', (o) => none(o.spec?.proxyURL), 1],
];

// spec.conflictResolution and spec.priority carry CRD defaults (Abort, 0) the apiextensions server fills in.
const PROPAGATION_POLICY: ColumnOf<PropagationPolicy>[] = [
  NAME,
  ['Conflict-Resolution', (o) => o.spec?.conflictResolution ?? 'Abort'],
  ['Priority', (o) => o.spec?.priority ?? 0],
  AGE,
];

/** A kind's columns, which toTable() calls only with objects of that kind. */
const forKind = (columns: ColumnOf<never>[]): Column[] => columns as Column[];

const COLUMNS: Partial<Record<string, Column[]>> = {
  Pod: forKind(POD),
  Deployment: forKind(DEPLOYMENT),
  Service: forKind(SERVICE),
  Namespace: forKind([NAME, ['Status', (o) => o.status?.phase ?? 'Active'], AGE] satisfies ColumnOf<Namespace>[]),
  ConfigMap: forKind([
    NAME,
    ['Data', (o) => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length],
    AGE,
  ] satisfies ColumnOf<ConfigMap>[]),
  Node: forKind(NODE),
  Event: forKind(EVENT),
  EndpointSlice: forKind(ENDPOINT_SLICE),
  // apiextensions-apiserver serves CRDs with rest.NewDefaultTableConvertor: Name and Created At.
  CustomResourceDefinition: [NAME, ['Created At', (o) => o.metadata.creationTimestamp ?? '']],
  Cluster: forKind(CLUSTER),
  PropagationPolicy: forKind(PROPAGATION_POLICY),
  ClusterPropagationPolicy: forKind(PROPAGATION_POLICY),
  ResourceBinding: forKind([
    NAME,
    ['Scheduled', (o) => condition(o, 'Scheduled')],
    ['FullyApplied', (o) => condition(o, 'FullyApplied')],
    AGE,
  ] satisfies ColumnOf<ResourceBinding>[]),
  Work: forKind([
    NAME,
    ['Workload-Kind', (o) => o.spec?.workload?.manifests?.at(0)?.kind ?? ''],
    ['Applied', (o) => condition(o, 'Applied')],
    AGE,
  ] satisfies ColumnOf<Work>[]),
};

// The JSONPath forms CRDs' printer columns use: .a.b, [*], [n] and [?(@.key=="value")].
function jsonPath(obj: unknown, path: string): unknown[] {
  const steps = path.match(/\.[^.[]+|\[[^\]]*\]/g) ?? [];
  let values: unknown[] = [obj];
  for (const step of steps) {
    values = values
      .flatMap((v): unknown[] => {
        if (v === null || typeof v !== 'object') return [];
        if (step.startsWith('.')) return [(v as Record<string, unknown>)[step.slice(1)]];
        const items: unknown[] = Array.isArray(v) ? v : [];
        if (step === '[*]') return items;
        const filter = /^\[\?\(@\.([\w.]+)\s*==\s*["']([^"']*)["']\)\]$/.exec(step);
        if (filter) return items.filter((i) => jsonPath(i, `.${filter[1]}`)[0] === filter[2]);
        return [items[Number(step.slice(1, -1))]];
      })
      .filter((v) => v !== undefined);
  }
  return values;
}

/**
 * A custom resource's columns from its CRD's additionalPrinterColumns (apiextensions-apiserver
 * pkg/registry/customresource/tableconvertor): Name, then each column; `date` cells print as an age.
 */
function crdColumns(crd: CustomResourceDefinition, version: string): Column[] | undefined {
  const printed = crd.spec.versions.find((v) => v.name === version)?.additionalPrinterColumns;
  if (!printed) return undefined;
  return [
    NAME,
    ...printed.map((c): Column => [
      c.name,
      (o) => {
        const found = jsonPath(o, c.jsonPath);
        if (found.length === 0) return '<none>';
        if (c.type === 'date') return since(String(found[0]));
        return found.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(',');
      },
      c.priority,
    ]),
  ];
}

/** A Table of `items`; `crd` is the CustomResourceDefinition object of a custom resource, when there is one. */
export function toTable(
  rt: ResourceType,
  items: SimObject[],
  resourceVersion: string,
  crd?: CustomResourceDefinition,
): object {
  const columns: Column[] = (crd && crdColumns(crd, rt.version)) ?? COLUMNS[rt.kind] ?? [NAME, AGE];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map(([name, , priority]) => ({
      name,
      type: ['Restarts', 'Data', 'Priority'].includes(name) ? 'integer' : 'string',
      format: name === 'Name' ? 'name' : '',
      description: name,
      priority: priority ?? 0,
    })),
    rows: items.map((o) => ({ cells: columns.map(([, cell]) => cell(o)), object: o })),
  };
}
