// The prober `doctor --probe` uses until the layered per-consumer probe (src/probe/) provides one:
// curl from a temporary pod in the consumer against each TCP port of the Service.
import { DEFAULT_PROBE_IMAGE } from '../defaults.js';
import { PodTracker } from '../probe/pods.js';
import { runProbe } from '../probe/service.js';
import type { Session } from '../session.js';
import type { ProbeOutcome, Prober } from './checks.js';

const POD_TIMEOUT_MS = 120_000;
const CURL_TIMEOUT_SECONDS = 10;

export function curlProber(session: Session, tracker: PodTracker, signal: AbortSignal): Prober {
  return async (target): Promise<ProbeOutcome> => {
    const rows = await runProbe(
      session,
      {
        namespace: target.namespace,
        name: target.name,
        consumers: [target.consumer],
        image: DEFAULT_PROBE_IMAGE,
        path: '',
        timeoutSeconds: CURL_TIMEOUT_SECONDS,
        count: 1,
        expect: { status: '2xx' },
        parallel: 1,
        podTimeoutMs: POD_TIMEOUT_MS,
        keepPod: false,
      },
      tracker,
      signal,
    );
    const failed = rows.filter((r) => !r.ok);
    if (rows.length && failed.length === 0) {
      return {
        result: 'ok',
        message: `${target.consumer} reaches ${rows.map((r) => `${r.url} (${r.status})`).join(', ')}`,
      };
    }
    const first = failed[0];
    return {
      result: 'fail',
      message: first
        ? `${target.consumer} cannot reach ${first.url}: ${first.reason ?? `HTTP ${first.status}`}`
        : `${target.consumer} has nothing to probe`,
      hint: `kubectl karmada-mcs probe ${target.name} -n ${target.namespace} --consumer ${target.consumer}`,
    };
  };
}

export { PodTracker };
