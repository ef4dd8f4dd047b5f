// Reading and probing for a diagnosis: the snapshot (src/status/collect.ts), the probes when asked,
// and what hints need to know about the user's kubeconfig. The model itself is pure (model.ts).
import { CliError, KubeconfigError, UsageError } from '../errors.js';
import type { Session } from '../session.js';
import { type Snapshot, key, snapshot } from '../status/collect.js';
import { CROSS_CLUSTER, exposureTypes } from '../karmada/mcs-spec.js';
import { type Finding, type ProbeOutcome, type Prober, probeKey } from './checks.js';
import type { Context } from './install.js';
import { apiDown, diagnose } from './model.js';
import { sides } from './scope.js';
import { PROBE_PARALLELISM, mapLimit } from '../concurrency.js';

const DEFAULT_HOST_CONTEXT = 'karmada-host';

/** Flags a hint repeats, and the contexts it may suggest for --host-context. */
export async function hintContext(session: Session): Promise<Context> {
  const { hostContext, karmadaContext } = session.globals;
  let contexts: string[] = [];
  try {
    const names = await session.contextNames();
    const karmada = (await session.karmada()).context.name;
    contexts = names.filter((n) => n !== karmada && n !== hostContext && n !== karmadaContext);
  } catch {
    // no kubeconfig to suggest from: the hint keeps a placeholder
  }
  return {
    hostFlag: hostContext && hostContext !== DEFAULT_HOST_CONTEXT ? ` --host-context ${hostContext}` : '',
    contexts,
  };
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
    snap = await snapshot(session, namespace, name, { install: true, missingOk: true, full: true, onMember });
  } catch (error) {
    // The API not answering is the first finding; a mistake in the flags or kubeconfig is the user's to fix.
    if (error instanceof CliError && !(error instanceof UsageError) && !(error instanceof KubeconfigError)) {
      return { findings: apiDown(error.message, error.hint) };
    }
    throw error;
  }
  const probes = new Map<string, ProbeOutcome>();
  if (prober) {
    const all = snap.clusters.map((c) => c.metadata.name as string);
    const targets = snap.mcs
      .filter((m) => exposureTypes(m).includes(CROSS_CLUSTER))
      .flatMap((m) => {
        const service = snap.services.get(key(m.metadata.namespace, m.metadata.name));
        const ports = (service?.spec?.ports ?? []).map((p: { port: number; protocol?: string; name?: string }) => ({
          port: p.port,
          protocol: p.protocol ?? 'TCP',
          name: p.name,
        }));
        return sides(m, all).consumers.map((consumer) => ({
          namespace: m.metadata.namespace as string,
          name: m.metadata.name as string,
          consumer,
          ports,
        }));
      });
    const results = await mapLimit(targets, PROBE_PARALLELISM, prober);
    results.forEach((r, i) =>
      probes.set(
        probeKey(targets[i]!),
        r.status === 'fulfilled'
          ? r.value
          : { result: 'fail', message: `the probe could not run: ${(r.reason as Error)?.message ?? String(r.reason)}` },
      ),
    );
  }
  return { snapshot: snap, findings: diagnose(snap, { ...ctx, probe: Boolean(prober), probes }) };
}
