// Temporary probe pods: created in a consumer cluster, waited for until Running (failing early
// on image pull errors), and always deleted — tracked so an interrupted run can clean up.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, CliError, TimeoutError } from '../errors.js';
import { formatDurationWords } from '../duration.js';
import type { KubeClient, Obj } from '../kube/client.js';
import { PODS } from '../kube/resources.js';
import { MANAGED_BY, PLUGIN } from '../expose/derive.js';

export const PROBE_CONTAINER = 'curl';

export interface TrackedPod {
  cluster: string;
  namespace: string;
  name: string;
  client: KubeClient;
}

export class PodTracker {
  readonly pods = new Set<TrackedPod>();

  async create(client: KubeClient, cluster: string, namespace: string, image: string): Promise<TrackedPod> {
    const name = `karmada-mcs-probe-${randomBytes(3).toString('hex')}`;
    const pod: TrackedPod = { cluster, namespace, name, client };
    this.pods.add(pod);
    await client.create(PODS, {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, namespace, labels: { [MANAGED_BY]: PLUGIN, 'app.kubernetes.io/component': 'probe' } },
      spec: {
        restartPolicy: 'Never', terminationGracePeriodSeconds: 0,
        // A pod left behind by a killed run ends itself within the hour.
        activeDeadlineSeconds: 3600,
        // Fits the "restricted" Pod Security Standard, so namespaces that enforce it accept the pod.
        securityContext: { runAsNonRoot: true, runAsUser: 100, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{
          name: PROBE_CONTAINER, image, command: ['sleep', '3600'],
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
        }],
      },
    }).catch((error) => {
      this.pods.delete(pod);
      throw error;
    });
    return pod;
  }

  async delete(pod: TrackedPod): Promise<void> {
    try {
      await pod.client.delete(PODS, pod.namespace, pod.name);
    } catch (error) {
      if (!(error instanceof ApiError && error.notFound)) throw error;
    }
    this.pods.delete(pod);
  }

  /** Stops tracking a pod the user asked to keep. */
  release(pod: TrackedPod): void {
    this.pods.delete(pod);
  }

  /** Deletes every pod still tracked; returns the ones that could not be deleted. */
  async deleteAll(): Promise<TrackedPod[]> {
    const results = await Promise.allSettled([...this.pods].map((p) => this.delete(p)));
    return [...this.pods].filter((_, i) => results[i]?.status === 'rejected');
  }
}

const waitingReason = (pod: Obj): { reason?: string; message?: string } => pod.status?.containerStatuses?.[0]?.state?.waiting ?? {};
const FATAL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'CreateContainerConfigError', 'CreateContainerError']);

export async function waitRunning(client: KubeClient, namespace: string, name: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const pod = await client.get(PODS, namespace, name);
    const phase = pod.status?.phase;
    if (phase === 'Running') return;
    const { reason, message } = waitingReason(pod);
    if (phase === 'Failed' || phase === 'Succeeded') throw new CliError(`probe pod ${name} ended (${phase}) before it could be used`);
    if (reason && FATAL.has(reason)) throw new CliError(`probe pod ${name} cannot start: ${reason}${message ? `: ${message}` : ''}`, { hint: 'pass --image with an image the cluster can pull, or --pod with an existing pod that has curl' });
    if (Date.now() >= deadline) throw new TimeoutError(`probe pod ${name} still ${phase ?? 'Pending'}${reason ? ` (${reason})` : ''} after ${formatDurationWords(timeoutMs)}`);
    await sleep(250, undefined, { signal });
  }
}
