// The conditions kube-controller-manager's deployment controller writes (kubernetes pkg/controller/deployment:
// sync.go calculateStatus and getNewReplicaSet, progress.go syncRolloutStatus, util/deployment_util.go
// SetDeploymentCondition, DeploymentProgressing, DeploymentTimedOut, MaxUnavailable): Available against the
// replicas less maxUnavailable, and Progressing, which a rollout that makes no progress for progressDeadlineSeconds
// turns False with ProgressDeadlineExceeded (kubectl rollout status then fails: "exceeded its progress deadline").
import type { V1DeploymentCondition } from '@kubernetes/client-node';
import type { Deployment } from './kinds.js';

type Condition = Omit<V1DeploymentCondition, 'lastUpdateTime' | 'lastTransitionTime'> & {
  lastUpdateTime?: string;
  lastTransitionTime?: string;
};

/** A rollout's counts as this pass leaves them. */
export interface Counts {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

const DEFAULT_DEADLINE_SECONDS = 600;
// No deadline: progressDeadlineSeconds of math.MaxInt32 (util.HasProgressDeadline).
const NO_DEADLINE = 2 ** 31 - 1;

/** progressDeadlineSeconds as the API server defaults it (600); undefined for none. */
function deadlineSeconds(d: Deployment): number | undefined {
  const seconds = d.spec?.progressDeadlineSeconds ?? DEFAULT_DEADLINE_SECONDS;
  return seconds === NO_DEADLINE ? undefined : seconds;
}

/** intstr.GetScaledValueFromIntOrPercent. */
function scaled(value: number | string | undefined, fallback: string, total: number, roundUp: boolean): number {
  const v = value ?? fallback;
  if (typeof v === 'number') return v;
  const percent = Number(v.replace(/%$/, ''));
  return roundUp ? Math.ceil((percent * total) / 100) : Math.floor((percent * total) / 100);
}

/** MaxUnavailable with ResolveFenceposts: both 0 would deadlock, so maxUnavailable is then 1. */
function maxUnavailable(d: Deployment, desired: number): number {
  const strategy = d.spec?.strategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate' || desired === 0) return 0;
  const surge = scaled(strategy?.rollingUpdate?.maxSurge, '25%', desired, true);
  const unavailable = scaled(strategy?.rollingUpdate?.maxUnavailable, '25%', desired, false);
  return Math.min(surge === 0 && unavailable === 0 ? 1 : unavailable, desired);
}

/** SetDeploymentCondition: the same status and reason change nothing; the same status keeps its transition time. */
function set(conditions: Condition[], next: Condition): Condition[] {
  const current = conditions.find((c) => c.type === next.type);
  if (current && current.status === next.status && current.reason === next.reason) return conditions;
  const kept = current?.status === next.status ? { lastTransitionTime: current.lastTransitionTime } : {};
  return [...conditions.filter((c) => c.type !== next.type), { ...next, ...kept }];
}

const condition = (type: string, status: string, reason: string, message: string, now: string): Condition => ({
  type,
  status,
  lastUpdateTime: now,
  lastTransitionTime: now,
  reason,
  message,
});

/**
 * The Deployment's conditions after this pass. `newReplicaSet` names the ReplicaSet of its current template
 * (`<name>-<pod-template-hash>`).
 */
export function deploymentConditions(d: Deployment, next: Counts, newReplicaSet: string, now: string): Condition[] {
  const desired = d.spec?.replicas ?? 1;
  const old = d.status ?? {};
  let conditions = (old.conditions ?? []) as Condition[];
  conditions = set(
    conditions,
    next.availableReplicas >= desired - maxUnavailable(d, desired)
      ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now)
      : condition(
          'Available',
          'False',
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
          now,
        ),
  );
  const progressing = () => conditions.find((c) => c.type === 'Progressing');
  // sync.go checkPausedConditions: a paused Deployment does not progress, and says so.
  if (d.spec?.paused)
    return set(conditions, condition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', now));
  if (progressing()?.reason === 'DeploymentPaused')
    conditions = set(
      conditions,
      condition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', now),
    );
  const deadline = deadlineSeconds(d);
  if (deadline === undefined) return conditions.filter((c) => c.type !== 'Progressing');
  // getNewReplicaSet: a new template's ReplicaSet is created, and the clock starts.
  const named = /(?:ReplicaSet|replica set) "([^"]+)"/.exec(progressing()?.message ?? '')?.[1];
  if (!progressing() || (named !== undefined && named !== newReplicaSet))
    conditions = set(
      conditions,
      condition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${newReplicaSet}"`, now),
    );
  const current = progressing();
  const complete = next.updatedReplicas === desired && next.replicas === desired && next.availableReplicas === desired;
  if (next.replicas === next.updatedReplicas && current?.reason === 'NewReplicaSetAvailable') return conditions;
  if (complete)
    return set(
      conditions,
      condition(
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${newReplicaSet}" has successfully progressed.`,
        now,
      ),
    );
  const oldReplicas = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const moved =
    next.updatedReplicas > (old.updatedReplicas ?? 0) ||
    next.replicas - next.updatedReplicas < oldReplicas ||
    next.readyReplicas > (old.readyReplicas ?? 0) ||
    next.availableReplicas > (old.availableReplicas ?? 0);
  if (moved) {
    // Progress moves lastUpdateTime on, whatever the reason was (progress.go handles this case itself).
    const updated = condition(
      'Progressing',
      'True',
      'ReplicaSetUpdated',
      `ReplicaSet "${newReplicaSet}" is progressing.`,
      now,
    );
    const since = current?.status === 'True' ? { lastTransitionTime: current.lastTransitionTime } : {};
    return [...conditions.filter((c) => c.type !== 'Progressing'), { ...updated, ...since }];
  }
  const timedOut =
    current?.reason === 'ProgressDeadlineExceeded' ||
    (current?.lastUpdateTime !== undefined && Date.parse(current.lastUpdateTime) + deadline * 1000 < Date.parse(now));
  if (timedOut && current.reason !== 'NewReplicaSetAvailable')
    return set(
      conditions,
      condition(
        'Progressing',
        'False',
        'ProgressDeadlineExceeded',
        `ReplicaSet "${newReplicaSet}" has timed out progressing.`,
        now,
      ),
    );
  return conditions;
}

/**
 * When a rollout that has made no progress since its Progressing condition's lastUpdateTime times out, for the
 * controller to look at it again then (progress.go requeueStuckDeployment); undefined when none is under way.
 */
export function progressDeadline(d: Deployment, conditions: Condition[]): number | undefined {
  const deadline = deadlineSeconds(d);
  const progressing = conditions.find((c) => c.type === 'Progressing');
  if (d.spec?.paused || deadline === undefined || progressing?.status !== 'True') return undefined;
  if (progressing.reason === 'NewReplicaSetAvailable' || !progressing.lastUpdateTime) return undefined;
  return Date.parse(progressing.lastUpdateTime) + deadline * 1000;
}
