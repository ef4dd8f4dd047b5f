// `version`: the plugin's and Node's versions, and the Karmada API server's when it answers.
import type { Flags } from '../cli.js';
import type { Session } from '../session.js';
import { pluginVersion } from '../version.js';
import { MCS, apiVersionOf } from '../kube/resources.js';

type Karmada =
  { context: string; server: string; gitVersion: string; multiClusterServiceAPI: boolean } | { error: string };

/** --client: the plugin's and Node's versions only, without a request (kubectl version --client). */
export async function version(session: Session, flags: Flags<'version'>): Promise<number> {
  const doc: { plugin: string; node: string; karmada?: Karmada } = { plugin: pluginVersion(), node: process.version };
  if (!flags.client) doc.karmada = await serverVersion(session);
  const out = session.out;
  if (flags.output === 'json' || flags.output === 'yaml') {
    out.document(doc, flags.output);
    return 0;
  }
  out.line(`kubectl-karmada-mcs  ${doc.plugin}`);
  out.line(`node                 ${doc.node}`);
  if (!doc.karmada) return 0;
  if ('error' in doc.karmada) out.line(`karmada-apiserver    unavailable: ${doc.karmada.error}`);
  else
    out.line(
      `karmada-apiserver    ${doc.karmada.gitVersion} at ${doc.karmada.server} (context "${doc.karmada.context}"); ` +
        `${apiVersionOf(MCS)} ${doc.karmada.multiClusterServiceAPI ? 'served' : 'not served'}`,
    );
  return 0;
}

async function serverVersion(session: Session): Promise<Karmada> {
  try {
    const karmada = await session.karmada();
    const [info, groups] = await Promise.all([karmada.serverVersion(), karmada.apiGroups()]);
    const served = groups.groups.some((g) => g.versions.some((v) => v.groupVersion === apiVersionOf(MCS)));
    return {
      context: karmada.context.name,
      server: karmada.server,
      // version.Info always carries gitVersion (k8s.io/apimachinery/pkg/version/types.go); "unknown" if empty.
      gitVersion: info.gitVersion || 'unknown',
      multiClusterServiceAPI: served,
    };
  } catch (error) {
    // Said in the output (unavailable: …): the plugin's own versions are still worth printing.
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
