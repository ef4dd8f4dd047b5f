// How `probe` looks: a result table (✔, or ✘ with the first broken layer in plain words and a
// hint under the table), or -o json|yaml with every layer's result.
import { DOCUMENT_API_VERSION } from '../defaults.js';
import type { ProbeRow } from '../probe/service.js';
import type { Printer } from './printer.js';

const LAYER_WORDS: Record<string, string> = {
  dns: 'DNS',
  connect: 'connect',
  endpoints: 'pod network',
  http: 'HTTP',
  probe: 'probe',
};

export function printProbe(
  out: Printer,
  rows: ProbeRow[],
  { output, count }: { output?: 'table' | 'json' | 'yaml'; count: number },
): void {
  if (output === 'json' || output === 'yaml') {
    out.document(
      { apiVersion: DOCUMENT_API_VERSION, kind: 'ProbeResultList', passed: rows.every((r) => r.ok), items: rows },
      output,
    );
    return;
  }
  out.table(
    ['mcs', 'cluster', 'pod', 'url', 'http', 'latency', 'result'],
    rows.map((r) => {
      const latency = r.latencyMs
        ? count > 1
          ? `${r.latencyMs.min}/${r.latencyMs.median}/${r.latencyMs.max}ms`
          : `${r.latencyMs.median}ms`
        : '-';
      const tally = count > 1 ? ` ${r.successes}/${r.attempts}` : '';
      const result = r.ok
        ? out.color.green(`✔${tally} ${r.firstLine ?? ''}`.trimEnd())
        : out.color.red(`✘${tally} ${LAYER_WORDS[r.layer ?? ''] ?? r.layer}: ${r.reason}`);
      return [r.mcs, r.cluster, r.pod, r.url, r.status ? String(r.status) : '-', latency, result];
    }),
  );
  const hints = new Set(rows.filter((r) => !r.ok && r.hint).map((r) => `hint: ${r.cluster}: ${r.hint}`));
  for (const hint of hints) out.note(hint);
}

export interface CleanupResult {
  cluster: string;
  deleted: string[];
  error: string | null;
}

export function printCleanup(out: Printer, results: CleanupResult[], output?: 'table' | 'json' | 'yaml'): void {
  if (output === 'json' || output === 'yaml') {
    out.document({ apiVersion: DOCUMENT_API_VERSION, kind: 'ProbeCleanup', items: results }, output);
    return;
  }
  for (const r of results) {
    const deleted = r.deleted.map((p) => `pod/${p}`).join(', ');
    if (r.error) out.warn(`${r.cluster}: ${r.error}`);
    else out.line(`${r.cluster}: ${deleted ? `deleted ${deleted}` : 'no probe pods'}`);
  }
}
