// The diagnosis: a snapshot in, every check in pipeline order out. Pure: no I/O. `status` takes
// its verdicts from the same findings, so the two commands never disagree.
import type { Obj } from '../kube/client.js';
import type { Snapshot } from '../status/collect.js';
import { type Finding, type ProbeOutcome, STAGES, inPipelineOrder } from './checks.js';
import { type Context, installChecks } from './install.js';
import { mcsChecks } from './mcs.js';
import { scopeOf } from './scope.js';

export interface DiagnoseOptions extends Partial<Context> {
  /** --probe: add the reachability checks from `probes` */
  probe?: boolean;
  probes?: Map<string, ProbeOutcome>;
}

export function diagnose(snap: Snapshot, options: DiagnoseOptions = {}): Finding[] {
  const ctx = {
    hostFlag: options.hostFlag ?? '',
    contexts: options.contexts ?? [],
    probe: Boolean(options.probe),
    probes: options.probes ?? new Map(),
  };
  const scope = scopeOf(snap);
  const checks = installChecks(snap, scope, ctx);
  if (snap.name && snap.mcs.length === 0) {
    checks.push({
      id: 'mcs',
      namespace: snap.namespace,
      mcs: snap.name,
      result: 'fail',
      message: `multiclusterservice "${snap.name}" not found in namespace "${snap.namespace}"`,
      hint: `kubectl karmada-mcs expose ${snap.deployments.some((d) => d.metadata.name === snap.name) ? `deployment/${snap.name}` : '<deployment>'} --name ${snap.name} -n ${snap.namespace}`,
    });
  }
  for (const mcs of sortMcs(snap.mcs)) checks.push(...mcsChecks(snap, mcs, ctx));
  return inPipelineOrder(checks);
}

const sortMcs = (list: Obj[]) =>
  [...list].sort(
    (a, b) =>
      a.metadata.namespace.localeCompare(b.metadata.namespace) || a.metadata.name.localeCompare(b.metadata.name),
  );

/** When the Karmada API does not answer, nothing else can run. */
export function apiDown(message: string, hint?: string): Finding[] {
  return STAGES.filter((s) => s !== 'reachability').map((id): Finding =>
    id === 'api'
      ? { id, result: 'fail', message, ...(hint ? { hint } : {}) }
      : { id, result: 'skip', message: 'the Karmada API did not answer' },
  );
}

/** The findings that bear on one MultiClusterService: its own, and the install's for its clusters. */
export function findingsFor(findings: Finding[], mcs: Obj, involved: string[]): Finding[] {
  const { name, namespace } = mcs.metadata;
  const clusters = new Set(involved);
  return findings.filter(
    (f) =>
      (f.mcs === undefined
        ? f.id !== 'pod-network' || clusters.has(f.cluster ?? '')
        : f.mcs === name && f.namespace === namespace) &&
      (f.cluster === undefined || clusters.has(f.cluster)),
  );
}
