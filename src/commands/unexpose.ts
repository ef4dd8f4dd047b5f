// `unexpose`: Complete (flags) → Validate (against the API: planUnexpose) → Run (delete, wait until Karmada has
// released the MCS) → say what stays. A dry run says what would be deleted and never waits.
import { completeUnexposeOptions } from '../expose/options.js';
import { Interrupts } from '../expose/interrupt.js';
import {
  type UnexposePlan,
  deleteMcs,
  deleteService,
  planUnexpose,
  remainingCopies,
  waitGone,
} from '../expose/service.js';
import type { KubeClient } from '../kube/client.js';
import { MCS, SERVICES } from '../kube/resources.js';
import { type DeletionView, deletionView } from '../output/unexpose-view.js';
import type { Printer } from '../output/printer.js';
import type { Args, Flags } from '../cli.js';
import type { Session } from '../session.js';

export async function unexpose(session: Session, flags: Flags<'unexpose'>, [arg]: Args<'unexpose'>): Promise<number> {
  const options = completeUnexposeOptions(arg, flags);
  const { name } = options;
  const namespace = await session.namespace();
  const plan = await planUnexpose(session, namespace, name, options.keepService);
  const out = session.out;
  if (plan.schema) out.debug(`MultiClusterService release: ${plan.schema.source}`);
  if (!plan.mcs)
    out.note(`multiclusterservice ${name} is already gone; removing service/${name}, which expose created for it`);
  if (plan.schema?.copiesGoWithMcs) {
    out.note(
      'on Karmada v1.8 the Service copies in the members belong to the MultiClusterService: they are deleted with it' +
        (plan.deleteService ? '' : ', even though the Service stays'),
    );
  }
  const karmada = await session.karmada();
  const say = announcer(out, deletionView(out, options), plan);
  if (options.dryRun === 'none') await deleteAndWait(out, karmada, plan, say, options.timeoutMs);
  else {
    // Nothing is written, so no Ctrl-C handler of ours (a Ctrl-C stops at once) and nothing for Karmada to release.
    say.mcs(await deleteMcs(karmada, plan, options.dryRun));
    say.service(await deleteService(karmada, plan, options.dryRun));
  }
  const copies = await remainingCopies(session, plan);
  if (copies.length) {
    out.warn(
      `Karmada keeps the copies of service ${namespace}/${name} in ${copies.join(', ')} ` +
        'while the Service exists in the control plane',
    );
    out.note(
      session.reached(
        'hint: to remove them, delete the Service in the control plane ' +
          `(\`kubectl delete service ${name} -n ${namespace}\`), ` +
          `or delete each copy (\`kubectl --context <member> delete service ${name} -n ${namespace}\`)`,
      ),
    );
  }
  return 0;
}

type Announcer = ReturnType<typeof announcer>;

/** What each deletion says, the same in a dry run as in the real one. */
function announcer(out: Printer, view: DeletionView, plan: UnexposePlan) {
  return {
    mcs: (deleted: boolean) => {
      if (deleted) view.deleted(MCS, plan.name);
      else if (plan.mcs) out.note(`multiclusterservice ${plan.name} is already being deleted`);
    },
    service: (deleted: boolean) => {
      if (deleted) view.deleted(SERVICES, plan.name);
      for (const k of plan.kept) view.say(`${k.ref} kept (${k.why})`);
    },
  };
}

async function deleteAndWait(
  out: Printer,
  karmada: KubeClient,
  plan: UnexposePlan,
  say: Announcer,
  timeoutMs: number,
): Promise<void> {
  const { name, namespace } = plan;
  let mcsDeleted = false;
  let svcDeleted = false;
  const interrupts = new Interrupts(
    {
      first: () =>
        svcDeleted
          ? 'stopping the wait; both deletions are done'
          : 'finishing the deletions in progress so nothing is left half done',
      left: () =>
        mcsDeleted && plan.deleteService && !svcDeleted
          ? `multiclusterservice/${name} is deleted but service/${name} remains; ` +
            `run \`kubectl karmada-mcs unexpose ${name} -n ${namespace}\` again to remove it`
          : mcsDeleted
            ? `multiclusterservice/${name} is deleted; Karmada finishes removing it`
            : 'nothing was deleted',
    },
    (t) => {
      out.note(t);
    },
  );
  // Read afresh each time: a Ctrl-C may arrive during any await below.
  const interrupted = () => interrupts.interrupted;
  try {
    if (interrupted()) throw interrupts.error('nothing was deleted');
    // The MCS first: Karmada stops at once, and a Service left alone is what `unexpose NAME` removes next time.
    const deleted = await deleteMcs(karmada, plan, 'none');
    mcsDeleted = true;
    say.mcs(deleted);
    const svc = await deleteService(karmada, plan, 'none');
    svcDeleted = true;
    say.service(svc);
    if (interrupted())
      throw interrupts.error(`finished deleting; not waiting for Karmada to release multiclusterservice/${name}`);
    if (plan.mcs) {
      const progress = out.progress(`Waiting for Karmada to release multiclusterservice ${name}`);
      const stopped = interrupts.first.then(() => {
        throw interrupts.error(`stopped waiting; multiclusterservice/${name} is being deleted and Karmada carries on`);
      });
      try {
        await Promise.race([waitGone(karmada, namespace, name, timeoutMs), stopped]);
      } catch (error) {
        progress.fail();
        throw error;
      }
      progress.done();
    }
  } finally {
    interrupts.dispose();
  }
}
