// `expose --wait`: the MCS works when every consumer has the Service copy and `<provider>-*` EndpointSlices with a
// ready endpoint — not merely when the two conditions are True (both are True with zero endpoints). The stages are
// those Karmada goes through (pkg/controllers/multiclusterservice/): controllers running, ServiceApplied, endpoints
// in the providers, the Service copy in each consumer, dispatched slices in each consumer.
import type { KubeClient } from '../kube/client.js';
import { ApiError, TimeoutError, UnreachableError, messageOf } from '../errors.js';
import type { MultiClusterService } from '../karmada/types.js';
import type { EndpointSource } from '../karmada/endpoint-source.js';
import { ENDPOINTSLICES, MCS, PODS, SERVICES } from '../kube/resources.js';
import { SERVICE_APPLIED, describeCondition, isTrue } from '../karmada/conditions.js';
import { DISPATCH_MANAGER, KARMADA_MANAGED, SERVICE_NAME, SLICE_MANAGED_BY } from '../karmada/labels.js';
import { containerPorts } from './derive.js';
import { type ContainerPort, labelSelector } from '../kube/objects.js';
import type { ControlPlaneRead } from './control-plane.js';
import type { Deployment, EndpointSlice, Pod, Service } from './models.js';

export interface WaitTarget {
  namespace: string;
  name: string;
  /** the clusters named; empty = every registered cluster */
  providers: string[];
  consumers: string[];
  /** every registered cluster, for empty lists */
  known: string[];
  source: EndpointSource;
}

export interface WaitClusters {
  karmada(): Promise<KubeClient>;
  member(name: string): Promise<KubeClient>;
  controlPlane(): Promise<ControlPlaneRead>;
}

/** Ready endpoints per EndpointSlice: `conditions.ready` unset means ready (discovery.k8s.io/v1). */
const readyEndpoints = (slices: EndpointSlice[]): number =>
  slices.reduce((n, s) => n + (s.endpoints ?? []).filter((e) => e.conditions?.ready !== false).length, 0);

/**
 * A Service port that no container port of the pods serves (same number or name, same protocol): nothing
 * answers there, so the endpoints are useless however ready they are. Undefined when every port matches or the
 * pods declare no ports (then any port may be in use).
 */
export function portMismatch(service: Service, podTemplateOwner: Deployment): string | undefined {
  const declared = containerPorts(podTemplateOwner);
  if (declared.length === 0) return undefined;
  for (const p of service.spec?.ports ?? []) {
    const target = p.targetPort ?? p.port;
    const protocol = p.protocol ?? 'TCP';
    const serves = (cp: ContainerPort) =>
      (typeof target === 'number' ? cp.containerPort === target : cp.name === target) &&
      (cp.protocol ?? 'TCP') === protocol;
    if (!declared.some(serves)) {
      const list = declared
        .map((cp) => `${cp.name ? `${cp.name}:` : ''}${cp.containerPort}/${cp.protocol ?? 'TCP'}`)
        .join(', ');
      return (
        `port ${p.port}/${protocol} of service ${service.metadata.name} targets ${target}/${protocol}, ` +
        `but the pods of deployment ${podTemplateOwner.metadata.name} declare ${list}: nothing answers there`
      );
    }
  }
  return undefined;
}

/** Why a provider has no ready endpoint for the Service, from its pods. */
async function providerPending(member: KubeClient, target: WaitTarget, cluster: string): Promise<string> {
  if (target.source.kind !== 'selector') return `no ready endpoint in provider ${cluster}: ${unselected(target)}`;
  const selector = labelSelector(target.source.selector);
  const pods = await member.list<Pod>(PODS, target.namespace, { labelSelector: selector });
  if (pods.length === 0)
    return (
      `no pod in provider ${cluster} matches the selector ${selector} ` +
      '(is the workload placed there by a PropagationPolicy?)'
    );
  const ready = pods.filter((p) => (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'));
  const matching = `${pods.length} pod${pods.length > 1 ? 's match' : ' matches'} the selector`;
  if (ready.length === 0) return `no ready endpoint in provider ${cluster}: ${matching}, none ready`;
  const many = ready.length > 1;
  return (
    `no ready endpoint in provider ${cluster} yet: ${matching} and ${ready.length} ${many ? 'are' : 'is'} ready, ` +
    `but no EndpointSlice of service ${target.name} there lists ${many ? 'them' : 'it'}`
  );
}

/** A Service whose slices no controller writes (expose refuses an ExternalName one; it may become one meanwhile). */
const unselected = (target: WaitTarget): string =>
  target.source.kind === 'external-name'
    ? `service ${target.name} is of type ExternalName: Kubernetes keeps no endpoints for it`
    : `service ${target.name} has no selector, and no EndpointSlice written by hand ` +
      `(label ${SERVICE_NAME}=${target.name}) lists a ready endpoint`;

export interface Readiness {
  /** the first stage not reached, or undefined when the MCS works */
  pending?: string;
  /** per consumer, the ready endpoints it received from each provider */
  endpoints: Array<{ consumer: string; from: Record<string, number> }>;
}

/**
 * A member that cannot be read now (unreachable, its cluster proxy or API server answering 5xx or 429) is a stage
 * not reached: the wait goes on, as Karmada may reach it again, and its timeout names why. An answer that waiting
 * does not change (401, 403, a cluster the proxy does not know) ends the wait at once, as does a bug.
 */
export async function readiness(clusters: WaitClusters, target: WaitTarget): Promise<Readiness> {
  try {
    return await stages(clusters, target);
  } catch (error) {
    if (!(error instanceof Unread)) throw error;
    return { pending: error.message, endpoints: [] };
  }
}

class Unread extends Error {}

const passing = (error: unknown): boolean =>
  error instanceof UnreachableError ||
  error instanceof TimeoutError ||
  (error instanceof ApiError && (error.status >= 500 || error.status === 429));

/** A member's read, whose passing failures are a pending stage. */
async function readable<T>(role: string, cluster: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!passing(error)) throw error;
    throw new Unread(`cannot read ${role} ${cluster}: ${messageOf(error)}`);
  }
}

async function stages(clusters: WaitClusters, target: WaitTarget): Promise<Readiness> {
  const endpoints: Readiness['endpoints'] = [];
  // Unknown (host out of reach): the stages below still show how far Karmada got.
  const cm = (await clusters.controlPlane()).state;
  if (cm?.off) return { pending: `the MCS controllers do not run in karmada-controller-manager: ${cm.off}`, endpoints };
  const mcs = await (await clusters.karmada()).get<MultiClusterService>(MCS, target.namespace, target.name);
  if (!isTrue(mcs, SERVICE_APPLIED))
    return { pending: `Karmada has not applied the Service: ${describeCondition(mcs, SERVICE_APPLIED)}`, endpoints };

  const providers = target.providers.length ? target.providers : target.known;
  const local = new Map<string, number>();
  for (const cluster of providers) {
    const member = await clusters.member(cluster);
    let listed: EndpointSlice[];
    try {
      listed = await readable('provider', cluster, () =>
        member.list<EndpointSlice>(ENDPOINTSLICES, target.namespace, {
          labelSelector: `${SERVICE_NAME}=${target.name}`,
        }),
      );
    } catch (error) {
      // With every cluster a provider, one serving is enough: one that cannot be read now is passed over.
      if (error instanceof Unread && !target.providers.length) continue;
      throw error;
    }
    const slices = listed.filter((s) => s.metadata.labels?.[SLICE_MANAGED_BY] !== DISPATCH_MANAGER);
    const ready = readyEndpoints(slices);
    if (ready > 0) local.set(cluster, ready);
    // Named providers must each serve; with every cluster a provider, one is enough.
    else if (target.providers.length)
      return {
        pending: await readable('provider', cluster, () => providerPending(member, target, cluster)),
        endpoints,
      };
  }
  if (local.size === 0) {
    const why =
      target.source.kind === 'selector'
        ? `no pod matches the selector ${labelSelector(target.source.selector)} or none is ready`
        : unselected(target);
    return { pending: `no ready endpoint in any cluster: ${why}`, endpoints };
  }

  const consumers = target.consumers.length ? target.consumers : target.known;
  for (const consumer of consumers) {
    const member = await clusters.member(consumer);
    const copy = await readable('consumer', consumer, () =>
      member.find<Service>(SERVICES, target.namespace, target.name),
    );
    if (copy?.metadata.labels?.[KARMADA_MANAGED] !== 'true')
      return { pending: `no Service copy in consumer ${consumer} yet`, endpoints };
    const dispatched = (
      await readable('consumer', consumer, () =>
        member.list<EndpointSlice>(ENDPOINTSLICES, target.namespace, {
          labelSelector: `${SERVICE_NAME}=${target.name}`,
        }),
      )
    ).filter((s) => s.metadata.labels?.[SLICE_MANAGED_BY] === DISPATCH_MANAGER);
    const from: Record<string, number> = {};
    // Karmada does not dispatch a provider's slices to itself: there its own endpoints serve.
    for (const provider of [...local.keys()].filter((p) => p !== consumer)) {
      const ready = readyEndpoints(dispatched.filter((s) => s.metadata.name.startsWith(`${provider}-`)));
      if (ready === 0)
        return {
          pending:
            `no ready endpoint from provider ${provider} dispatched to consumer ${consumer} yet ` +
            `(EndpointSlices ${provider}-*)`,
          endpoints,
        };
      from[provider] = ready;
    }
    const own = local.get(consumer);
    if (own !== undefined) from[consumer] = own;
    endpoints.push({ consumer, from });
  }
  return { endpoints };
}
