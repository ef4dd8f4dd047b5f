// `doctor --probe` runs the same layered probe as `probe` (src/probe/service.ts), one pod per consumer cluster for
// all the MultiClusterServices it consumes, so the two commands never disagree about reachability.
import { DEFAULT_PROBE_IMAGE } from '../defaults.js';
import { PodTracker } from './pods.js';
import { type ProbeOptions, type ProbeRow, type Target, probeConsumer, urlsFor } from './service.js';
import type { Session } from '../session.js';
import { type ProbeOutcome, type Prober, probeCommand } from '../karmada/diagnosis/checks.js';
import type { MultiClusterService } from '../karmada/types.js';

const POD_TIMEOUT_MS = 120_000;
const CURL_TIMEOUT_SECONDS = 10;

export function layeredProber(session: Session, tracker: PodTracker, signal: AbortSignal): Prober {
  return async (consumer, subjects) => {
    const mcsList: MultiClusterService[] = subjects.map((s) => s.mcs);
    const options: ProbeOptions = {
      // doctor asks only about a consumer of at least one MultiClusterService.
      namespace: mcsList.at(0)?.metadata?.namespace ?? '',
      consumers: [consumer],
      image: DEFAULT_PROBE_IMAGE,
      path: '',
      timeoutSeconds: CURL_TIMEOUT_SECONDS,
      count: 1,
      expect: { status: '2xx' },
      parallel: 1,
      podTimeoutMs: POD_TIMEOUT_MS,
      keepPod: false,
    };
    // Every probe pod lives in the namespace of the first MCS: one pod serves the others too.
    const targets: Target[] = subjects.map(({ mcs, service, notReady, consumerSlices, consumerCidrs }) => ({
      mcs,
      notReady,
      localCidrs: consumerCidrs,
      // The consumer's EndpointSlices as doctor read and trimmed them (digest.ts): the probe lists none again.
      consumerSlices,
      ...urlsFor(service, options),
    }));
    const rows = await probeConsumer(session, consumer, targets, options, tracker, signal);
    return mcsList.map((mcs) => {
      const name = mcs.metadata?.name ?? '';
      const namespace = mcs.metadata?.namespace ?? '';
      const own = rows.filter((row) => row.mcs === name && row.namespace === namespace);
      return outcome(consumer, own, probeCommand({ name, namespace, consumer }));
    });
  };
}

/** A consumer's rows for one MCS, as the reachability check: the first broken layer, in the probe's own words. */
function outcome(consumer: string, rows: ProbeRow[], command: string): ProbeOutcome {
  const failed = rows.filter((r) => !r.ok);
  if (rows.length && failed.length === 0) {
    return { result: 'ok', message: `${consumer} reaches ${rows.map((r) => `${r.url} (${r.status})`).join(', ')}` };
  }
  const first = failed.at(0);
  if (!first) return { result: 'skip', message: `${consumer} has nothing to probe` };
  // The probe's own machinery failing says nothing about the MCS: reachability is then unknown, not broken.
  if (first.layer === 'probe') {
    return {
      result: 'warn',
      message: `reachability from ${consumer} is unknown: the probe could not run: ${first.reason}`,
      hint: command,
    };
  }
  // The probe's hint says what to do about the cause (link the pod networks, fix the targetPort); probing again
  // only repeats the test, so it comes after.
  return {
    result: 'fail',
    message: `${consumer} cannot reach ${first.url}: ${first.layer} layer: ${first.reason}`,
    hint: first.hint ? `${first.hint}; test again with \`${command}\`` : command,
  };
}

export { PodTracker };
