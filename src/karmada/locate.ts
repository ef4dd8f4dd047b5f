// Finding the component to edit: the Deployment and container that run its binary or image, whatever
// they are named (Helm names both `<release>-controller-manager`, karmada-operator `<name>-controller-manager`),
// and how Karmada was installed.
import { ApiError, CliError } from '../errors.js';
import type { Container, Deployment } from '../kube/objects.js';
import type { KubeClient } from '../kube/client.js';
import type { KarmadaInstance } from './types.js';
import { DEPLOYMENTS, KARMADAS, NAMESPACES } from '../kube/resources.js';

export type InstallMethod =
  { kind: 'plain' } | { kind: 'helm'; release: string } | { kind: 'operator'; karmada: KarmadaInstance };

export interface Located {
  deployment: Deployment;
  name: string;
  namespace: string;
  /** the container that runs the component, and its index in the pod template */
  container: Container;
  containerIndex: number;
}

function located(deployment: Deployment, namespace: string, containerIndex: number): Located {
  const container = containersOf(deployment)[containerIndex];
  if (!container) throw new Error(`container ${containerIndex} of a deployment in ${namespace} vanished`);
  return { deployment, name: deployment.metadata?.name ?? '', namespace, container, containerIndex };
}

export const containersOf = (d: Deployment): Container[] => d.spec?.template.spec?.containers ?? [];

/** The container runs `component`: its command starts with the binary, or its image is the component's. */
export function runs(container: Container, component: string): boolean {
  const binary = (container.command?.[0] ?? '').split('/').pop();
  const image = (container.image ?? '')
    .replace(/[@:][^/]*$/, '')
    .split('/')
    .pop();
  return binary === component || image === component;
}

function componentIndex(d: Deployment, component: string): number {
  const containers = containersOf(d);
  const byWhatRuns = containers.findIndex((c) => runs(c, component));
  if (byWhatRuns >= 0) return byWhatRuns;
  const byName = containers.findIndex((c) => c.name === component);
  return byName >= 0 ? byName : containers.length === 1 ? 0 : -1;
}

export async function locateDeployment(
  client: KubeClient,
  namespace: string,
  name: string | undefined,
  component: string,
): Promise<Located> {
  const hint =
    'pass --deployment NAME and --karmada-namespace NAMESPACE, or --host-context for the cluster that runs Karmada';
  if (name) {
    const deployment = await client.find<Deployment>(DEPLOYMENTS, namespace, name);
    if (!deployment)
      throw new CliError(`deployment "${name}" not found in namespace "${namespace}" (${client.label})`, { hint });
    const containerIndex = componentIndex(deployment, component);
    if (containerIndex < 0) {
      const seen = containersOf(deployment)
        .map((c) => `${c.name} (${c.image ?? 'no image'})`)
        .join(', ');
      throw new CliError(`deployment "${name}" has no container running ${component}; its containers: ${seen}`);
    }
    return located(deployment, namespace, containerIndex);
  }
  const all = await client.list<Deployment>(DEPLOYMENTS, namespace);
  const candidates = all.filter((d) => containersOf(d).some((c) => runs(c, component)));
  if (candidates.length > 1) {
    throw new CliError(`several Deployments in namespace "${namespace}" run ${component}: ${names(candidates)}`, {
      hint: 'pass --deployment NAME to choose one',
    });
  }
  if (candidates.length === 0) {
    if (all.length === 0 && !(await client.find(NAMESPACES, undefined, namespace))) {
      throw new CliError(`namespace "${namespace}" not found (${client.label})`, {
        hint:
          'pass --karmada-namespace with the namespace Karmada is installed in, ' +
          'or --host-context for the cluster that runs it',
      });
    }
    const seen = names(all) || 'none';
    throw new CliError(
      `no Deployment in namespace "${namespace}" runs ${component} (${client.label}); Deployments there: ${seen}`,
      { hint },
    );
  }
  const [deployment] = candidates as [Deployment];
  return located(deployment, namespace, componentIndex(deployment, component));
}

const names = (objects: Deployment[]): string => objects.map((d) => d.metadata?.name).join(', ');

export async function installMethod(client: KubeClient, deployment: Deployment): Promise<InstallMethod> {
  const { name, namespace, labels = {}, annotations = {} } = deployment.metadata ?? {};
  let karmadas: KarmadaInstance[] = [];
  try {
    karmadas = await client.list<KarmadaInstance>(KARMADAS, namespace);
  } catch (error) {
    // No operator CRD in this cluster, or no right to read it: not something we can edit as an operator install.
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  if (labels['app.kubernetes.io/managed-by'] === 'karmada-operator' || karmadas.length > 0) {
    const instance = labels['app.kubernetes.io/instance'];
    const karmada =
      karmadas.find((k) => k.metadata?.name === instance) ?? (karmadas.length === 1 ? karmadas[0] : undefined);
    if (!karmada) {
      const named = instance ? ` named "${instance}"` : '';
      throw new CliError(
        `deployment "${name ?? ''}" is managed by karmada-operator, but no Karmada object${named} ` +
          `was found in namespace "${namespace ?? ''}"`,
        {
          hint: 'set spec.featureGates.MultiClusterService: true on the Karmada object that manages this control plane',
        },
      );
    }
    return { kind: 'operator', karmada };
  }
  if (labels['app.kubernetes.io/managed-by'] === 'Helm' || annotations['meta.helm.sh/release-name']) {
    return {
      kind: 'helm',
      release: annotations['meta.helm.sh/release-name'] ?? labels['app.kubernetes.io/instance'] ?? 'karmada',
    };
  }
  return { kind: 'plain' };
}
