// Temporary probe pods: a hardened spec, created in a consumer cluster, waited for until Running
// (failing early on image errors), and always deleted — tracked so an interrupted run can clean
// up, and labelled so `probe --cleanup` finds what a crashed run left behind.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, CliError, messageOf } from '../errors.js';
import { formatDurationWords } from '../duration.js';
import type { KubeClient } from '../kube/client.js';
import type { Pod } from '../kube/objects.js';
import { PODS } from '../kube/resources.js';
import { MANAGED_BY, PLUGIN } from '../karmada/labels.js';

export const PROBE_CONTAINER = 'curl';
const COMPONENT = 'app.kubernetes.io/component';
/** the run that created a probe pod, so two runs never mistake each other's pods */
export const PROBE_RUN = 'karmada-mcs.karmada.io/probe-run';
/** every probe pod of this plugin, whichever run made it */
export const PROBE_SELECTOR = `${MANAGED_BY}=${PLUGIN},${COMPONENT}=probe`;
/** curlimages/curl runs as curl_user (uid 100); any non-root number works for curl */
const PROBE_UID = 100;

/** A probe failed because of its own machinery (pod, image, exec), not the path it probes. */
export class ProbeMachineryError extends CliError {}

/**
 * The probe pod: no service-account token, read-only root filesystem, a numeric non-root user,
 * no capabilities, RuntimeDefault seccomp, small requests and limits, and a deadline. It meets
 * the "restricted" Pod Security Standard, so namespaces enforcing it accept the pod.
 */
export function probePodSpec(
  name: string,
  namespace: string,
  image: string,
  run: string,
  deadlineSeconds: number,
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { [MANAGED_BY]: PLUGIN, [COMPONENT]: 'probe', [PROBE_RUN]: run } },
    spec: {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 0,
      // A pod left behind by a killed run ends itself once the run would have ended.
      activeDeadlineSeconds: deadlineSeconds,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: PROBE_UID,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: PROBE_CONTAINER,
          image,
          command: ['sleep', String(deadlineSeconds)],
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: PROBE_UID,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } },
        },
      ],
    },
  };
}

export interface TrackedPod {
  cluster: string;
  namespace: string;
  name: string;
  client: KubeClient;
}

export class PodTracker {
  readonly pods = new Set<TrackedPod>();
  readonly run = randomBytes(4).toString('hex');

  async create(
    client: KubeClient,
    cluster: string,
    namespace: string,
    image: string,
    deadlineSeconds: number,
  ): Promise<TrackedPod> {
    const name = `karmada-mcs-probe-${randomBytes(3).toString('hex')}`;
    const pod: TrackedPod = { cluster, namespace, name, client };
    this.pods.add(pod);
    await client
      .create(PODS, probePodSpec(name, namespace, image, this.run, deadlineSeconds))
      .catch((error: unknown) => {
        this.pods.delete(pod);
        throw new ProbeMachineryError(`cannot create the probe pod in ${cluster}: ${messageOf(error)}`, {
          hint: error instanceof CliError ? error.hint : undefined,
        });
      });
    return pod;
  }

  async delete(pod: TrackedPod): Promise<void> {
    try {
      await pod.client.delete(PODS, pod.namespace, pod.name);
    } catch (error) {
      // Already gone (its deadline ended it, or someone deleted it): nothing left to clean up.
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

/** Deletes every probe pod (any run, any namespace) in one cluster; returns `namespace/name` of each. */
export async function deleteLeftovers(client: KubeClient): Promise<string[]> {
  const pods = await client.list<Pod>(PODS, undefined, { labelSelector: PROBE_SELECTOR });
  const names = pods.map((p) => ({ namespace: p.metadata?.namespace ?? '', name: p.metadata?.name ?? '' }));
  await Promise.all(
    names.map(({ namespace, name }) =>
      client.delete(PODS, namespace, name).catch((error: unknown) => {
        // Deleted meanwhile (its deadline, or another cleanup): what was asked for is done.
        if (!(error instanceof ApiError && error.notFound)) throw error;
      }),
    ),
  );
  return names.map(({ namespace, name }) => `${namespace}/${name}`).sort();
}

const FATAL = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);
const IMAGE_HINT =
  'pass --image with an image the cluster can pull that has curl, or --pod with an existing pod that has curl';

/** Why a Pending pod is not running yet, in the kubelet's and scheduler's words. */
export function pendingCause(pod: Pod): { fatal: boolean; text: string } | undefined {
  const waiting = pod.status?.containerStatuses?.at(0)?.state?.waiting;
  const reason = waiting?.reason;
  const message = waiting?.message;
  if (reason) return { fatal: FATAL.has(reason), text: `${reason}${message ? `: ${message}` : ''}` };
  const scheduled = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False')
    return { fatal: false, text: `not scheduled: ${scheduled.message ?? scheduled.reason ?? 'no reason given'}` };
  return undefined;
}

export async function waitRunning(
  client: KubeClient,
  namespace: string,
  name: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const pod = await client.get<Pod>(PODS, namespace, name);
    const phase = pod.status?.phase;
    if (phase === 'Running') return;
    if (phase === 'Failed' || phase === 'Succeeded') {
      throw new ProbeMachineryError(
        `probe pod ${name} ended (${[phase, pod.status?.reason].filter(Boolean).join(': ')}) before it could be used`,
      );
    }
    const cause = pendingCause(pod);
    if (cause?.fatal)
      throw new ProbeMachineryError(`probe pod ${name} cannot start: ${cause.text}`, { hint: IMAGE_HINT });
    if (Date.now() >= deadline) {
      throw new ProbeMachineryError(
        `probe pod ${name} still ${phase ?? 'Pending'} after ${formatDurationWords(timeoutMs)}` +
          (cause ? ` (${cause.text})` : ''),
        {
          hint: cause?.text.startsWith('not scheduled')
            ? 'the consumer cluster has no node for the probe pod (taints, resources): pass --pod with an existing pod'
            : undefined,
        },
      );
    }
    await sleep(250, undefined, { signal });
  }
}
