// The checks of one MultiClusterService, from its spec to the consumers' EndpointSlices. Pure.
import { append } from '../../collections.js';
import type { Deployment, Event, Service } from '../../kube/objects.js';
import type { Condition } from '../../kube/objects.js';
import type { MultiClusterService, ResourceBinding, Work } from '../types.js';
import { ENDPOINTSLICE_DISPATCHED, SERVICE_APPLIED, condition } from '../conditions.js';
import { PROVISION_CLUSTER, SERVICE_NAME } from '../labels.js';
import { endpointSource } from '../endpoint-source.js';
import { CROSS_CLUSTER, LOAD_BALANCER, exposureTypes, usesLegacyFields } from '../mcs-spec.js';
import { selectedWorkload, targetPortProblems } from '../target-port.js';
import { MCS_NAME_LABEL, MCS_NAMESPACE_LABEL, executionSpace } from '../resources.js';
import { type Snapshot, hasService, key } from '../snapshot.js';
import { type Finding, type ProbeOutcome, STAGES, type Stage, probeKey } from './checks.js';
import { type Context, controllersHint, hostContextHint } from './install.js';
import { type MemberRead, memberGet } from './member-get.js';
import { ENDPOINTSLICES } from '../../kube/resources.js';
import { disabledMcsControllers } from '../controller-manager.js';
import { clusterByName, clusterNames, sides } from './scope.js';
import { type SliceFacts, readyAddresses, sliceProvider, slicesOf } from '../digest.js';

/** The per-MCS stages, in pipeline order: from the Service through its Warning events. */
const MCS_STAGES: readonly Stage[] = STAGES.slice(STAGES.indexOf('service'), STAGES.indexOf('events') + 1);
const EVENT_LIMIT = 5;

export interface McsContext extends Context {
  probe: boolean;
  probes: Map<string, ProbeOutcome>;
}

export function mcsChecks(snap: Snapshot, mcs: MultiClusterService, ctx: McsContext): Finding[] {
  const { name, namespace } = names(mcs);
  const at = { namespace, mcs: name };
  const all = clusterNames(snap);
  const { providers, consumers } = sides(mcs, all);
  const types = exposureTypes(mcs);
  const out: Finding[] = [];
  if (!types.includes(CROSS_CLUSTER)) {
    const lb = types.includes(LOAD_BALANCER);
    out.push(
      lb
        ? {
            id: 'mcs',
            ...at,
            result: 'warn',
            reason: 'LoadBalancer',
            message:
              `${name} is of type LoadBalancer: Karmada reconciles only CrossCluster; an external ` +
              `multicluster cloud provider must serve it, so the checks below do not apply`,
          }
        : {
            id: 'mcs',
            ...at,
            result: 'fail',
            reason: 'NotCrossCluster',
            message: `${name} has types [${types.join(', ')}]: Karmada reconciles only CrossCluster`,
            hint: `kubectl get mcs ${name} -n ${namespace} -o yaml`,
          },
    );
    const why = lb ? 'not applicable to a LoadBalancer MultiClusterService' : 'not a CrossCluster MultiClusterService';
    out.push(...MCS_STAGES.map((id): Finding => ({ id, ...at, result: 'skip', message: why })));
    if (ctx.probe) out.push({ id: 'reachability', ...at, result: 'skip', message: why });
    return out;
  }
  out.push({
    id: 'mcs',
    ...at,
    result: 'ok',
    message:
      `${name} is CrossCluster: providers ${providers.join(', ') || '(none)'}, consumers ` +
      (consumers.join(', ') || '(none)'),
  });

  const service: Service | undefined = snap.services.get(key(namespace, name));
  const deployments: Deployment[] = snap.deployments;
  const workload = deployments.find((d) => d.metadata?.namespace === namespace && d.metadata.name === name);
  if (!service) {
    out.push({
      id: 'service',
      ...at,
      result: 'fail',
      reason: 'ServiceMissing',
      message:
        `service ${namespace}/${name} does not exist in the Karmada control plane; a ` +
        `MultiClusterService needs a Service of the same name`,
      hint:
        `kubectl karmada-mcs expose ${workload ? `deployment/${name}` : '<deployment>'} ` +
        `--name ${name} -n ${namespace}` +
        (providers.length && mcs.spec?.providerClusters?.length ? ` --provider ${providers.join(',')}` : '') +
        (consumers.length && mcs.spec?.consumerClusters?.length ? ` --consumer ${consumers.join(',')}` : ''),
    });
  } else {
    const ports = service.spec?.ports ?? [];
    const unnamed = (mcs.spec?.ports ?? []).filter(
      (p) => !ports.some((sp) => sp.port === p.port && (!p.name || !sp.name || sp.name === p.name)),
    );
    out.push(
      unnamed.length
        ? {
            id: 'service',
            ...at,
            result: 'warn',
            message:
              `service ${namespace}/${name} has no port ` +
              `${unnamed.map((p) => p.name ?? p.port).join(', ')} that the MultiClusterService names ` +
              `(Karmada exposes the Service's ports)`,
            hint: `kubectl get service ${name} -n ${namespace} -o yaml`,
          }
        : {
            id: 'service',
            ...at,
            result: 'ok',
            message:
              `service ${namespace}/${name} exists ` +
              `(ports ${ports.map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(', ') || 'none'})`,
          },
    );
  }

  const applied: Partial<Condition> | undefined = condition(mcs, SERVICE_APPLIED);
  if (applied?.status === 'True')
    out.push({ id: 'service-applied', ...at, result: 'ok', message: `ServiceApplied=True (${applied.reason})` });
  else if (applied) {
    out.push({
      id: 'service-applied',
      ...at,
      result: 'fail',
      reason: 'ServiceNotApplied',
      message: `Karmada could not propagate the Service: ${applied.reason}: ${applied.message}`,
      hint: `kubectl describe mcs ${name} -n ${namespace}`,
    });
  } else {
    const gateUnknown = !snap.host.container;
    const why = gateUnknown
      ? ': the feature gate may be off, and it is unknown because the host cluster could not be read'
      : snap.gate && !snap.gate.enabled
        ? ': the feature gate is off'
        : '';
    out.push({
      id: 'service-applied',
      ...at,
      result: 'fail',
      reason: 'NotActedOn',
      message: `Karmada has not acted on ${name} (no ServiceApplied condition)${why}`,
      hint: gateUnknown ? hostContextHint(ctx, 'enable') : `kubectl get mcs ${name} -n ${namespace} -o yaml`,
    });
  }

  const isProvider = new Set(providers);
  const isConsumer = new Set(consumers);
  for (const cluster of [...new Set([...providers, ...consumers])]) {
    const m = snap.members.get(cluster);
    const role = isProvider.has(cluster)
      ? isConsumer.has(cluster)
        ? 'provider and consumer'
        : 'provider'
      : 'consumer';
    if (!m || m.error) {
      out.push({ id: 'service-copies', ...at, cluster, result: 'skip', message: `${cluster} could not be read` });
    } else if (hasService(m, namespace, name)) {
      out.push({
        id: 'service-copies',
        ...at,
        cluster,
        result: 'ok',
        message: `service ${name} exists in ${role} ${cluster}`,
      });
    } else {
      out.push({
        id: 'service-copies',
        ...at,
        cluster,
        result: 'fail',
        reason: 'ServiceCopyMissing',
        message:
          `no service ${name} in ${role} ${cluster}: ` +
          (role === 'provider'
            ? 'its pods get no endpoints for Karmada to collect'
            : `the name ${name}.${namespace} does not resolve there`),
        hint: `kubectl get works -n karmada-es-${cluster}`,
      });
    }
  }

  const problems = service ? targetPortProblems(service, snap.deployments) : [];
  for (const p of problems) {
    out.push({
      id: 'provider-endpoints',
      ...at,
      result: 'fail',
      reason: 'TargetPortMismatch',
      message:
        `targetPort ${p.target} of service ${name} is not a container port of deployment ${p.workload} ` +
        `(${p.declared.join(', ')}): connections are refused`,
      hint:
        `kubectl patch service ${name} -n ${namespace} --type=json -p ` +
        `'[{"op":"replace","path":"/spec/ports/${p.index}/targetPort","value":${p.declared[0]}}]'`,
    });
  }
  const counts = new Map<string, number>();
  for (const cluster of providers) {
    const m = snap.members.get(cluster);
    if (m && !m.error) counts.set(cluster, readyAddresses(slicesOf(m, namespace, name).local).length);
  }
  const anyServing = [...counts.values()].some((n) => n > 0);
  for (const cluster of providers) {
    const n = counts.get(cluster);
    const member = snap.members.get(cluster);
    const hasCopy = member && hasService(member, namespace, name);
    if (n === undefined)
      out.push({ id: 'provider-endpoints', ...at, cluster, result: 'skip', message: `${cluster} could not be read` });
    else if (n === 0 && !hasCopy)
      // Without the Service copy there is nothing to count endpoints behind: service-copies says why.
      out.push({
        id: 'provider-endpoints',
        ...at,
        cluster,
        result: 'skip',
        message: `no service ${name} in ${cluster} to have endpoints (see the service copies)`,
      });
    else if (n > 0)
      out.push({
        id: 'provider-endpoints',
        ...at,
        cluster,
        result: 'ok',
        message: `${n} ready endpoint${n === 1 ? '' : 's'} behind service ${name} in ${cluster}`,
      });
    else out.push(noEndpoints(snap, ctx, mcs, service, cluster, anyServing));
  }

  out.push(...dispatchChecks(snap, ctx, mcs, providers, consumers, counts));
  out.push(...eventChecks(snap, mcs));
  if (ctx.probe) {
    for (const consumer of consumers) {
      const outcome = ctx.probes.get(probeKey({ namespace, name, consumer }));
      out.push(
        outcome
          ? {
              id: 'reachability',
              ...at,
              cluster: consumer,
              ...outcome,
              ...(outcome.result === 'fail' ? { reason: 'Unreachable' as const } : {}),
            }
          : { id: 'reachability', ...at, cluster: consumer, result: 'skip', message: `${consumer} was not probed` },
      );
    }
  }
  return out;
}

/** A member's EndpointSlices of one Service, read for a hint. */
const slicesOfService = (namespace: string, name: string): MemberRead => ({
  rt: ENDPOINTSLICES,
  namespace,
  labelSelector: `${SERVICE_NAME}=${name}`,
});

/**
 * A provider without ready endpoints. An ExternalName Service, or one without a selector, gets none from Kubernetes
 * (endpoint-source.ts). When the Deployment the Service selects is placed elsewhere
 * (its ResourceBinding `<name>-deployment`, named as Karmada's names.GenerateBindingName does), the
 * fix is to name those clusters as providers, in the field of the MCS's release.
 */
function noEndpoints(
  snap: Snapshot,
  ctx: Context,
  mcs: MultiClusterService,
  service: Service | undefined,
  cluster: string,
  anyServing: boolean,
): Finding {
  const { name, namespace } = names(mcs);
  const base = { id: 'provider-endpoints' as const, namespace, mcs: name, cluster };
  const slices = memberGet(snap, ctx, slicesOfService(namespace, name), [cluster]);
  if (anyServing) {
    return {
      ...base,
      result: 'warn',
      message: `provider ${cluster} has no ready endpoints behind service ${name}; the other providers serve`,
      hint: slices,
    };
  }
  const source = service && endpointSource(service);
  if (source?.kind === 'external-name') {
    return {
      ...base,
      result: 'fail',
      reason: 'NoProviderEndpoints',
      message:
        `service ${name} is of type ExternalName (${source.externalName}): Kubernetes keeps no endpoints for it, ` +
        `so provider ${cluster} has none for Karmada to share`,
      hint:
        `its copies resolve to ${source.externalName} in every cluster as it does here: ` +
        'propagate it with a PropagationPolicy, not a MultiClusterService',
    };
  }
  if (source?.kind === 'manual') {
    return {
      ...base,
      result: 'fail',
      reason: 'NoProviderEndpoints',
      message:
        `no ready endpoints behind service ${name} in provider ${cluster}: it has no selector, so Kubernetes ` +
        `keeps no EndpointSlices for it, and none written by hand there (label ${SERVICE_NAME}=${name}) lists one`,
      hint: slices,
    };
  }
  const workload: Deployment | undefined = service ? selectedWorkload(service, snap.deployments) : undefined;
  const workloadName = workload?.metadata?.name ?? '';
  const bindings: ResourceBinding[] = snap.bindings ?? [];
  const binding = workload
    ? bindings.find((b) => b.metadata?.namespace === namespace && b.metadata.name === `${workloadName}-deployment`)
    : undefined;
  const placed = (binding?.spec?.clusters ?? []).map((c) => c.name);
  if (binding && placed.length && !placed.includes(cluster)) {
    const field = usesLegacyFields(mcs)
      ? { serviceProvisionClusters: placed }
      : { providerClusters: placed.map((c) => ({ name: c })) };
    return {
      ...base,
      result: 'fail',
      reason: 'NoProviderEndpoints',
      message:
        `no ready endpoints behind service ${name} in provider ${cluster}: deployment ${workloadName} ` +
        `runs in ${placed.join(', ')} (ResourceBinding ${binding.metadata?.name ?? ''}), not there`,
      hint: `kubectl patch mcs ${name} -n ${namespace} --type=merge -p '${JSON.stringify({ spec: field })}'`,
    };
  }
  return {
    ...base,
    result: 'fail',
    reason: 'NoProviderEndpoints',
    message:
      `no ready endpoints behind service ${name} in provider ${cluster}: is the workload running there ` +
      `and does the selector match its pods?`,
    hint: slices,
  };
}

function dispatchChecks(
  snap: Snapshot,
  ctx: Context,
  mcs: MultiClusterService,
  providers: string[],
  consumers: string[],
  counts: Map<string, number>,
): Finding[] {
  const { name, namespace } = names(mcs);
  const at = { namespace, mcs: name };
  const out: Finding[] = [];
  const dispatched: Partial<Condition> | undefined = condition(mcs, ENDPOINTSLICE_DISPATCHED);
  const off = snap.host.container ? disabledMcsControllers(snap.host.container) : [];
  const dispatchOff = off.filter((c) => c === 'endpointsliceCollect' || c === 'endpointsliceDispatch');
  if (!dispatched && dispatchOff.length) {
    // Only the dispatch controller writes EndpointSliceDispatched (endpointslice_dispatch_controller.go).
    out.push({
      id: 'dispatch',
      ...at,
      result: 'fail',
      reason: 'NothingCollected',
      message: `EndpointSliceDispatched absent: --controllers turns off ${dispatchOff.join(', ')}`,
      hint: controllersHint(snap) ?? `kubectl get works -A -l multiclusterservice.karmada.io/name=${name}`,
    });
  } else if (!dispatched) {
    const pull = providers.filter((p) => snap.members.get(p)?.syncMode === 'Pull');
    out.push({
      id: 'dispatch',
      ...at,
      result: 'fail',
      reason: 'NothingCollected',
      message:
        'Karmada has collected no EndpointSlice from the providers (EndpointSliceDispatched absent)' +
        (pull.length
          ? `; ${pull.join(', ')} ${pull.length > 1 ? 'are' : 'is'} Pull-mode, whose karmada-agent needs the gate too`
          : ''),
      hint: pull.length
        ? 'kubectl karmada-mcs enable --agents'
        : `kubectl get works -A -l multiclusterservice.karmada.io/name=${name}`,
    });
  } else if (dispatched.status !== 'True') {
    out.push({
      id: 'dispatch',
      ...at,
      result: 'fail',
      reason: 'NotDispatched',
      message: `EndpointSlices were not dispatched: ${dispatched.reason}: ${dispatched.message}`,
      hint: `kubectl describe mcs ${name} -n ${namespace}`,
    });
  } else {
    out.push({ id: 'dispatch', ...at, result: 'ok', message: `EndpointSliceDispatched=True (${dispatched.reason})` });
  }
  const byName = clusterByName(snap);
  // What each provider serves, read once for every consumer.
  const serves = new Map<string, Set<string> | undefined>();
  const expectedOf = (provider: string) => {
    if (!serves.has(provider)) {
      const p = snap.members.get(provider);
      serves.set(
        provider,
        counts.has(provider) && p && !p.error ? new Set(readyAddresses(slicesOf(p, namespace, name).local)) : undefined,
      );
    }
    return serves.get(provider);
  };
  for (const consumer of consumers) {
    const m = snap.members.get(consumer);
    if (!m || m.error) {
      out.push({ id: 'dispatch', ...at, cluster: consumer, result: 'skip', message: `${consumer} could not be read` });
      continue;
    }
    const { imported } = slicesOf(m, namespace, name);
    const problems: Finding[] = [];
    const summary: string[] = [];
    const fromProvider = new Map<string | undefined, SliceFacts[]>();
    for (const s of imported) {
      const from = sliceProvider(s, providers);
      append(fromProvider, from, s);
    }
    for (const provider of providers.filter((p) => p !== consumer)) {
      const got = readyAddresses(fromProvider.get(provider) ?? []);
      const p = snap.members.get(provider);
      const providerReady = byName.has(provider) && p?.ready;
      if (!providerReady) {
        if (got.length) {
          problems.push({
            id: 'dispatch',
            ...at,
            cluster: consumer,
            result: 'fail',
            reason: 'StaleSlices',
            message:
              `${consumer} keeps ${got.length} endpoint${got.length === 1 ? '' : 's'} from provider ` +
              `${provider}, which is not Ready: they are frozen (Karmada keeps a NotReady provider's ` +
              `slices) and may point at pods that are gone`,
            hint: `kubectl describe cluster ${provider}`,
          });
        } else {
          // Before v1.14 (karmada #6258) Karmada withdraws a NotReady provider's slices from the consumers.
          problems.push({
            id: 'dispatch',
            ...at,
            cluster: consumer,
            result: 'fail',
            reason: 'ConsumerMissingSlices',
            message:
              `${consumer} has no endpoints from provider ${provider}, which is not Ready: Karmada withdrew ` +
              'its slices',
            hint: `kubectl describe cluster ${provider}`,
          });
        }
        continue;
      }
      const expected = expectedOf(provider);
      if (expected === undefined) continue;
      if (expected.size === 0) continue;
      if (got.length === 0) {
        problems.push({
          id: 'dispatch',
          ...at,
          cluster: consumer,
          result: 'fail',
          reason: 'ConsumerMissingSlices',
          ...whereLost(snap, mcs, provider, consumer),
        });
        continue;
      }
      const gotSet = new Set(got);
      const gone = [...gotSet].filter((a) => !expected.has(a));
      const absent = [...expected].filter((a) => !gotSet.has(a));
      if (gone.length || absent.length) {
        problems.push({
          id: 'dispatch',
          ...at,
          cluster: consumer,
          result: 'fail',
          reason: 'StaleSlices',
          message: `the endpoints from ${provider} in ${consumer} are stale: ${[
            gone.length ? `${gone.join(', ')} no longer in ${provider}` : '',
            absent.length ? `${absent.join(', ')} not yet dispatched` : '',
          ]
            .filter(Boolean)
            .join('; ')}`,
          hint: `kubectl get works -n karmada-es-${provider}`,
        });
        continue;
      }
      summary.push(`${got.length} from ${provider}`);
    }
    const seen = new Set<string>();
    const twice = new Set<string>();
    for (const a of readyAddresses(imported)) (seen.has(a) ? twice : seen).add(a);
    const duplicates = [...twice];
    if (duplicates.length) {
      problems.push({
        id: 'dispatch',
        ...at,
        cluster: consumer,
        result: 'fail',
        reason: 'DuplicateEndpoints',
        message:
          `${consumer} has the same endpoint address in several dispatched slices ` +
          `(${duplicates.join(', ')}; karmada #6522)`,
        hint: memberGet(snap, ctx, slicesOfService(namespace, name), [consumer]),
      });
    }
    if (problems.length) out.push(...problems);
    else if (summary.length)
      out.push({
        id: 'dispatch',
        ...at,
        cluster: consumer,
        result: 'ok',
        message: `${consumer} has the current endpoints (${summary.join(', ')})`,
      });
    else
      out.push({
        id: 'dispatch',
        ...at,
        cluster: consumer,
        result: 'skip',
        message: `nothing to compare in ${consumer}: no other provider serves endpoints`,
      });
  }
  return out;
}

/**
 * Where a provider's endpoints stopped on their way to a consumer, from the EndpointSlice Works:
 * collected into `karmada-es-<provider>`, dispatched into `karmada-es-<consumer>` (with the
 * provision-cluster annotation), then applied by the execution controller (condition Applied).
 */
function whereLost(
  snap: Snapshot,
  mcs: MultiClusterService,
  provider: string,
  consumer: string,
): { message: string; hint: string } {
  const { name, namespace } = names(mcs);
  const base = `consumer ${consumer} has no EndpointSlice from provider ${provider}`;
  if (!snap.works) return { message: base, hint: `kubectl get works -n ${executionSpace(consumer)}` };
  const works: Work[] = snap.works;
  const mine = works.filter(
    (w) => w.metadata?.labels?.[MCS_NAME_LABEL] === name && w.metadata.labels[MCS_NAMESPACE_LABEL] === namespace,
  );
  const from = (w: Work) => w.metadata?.annotations?.[PROVISION_CLUSTER];
  // The MCS controller also puts a Work holding the MultiClusterService itself, with the same name labels, in each
  // provider's execution space (mcs_controller.go propagateMultiClusterService): only EndpointSlice Works are
  // collected ones.
  const ofSlices = (w: Work) => (w.spec?.workload?.manifests ?? []).some((m) => m.kind === 'EndpointSlice');
  const collected = mine.filter((w) => w.metadata?.namespace === executionSpace(provider) && !from(w) && ofSlices(w));
  const dispatched = mine.filter((w) => w.metadata?.namespace === executionSpace(consumer) && from(w) === provider);
  const selector = `-l ${MCS_NAME_LABEL}=${name}`;
  const first = collected.at(0);
  if (!first) {
    return {
      message: `${base}: Karmada has not collected it (no EndpointSlice Work in ${executionSpace(provider)})`,
      hint: `kubectl get works -n ${executionSpace(provider)} ${selector}`,
    };
  }
  const work = dispatched.at(0);
  if (!work) {
    const off = snap.host.container ? disabledMcsControllers(snap.host.container) : [];
    const dispatchOff = off.includes('endpointsliceDispatch');
    return {
      message:
        `${base}: collected (Work ${first.metadata?.name ?? ''} in ${executionSpace(provider)}) but not dispatched ` +
        `to ${executionSpace(consumer)}${dispatchOff ? ': --controllers turns off endpointsliceDispatch' : ''}`,
      hint: (dispatchOff && controllersHint(snap)) || `kubectl describe mcs ${name} -n ${namespace}`,
    };
  }
  const workName = work.metadata?.name ?? '';
  const applied = (work.status?.conditions ?? []).find((c) => c.type === 'Applied');
  const state = applied
    ? `Applied=${applied.status}: ${applied.reason || ''} ${applied.message || ''}`.trim()
    : 'Applied absent';
  return {
    message: `${base}: dispatched as Work ${workName} in ${executionSpace(consumer)} but not applied there (${state})`,
    hint: `kubectl describe work ${workName} -n ${executionSpace(consumer)}`,
  };
}

const eventTime = (e: Partial<Event>) =>
  Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '') || 0;

// Every MCS looks for its own Warnings: grouped once by the object they are about.
const warningsByMcs = new WeakMap<object, Map<string, Partial<Event>[]>>();

function warningsOf(events: Partial<Event>[], namespace: string, name: string): Partial<Event>[] {
  let index = warningsByMcs.get(events);
  if (!index) {
    index = new Map();
    for (const e of events) {
      const about = e.involvedObject;
      if (e.type !== 'Warning' || about?.kind !== 'MultiClusterService') continue;
      const k = key(about.namespace ?? e.metadata?.namespace ?? '', about.name ?? '');
      append(index, k, e);
    }
    warningsByMcs.set(events, index);
  }
  return index.get(key(namespace, name)) ?? [];
}

function eventChecks(snap: Snapshot, mcs: MultiClusterService): Finding[] {
  const { name, namespace } = names(mcs);
  const at = { namespace, mcs: name };
  if (!snap.events) return [{ id: 'events', ...at, result: 'skip', message: 'Events could not be read' }];
  const warnings = [...warningsOf(snap.events, namespace, name)].sort((a, b) => eventTime(b) - eventTime(a));
  if (warnings.length === 0) return [{ id: 'events', ...at, result: 'ok', message: `no Warning events on ${name}` }];
  return warnings.slice(0, EVENT_LIMIT).map((e): Finding => {
    const count = e.count ?? 1;
    return {
      id: 'events',
      ...at,
      result: 'warn',
      message: `${e.reason ?? ''}: ${e.message ?? ''}${count > 1 ? ` (x${count})` : ''}`,
      hint: `kubectl describe mcs ${name} -n ${namespace}`,
    };
  });
}

/** An MCS's name and namespace (the API server always sets both). */
const names = (mcs: MultiClusterService) => ({
  name: mcs.metadata?.name ?? '',
  namespace: mcs.metadata?.namespace ?? '',
});
