// `version`: the plugin's and Node's versions, and the Karmada API server's when it answers.
import type { Session } from '../session.js';
import { pluginVersion } from '../version.js';
import { MCS, apiVersionOf } from '../kube/resources.js';

export async function version(session: Session, flags: { output?: 'table' | 'json' | 'yaml' }): Promise<number> {
  const doc: { plugin: string; node: string; karmada: { context: string; server: string; gitVersion: string; multiClusterServiceAPI: boolean } | { error: string } } = {
    plugin: pluginVersion(), node: process.version, karmada: { error: 'not checked' },
  };
  try {
    const karmada = await session.karmada();
    const [info, groups] = await Promise.all([karmada.request('GET', '/version', { verb: 'get' }), karmada.request('GET', '/apis', { verb: 'get' })]);
    const served = (groups.groups ?? []).some((g: { versions?: Array<{ groupVersion: string }> }) => (g.versions ?? []).some((v) => v.groupVersion === apiVersionOf(MCS)));
    doc.karmada = { context: karmada.context.name, server: karmada.server, gitVersion: info.gitVersion ?? 'unknown', multiClusterServiceAPI: served };
  } catch (error) {
    doc.karmada = { error: (error as Error).message };
  }
  const out = session.out;
  if (flags.output === 'json' || flags.output === 'yaml') {
    out.document(doc, flags.output);
    return 0;
  }
  out.line(`kubectl-karmada-mcs  ${doc.plugin}`);
  out.line(`node                 ${doc.node}`);
  if ('error' in doc.karmada) out.line(`karmada-apiserver    unavailable: ${doc.karmada.error}`);
  else out.line(`karmada-apiserver    ${doc.karmada.gitVersion} at ${doc.karmada.server} (context "${doc.karmada.context}"); ${apiVersionOf(MCS)} ${doc.karmada.multiClusterServiceAPI ? 'served' : 'not served'}`);
  return 0;
}
