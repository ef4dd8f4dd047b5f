// `unexpose`: delete the MultiClusterService (and the Service expose created), and say what stays.
import { UsageError } from '../errors.js';
import { unexpose as unexposeService } from '../expose/service.js';
import type { Session } from '../session.js';

export async function unexpose(session: Session, flags: { keepService?: boolean }, args: string[]): Promise<number> {
  const name = args[0];
  if (!name) throw new UsageError('unexpose needs the name of a MultiClusterService');
  const namespace = await session.namespace();
  const result = await unexposeService(session, namespace, name, flags.keepService ?? false);
  const out = session.out;
  for (const d of result.deleted) out.line(`${d} deleted`);
  for (const k of result.kept) out.line(`${k.ref} kept (${k.why})`);
  if (result.remainingCopies.length) {
    out.warn(`Karmada keeps the copies of service ${namespace}/${name} in ${result.remainingCopies.join(', ')} while the Service exists in the control plane`);
    out.note(`hint: to remove them, delete the Service in the control plane (\`kubectl delete service ${name} -n ${namespace}\`), or delete each copy (\`kubectl --context <member> delete service ${name} -n ${namespace}\`)`);
  }
  return 0;
}
