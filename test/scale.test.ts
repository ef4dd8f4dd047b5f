// Many member clusters: requests stay O(clusters) (the bounds docs/performance.md states), every request but exec
// goes over HTTP/2, --max-concurrent-requests bounds what is in flight, and 429s are retried as the server asks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import forge from 'node-forge';
import { type TestSim, startTestSim } from './helpers/sim.js';
import { cli } from './helpers/cli.js';
import { kubectl } from './helpers/kubectl.js';
import type { RequestRecord } from '../src/sim/server.js';
import { generateServingCerts } from '../src/sim/certs.js';
import { KubeClient } from '../src/kube/client.js';
import { CLUSTERS, CONFIGMAPS } from '../src/kube/resources.js';
import { CONFIGMAPS as SIM_CONFIGMAPS } from '../src/sim/resources.js';
import { loadKubeconfig, resolveContext } from '../src/kube/kubeconfig.js';
import { Limiter } from '../src/concurrency.js';

const MEMBERS = 12;
let t: TestSim | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** MEMBERS members, the gate on, three MCS with member1 providing to every cluster. */
async function fleet(): Promise<TestSim> {
  t = await startTestSim({ members: MEMBERS });
  expect((await cli(['enable', '--no-wait'], t.env)).code).toBe(0);
  for (let i = 0; i < 3; i++) {
    const r = await cli(['expose', 'nginx', '--name', `web-${i}`, '--provider', 'member1', '--all-consumers'], t.env);
    expect(r.code).toBe(0);
  }
  t.sim.settle();
  t.sim.api.requests.length = 0;
  return t;
}

const toMembers = (s: TestSim) => s.sim.api.requests.filter((q) => q.cluster.startsWith('member'));

// Issue 16's bound: per member a list of Services and one of EndpointSlices; the pod CIDRs (Nodes) and the Pull
// agents are doctor's.
test('status: at most 8 + 2 × clusters requests, all over HTTP/2', async () => {
  const s = await fleet();
  const r = await cli(['status', '-o', 'json'], s.env);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).items).toHaveLength(3);
  expect(toMembers(s)).toHaveLength(2 * MEMBERS);
  expect(s.sim.api.requests.length).toBeLessThanOrEqual(8 + 2 * MEMBERS);
  expect(new Set(s.sim.api.requests.map((q) => q.http))).toEqual(new Set(['2.0']));
});

// The control plane's other lists are asked for once the lists the members wait for are in (here both: these MCS
// leave their consumers empty), just ahead of the members: parsing them (650 KB at 100 MCS) as those arrive held the
// members' requests back.
test("status asks for the control plane's other lists after the MCS and Cluster lists, ahead of the members", async () => {
  const s = await fleet();
  expect((await cli(['status'], s.env)).code).toBe(0);
  // Without injected latency the simulator logs each read as it arrives.
  const order = s.sim.api.requests;
  const at = (suffix: string) => order.findIndex((q) => q.cluster === 'karmada' && q.path.endsWith(suffix));
  const firstMember = order.findIndex((q) => q.cluster.startsWith('member'));
  for (const later of ['/events', '/resourcebindings', '/deployments']) {
    expect(at(later)).toBeGreaterThan(at('/multiclusterservices'));
    expect(at(later)).toBeGreaterThan(at('/clusters'));
    expect(at(later)).toBeLessThan(firstMember);
  }
});

// Where every MCS names its clusters, the members are read without waiting for the Cluster list (a few KB a cluster);
// a side left empty (every cluster) has to wait for it.
test('members an MCS names are read while the Cluster list is still on its way; an empty side waits', async () => {
  t = await startTestSim({ members: 4 });
  const s = t;
  expect((await cli(['enable', '--no-wait'], s.env)).code).toBe(0);
  const consumers = ['--consumer', 'member2,member3'];
  expect((await cli(['expose', 'nginx', '--name', 'web', '--provider', 'member1', ...consumers], s.env)).code).toBe(0);
  s.sim.settle();
  s.sim.api.delays.push({ cluster: 'karmada', path: '/clusters', ms: 400 });
  // The simulator logs each request as it is answered.
  const answered = async (args: string[]) => {
    s.sim.api.requests.length = 0;
    expect((await cli(args, s.env)).code).toBe(0);
    const order = s.sim.api.requests;
    const clusters = order.findIndex((q) => q.cluster === 'karmada' && q.path.endsWith('/clusters'));
    return order.map((q, i) => ({ member: q.cluster.startsWith('member'), afterClusters: i > clusters }));
  };
  for (const args of [['status'], ['doctor']]) {
    const members = (await answered(args)).filter((q) => q.member);
    // doctor reads the cluster no MCS names (member4) once the list is in.
    expect(members.filter((q) => !q.afterClusters)).toHaveLength(3 * (args[0] === 'doctor' ? 3 : 2));
  }
  const all = ['expose', 'nginx', '--name', 'web-all', '--provider', 'member1', '--all-consumers'];
  expect((await cli(all, s.env)).code).toBe(0);
  s.sim.settle();
  expect((await answered(['status'])).filter((q) => q.member && !q.afterClusters)).toEqual([]);
});

test('status: still 8 + 2 × clusters when a consumer misses endpoints and the Works are read', async () => {
  t = await startTestSim({ scenario: 'controllers-off' });
  t.sim.settle();
  t.sim.api.requests.length = 0;
  expect((await cli(['status', 'nginx'], t.env)).code).toBe(1);
  const members = new Set(toMembers(t).map((q) => q.cluster));
  expect(members.size).toBeGreaterThan(0);
  expect(t.sim.api.requests.filter((q) => q.path.endsWith('/works'))).toHaveLength(1);
  expect(t.sim.api.requests.length).toBeLessThanOrEqual(8 + 2 * members.size);
});

test('doctor: at most 9 + 3 × clusters requests (nodes too, and the CRD)', async () => {
  const s = await fleet();
  const r = await cli(['doctor', '-o', 'json'], s.env);
  expect(r.code).toBe(0);
  expect(toMembers(s)).toHaveLength(3 * MEMBERS);
  expect(s.sim.api.requests.length).toBeLessThanOrEqual(9 + 3 * MEMBERS);
});

// doctor without NAME checks every registered cluster, but a cluster no MCS names only has to be reachable.
test('doctor: 3 requests per cluster an MCS names, 1 per other registered cluster', async () => {
  t = await startTestSim({ members: MEMBERS });
  expect((await cli(['enable', '--no-wait'], t.env)).code).toBe(0);
  const r = await cli(['expose', 'nginx', '--name', 'web-0', '--provider', 'member1', '--consumer', 'member2'], t.env);
  expect(r.code).toBe(0);
  t.sim.settle();
  t.sim.api.requests.length = 0;
  expect((await cli(['doctor'], t.env)).code).toBe(0);
  const per = new Map<string, number>();
  for (const q of toMembers(t)) per.set(q.cluster, (per.get(q.cluster) ?? 0) + 1);
  expect(per.size).toBe(MEMBERS);
  expect([per.get('member1'), per.get('member2')]).toEqual([3, 3]);
  expect([...per].filter(([c]) => c !== 'member1' && c !== 'member2').every(([, n]) => n === 1)).toBe(true);
  expect(t.sim.api.requests.length).toBeLessThanOrEqual(9 + 3 * 2 + (MEMBERS - 2));
});

/** The label selector of each member's EndpointSlice list, from the -v log. */
const sliceSelectors = (log: string) =>
  new Map(
    [...log.matchAll(/clusters\/(member\d+)\/proxy\/apis\/discovery\.k8s\.io\/v1\/\S*endpointslices\?(\S+) 200/g)].map(
      (m) => [m[1], new URLSearchParams(m[2]).get('labelSelector')],
    ),
  );

// What is judged of a member's EndpointSlices: those of the MCS it takes part in; a consumer's own never are.
test('status lists only the EndpointSlices it judges: dispatched ones where a member provides none', async () => {
  const s = await fleet();
  const r = await cli(['status', '-v'], s.env);
  expect(r.code).toBe(0);
  const selectors = sliceSelectors(r.stderr);
  expect(selectors.size).toBe(MEMBERS);
  const names = 'kubernetes.io/service-name in (web-0,web-1,web-2)';
  // member1 provides (and consumes, --all-consumers): its own slices and the dispatched ones
  expect(selectors.get('member1')).toBe(names);
  expect(selectors.get('member2')).toBe(
    `endpointslice.kubernetes.io/managed-by=endpointslice-dispatch-controller.karmada.io,${names}`,
  );
});

// The Works explain only a consumer missing a provider's endpoints (whereLost); at 100 MCS × 500 clusters they are
// 100 000 objects, so they are read only then.
test('EndpointSlice Works are read only when a consumer misses endpoints, and say where they stopped', async () => {
  const s = await fleet();
  expect((await cli(['doctor'], s.env)).code).toBe(0);
  expect(s.sim.api.requests.filter((q) => q.path.endsWith('/works'))).toEqual([]);
  await t?.stop();
  t = await startTestSim({ scenario: 'controllers-off' });
  t.sim.settle();
  const r = await cli(['doctor', 'nginx', '-o', 'json'], t.env);
  expect(r.code).toBe(1);
  const lost = JSON.parse(r.stdout).checks.find((c: any) => c.id === 'dispatch' && c.cluster === 'member2');
  expect(lost.message).toMatch(
    /consumer member2 has no EndpointSlice from provider member1: collected \(Work \S+ in karmada-es-member1\) but not dispatched to karmada-es-member2: --controllers turns off endpointsliceDispatch/,
  );
  expect(t.sim.api.requests.filter((q) => q.path.endsWith('/works'))).toHaveLength(1);
});

test('expose: at most 9 + one request per cluster named', async () => {
  const s = await fleet();
  const r = await cli(['expose', 'nginx', '--name', 'web-x', '--provider', 'member1', '--all-consumers'], s.env);
  expect(r.code).toBe(0);
  expect(toMembers(s)).toHaveLength(MEMBERS);
  expect(s.sim.api.requests.length).toBeLessThanOrEqual(9 + MEMBERS);
});

// Besides the reads of the pod while it starts.
test('probe: 3 + per consumer a create, a list, --count + 4 execs and a delete', async () => {
  const s = await fleet();
  const r = await cli(['probe', 'web-0', '-o', 'json'], s.env);
  expect(r.code).toBe(0);
  const consumers = MEMBERS;
  const podReads = (q: RequestRecord) => q.method === 'GET' && /\/pods\/[^/]+$/.test(q.path);
  const others = s.sim.api.requests.filter((q) => !podReads(q));
  expect(others.length).toBeLessThanOrEqual(3 + consumers * (3 + 1 + 4));
  // exec upgrades (HTTP/1.1, as kubectl's) are the only requests not on HTTP/2
  expect(s.sim.api.requests.filter((q) => q.http !== '2.0').every((q) => q.status === 101)).toBe(true);
});

/** The most requests the simulator was serving at once while `fn` ran. */
async function peakInFlight(s: TestSim, fn: () => Promise<void>): Promise<number> {
  const api = s.sim.api as unknown as { handle(c: string, req: IncomingMessage, res: ServerResponse): Promise<void> };
  const handle = api.handle.bind(api);
  let now = 0;
  let peak = 0;
  api.handle = async (c, req, res) => {
    peak = Math.max(peak, ++now);
    try {
      await handle(c, req, res);
    } finally {
      now--;
    }
  };
  await fn();
  return peak;
}

test('--max-concurrent-requests bounds the requests in flight, to all clusters together', async () => {
  const s = await fleet();
  // Latency keeps each request in flight long enough for the others to pile up behind it.
  s.sim.api.latencyMs = 20;
  const bounded = await peakInFlight(s, async () => {
    expect((await cli(['status', '--max-concurrent-requests', '3'], s.env)).code).toBe(0);
  });
  expect(bounded).toBeLessThanOrEqual(3);
  const open = await peakInFlight(s, async () => {
    expect((await cli(['status'], s.env)).code).toBe(0);
  });
  expect(open).toBeGreaterThan(2 * MEMBERS - 1);
});

test.each(['0', '-1', 'many', '1001'])('--max-concurrent-requests %p is a usage error (exit 2)', async (value) => {
  const r = await cli(['status', '--max-concurrent-requests', value], { PATH: process.env.PATH, HOME: '/nonexistent' });
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(
    `error: invalid value "${value}" for --max-concurrent-requests: expected a whole number from 1 to 1000\n`,
  );
});

describe('429 Too Many Requests', () => {
  const statuses = (s: TestSim, path: string) =>
    s.sim.api.requests.filter((q) => q.cluster === 'member2' && q.path.endsWith(path)).map((q) => q.status);

  test('retried after the Retry-After the server sends, until it answers', async () => {
    const s = await fleet();
    s.sim.api.faults.push({ cluster: 'member2', path: '/endpointslices', status: 429, retryAfterSeconds: 0, times: 2 });
    const r = await cli(['status', '-v'], s.env);
    expect(r.code).toBe(0);
    expect(statuses(s, '/endpointslices')).toEqual([429, 429, 200]);
    expect(r.stderr).toMatch(/endpointslices(\?\S*)? 429 \d+ms, retrying in 0ms/);
  });

  test('without Retry-After, retried after a backoff', async () => {
    const s = await fleet();
    s.sim.api.faults.push({ cluster: 'member2', path: '/endpointslices', status: 429, times: 1 });
    const r = await cli(['status', '-v'], s.env);
    expect(r.code).toBe(0);
    expect(statuses(s, '/endpointslices')).toEqual([429, 200]);
    expect(r.stderr).toMatch(/endpointslices(\?\S*)? 429 \d+ms, retrying in 500ms/);
  });

  test('a server that keeps answering 429 gets 10 retries, then the error', async () => {
    const s = await fleet();
    s.sim.api.faults.push({ cluster: 'member2', path: '/endpointslices', status: 429, retryAfterSeconds: 0 });
    const r = await cli(['status', 'web-0'], s.env);
    expect(r.code).toBe(1);
    expect(statuses(s, '/endpointslices')).toEqual(Array(11).fill(429));
    expect(r.stdout).toMatch(/member2.*answered 429: injected fault: 429/);
  });

  test('a 5xx is retried only when it carries Retry-After', async () => {
    const s = await fleet();
    s.sim.api.faults.push({ cluster: 'member2', path: '/endpointslices', status: 503, retryAfterSeconds: 0, times: 1 });
    expect((await cli(['status'], s.env)).code).toBe(0);
    expect(statuses(s, '/endpointslices')).toEqual([503, 200]);
    s.sim.api.requests.length = 0;
    s.sim.api.faults.push({ cluster: 'member2', path: '/endpointslices', status: 500, times: 1 });
    await cli(['status'], s.env);
    expect(statuses(s, '/endpointslices')).toEqual([500]);
  });
});

test('a server that offers only HTTP/1.1 is spoken to in HTTP/1.1, over kept-alive connections', async () => {
  const certs = generateServingCerts();
  const seen: string[] = [];
  const sockets = new Set<unknown>();
  const server = https.createServer({ cert: certs.certPem, key: certs.keyPem }, (req, res) => {
    seen.push(req.httpVersion);
    sockets.add(req.socket);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        apiVersion: 'cluster.karmada.io/v1alpha1',
        kind: 'ClusterList',
        items: [{ metadata: { name: 'm1' } }],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const server_ = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const context = {
      name: 'old',
      cluster: {
        name: 'old',
        cluster: { server: server_, 'certificate-authority-data': Buffer.from(certs.caPem).toString('base64') },
      },
      user: { name: 'u', user: { token: 't' } },
    };
    const client = new KubeClient(context, 'context "old"', { timeoutMs: 10_000 });
    const lists = await Promise.all([client.list(CLUSTERS), client.list(CLUSTERS)]);
    await client.list(CLUSTERS);
    expect(lists.map((l) => l.map((c) => c.metadata?.name))).toEqual([['m1'], ['m1']]);
    expect(seen).toEqual(['1.1', '1.1', '1.1']);
    expect(sockets.size).toBeLessThanOrEqual(2);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A bare HTTP/2 API server on 127.0.0.1 answering every request with `handler`, and a client of it. */
async function h2Server(
  handler: (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void,
  settings: http2.Settings = {},
  limit = 16,
) {
  const certs = generateServingCerts();
  // A client certificate is asked for, not required: it tells who is asking where the test gives one.
  const server = http2.createSecureServer(
    { cert: certs.certPem, key: certs.keyPem, settings, requestCert: true, rejectUnauthorized: false },
    handler,
  );
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => sessions.add(session));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const context = {
    name: 'h2',
    cluster: {
      name: 'h2',
      cluster: {
        server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
        'certificate-authority-data': Buffer.from(certs.caPem).toString('base64'),
      },
    },
    user: { name: 'u', user: { token: 't' } },
  };
  return {
    sessions,
    context,
    client: new KubeClient(context, 'context "h2"', { timeoutMs: 10_000, limiter: new Limiter(limit) }),
    async close() {
      for (const session of sessions) session.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const emptyList = (res: http2.Http2ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ apiVersion: 'cluster.karmada.io/v1alpha1', kind: 'ClusterList', items: [] }));
};

// Node's HTTP/2 client opens 64 KiB windows, so a server sending 100 lists at once stalls until each WINDOW_UPDATE:
// the windows are Go's transport's (golang.org/x/net/http2 transport.go: transportDefaultStreamFlow 4 MiB,
// transportDefaultConnFlow 1 GiB), which client-go uses.
test("over HTTP/2 the client opens client-go's flow-control windows: 4 MiB per stream, 1 GiB per connection", async () => {
  const seen: Array<{ stream: number | undefined; connection: number | undefined }> = [];
  const h2 = await h2Server((req, res) => {
    const session = req.stream.session;
    seen.push({ stream: session?.remoteSettings.initialWindowSize, connection: session?.state.remoteWindowSize });
    emptyList(res);
  });
  try {
    await h2.client.list(CLUSTERS);
    expect(seen).toEqual([{ stream: 4 << 20, connection: 1 << 30 }]);
  } finally {
    await h2.close();
  }
});

// kube-apiserver allows 100 streams per connection; client-go opens another connection past that rather than queue
// (x/net/http2 StrictMaxConcurrentStreams false), and so does the plugin, up to --max-concurrent-requests.
test("past a server's streams per connection, requests go over another connection, not queued", async () => {
  let inFlight = 0;
  let most = 0;
  const held: http2.Http2ServerResponse[] = [];
  const release = () => {
    held.splice(0).forEach(emptyList);
  };
  const h2 = await h2Server(
    (_req, res) => {
      most = Math.max(most, ++inFlight);
      res.on('finish', () => inFlight--);
      held.push(res);
      // All five at once, or (a client that queues behind the limit) what arrived within a second.
      if (held.length === 5) release();
      else setTimeout(release, 1000);
    },
    { maxConcurrentStreams: 2 },
    5,
  );
  try {
    // One request first, so the client knows the server's limit before the five.
    await h2.client.list(CLUSTERS);
    await Promise.all(Array.from({ length: 5 }, () => h2.client.list(CLUSTERS)));
    expect(most).toBe(5);
    expect(h2.sessions.size).toBe(3);
  } finally {
    await h2.close();
  }
});

/** A self-signed client certificate for `name`, base64 PEM as a kubeconfig carries it. */
function clientCertificate(name: string): { cert: string; key: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 3600_000);
  cert.setSubject([{ name: 'commonName', value: name }]);
  cert.setIssuer([{ name: 'commonName', value: name }]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const b64 = (pem: string) => Buffer.from(pem).toString('base64');
  return { cert: b64(forge.pki.certificateToPem(cert)), key: b64(privateKey) };
}

// The client certificate is who the API server takes a connection's requests to come from: requests made with
// different certificates never share a connection, those made with the same one do (even from another client).
test('requests with different client certificates go over connections of their own', async () => {
  const seen: string[] = [];
  const h2 = await h2Server((req, res) => {
    seen.push(String((req.stream.session?.socket as TLSSocket).getPeerCertificate().subject.CN));
    emptyList(res);
  });
  const users = { alice: clientCertificate('alice'), bob: clientCertificate('bob') };
  const as = (user: keyof typeof users) => {
    const { cert, key } = users[user];
    const context = {
      ...h2.context,
      user: { name: user, user: { 'client-certificate-data': cert, 'client-key-data': key } },
    };
    return new KubeClient(context, `user ${user}`, { timeoutMs: 10_000 });
  };
  try {
    for (const user of ['alice', 'bob', 'alice'] as const) await as(user).list(CLUSTERS);
    expect(seen).toEqual(['alice', 'bob', 'alice']);
    expect(h2.sessions.size).toBe(2);
  } finally {
    await h2.close();
  }
});

// A refused stream was never processed (RFC 9113 8.7): the client sends it again, as Go's transport does.
test('a request the server refused (REFUSED_STREAM) is sent again', async () => {
  let seen = 0;
  const h2 = await h2Server((req, res) => {
    if (++seen === 1) req.stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
    else emptyList(res);
  });
  try {
    expect(await h2.client.list(CLUSTERS)).toEqual([]);
    expect(seen).toBe(2);
  } finally {
    await h2.close();
  }
});

// kube-apiserver lets flow control pace 100 large lists on one connection; Node's HTTP/2 server, which the simulator
// is, would refuse streams (ENHANCE_YOUR_CALM) past 10 MB of unsent data unless told otherwise.
test('the simulated API server answers 100 large lists at once over one connection with a 1 GiB window', async () => {
  t = await startTestSim({ members: 1 });
  t.sim.world.put(
    'karmada',
    SIM_CONFIGMAPS,
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'big', namespace: 'default' },
      data: { blob: 'x'.repeat(400_000) },
    },
    'as-is',
  );
  const context = resolveContext(await loadKubeconfig(t.env.KUBECONFIG, {}), undefined, '--karmada-context');
  const client = new KubeClient(context, 'karmada', { timeoutMs: 60_000, limiter: new Limiter(100) });
  const lists = await Promise.all(Array.from({ length: 100 }, () => client.list(CONFIGMAPS, 'default')));
  expect(lists.every((l) => l.some((c) => c.metadata?.name === 'big'))).toBe(true);
});

// karmada-apiserver is the kube-apiserver each release's installs default to: v1.25.4 at v1.8 (250 streams),
// v1.26.12 and later from v1.9 (100, since the 2023 rapid-reset fix).
test.each([
  ['v1.18', 100],
  ['v1.9', 100],
  ['v1.8', 250],
])('karmada-apiserver of Karmada %s allows %i HTTP/2 streams per connection', async (karmadaVersion, streams) => {
  t = await startTestSim({ members: 1, karmadaVersion });
  const session = http2.connect(t.sim.karmadaUrl, { ca: t.sim.caPem });
  try {
    const settings = await new Promise<http2.Settings>((resolve) => session.once('remoteSettings', resolve));
    expect(settings.maxConcurrentStreams).toBe(streams);
  } finally {
    session.destroy();
  }
});

test('kubectl reads over HTTP/2 and execs over HTTP/1.1; with HTTP/2 off it reads over HTTP/1.1', async () => {
  t = await startTestSim();
  t.sim.settle();
  const get = await kubectl(['--context', 'member2', 'get', 'pods', '-l', 'app=curl', '-o', 'name'], t.env);
  expect(get.code).toBe(0);
  const pod = get.stdout.trim();
  // No MultiClusterService yet, so curl cannot resolve the name (exit 6): the exec itself ran.
  const exec = await kubectl(['--context', 'member2', 'exec', pod, '--', 'curl', '-sS', 'http://nginx.default'], t.env);
  expect(exec.stderr).toContain('Could not resolve host');
  const reads = t.sim.api.requests.filter((q) => q.status !== 101);
  expect(new Set(reads.map((q) => q.http))).toEqual(new Set(['2.0']));
  expect(t.sim.api.requests.filter((q) => q.status === 101).map((q) => q.http)).toEqual(['1.1']);
  t.sim.api.requests.length = 0;
  // client-go without HTTP/2 (apimachinery pkg/util/net/http.go reads DISABLE_HTTP2): the HTTP/1.1 side answers.
  const h1 = await kubectl(['--context', 'member2', 'get', 'pods', '-o', 'name'], { ...t.env, DISABLE_HTTP2: 'true' });
  expect(h1.stdout).toContain(pod);
  expect(new Set(t.sim.api.requests.map((q) => q.http))).toEqual(new Set(['1.1']));
});
