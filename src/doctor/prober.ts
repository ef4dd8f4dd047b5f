// `doctor --probe` runs the same layered probe as `probe` (src/probe/service.ts), one pod per consumer cluster for
// all the MultiClusterServices it consumes, so the two commands never disagree about reachability.
import { DEFAULT_PROBE_IMAGE } from '../defaults.js';
import type { Obj } from '../kube/client.js';
import { PodTracker } from '../probe/pods.js';
import { type ProbeOptions, type ProbeRow, probeConsumer, urlsFor } from '../probe/service.js';
import type { Session } from '../session.js';
import type { ProbeOutcome } from './checks.js';

const POD_TIMEOUT_MS = 120_000;
const CURL_TIMEOUT_SECONDS = 10;

/** One MCS a consumer is probed for, with its Service in the control plane. */
export interface ProbeSubject {
  mcs: Obj;
  service?: Obj;
  /** registered clusters that are not Ready */
  notReady: string[];
  /** the consumer's EndpointSlices as doctor read them, so the probe lists none again */
  consumerSlices?: Obj[];
}

/** Probes one consumer for every subject; resolves with one row per Service port (see ProbeRow). */
export type Prober = (consumer: string, subjects: ProbeSubject[]) => Promise<ProbeRow[]>;

export function layeredProber(session: Session, tracker: PodTracker, signal: AbortSignal): Prober {
  return (consumer, subjects) => {
    const options: ProbeOptions = {
      namespace: subjects[0]!.mcs.metadata.namespace,
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
    const targets = subjects.map(({ service, ...subject }) => ({ ...subject, ...urlsFor(service, options) }));
    return probeConsumer(session, consumer, targets, options, tracker, signal);
  };
}

/** A consumer's rows for one MCS, as the reachability check: the first broken layer, in the probe's own words. */
export function outcome(consumer: string, rows: ProbeRow[], probeCommand: string): ProbeOutcome {
  const failed = rows.filter((r) => !r.ok);
  if (rows.length && failed.length === 0) {
    return { result: 'ok', message: `${consumer} reaches ${rows.map((r) => `${r.url} (${r.status})`).join(', ')}` };
  }
  const first = failed[0];
  if (!first) return { result: 'skip', message: `${consumer} has nothing to probe` };
  // The probe's own machinery failing says nothing about the MCS: reachability is then unknown, not broken.
  if (first.layer === 'probe') {
    return {
      result: 'warn',
      message: `reachability from ${consumer} is unknown: the probe could not run: ${first.reason}`,
      hint: probeCommand,
    };
  }
  return {
    result: 'fail',
    message: `${consumer} cannot reach ${first.url}: ${first.layer} layer: ${first.reason}`,
    hint: probeCommand,
  };
}

export { PodTracker };
