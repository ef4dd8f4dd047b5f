// The HTTPS front of the simulator: a Kubernetes REST API per cluster (Karmada API server, host),
// with members reached through Karmada's cluster proxy path, plus exec over WebSocket and SPDY.
// Like kube-apiserver it offers HTTP/2 and HTTP/1.1 by ALPN (apiserver pkg/server/secure_serving.go configures
// golang.org/x/net/http2 on its TLS server, which puts h2 before http/1.1); upgrades (exec) arrive over HTTP/1.1,
// the only protocol SPDY and WebSocket upgrade from.
import { setMaxListeners } from 'node:events';
import http2 from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import yaml from 'js-yaml';
import { WebSocketServer } from 'ws';
import {
  type Denial,
  REVIEW_GROUPS,
  REVIEW_PATH,
  USER,
  accessReview,
  denial,
  reviewResources,
  rulesReview,
  whoAmI,
} from './access.js';
import { admit } from './admission.js';
import { podLog } from './logs.js';
import { PatchError, jsonPatch, mergePatch, strategicMergePatch } from './patch.js';
import { managerOf, trackWrite } from './fields.js';
import { conflictStatus, serverSideApply } from './apply.js';
import {
  type ResourceType,
  CLUSTERS,
  CRDS,
  NAMESPACES,
  PODS,
  apiResourceList,
  apiVersionOf,
  keyOf,
  qualifiedName,
} from './resources.js';
import { SelectorError, fieldSelector, labelSelector } from './selectors.js';
import { StatusError, alreadyExists, badRequest, conflict, noRoute, notFound } from './status.js';
import { SPDY_PROTOCOL, serveSpdyExec } from './spdy.js';
import { toTable } from './tables.js';
import { PROTOBUF, decodeProtobuf } from './protobuf.js';
import { openApiGroupVersion, openApiRoot, openApiSchemas } from './openapi.js';
import { swagger, swaggerProtobuf } from './openapi-v2.js';
import type { CustomResourceDefinition, Pod } from './kinds.js';
import type { Manifest, SimCluster, SimObject, StoredObject, WatchEvent, World } from './world.js';
import type { Cluster } from './karmada-types.js';
import type { ServingCerts } from './certs.js';

/** Which requests a fault or a delay applies to: every one it does not narrow down. */
interface RequestMatch {
  /** HTTP method to match; any when absent */
  method?: string;
  /** substring of, or pattern for, the request path (after the cluster proxy prefix) */
  path?: string | RegExp;
  cluster?: string;
}

const matches = (m: RequestMatch, method: string | undefined, target: Target): boolean =>
  (!m.method || m.method === method) &&
  (!m.cluster || m.cluster === target.cluster.name) &&
  (!m.path || (typeof m.path === 'string' ? target.path.includes(m.path) : m.path.test(target.path)));

export interface Fault extends RequestMatch {
  status: number;
  reason?: string;
  message?: string;
  /** how many requests it fails; forever when absent */
  times?: number;
  /** a Retry-After header (seconds), as kube-apiserver's max-in-flight and priority-and-fairness filters send */
  retryAfterSeconds?: number;
}

/** A request answered late, on top of the latency every request has (a large list on a slow link). */
export interface Delay extends RequestMatch {
  ms: number;
}

export type { Denial } from './access.js';

export interface RequestRecord {
  cluster: string;
  method: string;
  path: string;
  verb: string;
  /** served as a dry run (dryRun=All), wherever the request said so */
  dryRun?: true;
  status: number;
  /** the protocol an exec upgraded to: websocket or SPDY/3.1 */
  upgrade?: string;
  /** the request's HTTP version: 2.0 or 1.1 */
  http?: string;
}

/** `status`: what the kubelet writes instead of an exit code when the runtime could not start the command */
export type ExecRunner = (
  cluster: string,
  pod: Pod,
  container: string,
  argv: string[],
) => Promise<{ stdout: string; stderr: string; exitCode: number; status?: object }>;

// The watch cache's lower bound capacity (apiserver pkg/storage/cacher/watch_cache.go defaultLowerBoundCapacity).
const WATCH_CACHE_CAPACITY = 100;
const PROXY = /^\/apis\/cluster\.karmada\.io\/v1alpha1\/clusters\/([^/]+)\/proxy(\/.*)?$/;

/** A selector as text, as the Scale's status.selector has it: LabelSelectorAsSelector(…).String(), sorted by key. */
function formatSelector(
  selector:
    | {
        matchLabels?: Record<string, string>;
        matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
      }
    | undefined,
): string {
  const terms: Array<[string, string]> = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => [k, `${k}=${v}`]);
  for (const e of selector?.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text =
      e.operator === 'In'
        ? `${e.key} in (${values})`
        : e.operator === 'NotIn'
          ? `${e.key} notin (${values})`
          : e.operator === 'Exists'
            ? e.key
            : `!${e.key}`;
    terms.push([e.key, text]);
  }
  return terms
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, t]) => t)
    .join(',');
}

/** A workload's autoscaling/v1 Scale (pkg/registry/apps/deployment/storage/storage.go scaleFromDeployment). */
function scaleOf(o: SimObject): SimObject {
  const spec = o.spec as { replicas?: number; selector?: Parameters<typeof formatSelector>[0] } | undefined;
  const status = o.status as { replicas?: number } | undefined;
  const { name, namespace, uid, resourceVersion, creationTimestamp } = o.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    // omitempty, as Go encodes it: zero replicas leave an empty spec.
    spec: (spec?.replicas ?? 1) === 0 ? {} : { replicas: spec?.replicas ?? 1 },
    status: { replicas: status?.replicas ?? 0, selector: formatSelector(spec?.selector) },
  };
}

/**
 * Where the aggregated API server dials a member: its Cluster's apiEndpoint, a kind node's name resolving to the
 * node's address on kind's network, as Go's dialer reports it (`dial tcp 172.18.0.3:6443: …`).
 */
function dialAddress(cluster: Cluster, member: SimCluster): string {
  let endpoint: URL;
  try {
    endpoint = new URL(cluster.spec?.apiEndpoint ?? '');
  } catch {
    return member.name;
  }
  const host =
    endpoint.hostname === `${member.name}-control-plane` && member.nodeIp ? member.nodeIp : endpoint.hostname;
  return `${host}:${endpoint.port || '443'}`;
}
const WS_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

interface Target {
  cluster: SimCluster;
  path: string;
}

interface Route {
  rt: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export class ApiServer {
  readonly faults: Fault[] = [];
  readonly delays: Delay[] = [];
  readonly denials: Denial[] = [];
  /** every request answered, for tests to count and inspect; empty unless `recording` */
  readonly requests: RequestRecord[] = [];
  /** off in a playground, which may serve a status every two seconds for days: the log would only grow */
  recording = true;
  latencyMs = 0;
  /** the current request's admission parameters (fieldValidation) and the warnings admission returns */
  private admission: { verb?: string; fieldValidation?: string | null; warnings: string[] } = { warnings: [] };
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => WS_PROTOCOLS.find((p) => offered.has(p)) ?? false,
  });
  private readonly servers: http2.Http2SecureServer[] = [];
  /** every TLS connection, HTTP/2 or HTTP/1.1: ended when the simulator stops */
  private readonly sockets = new Set<TLSSocket>();
  /** SPDY exec connections: ended here when the simulator stops, as the WebSocket server ends its own */
  private readonly spdySockets = new Set<Duplex>();
  /** aborts requests still sleeping in injected latency when the simulator stops */
  private readonly closing = new AbortController();
  /** recent changes per cluster and resource, from which watches resume */
  private readonly histories = new Map<string, { since: number; events: WatchEvent[] }>();
  /** every resource's history starts here: a watch from an older resourceVersion is too old */
  private readonly startedAt: number;

  constructor(
    private readonly world: World,
    private readonly token: string,
    private readonly exec: ExecRunner,
  ) {
    this.startedAt = Number(world.nextResourceVersion());
    // Every request sleeping in injected latency listens to it: hundreds at once.
    setMaxListeners(0, this.closing.signal);
    world.on('change', (e: WatchEvent) => {
      this.remember(e);
    });
  }

  /**
   * Serves one cluster (the Karmada API server or the host) on its own port, allowing `streams` HTTP/2 streams per
   * connection: kube-apiserver's default unless --http2-max-streams-per-connection says otherwise (k8s.io/apiserver
   * pkg/server/secure_serving.go: 100 since the 2023 rapid-reset fix, 250 before).
   */
  async listen(clusterName: string, certs: ServingCerts, { port = 0, streams = 100 } = {}): Promise<string> {
    // Node's HTTP/2 server refuses new streams (ENHANCE_YOUR_CALM) once a session holds more than maxSessionMemory
    // (10 MB by default) of unsent data; kube-apiserver (Go's x/net/http2) has no such limit and lets flow control pace
    // the responses, so a client that opens Go's 1 GiB window and reads 100 large lists at once is not refused.
    const options = {
      cert: certs.certPem,
      key: certs.keyPem,
      allowHTTP1: true,
      settings: { maxConcurrentStreams: streams },
      maxSessionMemory: 1024,
    };
    const server = http2.createSecureServer(options, (req, res) => {
      // The compatibility API answers both protocols with the same calls this server uses.
      void this.handle(clusterName, req as unknown as IncomingMessage, res as unknown as ServerResponse);
    });
    server.on(
      'upgrade',
      (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(clusterName, req, socket, head),
    );
    server.on('secureConnection', (socket: TLSSocket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.servers.push(server);
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    const address = server.address();
    return `https://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  }

  async close(): Promise<void> {
    this.closing.abort();
    for (const client of this.wss.clients) client.terminate();
    for (const socket of this.spdySockets) socket.destroy();
    const closed = Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) =>
            s.close(() => {
              resolve();
            }),
          ),
      ),
    );
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private target(clusterName: string, path: string): Target {
    const proxied = PROXY.exec(path);
    if (!proxied || this.world.cluster(clusterName).role !== 'karmada')
      return { cluster: this.world.cluster(clusterName), path };
    const [, memberName, memberPath] = proxied;
    const name = decodeURIComponent(memberName ?? '');
    const member = this.world.clusters.get(name);
    // The aggregated API server looks the Cluster object up (pkg/registry/cluster/storage/proxy.go clusterGetter):
    // an unjoined member's proxy is gone even while the member itself still runs.
    const registered = this.world.get(clusterName, CLUSTERS, undefined, name) as Cluster | undefined;
    if (!member || member.role !== 'member' || !registered) {
      throw new StatusError(404, 'NotFound', `clusters.cluster.karmada.io "${memberName}" not found`, {
        name: memberName,
        group: 'cluster.karmada.io',
        kind: 'clusters',
      });
    }
    if (!member.reachable) {
      // pkg/util/proxy/proxy.go builds its UpgradeAwareHandler with wrapTransport false, so the dial error reaches
      // the responder as it is: ErrorToAPIStatus makes it a 500 with no reason (apiserver responsewriters/status.go).
      throw new StatusError(500, '', `dial tcp ${dialAddress(registered, member)}: connect: connection refused`);
    }
    return { cluster: member, path: memberPath || '/' };
  }

  private log(record: RequestRecord): void {
    if (this.recording) this.requests.push(record);
  }

  private checkAccess(req: IncomingMessage, target: Target, verb: string, route?: Route): void {
    if (req.headers.authorization !== `Bearer ${this.token}`)
      throw new StatusError(401, 'Unauthorized', 'Unauthorized');
    const fault = this.faults.find((f) => matches(f, req.method, target) && (f.times ?? 1) > 0);
    if (fault) {
      if (fault.times !== undefined) fault.times--;
      const reason =
        fault.reason ?? ({ 409: 'Conflict', 429: 'TooManyRequests' } as Partial<Record<number, string>>)[fault.status];
      // apimachinery's NewTooManyRequests carries the delay in details.retryAfterSeconds; handle() sends it as the
      // header.
      const details =
        fault.retryAfterSeconds === undefined ? undefined : { retryAfterSeconds: fault.retryAfterSeconds };
      const message = fault.message ?? `injected fault: ${fault.status}`;
      throw new StatusError(fault.status, reason ?? 'InternalError', message, details);
    }
    if (!route) return;
    const resource = route.subresource ? `${route.rt.plural}/${route.subresource}` : route.rt.plural;
    const denied = denial(this.denials, verb, resource, route.namespace);
    if (denied) {
      const group = route.rt.group;
      const where = route.namespace ? ` in the namespace "${route.namespace}"` : ' at the cluster scope';
      throw new StatusError(
        403,
        'Forbidden',
        `${qualifiedName(route.rt)}${route.name ? ` "${route.name}"` : ''} is forbidden: ` +
          `User "${USER.username}" cannot ${verb} resource "${resource}" in API group "${group}"${where}`,
        { ...(route.name ? { name: route.name } : {}), group, kind: route.rt.plural },
      );
    }
  }

  private async handle(clusterName: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    let record: RequestRecord = {
      cluster: clusterName,
      method: req.method ?? 'GET',
      path: url.pathname,
      verb: '',
      status: 0,
      http: req.httpVersion,
    };
    try {
      if (this.latencyMs) await sleep(this.latencyMs, undefined, { signal: this.closing.signal });
      const target = this.target(clusterName, url.pathname);
      record = { ...record, cluster: target.cluster.name, path: target.path };
      const delay = this.delays.find((d) => matches(d, req.method, target));
      if (delay) await sleep(delay.ms, undefined, { signal: this.closing.signal });
      const reviewed = REVIEW_PATH.exec(target.path);
      const review = reviewed?.[1] ?? reviewed?.[2];
      const route = review ? undefined : this.route(target.cluster, target.path);
      const verb = route ? verbOf(req.method ?? 'GET', route, url) : review ? 'create' : 'get';
      record.verb = verb;
      this.checkAccess(req, target, verb, route);
      const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method ?? '')
        ? bodyText(await readBody(req), req.headers['content-type'])
        : '';
      if (review && req.method === 'POST') {
        record.status = 201;
        const posted = parseObject(body);
        if (review === 'selfsubjectreviews') send(res, 201, whoAmI(posted));
        else if (review === 'selfsubjectaccessreviews') send(res, 201, accessReview(this.denials, posted));
        else send(res, 201, rulesReview(this.denials, target.cluster.resources, posted));
        return;
      }
      if (target.path === '/openapi/v2') {
        record.status = 200;
        const doc = swagger(openApiSchemas(target.cluster.resources, (rt) => this.world.list(target.cluster.name, rt)));
        if (!(req.headers.accept ?? '').includes('protobuf')) {
          send(res, 200, doc);
          return;
        }
        const data = swaggerProtobuf(doc);
        // kube-openapi's handler answers the deprecated `@v1.0` Accept with the parseable `.v1.0` type.
        res.writeHead(200, {
          'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
          'Content-Length': data.length,
        });
        return void res.end(data);
      }
      if (!route) {
        record.status = 200;
        send(res, 200, this.discovery(target.cluster, target.path));
        return;
      }
      if (route.subresource === 'log' && verb === 'get') {
        const podName = String(route.name);
        const pod: Pod | undefined = this.world.get(target.cluster.name, PODS, route.namespace, podName);
        if (!pod) throw notFound(PODS, podName);
        record.status = 200;
        sendLog(res, podLog(pod, url.searchParams, this.world.release), queryFlag(url, 'follow'));
        return;
      }
      if (verb === 'watch') {
        record.status = 200;
        this.watch(target.cluster, route, url, req, res, (req.headers.accept ?? '').includes('as=Table'));
        return;
      }
      // serve() is synchronous, so the warnings its admission collects belong to this request.
      this.admission = { verb, fieldValidation: url.searchParams.get('fieldValidation'), warnings: [] };
      const dryRun = isDryRun(verb, url, body);
      if (dryRun) record.dryRun = true;
      const result = this.serve(target.cluster, route, verb, url, req, body, dryRun);
      record.status = result.status;
      const wantsTable = (req.headers.accept ?? '').includes('as=Table') && (verb === 'list' || verb === 'get');
      const payload =
        wantsTable && route.subresource === undefined
          ? toTable(
              route.rt,
              // a list's items, or the one object
              (Array.isArray(result.body.items) ? result.body.items : [result.body]) as SimObject[],
              result.body.metadata?.resourceVersion ?? '',
              this.crdOf(target.cluster, route.rt),
            )
          : result.body;
      send(res, result.status, payload, this.admission.warnings);
    } catch (error) {
      const status = asStatus(error);
      record.status = status.code;
      const retryAfter = status.details?.retryAfterSeconds;
      // apiserver pkg/endpoints/handlers/responsewriters/status.go: a Status with retryAfterSeconds sets Retry-After.
      if (typeof retryAfter === 'number' && !gone(res)) res.setHeader('Retry-After', String(retryAfter));
      send(res, status.code, status.body());
    } finally {
      this.log(record);
    }
  }

  private discovery(cluster: SimCluster, path: string): object {
    const groups = new Map<string, ResourceType[]>();
    for (const rt of cluster.resources) groups.set(apiVersionOf(rt), [...(groups.get(apiVersionOf(rt)) ?? []), rt]);
    const group = (name: string) => {
      const versions = [...groups.keys()]
        .filter((gv) => gv.startsWith(`${name}/`))
        .map((gv) => ({ groupVersion: gv, version: gv.split('/')[1] }));
      return { name, versions, preferredVersion: versions[0] };
    };
    const groupNames = [...new Set(cluster.resources.filter((rt) => rt.group).map((rt) => rt.group)), ...REVIEW_GROUPS];
    for (const name of REVIEW_GROUPS) groups.set(`${name}/v1`, []);
    if (path === '/version' || path === '/version/') {
      return {
        major: '1',
        minor: '31',
        gitVersion: cluster.role === 'karmada' ? 'v1.31.3' : 'v1.31.2',
        platform: 'linux/amd64',
      };
    }
    if (path === '/openapi/v3') return openApiRoot(cluster.resources);
    if (path.startsWith('/openapi/v3/')) {
      const doc = openApiGroupVersion(cluster.resources, path.slice('/openapi/v3/'.length), (rt) =>
        this.world.list(cluster.name, rt),
      );
      if (doc) return doc;
    }
    if (path === '/api' || path === '/api/')
      return {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }],
      };
    if (path === '/api/v1') return apiResourceList(groups.get('v1') ?? [], 'v1');
    if (path === '/apis' || path === '/apis/')
      return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupNames.map(group) };
    const [, name, version]: Array<string | undefined> = /^\/apis\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path) ?? [];
    if (name && groupNames.includes(name)) {
      if (!version) return { kind: 'APIGroup', apiVersion: 'v1', ...group(name) };
      if (REVIEW_GROUPS.includes(name) && version === 'v1') return reviewResources(name);
      const rts = groups.get(`${name}/${version}`);
      if (rts) return apiResourceList(rts, `${name}/${version}`);
    }
    throw noRoute();
  }

  private route(cluster: SimCluster, path: string): Route | undefined {
    const m: Array<string | undefined> | null = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.+?)\/?$/.exec(path);
    if (!m) return undefined;
    const [, core, apiGroup, apiVersion, tail = ''] = m;
    const group = apiGroup ?? '';
    const version = core ?? apiVersion;
    const segments = tail.split('/').map(decodeURIComponent);
    const find = (plural: string) =>
      cluster.resources.find((rt) => rt.group === group && rt.version === version && rt.plural === plural);
    let namespace: string | undefined;
    if (segments[0] === 'namespaces' && segments.length >= 3) {
      namespace = segments[1];
      segments.splice(0, 2);
    }
    const [plural, name, subresource, ...rest] = segments;
    const rt = find(plural ?? '');
    if (
      !rt ||
      rest.length > 0 ||
      (namespace && !rt.namespaced) ||
      (subresource && !rt.subresources?.includes(subresource))
    ) {
      throw noRoute();
    }
    return { rt, namespace, name, subresource };
  }

  private serve(
    cluster: SimCluster,
    route: Route,
    verb: string,
    url: URL,
    req: IncomingMessage,
    body: string,
    dryRun: boolean,
  ): Served {
    const { rt, namespace, name } = route;
    // The name on the URL, in messages of the verbs that need one.
    const named = String(name);
    const manager = managerOf(url.searchParams.get('fieldManager'), req.headers['user-agent']);
    const existing = name ? this.world.get(cluster.name, rt, namespace, name) : undefined;
    if (
      namespace &&
      rt !== NAMESPACES &&
      verb === 'create' &&
      !this.world.get(cluster.name, NAMESPACES, undefined, namespace)
    ) {
      throw notFound(NAMESPACES, namespace);
    }
    if (route.subresource === 'scale') return this.scale(cluster, route, verb, existing, req, body, dryRun, manager);
    switch (verb) {
      case 'list': {
        const byLabel = labelSelector(url.searchParams.get('labelSelector'));
        const byField = fieldSelector(url.searchParams.get('fieldSelector'), rt.kind);
        const items = this.world.listInKeyOrder(cluster.name, rt, namespace).filter((o) => byLabel(o) && byField(o));
        return {
          status: 200,
          body: {
            kind: `${rt.kind}List`,
            apiVersion: apiVersionOf(rt),
            metadata: { resourceVersion: this.world.resourceVersion() },
            items,
          },
        };
      }
      case 'get':
        if (!existing) throw notFound(rt, named);
        if (route.subresource === 'exec') throw badRequest('Upgrade request required');
        return { status: 200, body: existing };
      case 'create': {
        const posted = parseObject(body);
        if (route.subresource === 'exec') throw badRequest('Upgrade request required');
        const metadata = (posted.metadata ??= {});
        if (!metadata.name && metadata.generateName)
          metadata.name = `${metadata.generateName}${Math.random().toString(36).slice(2, 7)}`;
        if (rt.namespaced) {
          if (metadata.namespace && metadata.namespace !== namespace)
            throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
          metadata.namespace = namespace;
        }
        // Without a name, admission refuses it (name or generateName is required).
        const obj = { ...posted, metadata: { ...metadata, name: metadata.name ?? '' } };
        if (this.world.get(cluster.name, rt, namespace, String(metadata.name)))
          throw alreadyExists(rt, obj.metadata.name);
        return { status: 201, body: this.write(cluster, route, obj, undefined, dryRun, manager, 'Update') };
      }
      case 'update': {
        if (!existing) throw notFound(rt, named);
        const obj = parseObject(body);
        if (obj.metadata?.name !== name) throw badRequest('the name of the object does not match the name on the URL');
        return { status: 200, body: this.updateFrom(cluster, route, existing, obj, dryRun, manager, 'Update') };
      }
      case 'patch': {
        const type = (req.headers['content-type'] ?? '').split(';')[0];
        if (type === 'application/apply-patch+yaml') return this.apply(cluster, route, existing, body, dryRun, url);
        if (!existing) throw notFound(rt, named);
        const patch = parseObject(body, true);
        // Patching an object gives an object (a JSON patch may give anything; then admission refuses it).
        let patched: Manifest;
        try {
          if (type === 'application/merge-patch+json') patched = mergePatch(existing, patch) as Manifest;
          else if (type === 'application/strategic-merge-patch+json')
            patched = strategicMergePatch(existing, patch) as Manifest;
          else if (type === 'application/json-patch+json') patched = jsonPatch(existing, patch) as Manifest;
          else
            throw new StatusError(
              415,
              'UnsupportedMediaType',
              'the body of the request was in an unknown format - accepted media types include: ' +
                'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, ' +
                'application/strategic-merge-patch+json',
            );
        } catch (error) {
          if (error instanceof PatchError) throw new StatusError(422, 'Invalid', error.message);
          throw error;
        }
        return {
          status: 200,
          body: this.updateFrom(cluster, route, existing, patched, dryRun, manager, 'Update'),
        };
      }
      case 'delete': {
        if (!existing) throw notFound(rt, named);
        const options = (body ? parseObject(body) : {}) as DeleteOptions;
        const pre = options.preconditions ?? {};
        if (
          (pre.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion) ||
          (pre.uid && pre.uid !== existing.metadata.uid)
        ) {
          throw conflict(rt, named);
        }
        if (existing.metadata.finalizers?.length) {
          // handlers/delete.go: 202 only for an object left in place when orphanDependents is false, else 200
          const status = options.orphanDependents === false ? 202 : 200;
          if (existing.metadata.deletionTimestamp) return { status, body: existing };
          // store.go markAsDeleting, which no field manager records: the deletion timestamp, a grace period of 0,
          // and the generation moved on where the kind keeps one.
          const generation = existing.metadata.generation;
          const metadata = {
            ...existing.metadata,
            deletionTimestamp: now(),
            deletionGracePeriodSeconds: 0,
            ...(generation ? { generation: generation + 1 } : {}),
          };
          const marked = { ...existing, metadata };
          // store.go (Delete, updateForGracefulDeletionAndFinalizers): a dry run makes that update dry too,
          // answering with the object as marked, stored as it was.
          return { status, body: dryRun ? marked : this.world.put(cluster.name, rt, marked, 'as-is') };
        }
        // store.go's Storage.Delete with dryRun: the object as it is, and nothing removed.
        if (dryRun) return { status: 200, body: existing };
        if (rt === NAMESPACES) this.deleteNamespaceContents(cluster, named);
        return { status: 200, body: this.world.remove(cluster.name, rt, namespace, named) ?? existing };
      }
      case 'deletecollection': {
        const byLabel = labelSelector(url.searchParams.get('labelSelector'));
        const items = this.world.list(cluster.name, rt, namespace).filter(byLabel);
        if (!dryRun) for (const o of items) this.world.remove(cluster.name, rt, o.metadata.namespace, o.metadata.name);
        return { status: 200, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' } };
      }
      default:
        throw new StatusError(
          405,
          'MethodNotAllowed',
          `the server does not allow this method on the requested resource`,
        );
    }
  }

  private deleteNamespaceContents(cluster: SimCluster, namespace: string): void {
    for (const rt of cluster.resources.filter((r) => r.namespaced)) {
      for (const o of this.world.list(cluster.name, rt, namespace))
        this.world.remove(cluster.name, rt, namespace, o.metadata.name);
    }
  }

  /**
   * The scale subresource (k8s.io/kubernetes pkg/registry/apps/deployment/storage ScaleREST): an autoscaling/v1
   * Scale of spec.replicas, status.replicas and the selector as text; a write changes only spec.replicas, with the
   * Scale's resourceVersion as precondition.
   */
  private scale(
    cluster: SimCluster,
    route: Route,
    verb: string,
    existing: StoredObject | undefined,
    req: IncomingMessage,
    body: string,
    dryRun: boolean,
    manager: string,
  ): Served {
    if (!existing) throw notFound(route.rt, String(route.name));
    const current = scaleOf(existing);
    if (verb === 'get') return { status: 200, body: current };
    let wanted: Manifest;
    if (verb === 'update') wanted = parseObject(body);
    else if (verb === 'patch') {
      const type = (req.headers['content-type'] ?? '').split(';')[0];
      const patch = parseObject(body, true);
      try {
        if (type === 'application/merge-patch+json') wanted = mergePatch(current, patch) as Manifest;
        else if (type === 'application/strategic-merge-patch+json')
          wanted = strategicMergePatch(current, patch) as Manifest;
        else if (type === 'application/json-patch+json') wanted = jsonPatch(current, patch) as Manifest;
        else throw new StatusError(415, 'UnsupportedMediaType', `the media type ${type} is not served for scale`);
      } catch (error) {
        if (error instanceof PatchError) throw new StatusError(422, 'Invalid', error.message);
        throw error;
      }
    } else
      throw new StatusError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    // ScaleSpec.replicas is omitempty: a client's 0 arrives as no field at all (autoscaling/v1 types.go).
    const replicas = (wanted.spec as { replicas?: unknown } | undefined)?.replicas ?? 0;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw new StatusError(
        422,
        'Invalid',
        `Scale.autoscaling "${existing.metadata.name}" is invalid: spec.replicas: ` +
          `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      );
    }
    const rv = wanted.metadata?.resourceVersion;
    if (rv && rv !== existing.metadata.resourceVersion) throw conflict(route.rt, String(route.name));
    const spec = (existing.spec ?? {}) as Record<string, unknown>;
    const written = this.write(
      cluster,
      route,
      { ...existing, spec: { ...spec, replicas } },
      existing,
      dryRun,
      manager,
      'Update',
    );
    return { status: 200, body: scaleOf(written) };
  }

  /** PUT and non-apply PATCH: resourceVersion precondition, status subresource split, admission, store. */
  private updateFrom(
    cluster: SimCluster,
    route: Route,
    existing: StoredObject,
    next: Manifest,
    dryRun: boolean,
    manager: string,
    operation: 'Update' | 'Apply',
  ): SimObject {
    const { rt, name } = route;
    const wanted = next.metadata?.resourceVersion;
    if (wanted && wanted !== existing.metadata.resourceVersion) throw conflict(rt, String(name));
    let merged: Manifest;
    if (route.subresource === 'status') merged = { ...existing, status: next.status };
    else if (rt.subresources?.includes('status')) merged = { ...next, status: existing.status };
    else merged = next;
    const object: SimObject = {
      ...merged,
      metadata: {
        ...merged.metadata,
        name: existing.metadata.name,
        namespace: existing.metadata.namespace,
        uid: existing.metadata.uid,
        creationTimestamp: existing.metadata.creationTimestamp,
      },
    };
    return this.write(cluster, route, object, existing, dryRun, manager, operation);
  }

  private apply(
    cluster: SimCluster,
    route: Route,
    existing: StoredObject | undefined,
    body: string,
    dryRun: boolean,
    url: URL,
  ): Served {
    const manager = url.searchParams.get('fieldManager');
    if (!manager) throw badRequest('PATCH requests with apply content type must specify a fieldManager');
    const applied = parseObject(body);
    if (applied.metadata?.name && applied.metadata.name !== route.name)
      throw badRequest('the name of the object does not match the name on the URL');
    if (route.namespace && applied.metadata?.namespace && applied.metadata.namespace !== route.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (!existing && route.namespace && !this.world.get(cluster.name, NAMESPACES, undefined, route.namespace))
      throw notFound(NAMESPACES, route.namespace);
    if (applied.kind && applied.kind !== route.rt.kind)
      throw badRequest(`apply: kind ${applied.kind} does not match the resource ${route.rt.plural}`);
    // structuredmerge.go: the applied object may not carry managedFields
    if (applied.metadata?.managedFields) throw badRequest('metadata.managedFields must be nil');
    const force = url.searchParams.get('force') === 'true';
    const result = serverSideApply(route.rt, existing, applied, manager, force, now());
    if (result.conflicts.length) {
      const { message, causes } = conflictStatus(result.conflicts);
      throw new StatusError(409, 'Conflict', message, { causes });
    }
    const obj = result.object;
    obj.metadata = {
      ...obj.metadata,
      // Without a name on the URL, admission refuses it (name or generateName is required).
      name: route.name ?? '',
      ...(route.rt.namespaced ? { namespace: route.namespace } : {}),
    };
    if (!existing) return { status: 201, body: this.write(cluster, route, obj, undefined, dryRun, manager, 'Apply') };
    return {
      status: 200,
      body: this.updateFrom(
        cluster,
        route,
        existing,
        { ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } },
        dryRun,
        manager,
        'Apply',
      ),
    };
  }

  /**
   * Admission, then store unless nothing changed (a no-op write keeps its resourceVersion, as on a real server). The
   * field manager records an Update for `manager` (fields.ts), in the status subresource's entry for a status write;
   * an Apply's managedFields come from serverSideApply (apply.ts).
   */
  private write(
    cluster: SimCluster,
    route: Route,
    obj: SimObject,
    existing: StoredObject | undefined,
    dryRun: boolean,
    manager: string,
    operation: 'Update' | 'Apply',
  ): SimObject {
    const { rt } = route;
    const admitted = admit(cluster, rt, obj, existing, { ...this.admission, release: this.world.release });
    const time = now();
    const managedFields =
      operation === 'Update'
        ? trackWrite(
            rt,
            existing,
            admitted,
            route.subresource === 'status'
              ? { status: manager }
              : route.subresource === 'scale'
                ? { scale: manager }
                : { main: manager },
            time,
            // The object as the client sent it: a field the registry would allocate is the client's when it sent it.
            obj,
          )
        : obj.metadata.managedFields;
    const { managedFields: _sent, ...metadata } = admitted.metadata;
    const stored: SimObject = { ...admitted, metadata: { ...metadata, ...(managedFields ? { managedFields } : {}) } };
    if (existing && sameContent(existing, stored)) return existing;
    if (dryRun)
      return { ...stored, metadata: { ...stored.metadata, resourceVersion: existing?.metadata.resourceVersion } };
    return this.world.put(cluster.name, rt, stored, 'as-is');
  }

  /** The CustomResourceDefinition object that defines a resource, when the cluster holds one. */
  private crdOf(cluster: SimCluster, rt: ResourceType): CustomResourceDefinition | undefined {
    if (!cluster.serves(CRDS)) return undefined;
    return this.world.get(cluster.name, CRDS, undefined, `${rt.plural}.${rt.group}`) as
      CustomResourceDefinition | undefined;
  }

  /** Keeps each resource's recent changes, as the API server's watch cache does, so watches can resume. */
  private remember(e: WatchEvent): void {
    const key = `${e.cluster}|${keyOf(e.rt)}`;
    const history = this.histories.get(key) ?? { since: this.startedAt, events: [] };
    history.events.push(e);
    const dropped = history.events.length > WATCH_CACHE_CAPACITY ? history.events.shift() : undefined;
    if (dropped) history.since = Number(dropped.object.metadata.resourceVersion);
    this.histories.set(key, history);
  }

  // Watch semantics of k8s.io/apiserver (pkg/storage/cacher/cacher.go, watch_cache.go getAllEventsSinceLocked):
  // resourceVersion unset or 0 starts with an ADDED event per existing object; N replays the changes after N,
  // or fails with 410 Expired once N has left the window; sendInitialEvents (watch-list) sends the current
  // objects, then a BOOKMARK annotated k8s.io/initial-events-end.
  private watch(
    cluster: SimCluster,
    route: Route,
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
    asTable: boolean,
  ): void {
    const byLabel = labelSelector(url.searchParams.get('labelSelector'));
    const byField = fieldSelector(url.searchParams.get('fieldSelector'), route.rt.kind);
    const matches = (o: StoredObject) =>
      (!route.namespace || o.metadata.namespace === route.namespace) && byLabel(o) && byField(o);
    const options = watchOptions(url);
    const history = this.histories.get(`${cluster.name}|${keyOf(route.rt)}`) ?? { since: this.startedAt, events: [] };
    // No length: HTTP/1.1 chunks the stream, HTTP/2 frames it (where Transfer-Encoding is forbidden).
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const write = (type: string, object: object) => res.write(`${JSON.stringify({ type, object })}\n`);
    const sendEvent = (type: string, object: StoredObject) =>
      write(
        type,
        asTable ? toTable(route.rt, [object], object.metadata.resourceVersion, this.crdOf(cluster, route.rt)) : object,
      );
    const latest = () => String(Number(history.events.at(-1)?.object.metadata.resourceVersion ?? history.since));
    const bookmark = (annotations?: Record<string, string>) =>
      write('BOOKMARK', {
        kind: route.rt.kind,
        apiVersion: apiVersionOf(route.rt),
        metadata: { resourceVersion: latest(), ...(annotations ? { annotations } : {}) },
      });
    const since = options.resourceVersion;
    if (options.sendInitialEvents || (options.sendInitialEvents === undefined && (!since || since === '0'))) {
      const current = this.world.listInKeyOrder(cluster.name, route.rt, route.namespace);
      for (const o of current.filter(matches)) sendEvent('ADDED', o);
      if (options.sendInitialEvents) bookmark({ 'k8s.io/initial-events-end': 'true' });
    } else if (since && since !== '0') {
      if (Number(since) < history.since) {
        write('ERROR', new StatusError(410, 'Expired', `too old resource version: ${since} (${history.since})`).body());
        res.end();
        return;
      }
      for (const e of history.events) {
        if (Number(e.object.metadata.resourceVersion) > Number(since) && matches(e.object)) sendEvent(e.type, e.object);
      }
    }
    // By key, not identity: whoever writes to the world may hold an equal ResourceType of its own.
    const listener = (e: WatchEvent) => {
      if (e.cluster === cluster.name && keyOf(e.rt) === keyOf(route.rt) && matches(e.object))
        sendEvent(e.type, e.object);
    };
    this.world.on('change', listener);
    const timer = setTimeout(() => res.end(), options.timeoutSeconds * 1000);
    // The cacher sends watchers that allow them a bookmark about once a minute (cacher.go bookmarkFrequency).
    const bookmarks = options.allowWatchBookmarks ? setInterval(() => bookmark(), 60_000) : undefined;
    const stop = () => {
      clearTimeout(timer);
      clearInterval(bookmarks);
      this.world.off('change', listener);
    };
    req.on('close', stop);
    res.on('close', stop);
  }

  private async upgrade(clusterName: string, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    try {
      if (this.latencyMs) await sleep(this.latencyMs, undefined, { signal: this.closing.signal });
      const target = this.target(clusterName, url.pathname);
      const route = this.route(target.cluster, target.path);
      this.checkAccess(req, target, 'create', route);
      if (!route || route.rt !== PODS || route.subresource !== 'exec' || !route.name) throw noRoute();
      const pod: Pod | undefined = this.world.get(target.cluster.name, PODS, route.namespace, route.name);
      if (!pod) throw notFound(PODS, route.name);
      const containers = pod.spec?.containers ?? [];
      const container = url.searchParams.get('container') ?? containers.at(0)?.name ?? '';
      if (!containers.some((c) => c.name === container))
        throw badRequest(`container ${container} is not valid for pod ${route.name}`);
      if (pod.status?.phase !== 'Running')
        throw badRequest(`unable to upgrade connection: container not found ("${container}")`);
      this.log({
        cluster: target.cluster.name,
        method: req.method ?? 'GET',
        path: target.path,
        verb: 'create',
        status: 101,
        upgrade: req.headers.upgrade,
        http: req.httpVersion,
      });
      const argv = url.searchParams.getAll('command');
      // What the exec ends with on the error channel (v4 and later): Success, or the exit code.
      const run = async () => {
        const { stdout, stderr, exitCode, status: failed } = await this.exec(target.cluster.name, pod, container, argv);
        const status =
          failed ??
          (exitCode === 0
            ? { metadata: {}, status: 'Success' }
            : {
                metadata: {},
                status: 'Failure',
                message:
                  'command terminated with non-zero exit code: ' +
                  `error executing command [${argv.join(' ')}], exit code ${exitCode}`,
                reason: 'NonZeroExitCode',
                details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
              });
        return { stdout, stderr, status };
      };
      if (/^spdy\/3\.1$/i.test(req.headers.upgrade ?? '')) {
        const offered = String(req.headers['x-stream-protocol-version'] ?? '').split(/,\s*/);
        if (!offered.includes(SPDY_PROTOCOL))
          throw new StatusError(
            403,
            'Forbidden',
            `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], ` +
              `server supports [${SPDY_PROTOCOL}]`,
          );
        const tty = queryFlag(url, 'tty');
        const expected = [
          'error',
          ...(queryFlag(url, 'stdin') ? ['stdin'] : []),
          ...(queryFlag(url, 'stdout') ? ['stdout'] : []),
          ...(queryFlag(url, 'stderr') && !tty ? ['stderr'] : []),
          ...(tty ? ['resize'] : []),
        ];
        this.spdySockets.add(socket.on('close', () => this.spdySockets.delete(socket)));
        serveSpdyExec(socket, head, { expected, run });
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        void run().then(({ stdout, stderr, status }) => {
          const frame = (channel: number, text: string) => {
            ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(text)]));
          };
          if (stdout) frame(1, stdout);
          if (stderr) frame(2, stderr);
          frame(3, JSON.stringify(status));
          ws.close(1000);
        });
      });
    } catch (error) {
      const status = asStatus(error);
      const body = JSON.stringify(status.body());
      socket.end(
        `HTTP/1.1 ${status.code} ${status.reason}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
  }
}

/** What serve() answers: an object, a list, or a Status. */
interface Served {
  status: number;
  body: Manifest;
}

/** DeleteOptions (apimachinery pkg/apis/meta/v1/types.go): the preconditions a delete checks, and its dry run. */
interface DeleteOptions {
  preconditions?: { resourceVersion?: string; uid?: string };
  dryRun?: string[];
  orphanDependents?: boolean;
}

/**
 * A delete takes its DeleteOptions from the body when it has one, and only then from the query
 * (k8s.io/apiserver pkg/endpoints/handlers/delete.go): `?dryRun=All` beside a body is ignored, as kubectl and
 * client-go send DeleteOptions.dryRun in the body. Every other write reads the dryRun query parameter.
 */
function isDryRun(verb: string, url: URL, body: string): boolean {
  if ((verb === 'delete' || verb === 'deletecollection') && body)
    return ((parseObject(body) as DeleteOptions).dryRun ?? []).includes('All');
  return url.searchParams.get('dryRun') === 'All';
}

interface WatchOptions {
  resourceVersion: string | null;
  sendInitialEvents?: boolean;
  allowWatchBookmarks: boolean;
  timeoutSeconds: number;
}

// ValidateListOptions (apiserver pkg/apis/meta/internalversion/validation/validation.go): the watch-list rules.
function watchOptions(url: URL): WatchOptions {
  const initial = url.searchParams.get('sendInitialEvents');
  const match = url.searchParams.get('resourceVersionMatch');
  const options: WatchOptions = {
    resourceVersion: url.searchParams.get('resourceVersion'),
    sendInitialEvents: initial === null ? undefined : initial === 'true',
    allowWatchBookmarks: queryFlag(url, 'allowWatchBookmarks'),
    timeoutSeconds: Number(url.searchParams.get('timeoutSeconds') ?? 1800),
  };
  const invalid = (message: string) =>
    new StatusError(422, 'Invalid', `ListOptions.meta.k8s.io "" is invalid: ${message}`);
  if (options.sendInitialEvents !== undefined) {
    if (!options.allowWatchBookmarks)
      throw invalid('allowWatchBookmarks: Required value: sendInitialEvents requires setting allowWatchBookmarks=true');
    if (match !== 'NotOlderThan') {
      throw invalid(
        `resourceVersionMatch: Unsupported value: "${match ?? ''}": ` +
          'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
      );
    }
  } else if (match) {
    throw invalid(
      'resourceVersionMatch: Forbidden: ' +
        'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
    );
  }
  return options;
}

/** A boolean query parameter (watch, stdin, tty…) as clients send it: true or 1. */
const queryFlag = (url: URL, name: string) => ['true', '1'].includes(url.searchParams.get(name) ?? '');

function verbOf(method: string, route: Route, url: URL): string {
  switch (method) {
    case 'GET':
      return route.name ? 'get' : queryFlag(url, 'watch') ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

function asStatus(error: unknown): StatusError {
  if (error instanceof StatusError) return error;
  if (error instanceof SelectorError) return badRequest(error.message);
  return new StatusError(500, 'InternalError', `simulator error: ${(error as Error).message}`);
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function sameContent(a: SimObject, b: SimObject): boolean {
  const strip = (o: SimObject) => ({
    ...o,
    metadata: {
      ...o.metadata,
      resourceVersion: undefined,
      managedFields: (o.metadata.managedFields ?? []).map((e) => ({ ...e, time: undefined })),
    },
  });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/** The request's object (or, `allowList`, a JSON patch's list of operations), as the client sent it. */
function parseObject(body: string, allowList = false): Manifest {
  let parsed: unknown;
  try {
    parsed = body.trim().startsWith('{') || body.trim().startsWith('[') ? JSON.parse(body) : yaml.load(body);
  } catch (error) {
    throw badRequest(`the body of the request could not be decoded: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || (Array.isArray(parsed) && !allowList))
    throw badRequest('the body of the request must be an object');
  return parsed as Manifest;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/**
 * The body as JSON or YAML text. A built-in kind's protobuf body (client-go's typed clients, kubectl 1.32 and later)
 * is decoded. A custom resource's handler negotiates protobuf too (apiextensions-apiserver customresource_handler.go),
 * but an unstructured object has no protobuf form: the serializer's errNotMarshalable, which create.go and update.go
 * wrap with transformDecodeError (k8s.io/apiserver pkg/endpoints/handlers/rest.go) into a 400. Read from the source;
 * no client sends one.
 */
function bodyText(raw: Buffer, contentType: string | undefined): string {
  if ((contentType ?? '').split(';')[0]?.trim() !== PROTOBUF) return raw.toString('utf8');
  let decoded: ReturnType<typeof decodeProtobuf>;
  try {
    decoded = decodeProtobuf(raw);
  } catch (error) {
    throw badRequest(`the body of the request could not be decoded: ${(error as Error).message}`);
  }
  if ('custom' in decoded) {
    const { kind, version } = decoded.custom;
    throw badRequest(
      `${kind} in version "${version}" cannot be handled as a ${kind}: object *unstructured.Unstructured does not ` +
        'implement the protobuf marshalling interface and cannot be encoded to a protobuf message',
    );
  }
  return JSON.stringify(decoded.object);
}

/** pods/log answers text/plain; a followed log stays open, as a running container's would. */
function sendLog(res: ServerResponse, text: string, follow: boolean): void {
  if (gone(res)) return;
  // A followed log has no length: HTTP/1.1 then chunks it, HTTP/2 frames it.
  res.writeHead(200, {
    'Content-Type': 'text/plain',
    ...(follow ? {} : { 'Content-Length': Buffer.byteLength(text) }),
  });
  if (follow) res.write(text);
  else res.end(text);
}

/** The client went away: an HTTP/1.1 response is destroyed, an HTTP/2 one's stream is. */
const gone = (res: ServerResponse) =>
  res.destroyed || Boolean((res as unknown as { stream?: { destroyed: boolean } }).stream?.destroyed);

// World.put stores a new object on every write and nothing changes one in place, so an object's JSON is made once
// and reused by every list and get that returns it. In a real fleet each member's API server encodes its own lists;
// the simulator answers for 500 members on one thread, and encoding the same objects for every request made it, not
// the plugin, what a measurement at scale timed. Tests set KMCS_SIM_CHECK_JSON (jest.config.js): every reuse is
// then checked against a fresh encoding, so an object changed without a write fails the request that returns it.
const encoded = new WeakMap<object, string>();
const checkReuse = Boolean(process.env.KMCS_SIM_CHECK_JSON);

function jsonOf(o: object): string {
  const known = encoded.get(o);
  if (known === undefined) {
    const text = JSON.stringify(o);
    encoded.set(o, text);
    return text;
  }
  if (checkReuse && known !== JSON.stringify(o))
    throw new Error(
      `simulator: ${JSON.stringify((o as { metadata?: { name?: string } }).metadata?.name)} changed without a write`,
    );
  return known;
}

/** A list's JSON from its items' (JSON.stringify's order: `items` is the list's last member). */
function encode(body: object): string {
  const { items, ...rest } = body as { items?: unknown };
  if (!Array.isArray(items) || Object.keys(body).at(-1) !== 'items') return jsonOf(body);
  const head = JSON.stringify(rest);
  const list = (items as object[]).map(jsonOf).join(',');
  return `${head.length > 2 ? `${head.slice(0, -1)},` : '{'}"items":[${list}]}`;
}

/** Warnings go out as `Warning: 299 - "text"` headers (k8s.io/apiserver pkg/warning), which kubectl prints. */
function send(res: ServerResponse, status: number, body: object, warnings: string[] = []): void {
  if (gone(res)) return;
  const text = encode(body);
  if (warnings.length)
    res.setHeader(
      'Warning',
      warnings.map((w) => `299 - ${JSON.stringify(w)}`),
    );
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
