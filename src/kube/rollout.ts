// kubectl rollout status's reading of a Deployment (kubectl pkg/polymorphichelpers/rollout_status.go,
// DeploymentStatusViewer): shared by enable, which waits on it, and doctor, which reports it.
import type { Deployment } from './objects.js';

/** Undefined when rolled out; otherwise what is still pending, in kubectl rollout status's words. */
export function rolloutPending(d: Deployment): string | undefined {
  const spec = d.spec?.replicas ?? 1;
  const status = d.status;
  const observedGeneration = status?.observedGeneration ?? 0;
  const replicas = status?.replicas ?? 0;
  const updatedReplicas = status?.updatedReplicas ?? 0;
  const availableReplicas = status?.availableReplicas ?? 0;
  if (observedGeneration < (d.metadata?.generation ?? 0)) return 'the new spec has not been observed yet';
  if (updatedReplicas < spec) return `${updatedReplicas}/${spec} replicas updated`;
  if (replicas > updatedReplicas) return `${replicas - updatedReplicas} old replicas pending termination`;
  if (availableReplicas < updatedReplicas) return `${availableReplicas}/${updatedReplicas} replicas available`;
  return undefined;
}

/**
 * Why the rollout has failed, in kubectl rollout status's words and the controller's: the deployment controller
 * found no progress for progressDeadlineSeconds (Progressing=False, ProgressDeadlineExceeded). Undefined otherwise.
 */
export function rolloutFailed(d: Deployment): string | undefined {
  if ((d.metadata?.generation ?? 0) > (d.status?.observedGeneration ?? 0)) return undefined;
  const progressing = d.status?.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason !== 'ProgressDeadlineExceeded') return undefined;
  const why = progressing.message ? ` (${progressing.message})` : '';
  return `deployment "${d.metadata?.name ?? ''}" exceeded its progress deadline${why}`;
}
