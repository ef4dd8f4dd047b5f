// Which clusters and pairs a diagnosis covers: those the MultiClusterServices name, or, for the
// whole install (no NAME), every registered cluster.
import type { Cluster, MultiClusterService } from '../types.js';
import type { Snapshot } from '../snapshot.js';
import { sideClusters } from '../mcs-spec.js';

export interface Scope {
  mcs: MultiClusterService[];
  clusters: string[];
  providers: string[];
  /** [provider, consumer] pairs whose pod networks must not overlap */
  pairs: Array<[string, string]>;
}

/** The registered clusters' names. */
export const clusterNames = (snap: Snapshot): string[] => snap.clusters.map((c: Cluster) => c.metadata?.name ?? '');

const byName = new WeakMap<object, Map<string, Cluster>>();

/** The registered clusters by name, indexed once for every MCS that asks. */
export function clusterByName(snap: Snapshot): Map<string, Cluster> {
  let index = byName.get(snap.clusters);
  if (!index) {
    const clusters: Cluster[] = snap.clusters;
    byName.set(snap.clusters, (index = new Map(clusters.map((c) => [c.metadata?.name ?? '', c]))));
  }
  return index;
}

export function scopeOf(snap: Snapshot): Scope {
  const all = clusterNames(snap);
  const clusters = new Set<string>(snap.install ? all : []);
  const providers = new Set<string>();
  const pairs = new Map<string, [string, string]>();
  const mcsList: MultiClusterService[] = snap.mcs;
  for (const m of mcsList) {
    const p = sideClusters(m, 'provider', all);
    const c = sideClusters(m, 'consumer', all);
    for (const x of [...p, ...c]) clusters.add(x);
    for (const x of p) providers.add(x);
    for (const a of p)
      for (const b of c) {
        const k = a < b ? `${a}|${b}` : `${b}|${a}`;
        if (a !== b && !pairs.has(k)) pairs.set(k, [a, b]);
      }
  }
  if (snap.install && snap.mcs.length === 0) {
    // No MultiClusterService yet: any cluster may become a provider, any pair may be linked.
    for (const x of all) if (snap.members.get(x)?.syncMode === 'Pull') providers.add(x);
    all.forEach((a, i) => {
      all.slice(i + 1).forEach((b) => pairs.set(`${a}|${b}`, [a, b]));
    });
  }
  return { mcs: mcsList, clusters: [...clusters], providers: [...providers], pairs: [...pairs.values()] };
}

export const sides = (mcs: MultiClusterService, all: string[]) => ({
  providers: sideClusters(mcs, 'provider', all),
  consumers: sideClusters(mcs, 'consumer', all),
});

export function involvedOf(snap: Snapshot, mcs: MultiClusterService): string[] {
  const { providers, consumers } = sides(mcs, clusterNames(snap));
  return [...new Set([...providers, ...consumers])];
}
