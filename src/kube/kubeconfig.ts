// Loading kubeconfig files the way kubectl does: --kubeconfig, else $KUBECONFIG (a colon list,
// merged with the first file winning), else ~/.kube/config; and resolving contexts in it.
// Plain YAML here, so that commands which only need a namespace or context names never load
// the Kubernetes client library; client.ts hands the resolved context to it. The block YAML that
// kubeconfig writers emit is read without js-yaml (block-yaml.ts), which reads the rest.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { KubeconfigError } from '../errors.js';
import { readBlockYaml } from './block-yaml.js';
import { clusterProxyPath } from './resources.js';

type Named<T> = { name: string } & T;
/** A cluster's or user's fields as the YAML holds them: checked where they are used. */
export type KubeconfigFields = Record<string, unknown>;
export type RawCluster = Named<{ cluster: KubeconfigFields }>;
export type RawUser = Named<{ user?: KubeconfigFields }>;
export type RawContext = Named<{ context?: { cluster?: string; user?: string; namespace?: string } }>;

/** A scalar field as text (YAML may hold a number where a string is meant); undefined when absent. */
export function fieldText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

export interface LoadedKubeconfig {
  clusters: RawCluster[];
  users: RawUser[];
  contexts: RawContext[];
  currentContext: string;
  /** the files that were read, for messages */
  files: string[];
}

export interface ResolvedContext {
  name: string;
  cluster: RawCluster;
  user: RawUser;
  namespace?: string;
  /** the member this context reaches through Karmada's cluster proxy: its name is no kubeconfig context */
  proxyOf?: string;
}

export function kubeconfigPaths(flag: string | undefined, env: NodeJS.ProcessEnv): { paths: string[]; source: string } {
  if (flag) return { paths: [flag], source: '--kubeconfig' };
  if (env.KUBECONFIG) return { paths: env.KUBECONFIG.split(delimiter).filter(Boolean), source: 'KUBECONFIG' };
  return { paths: [join(env.HOME ?? homedir(), '.kube', 'config')], source: 'the default path' };
}

// File references in a kubeconfig are relative to the file that holds them.
const FILE_FIELDS = ['certificate-authority', 'client-certificate', 'client-key', 'tokenFile'];

function absolutePaths(entry: KubeconfigFields, dir: string): KubeconfigFields {
  const out = { ...entry };
  for (const field of FILE_FIELDS) {
    const path = out[field];
    if (typeof path === 'string' && !isAbsolute(path)) out[field] = join(dir, path);
  }
  return out;
}

const isNamed = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string';

function list<T>(value: unknown, file: string, field: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isNamed)) {
    throw new KubeconfigError(`cannot parse kubeconfig ${file}: "${field}" must be a list of named entries`, {
      hint: 'check the file with `kubectl config view --kubeconfig FILE`',
    });
  }
  return value as T[];
}

export async function loadKubeconfig(flag: string | undefined, env: NodeJS.ProcessEnv): Promise<LoadedKubeconfig> {
  const { paths, source } = kubeconfigPaths(flag, env);
  // Like kubectl: a missing file named by --kubeconfig is an error; missing KUBECONFIG entries are skipped.
  const present = paths.filter((p) => existsSync(p));
  if (present.length === 0 || (flag && present.length !== paths.length)) {
    throw new KubeconfigError(`kubeconfig not found: ${paths.join(delimiter)} (from ${source})`, {
      hint:
        'pass --kubeconfig FILE or set KUBECONFIG; ' +
        'to try the plugin without a cluster run `kubectl karmada-mcs playground`',
    });
  }
  const merged: LoadedKubeconfig = { clusters: [], users: [], contexts: [], currentContext: '', files: present };
  // The first file to define a name wins, as kubectl merges them.
  const add = <T extends { name: string }>(into: T[], from: T[], seen: Set<string>) => {
    for (const item of from) {
      if (seen.has(item.name)) continue;
      seen.add(item.name);
      into.push(item);
    }
  };
  const seen = { clusters: new Set<string>(), users: new Set<string>(), contexts: new Set<string>() };
  for (const file of present) {
    let doc: unknown;
    try {
      const text = readFileSync(file, 'utf8');
      doc = readBlockYaml(text) ?? (await import('js-yaml')).default.load(text) ?? {};
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0] ?? '';
      throw new KubeconfigError(`cannot parse kubeconfig ${file}: ${reason}`, {
        hint: 'check the file with `kubectl config view --kubeconfig FILE`',
      });
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
      throw new KubeconfigError(`cannot parse kubeconfig ${file}: not a kubeconfig (expected a mapping)`);
    const fields = doc as Record<string, unknown>;
    const dir = dirname(file);
    add(
      merged.clusters,
      list<RawCluster>(fields.clusters, file, 'clusters').map((c) => ({
        ...c,
        // eslint's view of the type says present; the YAML may still leave it out
        cluster: absolutePaths((c.cluster as KubeconfigFields | undefined) ?? {}, dir),
      })),
      seen.clusters,
    );
    add(
      merged.users,
      list<RawUser>(fields.users, file, 'users').map((u) => ({ ...u, user: absolutePaths(u.user ?? {}, dir) })),
      seen.users,
    );
    add(merged.contexts, list<RawContext>(fields.contexts, file, 'contexts'), seen.contexts);
    merged.currentContext ||= fieldText(fields['current-context']) ?? '';
  }
  return merged;
}

export function resolveContext(loaded: LoadedKubeconfig, name: string | undefined, flag: string): ResolvedContext {
  const wanted = name || loaded.currentContext;
  const available = () => loaded.contexts.map((c) => c.name).join(', ') || '(none)';
  if (!wanted) {
    throw new KubeconfigError(
      `no context given and the kubeconfig (${loaded.files.join(delimiter)}) has no current-context`,
      {
        hint: `pass ${flag} with one of: ${available()}`,
      },
    );
  }
  const context = loaded.contexts.find((c) => c.name === wanted);
  if (!context) {
    throw new KubeconfigError(
      `context "${wanted}" not found in ${loaded.files.join(delimiter)}; available contexts: ${available()}`,
      {
        hint: `pass ${flag} with one of the available contexts`,
      },
    );
  }
  const cluster = loaded.clusters.find((c) => c.name === context.context?.cluster);
  if (!cluster?.cluster.server)
    throw new KubeconfigError(
      `context "${wanted}" names cluster "${context.context?.cluster ?? ''}", ` +
        'which the kubeconfig does not define (with a server)',
    );
  const user = loaded.users.find((u) => u.name === context.context?.user) ?? {
    name: context.context?.user || 'anonymous',
    user: {},
  };
  return { name: wanted, cluster, user, namespace: context.context?.namespace };
}

/** A kubeconfig document holding only this context: what client-node's KubeConfig loads. */
export function singleContextDocument(context: ResolvedContext): object {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': context.name,
    clusters: [context.cluster],
    users: [context.user],
    contexts: [
      {
        name: context.name,
        context: {
          cluster: context.cluster.name,
          user: context.user.name,
          ...(context.namespace ? { namespace: context.namespace } : {}),
        },
      },
    ],
  };
}

/** The same credentials, pointed at a member cluster through Karmada's cluster proxy. */
export function proxiedContext(karmada: ResolvedContext, member: string): ResolvedContext {
  const base = (fieldText(karmada.cluster.cluster.server) ?? '').replace(/\/+$/, '');
  const server = `${base}${clusterProxyPath(member)}`;
  return {
    ...karmada,
    name: `${karmada.name}/clusters/${member}`,
    proxyOf: member,
    cluster: { name: `${karmada.cluster.name}-proxy-${member}`, cluster: { ...karmada.cluster.cluster, server } },
  };
}
