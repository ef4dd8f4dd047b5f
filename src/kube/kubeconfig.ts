// Loading kubeconfig files the way kubectl does: --kubeconfig, else $KUBECONFIG (a colon list,
// merged with the first file winning), else ~/.kube/config; and resolving contexts in it.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { KubeconfigError } from '../errors.js';

export interface LoadedKubeconfig {
  config: KubeConfig;
  /** the files that were read, for messages */
  files: string[];
}

export interface ResolvedContext {
  name: string;
  cluster: Cluster;
  user: User;
  namespace?: string;
}

export function kubeconfigPaths(flag: string | undefined, env: NodeJS.ProcessEnv): { paths: string[]; source: string } {
  if (flag) return { paths: [flag], source: '--kubeconfig' };
  if (env.KUBECONFIG) return { paths: env.KUBECONFIG.split(delimiter).filter(Boolean), source: 'KUBECONFIG' };
  return { paths: [join(env.HOME ?? homedir(), '.kube', 'config')], source: 'the default path' };
}

export function loadKubeconfig(flag: string | undefined, env: NodeJS.ProcessEnv): LoadedKubeconfig {
  const { paths, source } = kubeconfigPaths(flag, env);
  // Like kubectl: a missing file named by --kubeconfig is an error; missing KUBECONFIG entries are skipped.
  const present = paths.filter((p) => existsSync(p));
  if (present.length === 0 || (flag && present.length !== paths.length)) {
    throw new KubeconfigError(`kubeconfig not found: ${paths.join(delimiter)} (from ${source})`, {
      hint: 'pass --kubeconfig FILE or set KUBECONFIG; to try the plugin without a cluster run `kubectl karmada-mcs playground`',
    });
  }
  const merged = new KubeConfig();
  const clusters: Cluster[] = [];
  const users: User[] = [];
  const contexts: Context[] = [];
  let current = '';
  for (const file of present) {
    const one = new KubeConfig();
    try {
      one.loadFromString(readFileSync(file, 'utf8'));
    } catch (error) {
      const reason = String((error as Error).message).split('\n')[0];
      throw new KubeconfigError(`cannot parse kubeconfig ${file}: ${reason}`, { hint: 'check the file with `kubectl config view --kubeconfig FILE`' });
    }
    one.makePathsAbsolute(dirname(file));
    const add = <T extends { name: string }>(into: T[], from: T[]) => {
      for (const item of from) if (!into.some((x) => x.name === item.name)) into.push(item);
    };
    add(clusters, one.clusters);
    add(users, one.users);
    add(contexts, one.contexts);
    current ||= one.currentContext ?? '';
  }
  merged.loadFromOptions({ clusters, users, contexts, currentContext: current });
  return { config: merged, files: present };
}

export function resolveContext(loaded: LoadedKubeconfig, name: string | undefined, flag: string): ResolvedContext {
  const { config } = loaded;
  const wanted = name || config.getCurrentContext();
  const available = config.getContexts().map((c) => c.name);
  if (!wanted) {
    throw new KubeconfigError(`no context given and the kubeconfig (${loaded.files.join(delimiter)}) has no current-context`, {
      hint: `pass ${flag} with one of: ${available.join(', ') || '(none)'}`,
    });
  }
  const context = config.getContextObject(wanted);
  if (!context) {
    throw new KubeconfigError(`context "${wanted}" not found in ${loaded.files.join(delimiter)}; available contexts: ${available.join(', ') || '(none)'}`, {
      hint: `pass ${flag} with one of the available contexts`,
    });
  }
  const cluster = config.getCluster(context.cluster);
  if (!cluster) throw new KubeconfigError(`context "${wanted}" names cluster "${context.cluster}", which the kubeconfig does not define`);
  const user = config.getUser(context.user) ?? { name: context.user || 'anonymous' };
  return { name: wanted, cluster, user, namespace: context.namespace };
}

/** A KubeConfig holding only this context: what the client and client-node's Exec work from. */
export function singleContextConfig(context: ResolvedContext): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [context.cluster],
    users: [context.user],
    contexts: [{ name: context.name, cluster: context.cluster.name, user: context.user.name, namespace: context.namespace }],
    currentContext: context.name,
  });
  return kc;
}

/** The same credentials, pointed at a member cluster through Karmada's cluster proxy. */
export function proxiedContext(karmada: ResolvedContext, member: string): ResolvedContext {
  const server = `${karmada.cluster.server.replace(/\/+$/, '')}/apis/cluster.karmada.io/v1alpha1/clusters/${encodeURIComponent(member)}/proxy`;
  return { ...karmada, name: `${karmada.name}/clusters/${member}`, cluster: { ...karmada.cluster, name: `${karmada.cluster.name}-proxy-${member}`, server } };
}
