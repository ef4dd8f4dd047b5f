// How `probe` looks: a result table (✔/✘ with the reason in plain words), or -o json|yaml.
import { DOCUMENT_API_VERSION } from '../defaults.js';
import type { ProbeRow } from '../probe/service.js';
import type { Printer } from './printer.js';

export function printProbe(out: Printer, rows: ProbeRow[], { output, count }: { output?: 'table' | 'json' | 'yaml'; count: number }): void {
  if (output === 'json' || output === 'yaml') {
    out.document({ apiVersion: DOCUMENT_API_VERSION, kind: 'ProbeResultList', passed: rows.every((r) => r.ok), items: rows }, output);
    return;
  }
  out.table(['mcs', 'cluster', 'pod', 'url', 'http', 'latency', 'result'], rows.map((r) => {
    const latency = r.latencyMs ? (count > 1 ? `${r.latencyMs.min}/${r.latencyMs.median}/${r.latencyMs.max}ms` : `${r.latencyMs.median}ms`) : '-';
    const tally = count > 1 ? ` ${r.successes}/${r.attempts}` : '';
    const result = r.ok ? out.color.green(`✔${tally} ${r.firstLine ?? ''}`.trimEnd()) : out.color.red(`✘${tally} ${r.reason}`);
    return [r.mcs, r.cluster, r.pod, r.url, r.status ? String(r.status) : '-', latency, result];
  }));
}
