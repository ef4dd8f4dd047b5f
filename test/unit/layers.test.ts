// The layered verdict from curl runs as real curl reports them (exit codes from curl(1), `%{time_connect}`
// 0 until connected), for each way the path from a consumer to a provider breaks.
import type { CurlRun } from '../../src/probe/curl.js';
import { type Endpoint, type LayerInput, judge } from '../../src/probe/layers.js';

const answered = (status = 200, body = 'Hello, world!\n', remoteIp = '10.96.0.10'): CurlRun => ({
  exitCode: 0,
  status,
  remoteIp,
  connected: true,
  latencyMs: 3,
  body,
  error: '',
});
const failed = (exitCode: number, error: string, remoteIp = ''): CurlRun => ({
  exitCode,
  status: 0,
  remoteIp,
  connected: false,
  latencyMs: 0,
  body: '',
  error,
});
const timedOut = (ip: string) =>
  failed(28, `curl: (28) Failed to connect to ${ip} port 80 after 5002 ms: Timeout was reached`, ip);
const refused = (ip: string) =>
  failed(7, `curl: (7) Failed to connect to ${ip} port 8080 after 1 ms: Couldn't connect to server`, ip);

const pod1: Endpoint = { provider: 'member1', ip: '10.244.1.5', port: 80 };
const pod2: Endpoint = { provider: 'member1', ip: '10.244.1.6', port: 80 };
const pod3: Endpoint = { provider: 'member3', ip: '10.246.0.7', port: 80 };

const input = (over: Partial<LayerInput>): LayerInput => ({
  consumer: 'member2',
  host: 'nginx.default',
  port: 80,
  service: [answered()],
  endpoints: [],
  untried: 0,
  expect: { status: '2xx' },
  whyCommand: 'kubectl karmada-mcs status nginx -n default',
  ...over,
});

test('healthy: every layer passes', () => {
  const v = judge(
    input({
      endpoints: [
        { endpoint: pod1, run: answered(200, 'x', pod1.ip) },
        { endpoint: pod2, run: answered(200, 'x', pod2.ip) },
      ],
    }),
  );
  expect(v).toMatchObject({ ok: true, layer: null, reason: null, hint: null });
  expect(v.layers).toEqual({
    dns: { ok: true, detail: 'nginx.default resolved to 10.96.0.10' },
    connect: { ok: true, detail: 'connected to nginx.default:80' },
    endpoints: { ok: true, detail: 'member1 10.244.1.5:80 answered 200; member1 10.244.1.6:80 answered 200' },
    http: { ok: true, detail: 'answered 200' },
  });
});

test('no Service copy in the consumer (e.g. a tainted consumer): DNS, with the status command', () => {
  const v = judge(
    input({
      service: [failed(6, 'curl: (6) Could not resolve host: nginx.default')],
      endpoints: [{ endpoint: pod1, run: answered() }],
    }),
  );
  expect(v).toMatchObject({
    ok: false,
    layer: 'dns',
    reason: 'nginx.default does not resolve in member2: no Service of that name there (curl exit 6)',
    hint: 'see why with `kubectl karmada-mcs status nginx -n default`',
  });
  expect(v.layers.connect.ok).toBeNull();
  expect(v.layers.http.ok).toBeNull();
  expect(v.layers.endpoints.ok).toBe(true);
});

test('no pod network: the Service port times out and so do the provider pods', () => {
  const v = judge(
    input({
      service: [timedOut('10.96.0.10')],
      endpoints: [
        { endpoint: pod1, run: timedOut(pod1.ip) },
        { endpoint: pod2, run: timedOut(pod2.ip) },
      ],
    }),
  );
  expect(v).toMatchObject({
    ok: false,
    layer: 'connect',
    reason: "no pod network from member2 to member1's pods (10.244.1.5:80 timed out)",
    hint: "link the clusters' pod networks (e.g. Submariner), see docs/troubleshooting.md",
  });
  expect(v.layers.connect).toEqual({ ok: false, detail: 'connecting to nginx.default:80 (10.96.0.10) timed out' });
  expect(v.layers.endpoints).toEqual({
    ok: false,
    detail: 'member1 10.244.1.5:80 timed out; member1 10.244.1.6:80 timed out',
  });
  expect(v.endpoints.map((e) => e.outcome)).toEqual(['timed out', 'timed out']);
});

test('a NotReady provider whose pods do not answer: stale endpoints, not a missing pod network', () => {
  const runs = {
    service: [timedOut('')],
    endpoints: [{ endpoint: pod1, run: timedOut(pod1.ip) }],
  };
  expect(judge(input({ ...runs, notReady: ['member1'] }))).toMatchObject({
    layer: 'connect',
    reason:
      "member1's pods do not answer (10.244.1.5:80 timed out) and member1 is not Ready: member2 holds stale endpoints",
    hint: 'see why with `kubectl describe cluster member1`',
  });
  // Another cluster being NotReady changes nothing about member1's pods.
  expect(judge(input({ ...runs, notReady: ['member3'] })).reason).toBe(
    "no pod network from member2 to member1's pods (10.244.1.5:80 timed out)",
  );
});

test('one provider linked, another not: the Service may answer, the unlinked provider is named', () => {
  const v = judge(
    input({
      endpoints: [
        { endpoint: pod1, run: answered() },
        { endpoint: pod3, run: timedOut(pod3.ip) },
      ],
    }),
  );
  expect(v).toMatchObject({
    ok: false,
    layer: 'endpoints',
    reason:
      "no pod network from member2 to member3's pods (10.246.0.7:80 timed out); requests through the Service may fail",
  });
  expect(v.layers.http.ok).toBe(true);
});

test('wrong targetPort: refused at the Service port and at the pods', () => {
  const pod = { ...pod1, port: 8080 };
  const v = judge(input({ service: [refused('10.96.0.10')], endpoints: [{ endpoint: pod, run: refused(pod.ip) }] }));
  expect(v).toMatchObject({
    ok: false,
    layer: 'connect',
    reason: "nothing listens on member1's pods at port 8080 (10.244.1.5:8080 refused)",
    hint: "the Service's targetPort may not be the port the pods listen on",
  });
});

test('no endpoints dispatched: the Service port is refused and there is nothing to request directly', () => {
  const v = judge(input({ service: [refused('10.96.0.10')], endpoints: [] }));
  expect(v).toMatchObject({
    ok: false,
    layer: 'connect',
    reason: 'no endpoints reached member2 (connecting to nginx.default:80 refused)',
  });
  expect(v.hint).toContain('kubectl karmada-mcs status nginx -n default');
  expect(v.layers.endpoints).toEqual({ ok: false, detail: 'no provider endpoints were dispatched to member2' });
});

test('backend 5xx: every hop works, the HTTP layer names the status and sends to the application', () => {
  const v = judge(input({ service: [answered(503, 'no')], endpoints: [{ endpoint: pod1, run: answered(503) }] }));
  expect(v).toMatchObject({
    ok: false,
    layer: 'http',
    reason: 'the backend answered 503 (expected 2xx)',
    hint: 'the path works: check the application in the provider clusters',
  });
  expect(v.layers.endpoints.ok).toBe(true);
  expect(judge(input({ service: [answered(503)], expect: { status: '2xx,503' } })).ok).toBe(true);
  expect(judge(input({ service: [answered(200, 'Bye')], expect: { status: '2xx', body: /^Hello/ } }))).toMatchObject({
    layer: 'http',
    reason: 'the backend body does not match /^Hello/',
  });
});

test('a slow backend: connected, then timed out, is HTTP and not the network', () => {
  const slow: CurlRun = { ...timedOut('10.96.0.10'), connected: true };
  const v = judge(
    input({ service: [slow], endpoints: [{ endpoint: pod1, run: { ...timedOut(pod1.ip), connected: true } }] }),
  );
  expect(v).toMatchObject({ ok: false, layer: 'http', reason: 'timed out' });
  expect(v.layers.connect.ok).toBe(true);
  expect(v.layers.endpoints.ok).toBe(true);
});

test('--count: one lost request out of three fails the HTTP layer', () => {
  const v = judge(
    input({
      service: [answered(), failed(56, 'curl: (56) Recv failure: Connection reset by peer', '10.96.0.10'), answered()],
    }),
  );
  expect(v).toMatchObject({ layer: 'http', reason: '1 of 3 requests failed: connection reset while receiving' });
});

test('results that say nothing about the network do not count as broken; untried endpoints are said', () => {
  const v = judge(
    input({
      endpoints: [{ endpoint: pod1, run: failed(6, 'curl: (6) Could not resolve host: 10.244.1.5') }],
      untried: 3,
    }),
  );
  expect(v.ok).toBe(true);
  expect(v.layers.endpoints).toEqual({
    ok: null,
    detail:
      'member1 10.244.1.5:80 inconclusive (curl: (6) Could not resolve host: 10.244.1.5); 3 more not tried',
  });
  expect(judge(input({ endpoints: null })).layers.endpoints).toEqual({
    ok: null,
    detail: 'not tested: --url names its own host',
  });
});

test('IPv6 endpoints are written in brackets', () => {
  const v6: Endpoint = { provider: 'member1', ip: 'fd00:10:244::5', port: 80 };
  const v = judge(input({ service: [timedOut('fd00:10:96::a')], endpoints: [{ endpoint: v6, run: timedOut(v6.ip) }] }));
  expect(v.reason).toBe("no pod network from member2 to member1's pods ([fd00:10:244::5]:80 timed out)");
});
