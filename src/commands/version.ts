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
  let failure: { error: unknown } | undefined;
  if (!flags.client) {
    try {
      doc.karmada = await serverVersion(session);
    } catch (error) {
      // As kubectl version does (staging/src/k8s.io/kubectl/pkg/cmd/version/version.go): the client's versions
      // are printed, then the server's error fails the command. A document says why as well, to stay whole.
      failure = { error };
      doc.karmada = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  const out = session.out;
  if (flags.output === 'json' || flags.output === 'yaml') out.document(doc, flags.output);
  else {
    out.line(`kubectl-karmada-mcs  ${doc.plugin}`);
    out.line(`node                 ${doc.node}`);
    // Unavailable, it is said once, as the error on stderr.
    if (doc.karmada && !('error' in doc.karmada))
      out.line(
        `karmada-apiserver    ${doc.karmada.gitVersion} at ${doc.karmada.server} ` +
          `(context "${doc.karmada.context}"); ` +
          `${apiVersionOf(MCS)} ${doc.karmada.multiClusterServiceAPI ? 'served' : 'not served'}`,
      );
  }
  if (failure) throw failure.error;
  return 0;
}

async function serverVersion(session: Session): Promise<Karmada> {
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
}
