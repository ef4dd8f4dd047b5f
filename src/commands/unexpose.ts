// `unexpose`: delete the MultiClusterService (and the Service expose created), wait until Karmada has released
// the MCS, and say what stays.
import { parseDuration } from '../duration.js';
import { UsageError } from '../errors.js';
import { Interrupts } from '../expose/interrupt.js';
import { deleteMcs, deleteService, planUnexpose, remainingCopies, waitGone } from '../expose/service.js';
import type { Args, Flags } from '../cli.js';
import type { Session } from '../session.js';

export async function unexpose(session: Session, flags: Flags<'unexpose'>, [name]: Args<'unexpose'>): Promise<number> {
  if (!name) throw new UsageError('unexpose needs the name of a MultiClusterService');
  const timeoutMs = parseDuration(flags.timeout);
  const namespace = await session.namespace();
  const plan = await planUnexpose(session, namespace, name, flags.keepService ?? false);
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
    const deleted = await deleteMcs(karmada, plan);
    mcsDeleted = true;
    if (deleted) out.line(deleted);
    else if (plan.mcs) out.note(`multiclusterservice ${name} is already being deleted`);
    const svc = await deleteService(karmada, plan);
    svcDeleted = true;
    if (svc) out.line(svc);
    for (const k of plan.kept) out.line(`${k.ref} kept (${k.why})`);
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
  const copies = await remainingCopies(session, plan);
  if (copies.length) {
    out.warn(
      `Karmada keeps the copies of service ${namespace}/${name} in ${copies.join(', ')} ` +
        'while the Service exists in the control plane',
    );
    out.note(
      'hint: to remove them, delete the Service in the control plane ' +
        `(\`kubectl delete service ${name} -n ${namespace}\`), ` +
        `or delete each copy (\`kubectl --context <member> delete service ${name} -n ${namespace}\`)`,
    );
  }
  return 0;
}
