// Validation against the API before any write: the clusters, where the workload runs, who else
// owns the Service, same-name Services in the members, and the target port.
import { CliError, messageOf } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import { RESOURCE_BINDINGS, SERVICES } from '../kube/resources.js';
import { containerPorts } from './derive.js';
import { KARMADA_MANAGED } from '../karmada/labels.js';
import { type Clusters, isReady } from '../karmada/clusters.js';
import type { Binding, Deployment, KarmadaCluster, Service } from './models.js';

/** Unknown clusters are an error (nothing is written); NotReady ones a warning. */
export function checkClusters(
  known: KarmadaCluster[],
  providers: string[],
  consumers: string[],
  warnings: string[],
): void {
  const names = known.map((c) => c.metadata.name);
  const unknown = [...new Set([...providers, ...consumers])].filter((c) => !names.includes(c));
  if (unknown.length) {
    throw new CliError(
      `unknown cluster${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')}: ` +
        `Karmada has no Cluster object of that name; known clusters: ${names.join(', ') || '(none)'}`,
      {
        hint: 'list them with `kubectl get clusters` on the Karmada API server',
      },
    );
  }
  for (const c of known) {
    const name = c.metadata.name;
    if ((providers.includes(name) || consumers.includes(name)) && !isReady(c)) {
      warnings.push(`cluster ${name} is not Ready: Karmada does not propagate to it or collect from it until it is`);
    }
  }
  for (const both of providers.filter((p) => consumers.includes(p))) {
    warnings.push(
      `cluster ${both} is both provider and consumer: ` +
        "it keeps serving its own endpoints and receives the other providers' endpoints",
    );
  }
}

export async function checkPlacement(
  karmada: KubeClient,
  deployment: Deployment,
  providers: string[],
  warnings: string[],
): Promise<void> {
  const { name, namespace } = deployment.metadata;
  const rb = await karmada.find<Binding>(RESOURCE_BINDINGS, namespace, `${name}-deployment`);
  const placed = (rb?.spec?.clusters ?? []).map((c) => c.name);
  if (placed.length === 0) {
    warnings.push(
      `deployment ${name} is not placed on any member cluster (no ResourceBinding ${name}-deployment): ` +
        'create a PropagationPolicy for it, or the providers have no endpoints to share',
    );
    return;
  }
  const missing = providers.filter((p) => !placed.includes(p));
  if (missing.length)
    warnings.push(
      `deployment ${name} is placed on ${placed.join(', ')}, not on provider ${missing.join(', ')}: ` +
        `${missing.length > 1 ? 'those clusters have' : 'that cluster has'} no ${name} endpoints to share`,
    );
}

export function checkServiceOwner(service: Service, warnings: string[]): void {
  const labels = service.metadata.labels ?? {};
  const annotations: Partial<Record<string, string>> = service.metadata.annotations ?? {};
  const policy =
    annotations['propagationpolicy.karmada.io/name'] ??
    annotations['clusterpropagationpolicy.karmada.io/name'] ??
    (Object.keys(labels).some((k) => /^(cluster)?propagationpolicy\.karmada\.io\//.test(k)) ? '(unnamed)' : undefined);
  if (policy) {
    warnings.push(
      `service ${service.metadata.name} is propagated by PropagationPolicy ${policy}: ` +
        'the MultiClusterService takes it over and that policy no longer places it',
    );
  }
}

export function checkTargetPorts(service: Service, deployment: Deployment, warnings: string[]): void {
  const ports = containerPorts(deployment);
  if (ports.length === 0) return;
  for (const p of service.spec?.ports ?? []) {
    const target = p.targetPort ?? p.port;
    const protocol = p.protocol ?? 'TCP';
    const same = ports.filter((cp) => (typeof target === 'number' ? cp.containerPort === target : cp.name === target));
    if (same.length === 0) {
      warnings.push(
        `targetPort ${target} of service ${service.metadata.name} is not a container port of deployment ` +
          `${deployment.metadata.name} (${ports.map((cp) => cp.containerPort).join(', ')}): requests will be refused`,
      );
    } else if (!same.some((cp) => (cp.protocol ?? 'TCP') === protocol)) {
      const declared = same.map((cp) => cp.protocol ?? 'TCP').join(', ');
      warnings.push(
        `port ${p.port} of service ${service.metadata.name} is ${protocol}, but deployment ` +
          `${deployment.metadata.name} declares ${target} as ${declared}: nothing answers there`,
      );
    }
  }
}

/** Same-name Services in members that Karmada does not manage would be overwritten. */
export async function checkMemberServices(
  clusters: Clusters,
  names: string[],
  namespace: string,
  service: string,
  overwrite: boolean,
  warnings: string[],
): Promise<void> {
  // All at once: the session's limiter bounds the requests in flight.
  const results = await Promise.allSettled(
    names.map(async (cluster) => (await clusters.member(cluster)).find<Service>(SERVICES, namespace, service)),
  );
  const foreign: string[] = [];
  results.forEach((r, i) => {
    const cluster = names[i] ?? '';
    if (r.status === 'rejected')
      warnings.push(`could not check cluster ${cluster} for an existing service ${service}: ${messageOf(r.reason)}`);
    else if (r.value && r.value.metadata.labels?.[KARMADA_MANAGED] !== 'true') foreign.push(cluster);
  });
  if (foreign.length === 0) return;
  const many = foreign.length > 1;
  const message =
    `cluster${many ? 's' : ''} ${foreign.join(', ')} already ${many ? 'have' : 'has'} ` +
    `a service ${namespace}/${service} that Karmada does not manage`;
  if (!overwrite) {
    throw new CliError(`${message}: Karmada would overwrite it`, {
      hint: 'rename with --name, or pass --overwrite-member-services to let Karmada replace it',
    });
  }
  warnings.push(`${message}: Karmada will overwrite it (--overwrite-member-services)`);
}
