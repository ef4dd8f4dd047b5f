// The layered verdict of one consumer's curl runs (src/probe/layers.ts): which layer broke, and the words and next
// step the user gets for it. Pure: curl runs in, verdict out, no simulator.
import type { CurlRun } from '../../src/probe/curl.js';
import { type Endpoint, type LayerInput, judge } from '../../src/probe/layers.js';

const WHY = 'kubectl karmada-mcs status nginx -n default';

/** One curl run as parseCurl reads it: an answer by default. */
const run = (over: Partial<CurlRun> = {}): CurlRun => ({
  exitCode: 0,
  status: 200,
  remoteIp: '10.96.0.10',
  connected: true,
  latencyMs: 3,
  body: 'hello from member1',
  error: '',
  ...over,
});
const refused = run({ exitCode: 7, status: 0, connected: false, error: "curl: (7) Couldn't connect to server" });
const timedOut = run({ exitCode: 28, status: 0, connected: false, remoteIp: '', error: 'curl: (28) Timeout' });

const pod = (provider: string, ip: string, port = 80): Endpoint => ({ provider, ip, port });

function input(over: Partial<LayerInput> = {}): LayerInput {
  return {
    consumer: 'member2',
    host: 'nginx.default',
    port: 80,
    service: [run()],
    endpoints: [{ endpoint: pod('member1', '10.1.0.1'), run: run({ remoteIp: '10.1.0.1' }) }],
    untried: 0,
    expect: { status: '2xx' },
    whyCommand: WHY,
    ...over,
  };
}

test('every layer passes: no blame, each layer says what it saw', () => {
  const v = judge(input({ untried: 2 }));
  expect(v).toMatchObject({ ok: true, layer: null, reason: null, hint: null });
  expect(v.layers).toEqual({
    dns: { ok: true, detail: 'nginx.default resolved to 10.96.0.10' },
    connect: { ok: true, detail: 'connected to nginx.default:80' },
    endpoints: { ok: true, detail: 'member1 10.1.0.1:80 answered 200; 2 more not tried' },
    http: { ok: true, detail: 'answered 200' },
  });
  expect(v.endpoints).toEqual([{ provider: 'member1', ip: '10.1.0.1', port: 80, ok: true, outcome: 'answered 200' }]);
});

test('a name that does not resolve blames dns and tests nothing after it', () => {
  const v = judge(input({ service: [run({ exitCode: 6, status: 0, connected: null, remoteIp: '' })] }));
  expect(v).toMatchObject({
    ok: false,
    layer: 'dns',
    reason: 'nginx.default does not resolve in member2: no Service of that name there (curl exit 6)',
    hint: `see why with \`${WHY}\``,
  });
  expect(v.layers.connect).toEqual({ ok: null, detail: 'not tested: the name did not resolve' });
  expect(v.layers.http).toEqual({ ok: null, detail: 'not reached' });
});

test('a refused Service port with nothing dispatched points at Karmada, not at the network', () => {
  const v = judge(input({ service: [refused], endpoints: [] }));
  expect(v).toMatchObject({
    layer: 'connect',
    reason: 'no endpoints reached member2 (connecting to nginx.default:80 refused)',
    hint: `Karmada has not dispatched the providers' EndpointSlices: see why with \`${WHY}\``,
  });
  expect(v.layers.connect.detail).toBe('connecting to nginx.default:80 (10.96.0.10) refused');
  expect(v.layers.endpoints).toEqual({ ok: false, detail: 'no provider endpoints were dispatched to member2' });
});

test('a Service port that times out with provider pods that time out is the pod network', () => {
  const v = judge(
    input({
      service: [timedOut],
      endpoints: [
        { endpoint: pod('member1', '10.1.0.1'), run: timedOut },
        { endpoint: pod('member3', 'fd00::3'), run: timedOut },
      ],
    }),
  );
  expect(v).toMatchObject({
    layer: 'connect',
    reason: "no pod network from member2 to member1's, member3's pods (10.1.0.1:80 timed out)",
    hint:
      "link the clusters' pod networks (e.g. Submariner), see docs/troubleshooting.md; " +
      "`kubectl karmada-mcs doctor` also compares the clusters' pod CIDRs",
  });
  expect(v.layers.endpoints.detail).toBe('member1 10.1.0.1:80 timed out; member3 [fd00::3]:80 timed out');
});

test('pods of a provider that is not Ready are stale endpoints, not a broken pod network', () => {
  const v = judge(
    input({
      service: [timedOut],
      endpoints: [{ endpoint: pod('member1', '10.1.0.1'), run: timedOut }],
      notReady: ['member1'],
    }),
  );
  expect(v).toMatchObject({
    layer: 'connect',
    reason:
      "member1's pods do not answer (10.1.0.1:80 timed out) and member1 is not Ready: member2 holds stale endpoints",
    hint: 'see why with `kubectl describe cluster member1`',
  });
});

test('provider pods that refuse the port name the targetPort', () => {
  const refusing = { service: [refused], endpoints: [{ endpoint: pod('member1', '10.1.0.1', 8080), run: refused }] };
  // Without the consumer's pod CIDRs (probe alone) the address may be a local one: where to compare them is said.
  expect(judge(input(refusing))).toMatchObject({
    layer: 'connect',
    reason: "nothing listens on member1's pods at port 8080 (10.1.0.1:8080 refused)",
    hint:
      "the Service's targetPort may not be the port the pods listen on; " +
      "`kubectl karmada-mcs doctor` also compares the clusters' pod CIDRs",
  });
  expect(judge(input({ ...refusing, localCidrs: ['10.2.0.0/16'] }))).toMatchObject({
    hint: "the Service's targetPort may not be the port the pods listen on",
  });
});

// Overlapping pod CIDRs: the provider's pod address is also the consumer's own, so the request stays there.
test("a provider pod address inside the consumer's own pod CIDR is the overlap, whatever the outcome", () => {
  for (const outcome of [refused, timedOut]) {
    const v = judge(
      input({
        service: [outcome],
        endpoints: [{ endpoint: pod('member1', '10.244.0.2'), run: outcome }],
        localCidrs: ['fd00::/64', '10.244.0.0/24'],
      }),
    );
    expect(v).toMatchObject({
      layer: 'connect',
      reason: expect.stringMatching(
        /^member1's pod address 10\.244\.0\.2 is inside member2's own pod CIDR 10\.244\.0\.0\/24 \(10\.244\.0\.2:80 /,
      ),
      hint: "the clusters' pod CIDRs overlap; Karmada's guide requires disjoint ones (doctor's pod-network check)",
    });
  }
});

test('the Service answers but one provider does not: blamed on endpoints, with a warning about the Service', () => {
  const v = judge(
    input({
      endpoints: [
        { endpoint: pod('member1', '10.1.0.1'), run: run() },
        { endpoint: pod('member3', '10.3.0.1'), run: timedOut },
      ],
    }),
  );
  expect(v).toMatchObject({
    ok: false,
    layer: 'endpoints',
    reason:
      "no pod network from member2 to member3's pods (10.3.0.1:80 timed out); requests through the Service may fail",
  });
  expect(v.layers.http).toEqual({ ok: true, detail: 'answered 200' });
});

test('a wrong status or body is the application, reached through a working path', () => {
  expect(judge(input({ service: [run({ status: 503 })] }))).toMatchObject({
    layer: 'http',
    reason: 'the backend answered 503 (expected 2xx)',
    hint: 'the path works: check the application in the provider clusters',
  });
  expect(judge(input({ expect: { status: '2xx', body: /v2/ } }))).toMatchObject({
    layer: 'http',
    reason: 'the backend body does not match /v2/',
  });
});

test('some of --count requests lost: the http layer says how many, and offers no application hint', () => {
  const v = judge(input({ service: [run(), run({ exitCode: 28, status: 0, connected: true }), run()] }));
  expect(v).toMatchObject({ layer: 'http', reason: '1 of 3 requests failed: timed out', hint: null });
});

test('connected but no HTTP answer (TLS to a plain port): the http layer, in curl exit words', () => {
  const v = judge(input({ service: [run({ exitCode: 35, status: 0, connected: true })] }));
  expect(v).toMatchObject({ layer: 'http', reason: 'TLS handshake failed', hint: null });
  expect(v.layers.http).toEqual({ ok: null, detail: 'no HTTP answer' });
});

test('--url has no dispatched pods to try; an exit that says nothing of the network is inconclusive', () => {
  expect(judge(input({ endpoints: null })).layers.endpoints).toEqual({
    ok: null,
    detail: 'not tested: --url names its own host',
  });
  const tls = run({ exitCode: 35, status: 0, connected: false, error: 'curl: (35) TLS connect error' });
  const v = judge(input({ endpoints: [{ endpoint: pod('member1', '10.1.0.1'), run: tls }] }));
  expect(v.ok).toBe(true);
  expect(v.endpoints[0]).toMatchObject({ ok: null, outcome: 'inconclusive (curl: (35) TLS connect error)' });
  expect(v.layers.endpoints.ok).toBeNull();
});
