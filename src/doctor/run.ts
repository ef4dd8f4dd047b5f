// Reading and probing for a diagnosis: the snapshot (src/status/collect.ts), the probes when asked,
// and what hints need to know about the user's kubeconfig. The model itself is pure (model.ts).
import { CliError, KubeconfigError, UsageError, messageOf } from '../errors.js';
import type { Session } from '../session.js';
import { type Snapshot, key, snapshot } from '../karmada/snapshot.js';
import { CROSS_CLUSTER, exposureTypes } from '../karmada/mcs-spec.js';
import {
  type Finding,
  type ProbeOutcome,
  type ProbeSubject,
  type Prober,
  probeCommand,
  probeKey,
} from '../karmada/diagnosis/checks.js';
import type { Context } from '../karmada/diagnosis/install.js';
import { apiDown, diagnose } from '../karmada/diagnosis/model.js';
import { sides } from '../karmada/diagnosis/scope.js';
import { PROBE_PARALLELISM, mapLimit } from '../concurrency.js';
import { isReady } from '../karmada/clusters.js';
import { podCidrs } from '../karmada/cidr.js';
import { onPath } from '../kube/path.js';
import type { Cluster, MultiClusterService } from '../karmada/types.js';

/**
 * What a hint repeats to reach the same clusters, the contexts it may suggest for --host-context, and whether it may
 * use karmadactl.
 */
export async function hintContext(session: Session): Promise<Context> {
  const { hostContext, karmadaContext } = session.globals;
  const reach = session.reach;
  let contexts: string[] = [];
  try {
    const names = await session.contextNames();
    const karmada = (await session.karmada()).context.name;
    contexts = names.filter((n) => n !== karmada && n !== hostContext && n !== karmadaContext);
  } catch {
    // no kubeconfig to suggest from: the hint keeps a placeholder
  }
  return { reach, contexts, karmadactl: onPath('kubectl-karmada') };
}

export interface DoctorRun {
  findings: Finding[];
  snapshot?: Snapshot;
}

/** Reads everything, probes each consumer of each CrossCluster MCS when a prober is given, and diagnoses. */
export async function runDoctor(
  session: Session,
  namespace: string | undefined,
  name: string | undefined,
  prober?: Prober,
  onMember?: (read: number, of: number) => void,
): Promise<DoctorRun> {
  const ctx = await hintContext(session);
  let snap: Snapshot;
  try {
    snap = await snapshot(session, namespace, name, { install: true, deep: true, missingOk: true, onMember });
  } catch (error) {
    // The API not answering is the first finding; a mistake in the flags or kubeconfig is the user's to fix.
    if (error instanceof CliError && !(error instanceof UsageError) && !(error instanceof KubeconfigError)) {
      return { findings: apiDown(error.message, error.hint) };
    }
    throw error;
  }
  const probes = new Map<string, ProbeOutcome>();
  if (prober) {
    const clusters: Cluster[] = snap.clusters;
    const mcsList: MultiClusterService[] = snap.mcs;
    const all = clusters.map((c) => c.metadata?.name ?? '');
    const notReady = clusters.filter((c) => !isReady(c)).map((c) => c.metadata?.name ?? '');
    const byConsumer = new Map<string, ProbeSubject[]>();
    for (const mcs of mcsList.filter((m) => exposureTypes(m).includes(CROSS_CLUSTER))) {
      const service = snap.services.get(key(mcs.metadata?.namespace ?? '', mcs.metadata?.name ?? ''));
      for (const consumer of sides(mcs, all).consumers) {
        const member = snap.members.get(consumer);
        const consumerSlices = member && !member.error ? member.slices : undefined;
        const consumerCidrs = member?.nodes ? podCidrs(member.nodes) : undefined;
        const subject = { mcs, service, notReady, consumerSlices, consumerCidrs };
        byConsumer.set(consumer, [...(byConsumer.get(consumer) ?? []), subject]);
      }
    }
    const consumers = [...byConsumer.keys()];
    const results = await mapLimit(consumers, PROBE_PARALLELISM, (c) => prober(c, byConsumer.get(c) ?? []));
    results.forEach((r, i) => {
      const consumer = consumers[i] ?? '';
      (byConsumer.get(consumer) ?? []).forEach((subject, j) => {
        const mcs: MultiClusterService = subject.mcs;
        const name = mcs.metadata?.name ?? '';
        const namespace = mcs.metadata?.namespace ?? '';
        const command = probeCommand({ name, namespace, consumer });
        const why = r.status === 'rejected' ? messageOf(r.reason) : 'no result';
        probes.set(
          probeKey({ namespace, name, consumer }),
          (r.status === 'fulfilled' ? r.value.at(j) : undefined) ?? {
            result: 'warn',
            message: `reachability from ${consumer} is unknown: the probe could not run: ${why}`,
            hint: command,
          },
        );
      });
    });
  }
  return { snapshot: snap, findings: diagnose(snap, { ...ctx, probe: Boolean(prober), probes }) };
}
