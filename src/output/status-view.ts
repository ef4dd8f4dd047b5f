// How `status` looks: the list table, the detail view of one MultiClusterService, and the
// -o json|yaml document (schema in docs/status.md). Status words carry meaning without colour.
import { DOCUMENT_API_VERSION } from '../defaults.js';
import { formatAge } from '../duration.js';
import { ENDPOINTSLICE_DISPATCHED, SERVICE_APPLIED } from '../karmada/conditions.js';
import type { McsStatus, StatusReport } from '../status/model.js';
import { MCS, apiVersionOf } from '../kube/resources.js';
import type { Printer } from './printer.js';

export interface StatusView {
  output?: 'table' | 'wide' | 'json' | 'yaml' | 'name';
  /** one MultiClusterService asked for by name: the detail view */
  name?: string;
  /** undefined: all namespaces (adds a NAMESPACE column) */
  namespace?: string;
}

function statusDocument(r: StatusReport, single: boolean): object {
  const gate = r.gate ? { enabled: r.gate.enabled, describe: r.gate.describe } : null;
  if (single) return { apiVersion: DOCUMENT_API_VERSION, kind: 'MultiClusterServiceStatus', gate, ...r.items[0] };
  return {
    apiVersion: DOCUMENT_API_VERSION,
    kind: 'MultiClusterServiceStatusList',
    gate,
    healthy: r.items.every((i) => i.verdict.healthy),
    items: r.items,
  };
}

export function printStatus(out: Printer, r: StatusReport, { output, name, namespace }: StatusView): void {
  if (output === 'json' || output === 'yaml') {
    out.document(statusDocument(r, Boolean(name)), output);
    return;
  }
  if (output === 'name') {
    out.objects(
      r.items.map((i) => ({ apiVersion: apiVersionOf(MCS), kind: MCS.kind, metadata: { name: i.name } })),
      'name',
    );
    return;
  }
  const [first] = r.items;
  if (name && first) {
    detail(out, first);
    return;
  }
  if (r.items.length === 0) {
    out.note(namespace ? `No MultiClusterServices found in ${namespace} namespace.` : 'No MultiClusterServices found.');
    return;
  }
  const wide = output === 'wide';
  const cond = (i: McsStatus, type: string) => i.conditions.find((c) => c.type === type)?.status ?? '-';
  const list = (names: string[], all: boolean) => (all ? '(all)' : names.join(','));
  out.table(
    [
      ...(namespace ? [] : ['namespace']),
      'name',
      'types',
      'providers',
      'consumers',
      'service-applied',
      'endpointslice-dispatched',
      'age',
      'verdict',
      ...(wide ? ['consumer-endpoints'] : []),
    ],
    r.items.map((i) => [
      ...(namespace ? [] : [i.namespace]),
      i.name,
      i.types.join(','),
      list(i.providers, i.allProviders),
      list(i.consumers, i.allConsumers),
      cond(i, SERVICE_APPLIED),
      cond(i, ENDPOINTSLICE_DISPATCHED),
      i.age,
      verdictWord(out, i),
      ...(wide
        ? [
            i.clusters
              .filter((c) => c.roles.includes('consumer'))
              .map((c) => `${c.name}=${c.error ? '?' : c.importedFrom.reduce((n, x) => n + x.readyEndpoints, 0)}`)
              .join(','),
          ]
        : []),
    ]),
  );
}

const verdictWord = (out: Printer, i: McsStatus) => {
  if (!i.verdict.healthy) return out.color.red(i.verdict.reason);
  // A LoadBalancer MultiClusterService is not Karmada's to serve: named, not called healthy.
  return i.verdict.reason === 'Healthy' ? out.color.green('Healthy') : out.color.yellow(i.verdict.reason);
};

function detail(out: Printer, i: McsStatus): void {
  out.line(`Name:       ${i.name}`);
  out.line(`Namespace:  ${i.namespace}`);
  out.line(`Types:      ${i.types.join(', ')}`);
  out.line(`Providers:  ${i.providers.join(', ')}${i.allProviders ? ' (all clusters)' : ''}`);
  out.line(`Consumers:  ${i.consumers.join(', ')}${i.allConsumers ? ' (all clusters)' : ''}`);
  out.line(`Age:        ${i.age}`);
  out.line();
  out.line('Conditions:');
  if (i.conditions.length === 0) out.line('  <none>: Karmada has not acted on it');
  else {
    out.table(
      ['type', 'status', 'reason', 'message', 'age'],
      i.conditions.map((c) => [
        c.type,
        c.status === 'True' ? out.color.green(c.status) : out.color.red(c.status),
        c.reason,
        c.message,
        c.lastTransitionTime ? formatAge(Date.now() - Date.parse(c.lastTransitionTime)) : '-',
      ]),
    );
  }
  out.line();
  out.line('Clusters:');
  out.table(
    ['cluster', 'role', 'mode', 'ready', 'service', 'ready-endpoints', 'imported-from'],
    i.clusters.map((c) => [
      c.name,
      c.roles.join('+'),
      c.syncMode,
      // READY is the Cluster's condition, which Karmada reports whether or not the member can be read.
      c.ready ? 'True' : out.color.red('False'),
      c.error ? '?' : c.service ? 'yes' : 'no',
      c.error ? '?' : c.readyEndpoints === null ? '-' : String(c.readyEndpoints),
      c.error
        ? '?'
        : c.importedFrom.length
          ? c.importedFrom.map((x) => `${x.cluster} (${x.readyEndpoints})`).join(', ')
          : '-',
    ]),
  );
  // Why a member could not be read: a long message, under the table rather than in one of its columns.
  const unreadable = i.clusters.filter((c) => c.error);
  if (unreadable.length) {
    out.line();
    out.line('Unreadable:');
    for (const c of unreadable) out.line(`  ${c.name}: ${out.color.red(c.error ?? '')}`);
  }
  out.line();
  if (i.verdict.healthy && i.verdict.reason === 'Healthy')
    out.line(`Verdict:    ${out.color.green('✔ healthy')}: ${i.verdict.message}`);
  else if (i.verdict.healthy)
    out.line(`Verdict:    ${out.color.yellow(`‼ ${i.verdict.reason}`)}: ${i.verdict.message}`);
  else {
    out.line(`Verdict:    ${out.color.red(`✘ ${i.verdict.reason}`)}: ${i.verdict.message}`);
    if (i.verdict.hint) out.line(`Next step:  ${i.verdict.hint}`);
  }
}
