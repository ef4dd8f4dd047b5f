// What every command shares: the global flags, the printer, and Kubernetes clients for the
// Karmada API server, the host cluster and each member — created on first use, so commands
// that need no cluster never load the Kubernetes client library.
import { UsageError } from './errors.js';
import { parseRequestTimeout } from './duration.js';
import { Limiter } from './concurrency.js';
import type { GlobalFlags } from './cli.js';
import type { KubeClient } from './kube/client.js';
import type { LoadedKubeconfig, ResolvedContext } from './kube/kubeconfig.js';
import type { Printer } from './output/printer.js';
import { type Reach, reachOf, withReach } from './reach.js';

const BEST_EFFORT_TIMEOUT_MS = 5000;
const MAX_CONCURRENT_REQUESTS = 1000;

function concurrency(text: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || n < 1 || n > MAX_CONCURRENT_REQUESTS) {
    throw new UsageError(
      `invalid value "${text}" for --max-concurrent-requests: ` +
        `expected a whole number from 1 to ${MAX_CONCURRENT_REQUESTS}`,
    );
  }
  return n;
}

export class Session {
  private loaded?: Promise<LoadedKubeconfig>;
  private readonly clients = new Map<string, Promise<KubeClient>>();
  private readonly clusterContexts: Map<string, string>;
  private readonly requestTimeoutMs: number;
  private readonly karmadaContext?: string;
  /** every API request of the command, to whichever cluster, takes a slot of this */
  readonly limiter: Limiter;

  constructor(
    readonly globals: GlobalFlags,
    readonly out: Printer,
  ) {
    this.clusterContexts = new Map(
      globals.clusterContext.map((pair) => {
        const m = /^([^=]+)=(.+)$/.exec(pair);
        if (!m)
          throw new UsageError(
            `invalid --cluster-context "${pair}": expected CLUSTER=CONTEXT, e.g. member1=kind-member1`,
          );
        const [, cluster = '', context = ''] = m;
        return [cluster, context];
      }),
    );
    const { context, karmadaContext } = globals;
    if (context && karmadaContext && context !== karmadaContext) {
      throw new UsageError(
        `--context "${context}" and --karmada-context "${karmadaContext}" disagree: ` +
          '--context is another name for --karmada-context',
      );
    }
    this.karmadaContext = karmadaContext ?? context;
    this.requestTimeoutMs = parseRequestTimeout(globals.requestTimeout);
    this.limiter = new Limiter(concurrency(globals.maxConcurrentRequests));
  }

  /** how the user named the Karmada context, for messages: kubectl's --context or this plugin's --karmada-context */
  private get karmadaFlag(): string {
    return this.reach.karmadaFlag ?? '--karmada-context';
  }

  get env(): NodeJS.ProcessEnv {
    return this.out.io.env;
  }

  /** What a command printed for the user to run repeats to reach the clusters this one reached. */
  get reach(): Reach {
    return reachOf(this.globals);
  }

  /** A hint, or a line quoting commands, with the flags that reach the clusters this command reached. */
  reached(text: string): string {
    return withReach(text, this.reach);
  }

  /** Read once, even when asked for concurrently (status reads contexts for its hints while it connects). */
  private kubeconfig(): Promise<LoadedKubeconfig> {
    this.loaded ??= import('./kube/kubeconfig.js').then(({ loadKubeconfig }) =>
      loadKubeconfig(this.globals.kubeconfig, this.env),
    );
    return this.loaded;
  }

  private async context(name: string | undefined, flag: string): Promise<ResolvedContext> {
    const { resolveContext } = await import('./kube/kubeconfig.js');
    return resolveContext(await this.kubeconfig(), name, flag);
  }

  /** One client per key, created once even when asked for concurrently. */
  private client(
    key: string,
    make: () => Promise<{ context: ResolvedContext; label: string; sameCredentialsAs?: KubeClient }>,
    maxTimeoutMs = Infinity,
  ): Promise<KubeClient> {
    let client = this.clients.get(key);
    if (!client) {
      client = (async () => {
        const { context, label, sameCredentialsAs } = await make();
        const { KubeClient } = await import('./kube/client.js');
        return new KubeClient(
          context,
          label,
          {
            // 0: no limit of our own; a best-effort read keeps its cap.
            timeoutMs:
              this.requestTimeoutMs === 0
                ? Number.isFinite(maxTimeoutMs)
                  ? maxTimeoutMs
                  : 0
                : Math.min(this.requestTimeoutMs, maxTimeoutMs),
            log: this.out.verbose
              ? (line) => {
                  this.out.debug(line);
                }
              : undefined,
            limiter: this.limiter,
          },
          sameCredentialsAs?.credentials,
        );
      })();
      this.clients.set(key, client);
    }
    return client;
  }

  /** The Karmada API server (--karmada-context, else the current context). */
  karmada(): Promise<KubeClient> {
    return this.client('karmada', async () => {
      const context = await this.context(this.karmadaContext, this.karmadaFlag);
      // A --cluster-context that names no context is the command line's mistake, said up front as kubectl says one
      // of --context, not a member found unreadable later.
      for (const [cluster, name] of this.clusterContexts)
        await this.context(name, `--cluster-context ${cluster}=CONTEXT`);
      return { context, label: `context "${context.name}"` };
    });
  }

  /**
   * The cluster Karmada's control plane runs in (--host-context). `bestEffort` reads (the gate
   * check of expose and status) give up after a few seconds instead of the full request timeout.
   */
  host(options: { bestEffort?: boolean } = {}): Promise<KubeClient> {
    return this.client(
      options.bestEffort ? 'host/best-effort' : 'host',
      async () => {
        const context = await this.context(this.globals.hostContext, '--host-context');
        return { context, label: `context "${context.name}"` };
      },
      options.bestEffort ? BEST_EFFORT_TIMEOUT_MS : Infinity,
    );
  }

  /** A member cluster: its --cluster-context if given, else through Karmada's cluster proxy. */
  member(cluster: string): Promise<KubeClient> {
    return this.client(`member/${cluster}`, async () => {
      const own = this.clusterContexts.get(cluster);
      if (own) {
        const context = await this.context(own, '--cluster-context');
        return { context, label: `cluster ${cluster} (context "${context.name}")` };
      }
      const { proxiedContext } = await import('./kube/kubeconfig.js');
      // The Karmada client's context and credentials, worked out once for all members.
      const karmada = await this.karmada();
      return {
        context: proxiedContext(karmada.context, cluster),
        label: `cluster ${cluster} (via the Karmada cluster proxy of context "${karmada.context.name}")`,
        sameCredentialsAs: karmada,
      };
    });
  }

  /** The kubeconfig's context names (no API call). */
  async contextNames(): Promise<string[]> {
    return (await this.kubeconfig()).contexts.map((c) => c.name);
  }

  /** -n, else the Karmada context's namespace, else "default". */
  async namespace(): Promise<string> {
    if (this.globals.namespace) return this.globals.namespace;
    const context = await this.context(this.karmadaContext, this.karmadaFlag);
    return context.namespace || 'default';
  }
}
