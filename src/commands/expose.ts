// `expose`: Complete (flags) → Validate (locally, then against the API) → Run (write, wait) → print.
import { formatDurationWords, parseDuration } from '../duration.js';
import { CliError, KubeconfigError, TimeoutError } from '../errors.js';
import { poll } from '../poll.js';
import { DEFAULT_WAIT_TIMEOUT, completeExposeOptions } from '../expose/options.js';
import { Interrupts } from '../expose/interrupt.js';
import {
  type ExposePlan,
  type Written,
  controlPlaneOf,
  planExpose,
  planOffline,
  writeMcs,
  writeService,
} from '../expose/service.js';
import { type Readiness, type WaitTarget, portMismatch, readiness } from '../expose/wait.js';
import type { Service } from '../kube/objects.js';
import { endpointSource } from '../karmada/endpoint-source.js';
import type { Args, Flags } from '../cli.js';
import type { Session } from '../session.js';

export async function expose(session: Session, flags: Flags<'expose'>, [arg]: Args<'expose'>): Promise<number> {
  const out = session.out;
  const options = completeExposeOptions(arg, flags);
  const timeoutMs = parseDuration(flags.timeout ?? DEFAULT_WAIT_TIMEOUT);
  // Offline: everything the objects need came from flags, so a client dry run asks no API server.
  const offline =
    flags.dryRun === 'client' &&
    options.port !== undefined &&
    options.selector !== undefined &&
    options.target.kind === 'deployment';
  const namespace = offline ? await offlineNamespace(session) : await session.namespace();
  const plan: ExposePlan = offline
    ? planOffline(options, namespace)
    : await planExpose(session, options, namespace, {
        overwriteMemberServices: flags.overwriteMemberServices ?? false,
        overwrite: flags.overwrite ?? false,
      });
  const fields =
    plan.schema.fields === 'providerClusters'
      ? 'providerClusters/consumerClusters'
      : 'serviceProvisionClusters/serviceConsumptionClusters (Karmada v1.8)';
  out.debug(`MultiClusterService cluster fields: ${fields}, from ${plan.schema.source}`);
  for (const w of plan.warnings) out.warn(session.reached(w));
  for (const n of plan.notes) out.note(session.reached(n));

  // A Service and its MultiClusterService share one name: Karmada pairs them by it.
  const name = options.name;
  if (flags.dryRun === 'client') {
    // Both, an object used as it is too, as the server dry run and kubectl apply --dry-run=client -o print them.
    if (flags.output) out.objects([plan.service, plan.mcs], flags.output);
    else {
      for (const [action, ref] of [
        [plan.serviceAction, 'service'],
        [plan.mcsAction, 'multiclusterservice.networking.karmada.io'],
      ] as const) {
        const verb = action === 'use-existing' ? 'unchanged' : action === 'update' ? 'configured' : 'created';
        out.line(`${ref}/${name} ${verb} (dry run)`);
      }
    }
    return 0;
  }

  const karmada = await session.karmada();
  // --wait asks for a working exposure: ready endpoints on a port the pods do not serve would refuse every request.
  const mismatch = flags.wait && plan.deployment ? portMismatch(plan.service, plan.deployment) : undefined;
  if (mismatch) {
    throw new CliError(`multiclusterservice ${name} could not work: ${mismatch}; nothing was written`, {
      hint: 'fix --port, --target-port or --protocol, or expose without --wait to write it anyway',
    });
  }
  const written: Written[] = [];
  let waiting = false;
  const interrupts = new Interrupts(
    {
      first: () =>
        waiting
          ? 'stopping the wait; both objects are written'
          : 'finishing the writes in progress so nothing is left half done',
      left: () =>
        written.length === 1 && written[0]?.action !== 'unchanged'
          ? `service/${name} was written without its MultiClusterService; run the same expose again to finish, ` +
            `or \`kubectl karmada-mcs unexpose ${name} -n ${namespace}\` to remove it`
          : written.length === 1
            ? `multiclusterservice/${name} may or may not have been written; run the same expose again to be sure`
            : written.length === 0
              ? 'nothing was written'
              : `service/${name} and multiclusterservice/${name} are written; Karmada carries on without us`,
    },
    (t) => {
      out.note(session.reached(t));
    },
  );
  // Read afresh each time: a Ctrl-C may arrive during any await below.
  const interrupted = () => interrupts.interrupted;
  try {
    if (interrupted()) throw interrupts.error('nothing was written');
    // Once the Service is sent the pair is finished, even after a Ctrl-C: two bounded requests.
    const service = await writeService(karmada, plan, flags.dryRun);
    written.push(service);
    written.push(await writeMcs(karmada, plan, service, flags.dryRun));
    if (flags.output)
      out.objects(
        written.map((w) => w.object),
        flags.output,
      );
    else
      for (const w of written) out.line(`${w.ref} ${w.action}${flags.dryRun === 'server' ? ' (server dry run)' : ''}`);
    if (interrupted())
      throw interrupts.error(
        `finished writing service/${name} and multiclusterservice/${name}${flags.wait ? '; not waiting' : ''}`,
      );
    waiting = true;
    if (flags.wait && flags.dryRun === 'none') await waitWorking(session, plan, options, timeoutMs, interrupts);
  } finally {
    interrupts.dispose();
  }
  return 0;
}

async function waitWorking(
  session: Session,
  plan: ExposePlan,
  options: ReturnType<typeof completeExposeOptions>,
  timeoutMs: number,
  interrupts: Interrupts,
): Promise<void> {
  const out = session.out;
  const name = options.name;
  const service: Service = plan.service;
  const target: WaitTarget = {
    namespace: plan.namespace,
    name,
    providers: options.providers,
    consumers: options.consumers,
    known: plan.known,
    source: endpointSource(service),
  };
  // The controller-manager is read again on every poll: `enable` may run meanwhile.
  const clusters = {
    karmada: () => session.karmada(),
    member: (c: string) => session.member(c),
    controlPlane: () => controlPlaneOf(session)(),
  };
  const progress = out.progress(`Waiting for multiclusterservice ${name} to work`);
  let result: Readiness;
  try {
    const waiting = poll(
      () => readiness(clusters, target),
      (r) => r.pending,
      {
        timeoutMs,
        onPending: (pending) => {
          progress.update(`Waiting for multiclusterservice ${name}: ${pending}`);
        },
        timeout: (_r, pending) =>
          new TimeoutError(
            `timed out after ${formatDurationWords(timeoutMs)} waiting for multiclusterservice ` +
              `${plan.namespace}/${name} to work: ${pending}`,
            {
              hint: `see what Karmada did with \`kubectl karmada-mcs status ${name} -n ${plan.namespace}\``,
            },
          ),
      },
    );
    const stopped = interrupts.first.then(() => {
      throw interrupts.error(
        `stopped waiting; service/${name} and multiclusterservice/${name} are written and Karmada carries on`,
      );
    });
    result = await Promise.race([waiting, stopped]);
  } catch (error) {
    progress.fail();
    throw error;
  }
  progress.done();
  for (const { consumer, from } of result.endpoints) {
    const sources = Object.entries(from)
      .map(([p, n]) => `${n} from ${p}`)
      .join(', ');
    out.line(
      `multiclusterservice.networking.karmada.io/${name} ready in ${consumer}: ` +
        `service ${name} with ready endpoints (${sources})`,
    );
  }
}

/** -n, else the kubeconfig context's namespace if there is a kubeconfig, else "default". */
async function offlineNamespace(session: Session): Promise<string> {
  try {
    return await session.namespace();
  } catch (error) {
    if (error instanceof KubeconfigError) return 'default';
    throw error;
  }
}
