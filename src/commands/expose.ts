// `expose`: Complete (flags) → Validate (locally, then against the API) → Run (write, wait) → print.
import { parseDuration } from '../duration.js';
import { KubeconfigError } from '../errors.js';
import { type ExposeFlags, completeExposeOptions } from '../expose/options.js';
import { type ExposePlan, planExpose, planOffline, waitForMcs, writeExpose } from '../expose/service.js';
import type { Session } from '../session.js';

export async function expose(session: Session, flags: ExposeFlags, args: string[]): Promise<number> {
  const out = session.out;
  const options = completeExposeOptions(args[0], flags);
  const timeoutMs = parseDuration(flags.timeout);
  // Offline: everything the objects need came from flags, so a client dry run asks no API server.
  const offline = flags.dryRun === 'client' && options.port !== undefined && options.selector !== undefined && options.target.kind === 'deployment';
  const namespace = offline ? await offlineNamespace(session) : await session.namespace();
  const plan: ExposePlan = offline ? planOffline(options, namespace) : await planExpose(session, options, namespace, flags.overwriteMemberServices ?? false);
  for (const w of plan.warnings) out.warn(w);
  for (const n of plan.notes) out.note(n);

  if (flags.dryRun === 'client') {
    const objects = [...(plan.serviceAction === 'use-existing' ? [] : [plan.service]), plan.mcs];
    if (flags.output) out.objects(objects, flags.output);
    else {
      if (plan.serviceAction === 'use-existing') out.line(`service/${plan.service.metadata.name} unchanged (dry run)`);
      for (const o of objects) out.line(`${o.kind === 'Service' ? 'service' : 'multiclusterservice.networking.karmada.io'}/${o.metadata.name} ${plan.serviceAction === 'update' && o.kind === 'Service' ? 'configured' : 'created'} (dry run)`);
    }
    return 0;
  }

  const karmada = await session.karmada();
  const written = await writeExpose(karmada, plan, flags.dryRun);
  if (flags.output) out.objects(written.map((w) => w.object), flags.output);
  else {
    for (const w of written) out.line(`${w.ref} ${w.action}${flags.dryRun === 'server' ? ' (server dry run)' : ''}`);
  }
  if (flags.wait && flags.dryRun === 'none') {
    const progress = out.progress(`Waiting for Karmada to apply multiclusterservice ${plan.mcs.metadata.name}`);
    try {
      await waitForMcs(karmada, namespace, plan.mcs.metadata.name, timeoutMs, (state) => progress.update(`Waiting for multiclusterservice ${plan.mcs.metadata.name}: ${state}`));
    } catch (error) {
      progress.fail();
      throw error;
    }
    progress.done();
    out.line(`multiclusterservice.networking.karmada.io/${plan.mcs.metadata.name} ready: ServiceApplied=True, EndpointSliceDispatched=True`);
  }
  return 0;
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
