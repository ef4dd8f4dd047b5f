// Which clusters and pairs a diagnosis covers: those the MultiClusterServices name, or, for the
// whole install (no NAME), every registered cluster.
import type { Obj } from '../../kube/client.js';
import type { Snapshot } from '../snapshot.js';
import { sideClusters } from '../mcs-spec.js';

export interface Scope {
  mcs: Obj[];
  clusters: string[];
  providers: string[];
  /** [provider, consumer] pairs whose pod networks must not overlap */
  pairs: Array<[string, string]>;
}

export function scopeOf(snap: Snapshot): Scope {
  const all = snap.clusters.map((c) => c.metadata.name as string);
  const clusters = new Set<string>(snap.install ? all : []);
  const providers = new Set<string>();
  const pairs = new Map<string, [string, string]>();
  for (const m of snap.mcs) {
    const p = sideClusters(m, 'provider', all);
    const c = sideClusters(m, 'consumer', all);
    for (const x of [...p, ...c]) clusters.add(x);
    for (const x of p) providers.add(x);
    for (const a of p)
      for (const b of c) if (a !== b && !pairs.has([a, b].sort().join('|'))) pairs.set([a, b].sort().join('|'), [a, b]);
  }
  if (snap.install && snap.mcs.length === 0) {
    // No MultiClusterService yet: any cluster may become a provider, any pair may be linked.
    for (const x of all) if (snap.members.get(x)?.syncMode === 'Pull') providers.add(x);
    all.forEach((a, i) => all.slice(i + 1).forEach((b) => pairs.set(`${a}|${b}`, [a, b])));
  }
  return { mcs: snap.mcs, clusters: [...clusters], providers: [...providers], pairs: [...pairs.values()] };
}

export const sides = (mcs: Obj, all: string[]) => ({
  providers: sideClusters(mcs, 'provider', all),
  consumers: sideClusters(mcs, 'consumer', all),
});

export function involvedOf(snap: Snapshot, mcs: Obj): string[] {
  const { providers, consumers } = sides(
    mcs,
    snap.clusters.map((c) => c.metadata.name as string),
  );
  return [...new Set([...providers, ...consumers])];
}
