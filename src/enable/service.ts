// enable/disable as plain functions: options in, results out. The Kubernetes I/O goes through
// KubeClient; progress is reported through a callback so the command decides how to show it.
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, CliError } from '../errors.js';
import { MCS_GATE, gateState } from '../gates.js';
import type { GateState } from '../gates.js';
import type { KubeClient, Obj } from '../kube/client.js';
import { CLUSTERS, DEPLOYMENTS, KARMADAS, objectRef } from '../kube/resources.js';
import { installMethod, locateDeployment } from './locate.js';
import { planContainer } from './plan.js';
import { rolloutPending, waitForRollout } from './rollout.js';

export const CONTROLLER_MANAGER = 'karmada-controller-manager';
export const AGENT = 'karmada-agent';
const CONFLICT_RETRIES = 5;

export interface GateOptions {
  want: boolean;
  namespace: string;
  deployment?: string;
  dryRun: 'none' | 'client' | 'server';
  wait: boolean;
  timeoutMs: number;
  onProgress?: (component: string, pending: string) => void;
}

export interface ComponentResult {
  /** where: `deployment.apps/karmada-controller-manager` */
  object: string;
  namespace: string;
  cluster: string;
  before: GateState;
  after: GateState;
  /** a write was made (or, on a dry run, would be) */
  changed: boolean;
  diff: string[];
  install: 'plain' | 'helm' | 'operator';
  warnings: string[];
  rolledOut: boolean;
}

/** Reads, plans and patches one component; re-reads and retries when the write loses a race (409). */
async function changeDeployment(client: KubeClient, container: string, options: GateOptions): Promise<ComponentResult> {
  for (let attempt = 1; ; attempt++) {
    const { deployment, containerIndex } = await locateDeployment(client, options.namespace, options.deployment, container);
    const name: string = deployment.metadata.name;
    const install = await installMethod(client, deployment);
    const containers: Obj[] = deployment.spec.template.spec.containers;
    let plan;
    try {
      plan = planContainer(containers[containerIndex]!, options.want);
    } catch (error) {
      throw new CliError(`deployment ${options.namespace}/${name} (${client.label}): ${(error as Error).message}`);
    }
    const result: ComponentResult = {
      object: objectRef(DEPLOYMENTS, name), namespace: options.namespace, cluster: client.label,
      before: plan.before, after: plan.after, changed: plan.changed, diff: plan.diff, install: install.kind, warnings: [], rolledOut: false,
    };
    if (install.kind === 'helm' && plan.changed) {
      result.warnings.push(`deployment ${name} belongs to Helm release "${install.release}": the next helm upgrade reverts this edit; to keep it, upgrade with --set controllerManager.featureGates.${MCS_GATE}=${options.want}`);
    }
    if (!plan.changed || options.dryRun === 'client') return result;
    try {
      if (install.kind === 'operator') {
        await client.mergePatch(KARMADAS, install.karmada.metadata.namespace, install.karmada.metadata.name, {
          metadata: { resourceVersion: install.karmada.metadata.resourceVersion },
          spec: { featureGates: { [MCS_GATE]: options.want } },
        }, { dryRun: options.dryRun });
        result.object = objectRef(KARMADAS, install.karmada.metadata.name);
        result.warnings.push(`this control plane is managed by karmada-operator, which rewrites deployment ${name} on every reconcile: set spec.featureGates.${MCS_GATE}=${options.want} on the Karmada object ${install.karmada.metadata.name} instead`);
      } else {
        const next = containers.map((c, i) => (i === containerIndex ? plan.container : c));
        await client.mergePatch(DEPLOYMENTS, options.namespace, name, {
          metadata: { resourceVersion: deployment.metadata.resourceVersion },
          spec: { template: { spec: { containers: next } } },
        }, { dryRun: options.dryRun });
      }
    } catch (error) {
      if (error instanceof ApiError && error.conflict && attempt < CONFLICT_RETRIES) {
        await sleep(50 * attempt);
        continue;
      }
      throw error;
    }
    if (options.wait && options.dryRun === 'none') {
      await waitForRollout(client, options.namespace, name, {
        timeoutMs: options.timeoutMs,
        onPending: (pending) => options.onProgress?.(`deployment ${options.namespace}/${name} (${client.label})`, pending),
        ready: (d) => {
          const current = d.spec.template.spec.containers.find((c: Obj) => c.name === container) ?? d.spec.template.spec.containers[0];
          if (gateState(current).enabled !== options.want) return 'waiting for karmada-operator to update the Deployment';
          return rolloutPending(d);
        },
      });
      result.rolledOut = true;
    }
    return result;
  }
}

export function changeControllerManager(host: KubeClient, options: GateOptions): Promise<ComponentResult> {
  return changeDeployment(host, CONTROLLER_MANAGER, options);
}

export function changeAgent(member: KubeClient, options: GateOptions): Promise<ComponentResult> {
  return changeDeployment(member, AGENT, { ...options, deployment: undefined });
}

/** Reads the controller-manager's gate without changing it. */
export async function controllerManagerGate(host: KubeClient, namespace = 'karmada-system'): Promise<GateState> {
  const { deployment, containerIndex } = await locateDeployment(host, namespace, undefined, CONTROLLER_MANAGER);
  return gateState(deployment.spec.template.spec.containers[containerIndex]);
}

/** Reads an agent's gate without changing it. */
export async function agentGate(member: KubeClient, namespace: string): Promise<GateState> {
  const { deployment, containerIndex } = await locateDeployment(member, namespace, undefined, AGENT);
  return gateState(deployment.spec.template.spec.containers[containerIndex]);
}

export async function pullModeClusters(karmada: KubeClient): Promise<string[]> {
  const clusters = await karmada.list(CLUSTERS);
  return clusters.filter((c) => c.spec?.syncMode === 'Pull').map((c) => c.metadata.name as string);
}
