// The probe's small pure pieces: --expect-status matching, curl's exit codes in words, curl output without our
// marker line, the one-line summary of an answer, and the URLs a Service is probed at.
import { curlExitWords, parseCurl, statusMatches, validExpectedStatus, type CurlRun } from '../../src/probe/curl.js';
import { dispatchedEndpoints, summaryLine, urlsFor } from '../../src/probe/service.js';

test('--expect-status: exact codes and NXX classes, comma-separated, case and spaces forgiven', () => {
  expect(statusMatches(204, '2xx')).toBe(true);
  expect(statusMatches(301, '2xx')).toBe(false);
  expect(statusMatches(301, '200, 3XX')).toBe(true);
  expect(statusMatches(404, '200,301')).toBe(false);
  expect(statusMatches(200, '404')).toBe(false);
  expect(statusMatches(200, '200')).toBe(true);
  expect(statusMatches(404, '3xx,404')).toBe(true);
  expect(statusMatches(0, '2xx')).toBe(false);
  for (const ok of ['2xx', '200', '200,301', '3XX, 404']) expect(validExpectedStatus(ok)).toBe(true);
  for (const bad of ['', '2x', '20', '2000', 'ok', '200,', 'x2x']) expect(validExpectedStatus(bad)).toBe(false);
});

test("curl's exit codes in the words a user needs; unknown ones keep curl's own message", () => {
  const exit = (exitCode: number, error = ''): CurlRun => ({
    exitCode,
    status: 0,
    remoteIp: '',
    connected: null,
    latencyMs: 0,
    body: '',
    error,
  });
  expect(curlExitWords(exit(6))).toBe('DNS name not found');
  expect(curlExitWords(exit(7))).toBe('connection failed (refused or no route)');
  expect(curlExitWords(exit(28))).toBe('timed out');
  expect(curlExitWords(exit(60))).toBe('server certificate not trusted');
  expect(curlExitWords(exit(47, 'curl: (47) Maximum (50) redirects followed'))).toBe(
    'curl exit 47: curl: (47) Maximum (50) redirects followed',
  );
  expect(curlExitWords(exit(143))).toBe('curl exit 143');
});

test('curl output without the marker line (killed before -w): all of it is body, nothing is measured', () => {
  expect(parseCurl('partial body', 'warning: something\nterminated\n', 137)).toEqual({
    exitCode: 137,
    status: 0,
    remoteIp: '',
    connected: null,
    latencyMs: 0,
    body: 'partial body',
    error: 'terminated',
  });
  // curl's own line wins over whatever else is on stderr, and the last one over earlier ones.
  const run = parseCurl(
    '\n__KARMADA_MCS_PROBE__ code=000 total=1.5 connect=0 ip=',
    'curl: (6) first\n  curl: (7) last  \nsome trailing noise\n',
    7,
  );
  expect(run).toMatchObject({ error: 'curl: (7) last', latencyMs: 1500, connected: false, body: '' });
});

test("an answer in one line: an HTML page's title, else the body's first line", () => {
  expect(summaryLine('<!DOCTYPE html>\n<html><head><TITLE> Welcome to nginx! </TITLE></head></html>')).toBe(
    'Welcome to nginx!',
  );
  expect(summaryLine('hello from member1\nversion 2\n')).toBe('hello from member1');
  expect(summaryLine('<title></title>\nfirst')).toBe('<title></title>');
  expect(summaryLine('')).toBe('');
});

test('a Service is probed at each TCP port, :80 left out of the URL; --port picks one; --url wins', () => {
  const service = {
    metadata: { name: 'nginx', namespace: 'web' },
    spec: {
      ports: [
        { name: 'http', port: 80 },
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'alt', port: 8080, protocol: 'TCP' },
      ],
    },
  };
  expect(urlsFor(service, { path: '/healthz' })).toEqual({
    urls: [
      { url: 'http://nginx.web/healthz', host: 'nginx.web', port: 80, portName: 'http', path: '/healthz' },
      { url: 'http://nginx.web:8080/healthz', host: 'nginx.web', port: 8080, portName: 'alt', path: '/healthz' },
    ],
  });
  expect(urlsFor(service, { path: '', port: 8080 }).urls.map((u) => u.url)).toEqual(['http://nginx.web:8080']);
  expect(urlsFor(service, { path: '', port: 53 })).toEqual({ urls: [], problem: 'service nginx has no TCP port 53' });
  expect(urlsFor({ ...service, spec: { ports: [] } }, { path: '' }).problem).toBe(
    'service nginx has no TCP port to probe',
  );
  expect(urlsFor(undefined, { path: '' })).toEqual({
    urls: [],
    problem: 'no Service of this name in the control plane',
  });
  expect(urlsFor(undefined, { path: '/x', url: 'https://[fd00::1]/a' }).urls).toEqual([
    { url: 'https://[fd00::1]/a', host: '[fd00::1]', port: 443, portName: '', path: '' },
  ]);
});

test('a dispatched slice whose endpoints the API wrote as null holds no endpoint, and breaks nothing', () => {
  // Go's encoding/json writes a nil slice as null, and discovery/v1 has no omitempty on endpoints.
  const empty = JSON.parse('{"addressType":"IPv4","endpoints":null,"ports":[{"name":"","port":80,"protocol":"TCP"}]}');
  const full = { addressType: 'IPv4', endpoints: [{ addresses: ['10.1.0.1'] }], ports: [{ name: '', port: 80 }] };
  expect(dispatchedEndpoints([empty, full], '')).toEqual({
    endpoints: [{ provider: 'an unknown provider', ip: '10.1.0.1', port: 80 }],
    total: 1,
  });
});
