// expose and unexpose as plain functions: plan (reads and checks only), write, wait.
import { ApiError, CliError, TimeoutError } from '../errors.js';
import { formatDurationWords } from '../duration.js';
import { poll } from '../poll.js';
import type { KubeClient, Obj } from '../kube/client.js';
import { CLUSTERS, DEPLOYMENTS, MCS, SERVICES, objectRef } from '../kube/resources.js';
import { ENDPOINTSLICE_DISPATCHED, MCS_CONDITIONS, SERVICE_APPLIED, describeCondition, isTrue } from '../mcs/conditions.js';
import { type Clusters, checkClusters, checkGate, checkMemberServices, checkPlacement, checkServiceOwner, checkTargetPorts } from './checks.js';
import { MANAGED_BY, PLUGIN, deriveMcs, deriveService } from './derive.js';
import type { ExposeOptions } from './options.js';
import { KARMADA_MANAGED } from '../mcs/labels.js';

export type ServiceAction = 'create' | 'update' | 'use-existing';

export interface ExposePlan {
  namespace: string;
  /** what the API had when the plan was made; undefined: absent, or not read (offline) */
  existing: { service?: Obj; mcs?: Obj };
  service: Obj;
  serviceAction: ServiceAction;
  mcs: Obj;
  warnings: string[];
  notes: string[];
}

export interface Written {
  ref: string;
  action: 'created' | 'configured' | 'unchanged';
  object: Obj;
}

const ours = (o: Obj | undefined) => o?.metadata?.labels?.[MANAGED_BY] === PLUGIN;

/** The objects expose would write, from the flags alone: for an offline --dry-run=client. */
export function planOffline(options: ExposeOptions, namespace: string): ExposePlan {
  return { namespace, existing: {}, service: deriveService(options, namespace, undefined), serviceAction: 'create', mcs: deriveMcs(options, namespace), warnings: [], notes: [] };
}

export async function planExpose(clusters: Clusters, options: ExposeOptions, namespace: string, overwriteMemberServices: boolean): Promise<ExposePlan> {
  const karmada = await clusters.karmada();
  const [known, deployment, existingService, existingMcs] = await Promise.all([
    karmada.list(CLUSTERS),
    options.target.kind === 'deployment' ? karmada.find(DEPLOYMENTS, namespace, options.target.name) : undefined,
    karmada.find(SERVICES, namespace, options.name),
    karmada.find(MCS, namespace, options.name),
  ]);
  const warnings: string[] = [];
  const notes: string[] = [];
  if (options.target.kind === 'service' && !existingService) {
    throw new CliError(`service "${options.name}" not found in namespace "${namespace}" (${karmada.label})`, { hint: 'create the Service in the Karmada control plane first, or expose the Deployment to have one derived' });
  }
  if (options.target.kind === 'deployment' && !deployment && (options.target.explicit || !existingService)) {
    throw new CliError(`deployment "${options.target.name}" not found in namespace "${namespace}" (${karmada.label})`, {
      hint: `expose names a Deployment in the Karmada control plane; list them with \`kubectl get deployments -n ${namespace}\`, or pass -n`,
    });
  }
  if (existingMcs && JSON.stringify(existingMcs.spec?.types ?? []) !== JSON.stringify(['CrossCluster'])) {
    throw new CliError(`multiclusterservice ${options.name} already exists with types [${(existingMcs.spec?.types ?? []).join(', ')}], and its types are immutable`, {
      hint: `remove it first (kubectl karmada-mcs unexpose ${options.name}) or choose another --name`,
    });
  }
  checkClusters(known, options.providers, options.consumers, warnings);

  let service: Obj;
  let serviceAction: ServiceAction;
  if (existingService && (options.target.kind === 'service' || !ours(existingService))) {
    service = existingService;
    serviceAction = 'use-existing';
    if (options.target.kind === 'deployment') notes.push(`service/${options.name} already exists and was not created by ${PLUGIN}: it is used as it is`);
  } else {
    service = deriveService(options, namespace, deployment);
    serviceAction = existingService ? 'update' : 'create';
  }
  if (existingService) checkServiceOwner(existingService, warnings);
  if (deployment) {
    await checkPlacement(karmada, deployment, options.providers, warnings);
    checkTargetPorts(service, deployment, warnings);
  }
  const members = options.providers.length && options.consumers.length
    ? [...new Set([...options.providers, ...options.consumers])]
    : known.map((c) => c.metadata.name as string);
  await Promise.all([
    checkMemberServices(clusters, members, namespace, options.name, overwriteMemberServices, warnings),
    checkGate(clusters, warnings),
  ]);
  return { namespace, existing: { service: existingService, mcs: existingMcs }, service, serviceAction, mcs: deriveMcs(options, namespace), warnings, notes };
}

async function applyOne(karmada: KubeClient, rt: typeof SERVICES, obj: Obj, before: Obj | undefined, dryRun: 'none' | 'server'): Promise<Written> {
  const after = await karmada.apply(rt, obj, { dryRun, force: true });
  const action = !before ? 'created' : before.metadata.resourceVersion === after.metadata.resourceVersion ? 'unchanged' : 'configured';
  return { ref: objectRef(rt, obj.metadata.name), action, object: after };
}

/** Service first, then the MCS; if the MCS fails after this run created the Service, says what exists and how to finish or undo. */
export async function writeExpose(karmada: KubeClient, plan: ExposePlan, dryRun: 'none' | 'server'): Promise<Written[]> {
  const written: Written[] = [];
  if (plan.serviceAction === 'use-existing') written.push({ ref: objectRef(SERVICES, plan.service.metadata.name), action: 'unchanged', object: plan.service });
  else written.push(await applyOne(karmada, SERVICES, plan.service, plan.existing.service, dryRun));
  try {
    written.push(await applyOne(karmada, MCS, plan.mcs, plan.existing.mcs, dryRun));
  } catch (error) {
    if (!(error instanceof CliError) || written[0]!.action !== 'created' || dryRun === 'server') throw error;
    const { name, namespace } = plan.mcs.metadata;
    throw new CliError(`writing multiclusterservice ${name} failed: ${error.message}; service/${name} was created in namespace ${namespace} by this run and still exists, without a MultiClusterService`, {
      hint: `fix the cause and run the same expose again to finish, or undo with \`kubectl delete service ${name} -n ${namespace}\``,
      exitCode: error.exitCode,
    });
  }
  return written;
}

export function waitForMcs(karmada: KubeClient, namespace: string, name: string, timeoutMs: number, onPending?: (text: string) => void): Promise<Obj> {
  const ready = (mcs: Obj) => isTrue(mcs, SERVICE_APPLIED) && isTrue(mcs, ENDPOINTSLICE_DISPATCHED);
  return poll(() => karmada.get(MCS, namespace, name), (mcs) => (ready(mcs) ? undefined : MCS_CONDITIONS.map((type) => describeCondition(mcs, type)).join(', ')), {
    timeoutMs,
    onPending,
    timeout: (_mcs, state) => new TimeoutError(`timed out after ${formatDurationWords(timeoutMs)} waiting for multiclusterservice ${namespace}/${name}: ${state}`, {
      hint: `see what Karmada did with \`kubectl get mcs ${name} -n ${namespace} -o yaml\``,
    }),
  });
}

export interface UnexposeResult {
  deleted: string[];
  kept: Array<{ ref: string; why: string }>;
  /** members that still hold Karmada's copy of the Service */
  remainingCopies: string[];
}

export async function unexpose(clusters: Clusters, namespace: string, name: string, keepService: boolean): Promise<UnexposeResult> {
  const karmada = await clusters.karmada();
  const mcs = await karmada.find(MCS, namespace, name);
  if (!mcs) throw new CliError(`multiclusterservice "${name}" not found in namespace "${namespace}" (${karmada.label})`, { hint: `list them with \`kubectl get mcs -n ${namespace}\`` });
  const service = await karmada.find(SERVICES, namespace, name);
  const result: UnexposeResult = { deleted: [], kept: [], remainingCopies: [] };
  await karmada.delete(MCS, namespace, name, { resourceVersion: mcs.metadata.resourceVersion });
  result.deleted.push(`multiclusterservice.networking.karmada.io "${name}"`);
  if (service && ours(service) && !keepService) {
    try {
      await karmada.delete(SERVICES, namespace, name, { resourceVersion: service.metadata.resourceVersion });
      result.deleted.push(`service "${name}"`);
    } catch (error) {
      if (!(error instanceof ApiError && error.notFound)) throw error;
    }
    return result;
  }
  if (service) result.kept.push({ ref: `service/${name}`, why: keepService ? '--keep-service' : `not created by ${PLUGIN}` });
  // Karmada keeps the Service's binding when only the MCS goes, so its copies stay in the members.
  const targets = [...(mcs.spec?.providerClusters ?? []), ...(mcs.spec?.consumerClusters ?? [])].map((c: Obj) => c.name as string);
  const members = targets.length ? [...new Set(targets)] : (await karmada.list(CLUSTERS)).map((c) => c.metadata.name as string);
  for (const member of members) {
    try {
      const copy = await (await clusters.member(member)).find(SERVICES, namespace, name);
      if (copy?.metadata.labels?.[KARMADA_MANAGED] === 'true') result.remainingCopies.push(member);
    } catch {
      // An unreachable member: nothing to report about it.
    }
  }
  return result;
}
