// The diagnosis: a snapshot in, every check in pipeline order out. Pure: no I/O. `status` takes its verdicts from
// the same findings, so the two commands agree on every check that does not need a deep snapshot (doctor's).
import type { MultiClusterService } from '../types.js';
import type { Deployment } from '../../kube/objects.js';
import { type Snapshot, key } from '../snapshot.js';
import { type Finding, type ProbeOutcome, STAGES, inPipelineOrder } from './checks.js';
import { type Context, installChecks } from './install.js';
import { mcsChecks } from './mcs.js';
import { scopeOf } from './scope.js';
import { withReach } from '../../reach.js';
import { dns1035Error } from '../validation.js';
import { byCodeUnits } from '../../collections.js';

export interface DiagnoseOptions extends Partial<Context> {
  /** --probe: add the reachability checks from `probes` */
  probe?: boolean;
  probes?: Map<string, ProbeOutcome>;
}

export function diagnose(snap: Snapshot, options: DiagnoseOptions = {}): Finding[] {
  const ctx = {
    reach: options.reach ?? {},
    contexts: options.contexts ?? [],
    karmadactl: options.karmadactl ?? false,
    probe: Boolean(options.probe),
    probes: options.probes ?? new Map(),
  };
  const scope = scopeOf(snap);
  const checks = installChecks(snap, scope, ctx);
  if (snap.name && snap.mcs.length === 0) {
    const deployments: Deployment[] = snap.deployments;
    const workload = deployments.some((d) => d.metadata?.name === snap.name)
      ? `deployment/${snap.name}`
      : '<deployment>';
    checks.push({
      id: 'mcs',
      namespace: snap.namespace,
      mcs: snap.name,
      result: 'fail',
      message: `multiclusterservice "${snap.name}" not found in namespace "${snap.namespace}"`,
      // A Service name (DNS-1035) or none: the name must be one expose takes.
      hint: dns1035Error('name', snap.name)
        ? `kubectl get mcs -n ${snap.namespace}`
        : `kubectl karmada-mcs expose ${workload} --name ${snap.name} -n ${snap.namespace} ` +
          '--provider <cluster> --consumer <cluster>',
    });
  }
  for (const mcs of sortMcs(snap.mcs)) checks.push(...mcsChecks(snap, mcs, ctx));
  for (const c of checks) if (c.hint) c.hint = withReach(c.hint, ctx.reach);
  return inPipelineOrder(checks);
}

const name = (m: MultiClusterService) => m.metadata?.name ?? '';
const namespaceOf = (m: MultiClusterService) => m.metadata?.namespace ?? '';

const sortMcs = (list: MultiClusterService[]) =>
  [...list].sort((a, b) => byCodeUnits(namespaceOf(a), namespaceOf(b)) || byCodeUnits(name(a), name(b)));

/** When the Karmada API does not answer, nothing else can run. */
export function apiDown(message: string, hint?: string): Finding[] {
  return STAGES.filter((s) => s !== 'reachability').map((id): Finding =>
    id === 'api'
      ? { id, result: 'fail', message, ...(hint ? { hint } : {}) }
      : { id, result: 'skip', message: 'the Karmada API did not answer' },
  );
}

interface FindingIndex {
  /** each MultiClusterService's own findings, keyed namespace/name, with their places in the list */
  own: Map<string, Array<[number, Finding]>>;
  /** the install's findings (no MCS) */
  install: Array<[number, Finding]>;
}

// status asks for the findings of every MCS: grouping them once keeps that linear (100 MCS × 500 clusters make
// 100 000 findings).
const indexes = new WeakMap<Finding[], FindingIndex>();

function indexOf(findings: Finding[]): FindingIndex {
  let index = indexes.get(findings);
  if (!index) {
    const built: FindingIndex = { own: new Map(), install: [] };
    findings.forEach((f, i) => {
      if (f.mcs === undefined) built.install.push([i, f]);
      else {
        const k = key(f.namespace ?? '', f.mcs);
        const list = built.own.get(k);
        if (list) list.push([i, f]);
        else built.own.set(k, [[i, f]]);
      }
    });
    indexes.set(findings, (index = built));
  }
  return index;
}

/** The findings that bear on one MultiClusterService: its own, and the install's for its clusters; in list order. */
export function findingsFor(findings: Finding[], mcs: MultiClusterService, involved: string[]): Finding[] {
  const clusters = new Set(involved);
  const { own, install } = indexOf(findings);
  const bears = ([, f]: [number, Finding]) =>
    (f.mcs !== undefined || f.id !== 'pod-network' || clusters.has(f.cluster ?? '')) &&
    (f.cluster === undefined || clusters.has(f.cluster));
  return [...(own.get(key(namespaceOf(mcs), name(mcs))) ?? []), ...install]
    .filter(bears)
    .sort((a, b) => a[0] - b[0])
    .map(([, f]) => f);
}
