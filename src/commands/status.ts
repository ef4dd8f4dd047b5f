// `status [NAME]`: what Karmada did with each MultiClusterService, per cluster, with a verdict.
import { setTimeout as sleep } from 'node:timers/promises';
import { DOCUMENT_API_VERSION } from '../defaults.js';
import { formatAge, formatDurationWords, parseDuration } from '../duration.js';
import { TimeoutError, UsageError } from '../errors.js';
import { ENDPOINTSLICE_DISPATCHED, SERVICE_APPLIED } from '../mcs/conditions.js';
import type { Printer } from '../output/printer.js';
import type { Session } from '../session.js';
import { type Snapshot, snapshot } from '../status/collect.js';
import { type McsStatus, buildStatus } from '../status/model.js';

export interface StatusFlags {
  allNamespaces?: boolean;
  output?: 'table' | 'wide' | 'json' | 'yaml';
  wait?: boolean;
  watch?: boolean;
  timeout: string;
}

const POLL_MS = 1000;

interface Report {
  snap: Snapshot;
  items: McsStatus[];
}

async function report(session: Session, namespace: string | undefined, name?: string): Promise<Report> {
  const snap = await snapshot(session, namespace, name);
  const items = snap.mcs
    .map((m) => buildStatus(snap, m))
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return { snap, items };
}

const healthy = (r: Report) => r.items.every((i) => i.verdict.healthy);

export async function status(session: Session, flags: StatusFlags, args: string[]): Promise<number> {
  const [name] = args;
  if (name && flags.allNamespaces) throw new UsageError('a MultiClusterService name cannot be combined with --all-namespaces');
  if (flags.wait && flags.watch) throw new UsageError('--wait and --watch cannot be used together');
  const timeoutMs = parseDuration(flags.timeout);
  const namespace = flags.allNamespaces ? undefined : await session.namespace();
  const out = session.out;
  const print = (r: Report) => render(out, r, flags, name, namespace);

  if (flags.watch) {
    let stop = false;
    const stopped = new Promise<void>((resolve) => process.once('SIGINT', () => { stop = true; resolve(); }));
    let last = '';
    while (!stop) {
      const r = await report(session, namespace, name);
      const now = fingerprint(r);
      if (now !== last) {
        if (last) out.line();
        await print(r);
      }
      last = now;
      await Promise.race([sleep(POLL_MS * 2), stopped]);
    }
    return 0;
  }

  let r = await report(session, namespace, name);
  if (flags.wait) {
    const deadline = Date.now() + timeoutMs;
    const progress = healthy(r) ? undefined : out.progress(`Waiting for ${name ?? 'every MultiClusterService'} to become healthy`);
    while (!healthy(r) && Date.now() < deadline) {
      progress?.update(`Waiting: ${r.items.filter((i) => !i.verdict.healthy).map((i) => `${i.name}: ${i.verdict.reason}`).join(', ')}`);
      await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
      r = await report(session, namespace, name);
    }
    progress?.done();
    await print(r);
    if (!healthy(r)) {
      const bad = r.items.find((i) => !i.verdict.healthy)!;
      throw new TimeoutError(`timed out after ${formatDurationWords(timeoutMs)} waiting for multiclusterservice ${bad.namespace}/${bad.name} to become healthy: ${bad.verdict.message}`, { hint: bad.verdict.hint });
    }
    return 0;
  }
  await print(r);
  return healthy(r) && r.items.every((i) => i.clusters.every((c) => !c.error)) ? 0 : 1;
}

/** What --watch compares: everything but ages. */
function fingerprint(r: Report): string {
  return JSON.stringify(r.items.map(({ age: _age, ...rest }) => rest));
}

function statusDocument(r: Report, single: boolean): object {
  const gate = r.snap.gate ? { enabled: r.snap.gate.enabled, describe: r.snap.gate.describe } : null;
  if (single) return { apiVersion: DOCUMENT_API_VERSION, kind: 'MultiClusterServiceStatus', gate, ...r.items[0] };
  return { apiVersion: DOCUMENT_API_VERSION, kind: 'MultiClusterServiceStatusList', gate, healthy: healthy(r), items: r.items };
}

async function render(out: Printer, r: Report, flags: StatusFlags, name: string | undefined, namespace: string | undefined): Promise<void> {
  if (flags.output === 'json' || flags.output === 'yaml') return out.document(statusDocument(r, Boolean(name)), flags.output);
  if (name) return detail(out, r.items[0]!);
  if (r.items.length === 0) {
    out.note(namespace ? `No MultiClusterServices found in ${namespace} namespace.` : 'No MultiClusterServices found.');
    return;
  }
  const wide = flags.output === 'wide';
  const cond = (i: McsStatus, type: string) => i.conditions.find((c) => c.type === type)?.status ?? '-';
  const list = (names: string[], all: boolean) => (all ? '(all)' : names.join(','));
  out.table(
    [...(namespace ? [] : ['namespace']), 'name', 'types', 'providers', 'consumers', 'service-applied', 'endpointslice-dispatched', 'age', 'verdict', ...(wide ? ['consumer-endpoints'] : [])],
    r.items.map((i) => [
      ...(namespace ? [] : [i.namespace]), i.name, i.types.join(','), list(i.providers, i.allProviders), list(i.consumers, i.allConsumers),
      cond(i, SERVICE_APPLIED), cond(i, ENDPOINTSLICE_DISPATCHED), i.age, verdictWord(out, i),
      ...(wide ? [i.clusters.filter((c) => c.roles.includes('consumer')).map((c) => `${c.name}=${c.error ? '?' : c.importedFrom.reduce((n, x) => n + x.readyEndpoints, 0)}`).join(',')] : []),
    ]),
  );
}

const verdictWord = (out: Printer, i: McsStatus) => (i.verdict.healthy ? out.color.green('Healthy') : out.color.red(i.verdict.reason));

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
    out.table(['type', 'status', 'reason', 'message', 'age'], i.conditions.map((c) => [
      c.type, c.status === 'True' ? out.color.green(c.status) : out.color.red(c.status), c.reason, c.message,
      c.lastTransitionTime ? formatAge(Date.now() - Date.parse(c.lastTransitionTime)) : '-',
    ]));
  }
  out.line();
  out.line('Clusters:');
  out.table(['cluster', 'role', 'mode', 'ready', 'service', 'ready-endpoints', 'imported-from'], i.clusters.map((c) => [
    c.name, c.roles.join('+'), c.syncMode, c.error ? out.color.red('unreadable') : c.ready ? 'True' : out.color.red('False'),
    c.error ? '?' : c.service ? 'yes' : 'no',
    c.readyEndpoints === null ? '-' : String(c.readyEndpoints),
    c.error ? `error: ${c.error}` : c.importedFrom.length ? c.importedFrom.map((x) => `${x.cluster} (${x.readyEndpoints})`).join(', ') : '-',
  ]));
  out.line();
  if (i.verdict.healthy) out.line(`Verdict:    ${out.color.green('✔ healthy')}: ${i.verdict.message}`);
  else {
    out.line(`Verdict:    ${out.color.red(`✘ ${i.verdict.reason}`)}: ${i.verdict.message}`);
    if (i.verdict.hint) out.line(`Next step:  ${i.verdict.hint}`);
  }
}
