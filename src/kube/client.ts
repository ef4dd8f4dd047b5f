// The one adapter between this plugin and a Kubernetes API server: typed CRUD, server-side apply,
// merge patches guarded by resourceVersion, and pod exec — with every failure turned into a
// CliError that names the context, the server and what was being done.
import https from 'node:https';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { V1APIGroupList, VersionInfo } from '@kubernetes/client-node';
import type { KubeConfig } from './client-node.js';
import { ApiError, CliError, KubeconfigError, TimeoutError, UnreachableError } from '../errors.js';
import { formatDurationWords } from '../duration.js';
import { type ResourceType, PODS, qualifiedName, resourcePath } from './resources.js';
import { type ResolvedContext, singleContextDocument } from './kubeconfig.js';
import { type PlainCredentials, plainCredentials } from './tls.js';
import { type Reply, Transport } from './transport.js';
import { withoutManagedFields, withoutStatus } from './unread.js';
import { retryDelay } from './retry.js';
import type { KubeObject, Status } from './objects.js';
import type { Limiter } from '../concurrency.js';

export const FIELD_MANAGER = 'kubectl-karmada-mcs';

export type DryRun = 'none' | 'server';
export type RequestLogger = (line: string) => void;

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** the items' status is never read: cut from the response before it is parsed (a Node's is most of it) */
  withoutStatus?: boolean;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

interface RequestOptions {
  body?: unknown;
  contentType?: string;
  query?: Record<string, string | undefined>;
  /** what the request does, for error messages: "get", "patch", ... */
  verb: string;
  rt?: ResourceType;
  namespace?: string;
  name?: string;
  withoutStatus?: boolean;
}

// Node's codes for a server certificate that fails verification, in the words Go's crypto/x509 (and so kubectl)
// uses for them.
const UNKNOWN_AUTHORITY = 'x509: certificate signed by unknown authority';
const TLS_REASONS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNKNOWN_AUTHORITY,
  UNABLE_TO_GET_ISSUER_CERT: UNKNOWN_AUTHORITY,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNKNOWN_AUTHORITY,
  SELF_SIGNED_CERT_IN_CHAIN: UNKNOWN_AUTHORITY,
  DEPTH_ZERO_SELF_SIGNED_CERT: UNKNOWN_AUTHORITY,
  CERT_SIGNATURE_FAILURE: UNKNOWN_AUTHORITY,
  CERT_HAS_EXPIRED: 'x509: certificate has expired or is not yet valid',
  CERT_NOT_YET_VALID: 'x509: certificate has expired or is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'x509: certificate is not valid for this server name',
};

const KARMADA_GROUP = /\.karmada\.io\//;

export class KubeClient {
  /**
   * Plain credentials: a transport shared by every client of the same server and credentials (HTTP/2 connections,
   * or keep-alive HTTP/1.1 ones) and the auth header. Undefined when client-node must authenticate.
   */
  private readonly plain: { transport: Transport; headers: Record<string, string> } | undefined;
  private config?: Promise<KubeConfig>;

  constructor(
    readonly context: ResolvedContext,
    /** how this client is named in messages: `context "karmada-host"`, `cluster member1 (via the Karmada proxy)` */
    readonly label: string,
    private readonly options: {
      timeoutMs: number;
      log?: RequestLogger;
      /** bounds the requests in flight, shared by all clients of a command */
      limiter?: Limiter;
    },
    /** Its plain credentials: another client's where they are the same (a member read through that client's
     * cluster proxy), as working them out decodes the certificates again. Undefined (that client needs client-node)
     * works them out anew, and finds the same. */
    readonly credentials: PlainCredentials | undefined = plainCredentials(context),
  ) {
    if (credentials) {
      const maxSockets = options.limiter?.limit ?? 16;
      this.plain = {
        transport: new Transport(credentials.identity, credentials.tls, maxSockets),
        headers: credentials.headers,
      };
    }
  }

  /** client-node's KubeConfig for this context, loaded on first need (exec, or credentials it must handle). */
  private kubeConfig(): Promise<KubeConfig> {
    this.config ??= import('./client-node.js').then(({ KubeConfig }) => {
      const config = new KubeConfig();
      try {
        config.loadFromString(JSON.stringify(singleContextDocument(this.context)));
      } catch (error) {
        throw new KubeconfigError(
          `context "${this.context.name}" cannot be used: ${(error as Error).message.split('\n')[0]}`,
        );
      }
      return config;
    });
    return this.config;
  }

  get server(): string {
    return String(this.context.cluster.cluster.server);
  }

  /** The API server's version (GET /version), as `kubectl version` reads it. */
  serverVersion(): Promise<VersionInfo> {
    return this.request<VersionInfo>('GET', '/version', { verb: 'get' });
  }

  /** The API groups it serves and their versions (GET /apis). */
  apiGroups(): Promise<V1APIGroupList> {
    return this.request<V1APIGroupList>('GET', '/apis', { verb: 'get' });
  }

  get<T extends object = KubeObject>(rt: ResourceType, namespace: string | undefined, name: string): Promise<T> {
    return this.request<T>('GET', resourcePath(rt, namespace, name), { verb: 'get', rt, namespace, name });
  }

  /** Returns undefined for 404 Not Found (of the object, not of the API). */
  async find<T extends object = KubeObject>(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined> {
    try {
      return await this.get<T>(rt, namespace, name);
    } catch (error) {
      if (error instanceof ApiError && error.reason === 'NotFound') return undefined;
      throw error;
    }
  }

  async list<T extends object = KubeObject>(
    rt: ResourceType,
    namespace?: string,
    options: ListOptions = {},
  ): Promise<T[]> {
    const { labelSelector, fieldSelector, withoutStatus } = options;
    const list = await this.request<{ apiVersion?: string; items?: T[] }>('GET', resourcePath(rt, namespace), {
      verb: 'list',
      rt,
      namespace,
      query: { labelSelector, fieldSelector },
      withoutStatus,
    });
    return (list.items ?? []).map((item) => ({ apiVersion: list.apiVersion, kind: rt.kind, ...item }));
  }

  /** Server-side apply with our field manager; returns the object as stored (or as it would be, on dry-run). */
  apply<T extends object = KubeObject>(
    rt: ResourceType,
    obj: KubeObject,
    options: { dryRun?: DryRun; force?: boolean } = {},
  ): Promise<T> {
    const { namespace, name } = obj.metadata ?? {};
    return this.request<T>('PATCH', resourcePath(rt, namespace, name), {
      verb: 'patch',
      rt,
      namespace,
      name,
      body: obj,
      contentType: 'application/apply-patch+yaml',
      query: {
        fieldManager: FIELD_MANAGER,
        force: options.force ? 'true' : undefined,
        dryRun: options.dryRun === 'server' ? 'All' : undefined,
      },
    });
  }

  /** JSON merge patch; include metadata.resourceVersion in the patch to make it conditional (409 if stale). */
  mergePatch<T extends object = KubeObject>(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    patch: object,
    options: { dryRun?: DryRun } = {},
  ): Promise<T> {
    return this.request<T>('PATCH', resourcePath(rt, namespace, name), {
      verb: 'patch',
      rt,
      namespace,
      name,
      body: patch,
      contentType: 'application/merge-patch+json',
      query: { fieldManager: FIELD_MANAGER, dryRun: options.dryRun === 'server' ? 'All' : undefined },
    });
  }

  create<T extends object = KubeObject>(
    rt: ResourceType,
    obj: KubeObject,
    options: { dryRun?: DryRun } = {},
  ): Promise<T> {
    const namespace = obj.metadata?.namespace;
    return this.request<T>('POST', resourcePath(rt, namespace), {
      verb: 'create',
      rt,
      namespace,
      body: obj,
      query: { fieldManager: FIELD_MANAGER, dryRun: options.dryRun === 'server' ? 'All' : undefined },
    });
  }

  delete(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    options: { resourceVersion?: string; dryRun?: DryRun } = {},
  ): Promise<KubeObject> {
    // dryRun in the DeleteOptions, as kubectl sends it: kube-apiserver reads a delete's query only when it has no
    // body (k8s.io/apiserver pkg/endpoints/handlers/delete.go), so `?dryRun=All` here would delete for real.
    const body = {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      propagationPolicy: 'Background',
      ...(options.resourceVersion ? { preconditions: { resourceVersion: options.resourceVersion } } : {}),
      ...(options.dryRun === 'server' ? { dryRun: ['All'] } : {}),
    };
    return this.request('DELETE', resourcePath(rt, namespace, name), { verb: 'delete', rt, namespace, name, body });
  }

  /** Runs a command in a pod over WebSocket (v5/v4 channel protocol) and collects its output and exit code. */
  async exec(
    namespace: string,
    pod: string,
    container: string,
    command: string[],
    timeoutMs = 30_000,
  ): Promise<ExecResult> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
    stdout.on('data', (c: Buffer) => chunks.out.push(c));
    stderr.on('data', (c: Buffer) => chunks.err.push(c));
    const started = Date.now();
    let exitCode: number | undefined;
    // A Failure without an ExitCode cause: the command never ran (containerd's "executable file not found").
    let failure: string | undefined;
    let socket: { terminate(): void; on(event: 'close', listener: () => void): unknown } | undefined;
    let timer: NodeJS.Timeout | undefined;
    // One deadline for connecting, running and closing.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        socket?.terminate();
        reject(
          new TimeoutError(
            `exec in pod ${namespace}/${pod} on ${this.label} did not finish within ${formatDurationWords(timeoutMs)}`,
          ),
        );
      }, timeoutMs);
    });
    try {
      const [{ Exec }, config] = await Promise.all([import('./client-node.js'), this.kubeConfig()]);
      socket = await Promise.race([
        new Exec(config).exec(namespace, pod, container, command, stdout, stderr, null, false, (status) => {
          const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
          if (status.status !== 'Success' && !cause) failure = status.message ?? status.reason ?? 'Failure';
          exitCode = status.status === 'Success' ? 0 : Number(cause?.message ?? 1);
        }),
        deadline,
      ]);
      const open = socket;
      await Promise.race([
        new Promise<void>((resolve) =>
          open.on('close', () => {
            resolve();
          }),
        ),
        deadline,
      ]);
      this.options.log?.(
        `EXEC ${this.server}${resourcePath(PODS, namespace, pod, 'exec')} exit=${exitCode} ${Date.now() - started}ms`,
      );
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw this.execError(error, namespace, pod);
    } finally {
      clearTimeout(timer);
    }
    if (failure) {
      throw new ApiError(500, 'ExecFailed', `exec in pod ${namespace}/${pod} on ${this.label} failed: ${failure}`);
    }
    if (exitCode === undefined)
      throw new ApiError(
        500,
        'ExecFailed',
        `exec in pod ${namespace}/${pod} on ${this.label} ended without reporting an exit status`,
      );
    return {
      stdout: Buffer.concat(chunks.out).toString('utf8'),
      stderr: Buffer.concat(chunks.err).toString('utf8'),
      exitCode,
    };
  }

  private execError(error: unknown, namespace: string, pod: string): CliError {
    const message = error instanceof Error ? error.message : String(error);
    const status = /Unexpected server response: (\d+)/.exec(message);
    if (status)
      return new ApiError(
        Number(status[1]),
        'ExecFailed',
        `cannot exec into pod ${namespace}/${pod} on ${this.label}: the server answered ${status[1]}`,
      );
    return this.networkError(error);
  }

  /** The body parsed as JSON and typed as the caller expects: the one unchecked step, where the API's JSON enters. */
  async request<T extends object = KubeObject>(method: string, path: string, options: RequestOptions): Promise<T> {
    const url = new URL(this.server.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string | number> = {
      Accept: 'application/json',
      'User-Agent': 'kubectl-karmada-mcs',
      ...(body !== undefined
        ? { 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(body) }
        : {}),
    };
    const once = () => this.send(method, url, headers, body, options, path);
    let status: number;
    let text: string;
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      const reply = await (this.options.limiter ? this.options.limiter.run(once) : once()).catch((error: unknown) => {
        this.options.log?.(`${method} ${url.href} failed ${Date.now() - started}ms`);
        throw this.networkError(error, options, path);
      });
      ({ status, text } = reply);
      // Node holds a finished HTTP/2 stream, its listeners and through them this reply until it releases the stream:
      // the text (a large list's hundreds of kilobytes) need not wait with it.
      reply.text = '';
      const wait = retryDelay(status, reply.headers['retry-after'], attempt);
      const retrying = wait === undefined ? '' : `, retrying in ${wait}ms`;
      this.options.log?.(`${method} ${url.href} ${status} ${Date.now() - started}ms${retrying}`);
      if (wait === undefined) break;
      await sleep(wait);
    }
    let parsed: object;
    try {
      const read = withoutManagedFields(text);
      parsed = text ? (JSON.parse(options.withoutStatus ? withoutStatus(read) : read) as object) : {};
    } catch {
      // Not JSON (a proxy's or load balancer's page): its first words serve as the message.
      parsed = { message: text.trim().slice(0, 200) };
    }
    if (status >= 200 && status < 300) return parsed as T;
    throw this.apiError(status, parsed, options, path);
  }

  /** One attempt: the whole request under one deadline (connect, TLS, response), as kubectl's --request-timeout. */
  private async send(
    method: string,
    url: URL,
    headers: Record<string, string | number>,
    body: string | undefined,
    options: RequestOptions,
    path: string,
  ): Promise<Reply> {
    // 0 means no limit, as in kubectl.
    const limit = this.options.timeoutMs;
    const timedOut = () =>
      new TimeoutError(
        `request to ${url.origin} timed out after ${formatDurationWords(limit)} ` +
          `(${this.label}; ${this.operation(options, path)})`,
        { hint: 'the API server is slow or overloaded; raise --request-timeout to wait longer (0: no limit)' },
      );
    if (this.plain) {
      const withAuth = { ...headers, ...this.plain.headers };
      return this.plain.transport.send({ method, url, headers: withAuth, body, timeoutMs: limit, timedOut });
    }
    const requestOptions: https.RequestOptions = { method, headers };
    await (await this.kubeConfig()).applyToHTTPSOptions(requestOptions);
    return new Promise<Reply>((resolve, reject) => {
      const req = https.request(url, requestOptions, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      });
      const deadline = limit > 0 ? setTimeout(() => req.destroy(timedOut()), limit) : undefined;
      req.on('close', () => {
        clearTimeout(deadline);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** What a request was for, in messages: `list clusters.cluster.karmada.io`, `patch deployments.apps "x" …`. */
  private operation(options: Pick<RequestOptions, 'verb' | 'rt' | 'namespace' | 'name'>, path?: string): string {
    const what = options.rt ? qualifiedName(options.rt) : (path ?? '');
    const name = options.name ? ` "${options.name}"` : '';
    const namespace = options.namespace ? ` in namespace "${options.namespace}"` : '';
    return `${options.verb} ${what}${name}${namespace}`.trim();
  }

  private networkError(error: unknown, options?: RequestOptions, path?: string): CliError {
    if (error instanceof CliError) return error;
    const err = error as NodeJS.ErrnoException;
    const doing = options ? ` (to ${this.operation(options, path)})` : '';
    const tls = err.code ? TLS_REASONS[err.code] : undefined;
    if (tls) {
      const cluster = this.context.cluster.name;
      return new UnreachableError(
        `cannot verify the API server ${this.server} of ${this.label}: ${tls} (${err.code})${doing}`,
        {
          hint:
            `certificate-authority or certificate-authority-data of cluster "${cluster}" in the kubeconfig must hold ` +
            "the CA that signed the server's certificate",
        },
      );
    }
    const reason = err.code
      ? `${err.code}${err.message && !err.message.startsWith(err.code) ? ` (${err.message})` : ''}`
      : err.message;
    return new UnreachableError(`cannot reach the API server ${this.server} of ${this.label}: ${reason}${doing}`, {
      hint: 'check that the cluster is running and that --kubeconfig and the context point at it',
    });
  }

  private apiError(status: number, parsed: object, options: RequestOptions, path: string): ApiError {
    // A metav1.Status when the API server answered; any JSON (or none) when something in front of it did.
    const body = parsed as Partial<Status>;
    const what = options.rt ? qualifiedName(options.rt) : path;
    const where = options.namespace ? ` in namespace "${options.namespace}"` : '';
    if (status === 401) {
      return new ApiError(
        401,
        'Unauthorized',
        `unauthorized: ${this.server} rejected the credentials of ${this.label} ` +
          `(cannot ${options.verb} ${what}${where})`,
        'refresh the credentials in your kubeconfig (e.g. log in again) and retry',
      );
    }
    if (status === 403) {
      return new ApiError(
        403,
        'Forbidden',
        `forbidden: ${this.label} may not ${options.verb} ${what}${where}`,
        `ask an administrator for RBAC permission to ${options.verb} ${what}${where}, or use another context`,
      );
    }
    if (status === 404 && body.reason === 'NotFound' && !body.details?.name && !body.details?.kind) {
      if (KARMADA_GROUP.test(path)) {
        const gv = /\/apis\/([^/]+\/[^/]+)/.exec(path)?.[1] ?? path;
        return new ApiError(
          404,
          'NoKarmadaAPI',
          `${this.label} at ${this.server} does not serve ${gv}: it is not a Karmada API server`,
          'pass --karmada-context with the context of karmada-apiserver (local-up names it "karmada-apiserver")',
        );
      }
      return new ApiError(404, 'NoAPI', `${this.server} (${this.label}) does not serve ${what}`);
    }
    const message = body.message ?? `the server answered ${status} to ${options.verb} ${what}${where}`;
    // Not found and invalid speak for themselves (the caller knows what it asked); anything else says who answered
    // what to which request.
    if ([400, 404, 422].includes(status)) return new ApiError(status, body.reason ?? `HTTP${status}`, message);
    const text = `${this.label} answered ${status}: ${message} (${this.operation(options, path)} at ${this.server})`;
    return new ApiError(status, body.reason ?? `HTTP${status}`, text, undefined, body.details?.causes);
  }
}
