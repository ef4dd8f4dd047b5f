// Finding the component to edit: the Deployment (by name, else by the container it runs, as Helm
// and karmada-operator name it differently), its container, and how Karmada was installed.
import { CliError } from '../errors.js';
import type { KubeClient, Obj } from '../kube/client.js';
import { DEPLOYMENTS, KARMADAS, NAMESPACES } from '../kube/resources.js';
import { ApiError } from '../errors.js';

export type InstallMethod = { kind: 'plain' } | { kind: 'helm'; release: string } | { kind: 'operator'; karmada: Obj };

export interface Located {
  deployment: Obj;
  containerIndex: number;
}

const containerNames = (d: Obj): string[] => (d.spec?.template?.spec?.containers ?? []).map((c: Obj) => c.name);

export async function locateDeployment(client: KubeClient, namespace: string, name: string | undefined, container: string): Promise<Located> {
  const hint = `pass --deployment NAME and --karmada-namespace NAMESPACE, or --host-context for the cluster that runs Karmada`;
  const wanted = name ?? container;
  const named = await client.find(DEPLOYMENTS, namespace, wanted);
  let deployment = named;
  if (!deployment && name) {
    throw new CliError(`deployment "${name}" not found in namespace "${namespace}" (${client.label})`, { hint });
  }
  if (!deployment) {
    const all = await client.list(DEPLOYMENTS, namespace);
    const candidates = all.filter((d) => containerNames(d).includes(container));
    if (candidates.length > 1) {
      throw new CliError(`several Deployments in namespace "${namespace}" run a ${container} container: ${candidates.map((d) => d.metadata.name).join(', ')}`, { hint: 'pass --deployment NAME to choose one' });
    }
    if (candidates.length === 0) {
      if (all.length === 0 && !(await client.find(NAMESPACES, undefined, namespace))) {
        throw new CliError(`namespace "${namespace}" not found (${client.label})`, { hint: 'pass --karmada-namespace with the namespace Karmada is installed in, or --host-context for the cluster that runs it' });
      }
      const seen = all.map((d) => d.metadata.name).join(', ') || 'none';
      throw new CliError(`no ${container} Deployment in namespace "${namespace}" (${client.label}); Deployments there: ${seen}`, { hint });
    }
    deployment = candidates[0]!;
  }
  const names = containerNames(deployment);
  let containerIndex = names.indexOf(container);
  if (containerIndex < 0 && names.length === 1) containerIndex = 0;
  if (containerIndex < 0) {
    throw new CliError(`deployment "${deployment.metadata.name}" has no container named ${container}; its containers: ${names.join(', ')}`);
  }
  return { deployment, containerIndex };
}

export async function installMethod(client: KubeClient, deployment: Obj): Promise<InstallMethod> {
  const labels = deployment.metadata.labels ?? {};
  const annotations = deployment.metadata.annotations ?? {};
  let karmadas: Obj[] = [];
  try {
    karmadas = await client.list(KARMADAS, deployment.metadata.namespace);
  } catch (error) {
    // No operator CRD in this cluster: not an operator install.
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  if (labels['app.kubernetes.io/managed-by'] === 'karmada-operator' || karmadas.length > 0) {
    const instance = labels['app.kubernetes.io/instance'];
    const karmada = karmadas.find((k) => k.metadata.name === instance) ?? (karmadas.length === 1 ? karmadas[0] : undefined);
    if (!karmada) {
      throw new CliError(`deployment "${deployment.metadata.name}" is managed by karmada-operator, but no Karmada object${instance ? ` named "${instance}"` : ''} was found in namespace "${deployment.metadata.namespace}"`, {
        hint: 'set spec.featureGates.MultiClusterService: true on the Karmada object that manages this control plane',
      });
    }
    return { kind: 'operator', karmada };
  }
  if (labels['app.kubernetes.io/managed-by'] === 'Helm' || annotations['meta.helm.sh/release-name']) {
    return { kind: 'helm', release: annotations['meta.helm.sh/release-name'] ?? labels['app.kubernetes.io/instance'] ?? 'karmada' };
  }
  return { kind: 'plain' };
}
