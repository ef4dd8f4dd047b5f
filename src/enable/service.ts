// enable/disable as plain functions: options in, results out. The Kubernetes I/O goes through
// KubeClient; the change and the wait for its rollout are separate steps, so that the command can
// say what was written before it waits.
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, CliError } from '../errors.js';
import { MCS_GATE, gateState } from '../karmada/gates.js';
import type { GateState } from '../karmada/gates.js';
import type { KubeClient } from '../kube/client.js';
import type { Deployment } from '../kube/objects.js';
import type { Cluster } from '../karmada/types.js';
import { CLUSTERS, DEPLOYMENTS, KARMADAS, objectRef } from '../kube/resources.js';
import { MCS_CONTROLLERS, controllersOff } from '../karmada/controller-manager.js';
import { AGENT_MCS_CONTROLLERS, controllersValues } from './controllers.js';
import { installMethod, locateDeployment } from '../karmada/locate.js';
import { planContainer, planOperator } from './plan.js';
import { waitForRollout } from './rollout.js';

export const CONTROLLER_MANAGER = 'karmada-controller-manager';
export const AGENT = 'karmada-agent';
const CONFLICT_RETRIES = 5;

export interface GateOptions {
  want: boolean;
  namespace: string;
  deployment?: string;
  dryRun: 'none' | 'client' | 'server';
  /** once aborted (Ctrl-C), no patch is sent: its reason is thrown instead */
  signal?: AbortSignal;
  /** told as each patch that writes (not a dry run) is sent and answered, so that a Ctrl-C can say what was written */
  onPatch?: (result: ComponentResult, state: PatchState) => void;
}

/** `sent`: not answered yet, so it may or may not be applied; `refused`: the server answered no, nothing written */
export type PatchState = 'sent' | 'written' | 'refused';

export interface ComponentResult {
  /** what is (or would be) patched: `deployment.apps/karmada-controller-manager`, or the operator's Karmada object */
  object: string;
  component: string;
  /** the Deployment that runs the component */
  deployment: string;
  container: string;
  namespace: string;
  cluster: string;
  /** the kubeconfig context that reaches it, for a kubectl hint; none through Karmada's cluster proxy */
  context?: string;
  before: GateState;
  after: GateState;
  /** a write was made (or, on a dry run, would be) */
  changed: boolean;
  /** MCS controllers that --controllers kept off, turned back on by this change */
  controllersOn: string[];
  /** flag lines (a Deployment) or field lines (a Karmada object) that change, for --dry-run=client */
  diff: string[];
  install: 'plain' | 'helm' | 'operator';
  warnings: string[];
}

const controllersOf = (component: string) => (component === AGENT ? AGENT_MCS_CONTROLLERS : MCS_CONTROLLERS);
const helmValue = (values: string) => values.replaceAll(',', '\\,');

/** Reads, plans and patches one component; re-reads and retries when the write loses a race (409). */
async function changeDeployment(client: KubeClient, component: string, options: GateOptions): Promise<ComponentResult> {
  for (let attempt = 1; ; attempt++) {
    const located = await locateDeployment(client, options.namespace, options.deployment, component);
    const deployment: Deployment = located.deployment;
    const name = deployment.metadata?.name ?? '';
    const install = await installMethod(client, located.deployment);
    const operator = install.kind === 'operator' ? install.karmada : undefined;
    const { container } = located;
    let plan;
    try {
      plan = operator
        ? planOperator(operator, container, options.want)
        : planContainer(container, options.want, controllersOf(component));
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      throw new CliError(`deployment ${options.namespace}/${name} (${client.label}): ${error.message}`);
    }
    const object = operator ? objectRef(KARMADAS, operator.metadata?.name ?? '') : objectRef(DEPLOYMENTS, name);
    const result: ComponentResult = {
      object,
      component,
      deployment: name,
      container: container.name,
      namespace: options.namespace,
      cluster: client.label,
      ...(client.context.proxyOf ? {} : { context: client.context.name }),
      before: plan.before,
      after: plan.after,
      changed: plan.changed,
      controllersOn: plan.controllersOn,
      diff: plan.diff,
      install: install.kind,
      warnings: [],
    };
    if (install.kind === 'helm' && plan.changed) {
      const sets = [`controllerManager.featureGates.${MCS_GATE}=${options.want}`];
      if ('container' in plan && plan.controllersOn.length) {
        sets.push(`controllerManager.controllers=${helmValue(controllersValues(plan.container).join(','))}`);
      }
      result.warnings.push(
        `deployment ${name} belongs to Helm release "${install.release}": the next helm upgrade reverts this edit; ` +
          `to keep it, upgrade with ${sets.map((s) => `--set ${s}`).join(' ')}`,
      );
    }
    if (!plan.changed || options.dryRun === 'client') return result;
    // The check and the send are one synchronous step: a Ctrl-C is either before both or after `sent` is told.
    options.signal?.throwIfAborted();
    const tell = options.dryRun === 'none' ? options.onPatch : undefined;
    tell?.(result, 'sent');
    try {
      if ('patch' in plan) {
        await client.mergePatch(
          KARMADAS,
          operator?.metadata?.namespace,
          operator?.metadata?.name ?? '',
          { metadata: { resourceVersion: operator?.metadata?.resourceVersion }, ...plan.patch },
          { dryRun: options.dryRun },
        );
      } else {
        const containers = deployment.spec?.template.spec?.containers ?? [];
        const next = containers.map((c, i) => (i === located.containerIndex ? plan.container : c));
        await client.mergePatch(
          DEPLOYMENTS,
          options.namespace,
          name,
          {
            metadata: { resourceVersion: deployment.metadata?.resourceVersion },
            spec: { template: { spec: { containers: next } } },
          },
          { dryRun: options.dryRun },
        );
      }
    } catch (error) {
      // A 4xx is the server's refusal: nothing was written. A 5xx (504: "may still be processing the request") or
      // a lost connection may have come after the write.
      if (error instanceof ApiError && error.status < 500) tell?.(result, 'refused');
      if (error instanceof ApiError && error.conflict && attempt < CONFLICT_RETRIES) {
        await sleep(50 * attempt);
        continue;
      }
      throw error;
    }
    tell?.(result, 'written');
    return result;
  }
}

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (component: string, pending: string) => void;
}

/** Waits until the Deployment runs the change (karmada-operator first rewrites it) and has rolled out. */
export async function waitForChange(
  client: KubeClient,
  result: ComponentResult,
  want: boolean,
  options: WaitOptions,
): Promise<void> {
  const component = result.component;
  const where = `deployment ${result.namespace}/${result.deployment} (${client.label})`;
  await waitForRollout(client, result.namespace, result.deployment, {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    written: `${result.object} was patched`,
    onPending: (pending) => options.onProgress?.(where, pending),
    ready: (d) => {
      const containers = d.spec?.template.spec?.containers ?? [];
      // A rollout that lost the container entirely still runs the old pods: stale.
      const current = containers.find((c) => c.name === result.container) ?? containers[0] ?? {};
      const stale =
        gateState(current).enabled !== want ||
        (want && controllersOff(controllersValues(current), controllersOf(component)).length > 0);
      if (stale)
        return result.install === 'operator'
          ? 'waiting for karmada-operator to update the Deployment'
          : 'the Deployment was changed again by someone else';
      return undefined;
    },
  });
}

/** A component that was changed, and the cluster it runs in. */
export interface Changed {
  client: KubeClient;
  result: ComponentResult;
}

export interface WaitAllOptions {
  timeoutMs: number;
  /** stops every wait at once (Ctrl-C), rejecting with its reason; the rollouts go on */
  signal: AbortSignal;
  onProgress?: (component: string, pending: string) => void;
  onRolledOut?: (result: ComponentResult) => void;
}

/** Waits for every changed component at once; the first failure ends the wait. */
export async function waitForChanges(changed: Changed[], want: boolean, options: WaitAllOptions): Promise<void> {
  const { signal } = options;
  const stopped = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => {
      reject(signal.reason as Error);
    });
  });
  // Only the race below reads it; without a handler an abort after the waits end would be an unhandled rejection.
  stopped.catch(() => undefined);
  const waits = changed.map(async ({ client, result }) => {
    await waitForChange(client, result, want, { timeoutMs: options.timeoutMs, signal, onProgress: options.onProgress });
    options.onRolledOut?.(result);
  });
  await Promise.race([stopped, Promise.all(waits)]);
}

export function changeControllerManager(host: KubeClient, options: GateOptions): Promise<ComponentResult> {
  return changeDeployment(host, CONTROLLER_MANAGER, options);
}

export function changeAgent(member: KubeClient, options: GateOptions): Promise<ComponentResult> {
  return changeDeployment(member, AGENT, { ...options, deployment: undefined });
}

/** Reads an agent's gate without changing it. */
export async function agentGate(member: KubeClient, namespace: string): Promise<GateState> {
  return componentGate(member, namespace, AGENT);
}

async function componentGate(client: KubeClient, namespace: string, component: string): Promise<GateState> {
  const located = await locateDeployment(client, namespace, undefined, component);
  return gateState(located.container);
}

export async function pullModeClusters(karmada: KubeClient): Promise<string[]> {
  const clusters = await karmada.list<Cluster>(CLUSTERS);
  return clusters.filter((c) => c.spec?.syncMode === 'Pull').flatMap((c) => c.metadata?.name ?? []);
}
