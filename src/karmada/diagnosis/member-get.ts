// A hint that reads member clusters as the user can from this machine: through the kubeconfig context they mapped a
// cluster to (--cluster-context), else with karmadactl's `kubectl karmada get` when it is installed, else as a raw
// path through Karmada's cluster proxy, which plain kubectl reaches with the Karmada context alone.
import { type ResourceType, clusterProxyPath, resourcePath } from '../../kube/resources.js';
import { fieldsFromCrd } from '../mcs-spec.js';
import { imageRelease } from '../controller-manager.js';
import type { Snapshot } from '../snapshot.js';
import type { Context } from './install.js';

export interface MemberRead {
  rt: ResourceType;
  namespace?: string;
  labelSelector?: string;
  /** kubectl's -o custom-columns spec, where the command prints a table (a raw read prints JSON) */
  columns?: string;
}

/** The release as major and minor numbers, when the controller-manager's image or the CRD tells it. */
export function releaseNumbers(snap: Snapshot): [number, number] | undefined {
  const fromImage = imageRelease(snap.host.container?.image);
  if (fromImage) return [fromImage.major, fromImage.minor];
  return snap.crd && fieldsFromCrd(snap.crd) === 'serviceProvisionClusters' ? [1, 8] : undefined;
}

/** One command when one serves every cluster, else each in backquotes. */
export function memberGet(snap: Snapshot, ctx: Context, read: MemberRead, clusters: string[]): string {
  const mapped = new Map((ctx.reach.clusterContexts ?? []).map((pair) => pair.split('=', 2) as [string, string]));
  const rest = clusters.filter((c) => !mapped.has(c));
  const commands = [
    ...clusters.flatMap((c) => {
      const context = mapped.get(c);
      return context === undefined ? [] : [`kubectl --context ${context} get ${kubectlWords(read)}`];
    }),
    ...(rest.length === 0
      ? []
      : ctx.karmadactl
        ? [karmadactlGet(snap, read, rest)]
        : rest.map((c) => proxiedGet(read, c))),
  ];
  return commands.length === 1 ? (commands[0] ?? '') : commands.map((c) => `\`${c}\``).join(' and ');
}

function kubectlWords(read: MemberRead): string {
  const { rt, namespace, labelSelector, columns } = read;
  return [
    rt.plural,
    ...(rt.namespaced && namespace ? ['-n', namespace] : []),
    ...(labelSelector ? ['-l', labelSelector] : []),
    ...(columns ? ['-o', `custom-columns=${columns}`] : []),
  ].join(' ');
}

/**
 * karmadactl get reads the members named by --clusters up to v1.10, and from v1.11 reads the control plane unless
 * told `--operation-scope members` (pkg/karmadactl/get/get.go): the running release's words, the latest when it is
 * unknown.
 */
function karmadactlGet(snap: Snapshot, read: MemberRead, clusters: string[]): string {
  const [major = 0, minor = 0] = releaseNumbers(snap) ?? [];
  const scope = major === 1 && minor <= 10 ? '' : '--operation-scope members ';
  const { columns, ...rest } = read;
  const output = columns ? ` -o custom-columns=${columns}` : '';
  return `kubectl karmada get ${kubectlWords(rest)} ${scope}--clusters ${clusters.join(',')}${output}`;
}

/** Plain kubectl reading a member through Karmada's cluster proxy: a raw path, as kubectl has no other way there. */
export function proxiedGet(read: MemberRead, cluster: string): string {
  const query = read.labelSelector ? `?labelSelector=${encodeURIComponent(read.labelSelector)}` : '';
  return `kubectl get --raw '${clusterProxyPath(cluster)}${resourcePath(read.rt, read.namespace)}${query}'`;
}
