// The install checks: the API and release, the controller-manager's gate and controllers, the
// Pull-mode agents, the member clusters and their pod networks. Pure: reads only the snapshot.
import type { Container, Taint } from '../../kube/objects.js';
import type { Cluster, MultiClusterService } from '../types.js';
import {
  apiListComplete,
  formatTaint,
  servesEndpointSlices,
  skippedForEndpointSlices,
  untoleratedTaints,
} from '../clusters.js';
import {
  AGENT_COLLECT,
  controllersFix,
  disabledMcsControllers,
  effectiveGate,
  imageRelease,
} from '../controller-manager.js';
import { podCidrs, overlapping } from '../cidr.js';
import { fieldsFromCrd, namedClusters, specField, usesLegacyFields } from '../mcs-spec.js';
import { type ComponentFacts, type MemberFacts, type Snapshot, hasService } from '../snapshot.js';
import type { Finding, VerdictReason } from './checks.js';
import type { Reach } from '../../reach.js';
import { DEPLOYMENTS, PODS, clusterProxyPath } from '../../kube/resources.js';
import { NODES } from '../resources.js';
import { memberGet, releaseNumbers } from './member-get.js';
import { type Scope, clusterByName, involvedOf } from './scope.js';

export interface Context {
  /** what chose the clusters, for every hint to repeat (src/reach.ts) */
  reach: Reach;
  /** the other kubeconfig contexts, to suggest one for --host-context */
  contexts: string[];
  /** karmadactl's kubectl plugin is installed: hints may read members with `kubectl karmada get` */
  karmadactl: boolean;
}

export function release(snap: Snapshot): string {
  const container: Partial<Container> | undefined = snap.host.container;
  const fromImage = imageRelease(container?.image);
  if (fromImage) return `${fromImage.tag} (from the controller-manager image)`;
  const fields = snap.crd ? fieldsFromCrd(snap.crd) : undefined;
  if (fields === 'providerClusters') return 'v1.9 or later (from the MultiClusterService CRD schema)';
  if (fields === 'serviceProvisionClusters') return 'v1.8 (from the MultiClusterService CRD schema)';
  return 'unknown';
}

export function hostContextHint(ctx: Context, command = 'doctor'): string {
  const candidate = (ctx.contexts.length === 1 && ctx.contexts[0]) || '<context of the cluster running Karmada>';
  return `kubectl karmada-mcs ${command} --host-context ${candidate}`;
}

/** What Karmada stops doing without these MCS controllers (cmd/controller-manager/app/controllermanager.go). */
function offWords(off: string[]): string {
  const stops = [
    off.includes('multiclusterservice') ? 'propagate the Service' : '',
    off.includes('endpointsliceCollect') ? 'collect EndpointSlices' : '',
    off.includes('endpointsliceDispatch') ? 'dispatch EndpointSlices' : '',
  ].filter(Boolean);
  return stops.length > 1 ? `${stops.slice(0, -1).join(', ')} or ${stops.at(-1) ?? ''}` : (stops[0] ?? '');
}

/** What a component's Deployment is, for runningCheck. */
interface Component {
  id: 'controllers' | 'agent-gate';
  cluster?: string;
  reason: VerdictReason;
  /** `deployment karmada-system/karmada-controller-manager` */
  where: string;
  /** what stops while no pod of it runs */
  stops: string;
  /** no pod available (its logs); scaled to 0 (the Deployment's account); a rollout under way; one that failed (its
   * pods, the new ones crash-looping or pending beside the old) */
  hints: { down: string; describe: string; rollout: string; pods: string };
}

/**
 * Whether the flags read from a component's Deployment run: its available pods, and a rollout still under way (the
 * running pod keeps the flags it started with until its successor is available; leader election lets one of them
 * act). Why no pod is available the Deployment does not say: its pods' state and log do.
 */
function runningCheck(facts: ComponentFacts, c: Component): Finding | undefined {
  const pods = facts.pods;
  if (!pods) return undefined;
  const at = { id: c.id, ...(c.cluster ? { cluster: c.cluster } : {}) };
  if (pods.available === 0) {
    return {
      ...at,
      result: 'fail',
      reason: c.reason,
      message:
        pods.desired === 0
          ? `${c.where} is scaled to 0 replicas: ${c.stops}`
          : `${c.where} has no available pod (0 of ${pods.desired}): ${c.stops}`,
      hint: pods.desired === 0 ? c.hints.describe : c.hints.down,
    };
  }
  if (pods.failed) {
    return {
      ...at,
      result: 'warn',
      message: `${c.where} failed to roll out: ${pods.failed}; the pods that act run the previous flags`,
      hint: c.hints.pods,
    };
  }
  if (pods.rollout) {
    return {
      ...at,
      result: 'warn',
      message:
        `${c.where} is not rolled out (${pods.rollout}): until it is, the pod that acts may run ` +
        'the previous flags, not those above',
      hint: c.hints.rollout,
    };
  }
  return {
    ...at,
    result: 'ok',
    message: `${c.where} runs these flags: ${pods.available} of ${pods.desired} pods available, no rollout under way`,
  };
}

/**
 * What turns the MCS controllers back on in --controllers, when the host could be read: `enable`, which rewrites the
 * flag where the install keeps it (the Deployment; karmada-operator's Karmada object, from which the operator rebuilds
 * the Deployment; with the `helm upgrade --set` that keeps it), where a patch of the Deployment would be undone.
 */
export function controllersHint(snap: Snapshot): string | undefined {
  const container = snap.host.container;
  return container && controllersFix(container) ? 'kubectl karmada-mcs enable' : undefined;
}

export function installChecks(snap: Snapshot, scope: Scope, ctx: Context): Finding[] {
  const out: Finding[] = [
    { id: 'api', result: 'ok', message: `the Karmada API answers (${snap.karmadaLabel}); release ${release(snap)}` },
  ];
  const host = snap.host;
  const where = host.deployment
    ? `deployment ${host.deployment.namespace}/${host.deployment.name}`
    : 'karmada-controller-manager';
  const kubectlHost = `kubectl --context ${host.context} -n ${host.deployment?.namespace}`;
  const edit = `${kubectlHost} edit deployment ${host.deployment?.name}`;
  const controllersOn = controllersHint(snap);
  if (!host.container) {
    out.push({
      id: 'gate',
      result: 'warn',
      message:
        `the controller-manager's MultiClusterService gate is unknown: the host cluster could not be ` +
        `read (${host.error ?? 'no host context'})`,
      hint: hostContextHint(ctx),
    });
    out.push({
      id: 'controllers',
      result: 'skip',
      message: 'the host cluster could not be read, so --controllers is unknown',
    });
  } else {
    const gate = effectiveGate(host.container);
    if ('error' in gate) {
      out.push({
        id: 'gate',
        result: 'fail',
        reason: 'GateOff',
        message: `karmada-controller-manager's --feature-gates cannot be parsed, so it does not start: ${gate.error}`,
        hint: edit,
      });
    } else if (gate.enabled) {
      out.push({
        id: 'gate',
        result: 'ok',
        message: `the MultiClusterService feature gate is ${gate.describe} in karmada-controller-manager`,
      });
    } else {
      out.push({
        id: 'gate',
        result: 'fail',
        reason: 'GateOff',
        message:
          `the MultiClusterService feature gate is ${gate.describe} in karmada-controller-manager, so ` +
          `Karmada ignores every MultiClusterService`,
        hint: 'kubectl karmada-mcs enable',
      });
    }
    const off = disabledMcsControllers(host.container);
    out.push(
      off.length
        ? {
            id: 'controllers',
            result: 'fail',
            reason: 'ControllersOff',
            message: `--controllers of ${where} turns off ${off.join(', ')}: Karmada does not ${offWords(off)}`,
            hint: controllersOn ?? edit,
          }
        : {
            id: 'controllers',
            result: 'ok',
            message: '--controllers leaves multiclusterservice, endpointsliceCollect and endpointsliceDispatch on',
          },
    );
    const name = host.deployment?.name ?? '';
    const running = runningCheck(host, {
      id: 'controllers',
      reason: 'ControllerManagerDown',
      where,
      stops: 'no Karmada controller runs',
      hints: {
        down: `${kubectlHost} logs deployment/${name}`,
        describe: `${kubectlHost} describe deployment ${name}`,
        rollout: `${kubectlHost} rollout status deployment/${name}`,
        pods: `${kubectlHost} get pods -l ${host.deployment?.selector ?? ''}`,
      },
    });
    if (running) out.push(running);
  }
  // Only a deep snapshot (doctor) reads the agents and Nodes these judge; status leaves them to doctor.
  if (snap.deep) out.push(...agentChecks(snap, scope, ctx));
  out.push(...clusterChecks(snap, scope));
  if (snap.deep) out.push(...podNetworkChecks(snap, scope, ctx));
  return out;
}

function agentChecks(snap: Snapshot, scope: Scope, ctx: Context): Finding[] {
  const pull = scope.providers.filter((c) => snap.members.get(c)?.syncMode === 'Pull');
  if (pull.length === 0)
    return [
      {
        id: 'agent-gate',
        result: 'ok',
        message: 'no Pull-mode provider: the controller-manager collects from every provider',
      },
    ];
  return pull.map((cluster): Finding => {
    const agent = snap.members.get(cluster)?.agent;
    if (!agent?.container) {
      return {
        id: 'agent-gate',
        cluster,
        result: 'warn',
        message:
          `the karmada-agent gate in ${cluster} is unknown: ` +
          (agent?.error ?? snap.members.get(cluster)?.error ?? 'not read'),
        hint: memberGet(snap, ctx, { rt: DEPLOYMENTS, namespace: 'karmada-system' }, [cluster]),
      };
    }
    const gate = effectiveGate(agent.container);
    const fix = controllersFix(agent.container, [AGENT_COLLECT]);
    if (!('error' in gate) && gate.enabled && fix) {
      return {
        id: 'agent-gate',
        cluster,
        result: 'fail',
        reason: 'ControllersOff',
        message:
          `--controllers of karmada-agent in Pull-mode provider ${cluster} turns off ${AGENT_COLLECT}: ` +
          `nothing collects its EndpointSlices; set the flag to ` +
          fix.value.replace(/^--controllers=/, ''),
        // enable --agents rewrites each agent's --controllers as it does the controller-manager's
        hint: 'kubectl karmada-mcs enable --agents',
      };
    }
    if (!('error' in gate) && gate.enabled) {
      const namespace = agent.deployment?.namespace ?? 'karmada-system';
      const pods = memberGet(snap, ctx, { rt: PODS, namespace }, [cluster]);
      const running = runningCheck(agent, {
        id: 'agent-gate',
        cluster,
        reason: 'AgentDown',
        where: `karmada-agent of Pull-mode provider ${cluster}`,
        stops: 'nothing collects its EndpointSlices',
        hints: { down: pods, describe: pods, rollout: pods, pods },
      });
      if (running?.result === 'fail') return running;
      return {
        id: 'agent-gate',
        cluster,
        result: 'ok',
        message: `the MultiClusterService gate is ${gate.describe} in karmada-agent of ${cluster}`,
      };
    }
    return {
      id: 'agent-gate',
      cluster,
      result: 'fail',
      reason: 'AgentGateOff',
      message:
        `the MultiClusterService gate is ${'error' in gate ? `unparseable (${gate.error})` : gate.describe} ` +
        `in karmada-agent of Pull-mode provider ${cluster}: nothing collects its EndpointSlices`,
      hint: 'kubectl karmada-mcs enable --agents',
    };
  });
}

function clusterChecks(snap: Snapshot, scope: Scope): Finding[] {
  const out: Finding[] = [];
  const byName = clusterByName(snap);
  const running = releaseNumbers(snap);
  for (const name of scope.clusters) {
    const c = byName.get(name);
    const m = snap.members.get(name);
    if (!c) {
      out.push(...unregistered(scope, name));
    } else if (m && !m.ready) {
      out.push({
        id: 'clusters',
        cluster: name,
        result: 'fail',
        reason: 'ClusterNotReady',
        message: `cluster ${name} is not Ready: Karmada neither dispatches to it nor collects from it`,
        // No single command makes a cluster Ready: its conditions say why it is not.
        hint: `kubectl describe cluster ${name}`,
      });
    } else if (m?.error) {
      out.push({
        id: 'clusters',
        cluster: name,
        result: 'fail',
        reason: 'ClusterUnreadable',
        message: `cluster ${name} could not be read: ${m.error}`,
        hint: `kubectl get --raw ${clusterProxyPath(name)}/api`,
      });
    } else if (skippedForEndpointSlices(c, running)) {
      const complete = apiListComplete(c);
      out.push({
        id: 'clusters',
        cluster: name,
        result: 'fail',
        reason: 'NoEndpointSliceAPI',
        message: complete
          ? `cluster ${name} does not serve discovery.k8s.io/v1 EndpointSlices (status.apiEnablements): ` +
            `Karmada neither collects from it nor dispatches to it`
          : `cluster ${name} has not reported discovery.k8s.io/v1 EndpointSlices (status.apiEnablements is ` +
            `incomplete), and Karmada before v1.15 takes that as not served: it neither collects from it nor ` +
            `dispatches to it`,
        // Incomplete: the CompleteAPIEnablements condition says why the member's discovery failed.
        hint: complete
          ? `kubectl get cluster ${name} -o jsonpath='{.status.apiEnablements}'`
          : `kubectl describe cluster ${name}`,
      });
    } else {
      out.push({
        id: 'clusters',
        cluster: name,
        result: 'ok',
        message:
          `cluster ${name} is registered (${m?.syncMode ?? 'unknown'}), Ready and ` +
          (servesEndpointSlices(c) ? 'serves EndpointSlices' : 'has not reported its APIs'),
      });
    }
  }
  for (const mcs of scope.mcs) out.push(...taintChecks(snap, mcs, byName));
  return out;
}

/**
 * A cluster the spec names that Karmada does not know: per MultiClusterService, the patch that drops
 * it, unless that would empty a list (which means every cluster).
 */
function unregistered(scope: Scope, cluster: string): Finding[] {
  return scope.mcs
    .filter((m) => namedClusters(m, 'provider').includes(cluster) || namedClusters(m, 'consumer').includes(cluster))
    .map((m): Finding => {
      const name = m.metadata?.name ?? '';
      const namespace = m.metadata?.namespace ?? '';
      const legacy = usesLegacyFields(m);
      const spec: Record<string, string[] | Array<{ name: string }>> = {};
      let empties = false;
      for (const side of ['provider', 'consumer'] as const) {
        const named = namedClusters(m, side);
        if (!named.includes(cluster)) continue;
        const rest = named.filter((c) => c !== cluster);
        empties ||= rest.length === 0;
        spec[specField(side, legacy)] = legacy ? rest : rest.map((c) => ({ name: c }));
      }
      return {
        id: 'clusters',
        cluster,
        namespace,
        mcs: name,
        result: 'fail',
        reason: 'ClusterNotFound',
        message: `cluster ${cluster} is named by multiclusterservice ${name} but not registered with Karmada`,
        hint: empties
          ? 'kubectl get clusters'
          : `kubectl patch mcs ${name} -n ${namespace} --type=merge -p '${JSON.stringify({ spec })}'`,
      };
    });
}

/**
 * The Service copy is placed by ResourceBinding `<svc>-service`, whose placement has no tolerations
 * unless edited (mcs_controller.go buildResourceBinding): an untolerated NoSchedule taint keeps the
 * copy away. v1.8 applies copies as Works, without the scheduler: not judged there.
 */
const CONDITION_TAINTS = ['cluster.karmada.io/not-ready', 'cluster.karmada.io/unreachable'];

function taintChecks(snap: Snapshot, mcs: MultiClusterService, byName: Map<string, Cluster>): Finding[] {
  if (usesLegacyFields(mcs)) return [];
  const name = mcs.metadata?.name ?? '';
  const namespace = mcs.metadata?.namespace ?? '';
  const bindings = snap.bindings ?? [];
  const binding = bindings.find((b) => b.metadata?.namespace === namespace && b.metadata.name === `${name}-service`);
  const tolerations = binding?.spec?.placement?.clusterTolerations ?? [];
  const out: Finding[] = [];
  for (const cluster of involvedOf(snap, mcs)) {
    const c = byName.get(cluster);
    if (!c) continue;
    // Karmada taints a NotReady cluster itself (cluster_controller.go taintClusterByCondition) and lifts the taint when
    // it is Ready again: the NotReady finding is the cause, and removing that taint by hand would not last.
    const taints = untoleratedTaints(c, tolerations).filter((t) => !CONDITION_TAINTS.includes(t.key));
    if (taints.length === 0) continue;
    const member = snap.members.get(cluster);
    const hasCopy = member && !member.error && hasService(member, namespace, name);
    const shown = taints.map(formatTaint).join(', ');
    const base = {
      id: 'clusters' as const,
      cluster,
      namespace,
      mcs: name,
      // Plain kubectl, which every user has (karmadactl may be missing): remove each taint by index, last first,
      // after testing that each index still holds that taint (the patch fails whole if the list changed since).
      hint: `kubectl patch cluster ${cluster} --type=json -p '${JSON.stringify(taintRemoval(c, taints))}'`,
    };
    out.push(
      hasCopy
        ? {
            ...base,
            result: 'warn',
            message:
              `cluster ${cluster} has taint ${shown}, which the placement of service ${name} does not ` +
              `tolerate: the copy there stays, but Karmada would not place it again`,
          }
        : {
            ...base,
            result: 'fail',
            reason: 'ClusterTainted',
            message:
              `cluster ${cluster} has taint ${shown}, which the placement of service ${name} does not ` +
              `tolerate: Karmada puts no Service copy there, so ${name}.${namespace} does not resolve ` +
              `in ${cluster}`,
          },
    );
  }
  return out;
}

/** JSON patch operations that remove these taints of the Cluster, each tested first (RFC 6902 `test`). */
function taintRemoval(c: Cluster, taints: Taint[]): object[] {
  const at = taints.map((t) => (c.spec?.taints ?? []).indexOf(t)).sort((a, b) => b - a);
  const path = (i: number) => `/spec/taints/${i}`;
  return [
    ...at.map((i) => ({ op: 'test', path: path(i), value: c.spec?.taints?.[i] })),
    ...at.map((i) => ({ op: 'remove', path: path(i) })),
  ];
}

function podNetworkChecks(snap: Snapshot, scope: Scope, ctx: Context): Finding[] {
  const out: Finding[] = [];
  // Each cluster is in many pairs: its CIDRs read once.
  const known = new Map<MemberFacts, string[]>();
  const cidrs = (m: MemberFacts) => {
    let found = known.get(m);
    if (!found) known.set(m, (found = podCidrs(m.nodes ?? [])));
    return found;
  };
  for (const [a, b] of scope.pairs) {
    const ma = snap.members.get(a);
    const mb = snap.members.get(b);
    const unread = [ma, mb].find((m) => !m || m.error || m.nodesError || cidrs(m).length === 0);
    if (unread !== undefined || !ma || !mb) {
      const why = unread
        ? unread.error
          ? // the clusters check reports why
            `${unread.name} could not be read`
          : `${unread.name}: ${unread.nodesError ?? 'no node reports spec.podCIDR(s)'}`
        : 'a cluster was not read';
      out.push({
        id: 'pod-network',
        cluster: b,
        result: 'skip',
        message: `pod CIDRs of ${a} and ${b} not compared: ${why}`,
      });
      continue;
    }
    const clash = overlapping(cidrs(ma), cidrs(mb));
    out.push(
      clash.length
        ? {
            id: 'pod-network',
            cluster: b,
            result: 'fail',
            reason: 'PodCidrOverlap',
            message:
              `pod CIDRs of ${a} (${clash.map(([x]) => x).join(', ')}) and ${b} ` +
              `(${clash.map(([, y]) => y).join(', ')}) overlap: an endpoint address of one is a local ` +
              `pod address in the other; Karmada's guide requires disjoint pod CIDRs`,
            hint: memberGet(snap, ctx, { rt: NODES, columns: 'NAME:.metadata.name,PODCIDRS:.spec.podCIDRs' }, [a, b]),
          }
        : {
            id: 'pod-network',
            cluster: b,
            result: 'ok',
            message: `pod CIDRs of ${a} (${cidrs(ma).join(', ')}) and ${b} (${cidrs(mb).join(', ')}) do not overlap`,
          },
    );
  }
  return out;
}
