// Waiting for a Deployment rollout with kubectl's own criteria (observedGeneration, updated,
// old and available replicas), reporting each state and naming what is pending on timeout; a rollout the
// deployment controller has given up on (its progress deadline) ends the wait at once, as in kubectl.
import { CliError, TimeoutError } from '../errors.js';
import { formatDurationWords } from '../duration.js';
import { poll } from '../poll.js';
import type { KubeClient } from '../kube/client.js';
import { type Deployment, labelSelector } from '../kube/objects.js';
import { DEPLOYMENTS, PODS } from '../kube/resources.js';
import { proxiedGet } from '../karmada/diagnosis/member-get.js';
import { rolloutFailed, rolloutPending } from '../kube/rollout.js';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  onPending?: (pending: string) => void;
  /** another condition the Deployment must meet first (e.g. the operator has rewritten it) */
  ready?: (d: Deployment) => string | undefined;
  /** what was written before the wait, for the timeout message: the user must learn it stays */
  written?: string;
  /** stops the wait at the next read (Ctrl-C) */
  signal?: AbortSignal;
}

/**
 * The command that lists the Deployment's pods where they run: the host or a member through its kubeconfig context,
 * or a member through Karmada's cluster proxy, which kubectl reaches only as a raw path.
 */
function podsCommand(client: KubeClient, namespace: string, d: Deployment): string {
  const selector = labelSelector(d.spec?.selector.matchLabels);
  const member = client.context.proxyOf;
  if (member === undefined) return `kubectl --context ${client.context.name} -n ${namespace} get pods -l ${selector}`;
  return proxiedGet({ rt: PODS, namespace, labelSelector: selector }, member);
}

export function waitForRollout(
  client: KubeClient,
  namespace: string,
  name: string,
  options: WaitOptions,
): Promise<Deployment> {
  const read = () => {
    options.signal?.throwIfAborted();
    return client.get<Deployment>(DEPLOYMENTS, namespace, name);
  };
  const written = options.written ? `; ${options.written}, and the rollout goes on without us` : '';
  const pending = (d: Deployment) => {
    const failed = rolloutFailed(d);
    // kubectl rollout status gives up here too: the controller has stopped trying.
    if (failed)
      throw new CliError(`deployment ${namespace}/${name} (${client.label}) failed to roll out: ${failed}${written}`, {
        hint: `look at its pods: \`${podsCommand(client, namespace, d)}\``,
      });
    return rolloutPending(d);
  };
  return poll(read, (d) => options.ready?.(d) ?? pending(d), {
    timeoutMs: options.timeoutMs,
    intervalMs: options.intervalMs,
    onPending: options.onPending,
    timeout: (d, pending) =>
      new TimeoutError(
        `timed out after ${formatDurationWords(options.timeoutMs)} waiting for deployment ${namespace}/${name} ` +
          `(${client.label}) to roll out: ${pending}${written}`,
        { hint: `look at its pods: \`${podsCommand(client, namespace, d)}\`` },
      ),
  });
}
