// Server-side printing (`as=Table`), so real `kubectl get` shows the columns it shows on a real cluster.
import type { ResourceType } from './resources.js';
import type { Obj } from './world.js';
import { NODE_COLUMNS } from './nodes.js';

// kubectl's duration.HumanDuration (k8s.io/apimachinery/pkg/util/duration), as `kubectl get` prints AGE.
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

type Column = [name: string, cell: (o: Obj) => string | number, priority?: number];

const condition = (o: Obj, type: string): string => o.status?.conditions?.find((c: Obj) => c.type === type)?.status ?? '';

const COLUMNS: Record<string, Column[]> = {
  Node: NODE_COLUMNS,
  Pod: [
    ['Ready', (o) => `${(o.status?.containerStatuses ?? []).filter((c: Obj) => c.ready).length}/${o.spec?.containers?.length ?? 0}`],
    ['Status', (o) => o.metadata.deletionTimestamp ? 'Terminating' : o.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? o.status?.phase ?? ''],
    ['Restarts', () => 0],
    ['IP', (o) => o.status?.podIP ?? '<none>', 1],
  ],
  Deployment: [
    ['Ready', (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`],
    ['Up-to-date', (o) => o.status?.updatedReplicas ?? 0],
    ['Available', (o) => o.status?.availableReplicas ?? 0],
  ],
  Service: [
    ['Type', (o) => o.spec?.type ?? ''],
    ['Cluster-IP', (o) => o.spec?.clusterIP ?? ''],
    ['External-IP', () => '<none>'],
    ['Port(s)', (o) => (o.spec?.ports ?? []).map((p: Obj) => `${p.port}/${p.protocol}`).join(',')],
  ],
  Namespace: [['Status', (o) => o.status?.phase ?? 'Active']],
  EndpointSlice: [
    ['AddressType', (o) => o.addressType ?? ''],
    ['Ports', (o) => (o.ports ?? []).map((p: Obj) => p.port).join(',') || '<unset>'],
    ['Endpoints', (o) => (o.endpoints ?? []).flatMap((e: Obj) => e.addresses).join(',') || '<unset>'],
  ],
  Cluster: [
    ['Version', (o) => o.status?.kubernetesVersion ?? ''],
    ['Mode', (o) => o.spec?.syncMode ?? ''],
    ['Ready', (o) => condition(o, 'Ready') || 'Unknown'],
  ],
  ResourceBinding: [
    ['Scheduled', (o) => condition(o, 'Scheduled')],
    ['FullyApplied', (o) => condition(o, 'FullyApplied')],
  ],
  Work: [
    ['Workload-Kind', (o) => o.spec?.workload?.manifests?.[0]?.kind ?? ''],
    ['Applied', (o) => condition(o, 'Applied')],
  ],
};

const since = (stamp: string | undefined) => (stamp ? formatAge(Date.now() - Date.parse(stamp)) : '<unknown>');

// Kinds whose printer has no leading NAME and trailing AGE (kubernetes pkg/printers/internalversion/printers.go).
const OWN_COLUMNS: Record<string, Column[]> = {
  Event: [
    ['Last Seen', (o) => since(o.lastTimestamp ?? o.eventTime ?? o.firstTimestamp)],
    ['Type', (o) => o.type ?? ''],
    ['Reason', (o) => o.reason ?? ''],
    ['Object', (o) => `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`],
    ['Subobject', (o) => o.involvedObject?.fieldPath ?? '', 1],
    ['Source', (o) => o.source?.component ?? o.reportingComponent ?? '', 1],
    ['Message', (o) => String(o.message ?? '').trim()],
    ['First Seen', (o) => since(o.firstTimestamp ?? o.eventTime), 1],
    ['Count', (o) => o.count ?? 1, 1],
    ['Name', (o) => o.metadata.name, 1],
  ],
};

export function toTable(rt: ResourceType, items: Obj[], resourceVersion: string): object {
  const columns: Column[] = OWN_COLUMNS[rt.kind] ?? [['Name', (o) => o.metadata.name], ...(COLUMNS[rt.kind] ?? [])];
  // printNode puts AGE before VERSION; every other kind here ends with it.
  if (!OWN_COLUMNS[rt.kind]) {
    columns.splice(rt.kind === 'Node' ? 3 : columns.length, 0,
      ['Age', (o) => formatAge(Date.now() - Date.parse(o.metadata.creationTimestamp))]);
  }
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map(([name, , priority]) => ({
      name, type: name === 'Age' ? 'string' : 'string', format: name === 'Name' ? 'name' : '', description: name, priority: priority ?? 0,
    })),
    rows: items.map((o) => ({ cells: columns.map(([, cell]) => cell(o)), object: o })),
  };
}
