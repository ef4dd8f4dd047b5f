// expose and unexpose as plain functions: plan (reads and checks only), write, wait.
//
// Order of the writes, so an interruption leaves a state that is whole and recoverable: expose writes the Service,
// then the MCS. A Service alone does nothing in Karmada (nothing selects it until the MCS exists), so the MCS write
// is the one that switches the exposure on, and a Service left alone is removed by `unexpose NAME`. unexpose deletes
// the MCS first (Karmada stops at once), then the Service, then waits for Karmada to release the MCS.
import { ApiError, CliError, KubeconfigError, TimeoutError, UsageError } from '../errors.js';
import { formatDurationWords } from '../duration.js';
import { poll } from '../poll.js';
import type { DryRun, KubeClient } from '../kube/client.js';
import { CLUSTERS, DEPLOYMENTS, MCS, SERVICES, objectRef } from '../kube/resources.js';
import { KARMADA_MANAGED, PLUGIN, SERVICE_NAME } from '../karmada/labels.js';
import { endpointSource } from '../karmada/endpoint-source.js';
import type { Clusters } from '../karmada/clusters.js';
import { checkClusters, checkMemberServices, checkPlacement, checkServiceOwner, checkTargetPorts } from './checks.js';
import { type ControlPlaneRead, MCS_FINALIZER, readControlPlane } from './control-plane.js';
import { deriveMcs, deriveService } from './derive.js';
import type { Deployment, KarmadaCluster, Mcs, Service } from './models.js';
import type { ExposeOptions } from './options.js';
import { conflictError, differences, mcsShape, ours, serviceShape } from './ownership.js';
import { type McsSchema, mcsClusters, mcsSchema } from './schema.js';

export type Action = 'create' | 'update' | 'use-existing';

export interface ExposePlan {
  namespace: string;
  /** what the API had when the plan was made; undefined: absent, or not read (offline) */
  existing: { service?: Service; mcs?: Mcs };
  /** what is written; with use-existing, the object as it is */
  service: Service;
  serviceAction: Action;
  mcs: Mcs;
  mcsAction: Action;
  /** objects --overwrite takes over from another writer: applied with force */
  takeOver: { service: boolean; mcs: boolean };
  schema: McsSchema;
  warnings: string[];
  notes: string[];
  /** the workload's Deployment, when there is one: --wait checks its ports */
  deployment?: Deployment;
  /** every registered cluster, for empty lists */
  known: string[];
}

export interface Written {
  ref: string;
  action: 'created' | 'configured' | 'unchanged';
  object: Service | Mcs;
}

const LATEST: McsSchema = {
  fields: 'providerClusters',
  source: 'offline: assuming the latest Karmada',
  copiesGoWithMcs: false,
};

/** The controller-manager, read at most once per command, best-effort: the host may be out of reach. */
export function controlPlaneOf(clusters: Clusters): () => Promise<ControlPlaneRead> {
  let read: Promise<ControlPlaneRead> | undefined;
  return () => {
    read ??= clusters.host({ bestEffort: true }).then(readControlPlane, (error: unknown): ControlPlaneRead => {
      // A kubeconfig without the host's context is common (only the Karmada API is shared): say how to check.
      if (error instanceof KubeconfigError)
        return { unknown: `${error.message} (--host-context names the cluster that runs Karmada)` };
      if (error instanceof CliError) return { unknown: error.message };
      throw error;
    });
    return read;
  };
}

/** The objects expose would write, from the flags alone: for an offline --dry-run=client. */
export function planOffline(options: ExposeOptions, namespace: string): ExposePlan {
  return {
    namespace,
    existing: {},
    service: deriveService(options, namespace, undefined),
    serviceAction: 'create',
    mcs: deriveMcs(options, namespace, LATEST.fields),
    mcsAction: 'create',
    takeOver: { service: false, mcs: false },
    schema: LATEST,
    warnings: [],
    notes: [],
    known: [],
  };
}

const SHAPING_FLAGS = (o: ExposeOptions): string[] =>
  (
    [
      ['--port', o.port],
      ['--target-port', o.targetPort],
      ['--protocol', o.protocol],
      ['--selector', o.selector],
    ] as const
  )
    .filter(([, v]) => v !== undefined)
    .map(([flag]) => flag);

/** A Service expose cannot derive (no container ports, matchExpressions only) leaves the user's as it is. */
function deriveOrSkip(derive: () => Service, overwrite: boolean): Service | undefined {
  try {
    return derive();
  } catch (error) {
    // Not lost: the caller then uses the user's Service as it is and says so in a note.
    if (error instanceof UsageError && !overwrite) return undefined;
    throw error;
  }
}

export interface PlanFlags {
  overwriteMemberServices: boolean;
  overwrite: boolean;
}

export async function planExpose(
  clusters: Clusters,
  options: ExposeOptions,
  namespace: string,
  flags: PlanFlags,
): Promise<ExposePlan> {
  const karmada = await clusters.karmada();
  const controlPlane = controlPlaneOf(clusters);
  const [known, deployment, existingService, existingMcs, schema] = await Promise.all([
    karmada.list<KarmadaCluster>(CLUSTERS),
    options.target.kind === 'deployment'
      ? karmada.find<Deployment>(DEPLOYMENTS, namespace, options.target.name)
      : undefined,
    karmada.find<Service>(SERVICES, namespace, options.name),
    karmada.find<Mcs>(MCS, namespace, options.name),
    mcsSchema(karmada, controlPlane),
  ]);
  const warnings: string[] = [];
  const notes: string[] = [];
  if (options.target.kind === 'service' && !existingService) {
    throw new CliError(`service "${options.name}" not found in namespace "${namespace}" (${karmada.label})`, {
      hint: 'create the Service in the Karmada control plane first, or expose the Deployment to have one derived',
    });
  }
  if (options.target.kind === 'deployment' && !deployment && (options.target.explicit || !existingService)) {
    throw new CliError(`deployment "${options.target.name}" not found in namespace "${namespace}" (${karmada.label})`, {
      hint:
        'expose names a Deployment in the Karmada control plane; ' +
        `list them with \`kubectl get deployments -n ${namespace}\`, or pass -n`,
    });
  }
  if (existingMcs?.metadata.deletionTimestamp) {
    const finalizers = (existingMcs.metadata.finalizers ?? []).join(', ') || 'none';
    throw new CliError(
      `multiclusterservice ${options.name} is being deleted (finalizers: ${finalizers}): ` +
        'writing it now would not stop that',
      {
        hint: 'expose again once it is gone (`kubectl get mcs -n NAMESPACE` no longer lists it)',
      },
    );
  }
  const types = existingMcs?.spec?.types ?? [];
  if (existingMcs && JSON.stringify(types) !== JSON.stringify(['CrossCluster'])) {
    throw new CliError(
      `multiclusterservice ${options.name} already exists with types [${types.join(', ')}], ` +
        'and its types are immutable',
      {
        hint: `remove it first (kubectl karmada-mcs unexpose ${options.name}) or choose another --name`,
      },
    );
  }
  checkClusters(known, options.providers, options.consumers, warnings);
  if (schema.guessed !== undefined) {
    warnings.push(
      `Karmada's release is unknown (${schema.guessed}): expose writes providerClusters/consumerClusters, ` +
        'which Karmada v1.8 drops, leaving a MultiClusterService that spans every cluster',
    );
  }

  // --overwrite forces every write, also of an object expose made that someone has changed since (the conflict
  // names them); one not made by expose is taken over below only once its differences are known.
  const takeOver = {
    service: flags.overwrite && !!existingService && ours(existingService),
    mcs: flags.overwrite && !!existingMcs && ours(existingMcs),
  };
  let service: Service;
  let serviceAction: Action;
  if (existingService && options.target.kind === 'service') {
    service = existingService;
    serviceAction = 'use-existing';
  } else if (existingService && !ours(existingService)) {
    const given = SHAPING_FLAGS(options);
    if (given.length && !flags.overwrite) {
      throw new UsageError(
        `${given.join(', ')} cannot apply: service ${options.name} exists and was not created by ${PLUGIN}, ` +
          'and expose does not change it',
        'pass --overwrite to change it (the differences are shown first), or drop the flag',
      );
    }
    const derived = deployment
      ? deriveOrSkip(() => deriveService(options, namespace, deployment), flags.overwrite)
      : undefined;
    const diff = derived ? differences(serviceShape(existingService), serviceShape(derived)) : [];
    if (!derived || diff.length === 0) {
      service = existingService;
      serviceAction = 'use-existing';
      notes.push(`service/${options.name} already exists and was not created by ${PLUGIN}: it is used as it is`);
    } else if (!flags.overwrite) {
      throw new CliError(
        `service ${options.name} exists and was not created by ${PLUGIN}; expose would change ${diff.join('; ')}`,
        {
          hint:
            `pass --overwrite to change it, expose service/${options.name} to use it as it is, ` +
            'or choose another --name',
        },
      );
    } else {
      service = derived;
      serviceAction = 'update';
      takeOver.service = true;
      notes.push(...diff.map((d) => `service/${options.name} (--overwrite): ${d}`));
    }
  } else {
    service = deriveService(options, namespace, deployment);
    serviceAction = existingService ? 'update' : 'create';
  }

  const source = endpointSource(service);
  if (source.kind === 'external-name') {
    throw new CliError(
      `service ${options.name} is of type ExternalName (${source.externalName}): Kubernetes keeps no endpoints ` +
        'for it, so Karmada would have none to share',
      {
        hint:
          `its copies resolve to ${source.externalName} in every cluster as it does here: ` +
          'propagate it with a PropagationPolicy, not a MultiClusterService',
      },
    );
  }
  if (source.kind === 'manual') {
    notes.push(
      `service ${options.name} has no selector: Karmada shares the EndpointSlices written by hand in the providers ` +
        `(label ${SERVICE_NAME}=${options.name})`,
    );
  }

  let mcs = deriveMcs(options, namespace, schema.fields);
  let mcsAction: Action = existingMcs ? 'update' : 'create';
  if (existingMcs && !ours(existingMcs)) {
    const diff = differences(mcsShape(existingMcs), mcsShape(mcs));
    if (diff.length === 0) {
      mcs = existingMcs;
      mcsAction = 'use-existing';
      notes.push(
        `multiclusterservice/${options.name} already exists as wanted and was not written by ${PLUGIN}: ` +
          'it is used as it is',
      );
    } else if (!flags.overwrite) {
      throw new CliError(
        `multiclusterservice ${options.name} exists and was not written by ${PLUGIN}; ` +
          `expose would change ${diff.join('; ')}`,
        {
          hint: 'pass --overwrite to change it (the differences are shown first), or choose another --name',
        },
      );
    } else {
      takeOver.mcs = true;
      notes.push(...diff.map((d) => `multiclusterservice/${options.name} (--overwrite): ${d}`));
    }
  }

  if (existingService) checkServiceOwner(existingService, warnings);
  if (deployment) {
    await checkPlacement(karmada, deployment, options.providers, warnings);
    checkTargetPorts(service, deployment, warnings);
  }
  const names = known.map((c) => c.metadata.name);
  const members =
    options.providers.length && options.consumers.length
      ? [...new Set([...options.providers, ...options.consumers])]
      : names;
  const [, read] = await Promise.all([
    checkMemberServices(clusters, members, namespace, options.name, flags.overwriteMemberServices, warnings),
    controlPlane(),
  ]);
  const cm = read.state;
  if (read.unknown !== undefined)
    warnings.push(`could not check that karmada-controller-manager runs the MCS controllers: ${read.unknown}`);
  if (cm?.off) {
    const effect = cm.removesFinalizer
      ? 'Karmada will not move endpoints for this MultiClusterService'
      : 'Karmada will not act on this MultiClusterService';
    warnings.push(`${cm.off} in karmada-controller-manager: ${effect} until you run \`kubectl karmada-mcs enable\``);
  }
  return {
    namespace,
    existing: { service: existingService, mcs: existingMcs },
    service,
    serviceAction,
    mcs,
    mcsAction,
    takeOver,
    schema,
    warnings,
    notes,
    deployment,
    known: names,
  };
}

async function applyOne<T extends Service | Mcs>(
  karmada: KubeClient,
  rt: typeof SERVICES,
  obj: T,
  before: T | undefined,
  force: boolean,
  dryRun: 'none' | 'server',
): Promise<Written> {
  const ref = objectRef(rt, obj.metadata.name);
  let after: T;
  try {
    // Never forced unless --overwrite: a field someone else set comes back as a conflict naming them.
    after = await karmada.apply<T>(rt, obj, { dryRun, force });
  } catch (error) {
    throw conflictError(error, ref, '--overwrite');
  }
  const action = !before
    ? 'created'
    : before.metadata.resourceVersion === after.metadata.resourceVersion
      ? 'unchanged'
      : 'configured';
  return { ref, action, object: after };
}

const unchanged = (rt: typeof SERVICES, obj: Service | Mcs): Written => ({
  ref: objectRef(rt, obj.metadata.name),
  action: 'unchanged',
  object: obj,
});

/** The Service; then (see writeMcs) the MCS. */
export function writeService(karmada: KubeClient, plan: ExposePlan, dryRun: 'none' | 'server'): Promise<Written> {
  if (plan.serviceAction === 'use-existing') return Promise.resolve(unchanged(SERVICES, plan.service));
  return applyOne(karmada, SERVICES, plan.service, plan.existing.service, plan.takeOver.service, dryRun);
}

/** The MCS; if it fails after this run created the Service, says what exists and how to finish or undo. */
export async function writeMcs(
  karmada: KubeClient,
  plan: ExposePlan,
  service: Written,
  dryRun: 'none' | 'server',
): Promise<Written> {
  if (plan.mcsAction === 'use-existing') return unchanged(MCS, plan.mcs);
  try {
    return await applyOne(karmada, MCS, plan.mcs, plan.existing.mcs, plan.takeOver.mcs, dryRun);
  } catch (error) {
    if (!(error instanceof CliError) || service.action !== 'created' || dryRun === 'server') throw error;
    const { name } = plan.mcs.metadata;
    const namespace = plan.namespace;
    throw new CliError(
      `writing multiclusterservice ${name} failed: ${error.message}; service/${name} was created in namespace ` +
        `${namespace} by this run and still exists, without a MultiClusterService`,
      {
        hint:
          'fix the cause and run the same expose again to finish, ' +
          `or undo with \`kubectl karmada-mcs unexpose ${name} -n ${namespace}\``,
        exitCode: error.exitCode,
      },
    );
  }
}

export interface UnexposePlan {
  namespace: string;
  name: string;
  mcs?: Mcs;
  service?: Service;
  /** the MCS, to delete: there, and not already being deleted */
  deleteMcs: boolean;
  /** our Service, to delete */
  deleteService: boolean;
  kept: Array<{ ref: string; why: string }>;
  schema?: McsSchema;
}

/** Reads and checks: nothing is deleted when Karmada could not finish the deletion. */
export async function planUnexpose(
  clusters: Clusters,
  namespace: string,
  name: string,
  keepService: boolean,
): Promise<UnexposePlan> {
  const karmada = await clusters.karmada();
  const controlPlane = controlPlaneOf(clusters);
  const [mcs, service] = await Promise.all([
    karmada.find<Mcs>(MCS, namespace, name),
    karmada.find<Service>(SERVICES, namespace, name),
  ]);
  const deleteService = Boolean(service && ours(service) && !keepService);
  const kept =
    service && !deleteService
      ? [{ ref: `service/${name}`, why: keepService ? '--keep-service' : `not created by ${PLUGIN}` }]
      : [];
  if (!mcs) {
    if (deleteService) return { namespace, name, service, deleteMcs: false, deleteService, kept };
    throw new CliError(`multiclusterservice "${name}" not found in namespace "${namespace}" (${karmada.label})`, {
      hint: `list them with \`kubectl get mcs -n ${namespace}\``,
    });
  }
  if ((mcs.metadata.finalizers ?? []).includes(MCS_FINALIZER)) {
    // Unknown (host out of reach): deleting goes ahead; if it stays Terminating, the wait's timeout says why.
    const cm = (await controlPlane()).state;
    if (cm && !cm.removesFinalizer) {
      // Deleted already (kubectl delete while the controllers were off): it stays Terminating whatever we do.
      const outcome = mcs.metadata.deletionTimestamp
        ? 'it is already deleted and stays Terminating until that controller runs'
        : 'deleted now, it would stay Terminating';
      const patch = `kubectl patch mcs ${name} -n ${namespace} --type=merge -p '{"metadata":{"finalizers":null}}'`;
      throw new CliError(
        `multiclusterservice ${name} carries Karmada's finalizer ${MCS_FINALIZER}, which only its controller ` +
          `removes, and that controller does not run (${cm.off ?? ''}; ${cm.where}): ${outcome}; nothing was deleted`,
        {
          hint:
            'turn the controllers on (`kubectl karmada-mcs enable`) and run unexpose again; ' +
            `or remove the finalizer yourself (\`${patch}\`), which leaves Karmada's Works for it behind`,
        },
      );
    }
  }
  // A guessed release (schema.guessed) is tolerable here: it only decides what is said about the members' copies.
  return {
    namespace,
    name,
    mcs,
    service,
    deleteMcs: !mcs.metadata.deletionTimestamp,
    deleteService,
    kept,
    schema: await mcsSchema(karmada, controlPlane),
  };
}

const DELETE_ATTEMPTS = 5;

/** client: the plan alone says what would be deleted, and no delete is sent; server: sent with dryRun=All. */
export type DeleteDryRun = DryRun | 'client';

/**
 * Deletes the MCS (unless already being deleted), guarded by its resourceVersion; says whether it did (or would).
 * Karmada's controllers rewrite its status all the time, so a stale resourceVersion is read again, as long as it is
 * still the object that was checked.
 */
export async function deleteMcs(karmada: KubeClient, plan: UnexposePlan, dryRun: DeleteDryRun): Promise<boolean> {
  let mcs = plan.mcs;
  if (!plan.deleteMcs || !mcs) return false;
  if (dryRun === 'client') return true;
  for (let attempt = 1; ; attempt++) {
    try {
      await karmada.delete(MCS, plan.namespace, plan.name, { resourceVersion: mcs.metadata.resourceVersion, dryRun });
      break;
    } catch (error) {
      // Gone already: what the delete was for.
      if (error instanceof ApiError && error.notFound) break;
      if (!(error instanceof ApiError && error.conflict) || attempt === DELETE_ATTEMPTS) throw error;
      const now = await karmada.find<Mcs>(MCS, plan.namespace, plan.name);
      if (!now) break;
      if (now.metadata.uid !== mcs.metadata.uid) {
        throw new CliError(`multiclusterservice ${plan.name} was replaced while unexpose ran; nothing was deleted`, {
          hint: 'run unexpose again',
        });
      }
      mcs = now;
    }
  }
  return true;
}

/** Deletes our Service if the plan says so. No resourceVersion guard: Karmada rewrites its labels as it releases it. */
export async function deleteService(karmada: KubeClient, plan: UnexposePlan, dryRun: DeleteDryRun): Promise<boolean> {
  if (!plan.deleteService) return false;
  if (dryRun === 'client') return true;
  try {
    await karmada.delete(SERVICES, plan.namespace, plan.name, { dryRun });
  } catch (error) {
    // Gone already (deleted meanwhile): what the delete was for.
    if (!(error instanceof ApiError && error.notFound)) throw error;
  }
  return true;
}

/** Until Karmada's controller has removed its finalizer and the MCS is gone. */
export function waitGone(
  karmada: KubeClient,
  namespace: string,
  name: string,
  timeoutMs: number,
): Promise<Mcs | undefined> {
  const finalizers = (mcs: Mcs | undefined) => mcs?.metadata.finalizers ?? [];
  return poll(
    () => karmada.find<Mcs>(MCS, namespace, name),
    (mcs) => (mcs ? `finalizers: ${finalizers(mcs).join(', ') || 'none'}` : undefined),
    {
      timeoutMs,
      timeout: (mcs) =>
        new TimeoutError(
          `multiclusterservice ${namespace}/${name} is still Terminating after ${formatDurationWords(timeoutMs)}: ` +
            `Karmada has not removed its finalizer${finalizers(mcs).length > 1 ? 's' : ''} ` +
            finalizers(mcs).join(', '),
          {
            hint:
              'is the multiclusterservice controller running? ' +
              `see \`kubectl karmada-mcs status ${name} -n ${namespace}\`; ` +
              'the Service and the rest are already deleted',
          },
        ),
    },
  );
}

/** Members that still hold Karmada's copy of the Service after the MCS went: an empty list means every cluster. */
export async function remainingCopies(clusters: Clusters, plan: UnexposePlan): Promise<string[]> {
  if (!plan.mcs || !plan.service || plan.deleteService || !plan.schema || plan.schema.copiesGoWithMcs) return [];
  const karmada = await clusters.karmada();
  const { providers, consumers } = mcsClusters(plan.mcs, plan.schema.fields);
  const members =
    providers.length && consumers.length
      ? [...new Set([...providers, ...consumers])]
      : (await karmada.list<KarmadaCluster>(CLUSTERS)).map((c) => c.metadata.name);
  const found: string[] = [];
  for (const member of members) {
    try {
      const copy = await (await clusters.member(member)).find<Service>(SERVICES, plan.namespace, plan.name);
      if (copy?.metadata.labels?.[KARMADA_MANAGED] === 'true') found.push(member);
    } catch {
      // Out of reach: not listed. The deletions are done; this list only names copies seen, it is not a guarantee.
    }
  }
  return found;
}
