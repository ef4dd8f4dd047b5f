// The curl command as data, and reading curl's output, as real curl prints it (curl(1)).
import { checkPath, checkUrl, curlCommand, curlMissing, parseCurl } from '../../src/probe/curl.js';
import { UsageError } from '../../src/errors.js';

const MARK = '\n__KARMADA_MCS_PROBE__';

test('curl always gets --globoff and --, with the URL last, so it is one literal request and never an option', () => {
  for (const url of ['http://nginx.default/[1-100000]', 'http://nginx.default/{a,b}', 'http://-o/x']) {
    const argv = curlCommand(url, 10);
    expect(argv[0]).toBe('curl');
    expect(argv).toContain('--globoff');
    expect(argv.slice(-2)).toEqual(['--', url]);
    expect(argv.indexOf('--globoff')).toBeLessThan(argv.indexOf('--'));
  }
  const argv = curlCommand('http://x', 30);
  expect(argv[argv.indexOf('-m') + 1]).toBe('30');
  expect(argv[argv.indexOf('--connect-timeout') + 1]).toBe('5');
  expect(argv[argv.indexOf('-w') + 1]).toBe(
    '\\n__KARMADA_MCS_PROBE__ code=%{http_code} total=%{time_total} connect=%{time_connect} ip=%{remote_ip}',
  );
});

test('--url must be http(s):// with a host; --path must start with /', () => {
  for (const ok of [
    'http://nginx.default',
    'https://nginx.default:8443/x?y=1',
    'http://10.0.0.1:80/',
    'http://[fd00::1]:80/',
  ])
    expect(checkUrl(ok)).toBe(ok);
  for (const bad of [
    '-o/etc/passwd',
    'nginx.default',
    'ftp://nginx.default/',
    'file:///etc/passwd',
    'http://',
    'http:///x',
    'gopher://x',
    'http://a b/',
  ]) {
    expect(() => checkUrl(bad)).toThrow(UsageError);
  }
  expect(checkPath('')).toBe('');
  expect(checkPath('/[1-3]')).toBe('/[1-3]');
  for (const bad of ['x', '-o', '../etc', '/a b']) expect(() => checkPath(bad)).toThrow(UsageError);
});

test('parseCurl reads the body, the status, the time to connect and the remote address', () => {
  const ok = parseCurl(
    `Hello, world!\nVersion: 1.0.0${MARK} code=200 total=0.004512 connect=0.001200 ip=10.96.0.10`,
    '',
    0,
  );
  expect(ok).toEqual({
    exitCode: 0,
    status: 200,
    remoteIp: '10.96.0.10',
    connected: true,
    latencyMs: 5,
    body: 'Hello, world!\nVersion: 1.0.0',
    error: '',
  });
  // A connect that timed out: curl prints 000 and a zero time_connect, and says why on stderr.
  const timeout = parseCurl(
    `${MARK} code=000 total=5.001 connect=0.000000 ip=`,
    'curl: (28) Failed to connect to 10.244.1.5 port 80 after 5001 ms: Timeout was reached\n',
    28,
  );
  expect(timeout).toMatchObject({
    status: 0,
    connected: false,
    remoteIp: '',
    error: 'curl: (28) Failed to connect to 10.244.1.5 port 80 after 5001 ms: Timeout was reached',
  });
  // A curl that does not know a variable prints it as is (before 7.75) or nothing (since): that tells nothing,
  // and the fields after it keep their meaning.
  expect(parseCurl(`${MARK} code=200 total=0.1 connect=%{time_connect} ip=%{remote_ip}`, '', 0)).toMatchObject({
    connected: null,
    remoteIp: '',
  });
  expect(parseCurl(`${MARK} code=200 total=0.1 connect= ip=10.96.0.10`, '', 0)).toMatchObject({
    status: 200,
    connected: null,
    remoteIp: '10.96.0.10',
  });
});

test("an image without curl is told apart from curl's own failures", () => {
  // containerd/runc: the exec itself fails (126 or 127 by runtime); a shell says "not found" and exits 127.
  const runtime = parseCurl(
    '',
    'OCI runtime exec failed: exec failed: unable to start container process: ' +
      'exec: "curl": executable file not found in $PATH: unknown\n',
    126,
  );
  const shell = parseCurl('', 'sh: curl: not found\n', 127);
  expect([curlMissing(runtime), curlMissing(shell)]).toEqual([true, true]);
  expect(shell.error).toBe('sh: curl: not found');
  // curl's own exit codes stop below 100, and it prints the marker line whatever happened.
  expect(
    curlMissing(
      parseCurl(
        `${MARK} code=000 total=0 connect=0 ip=`,
        "curl: (7) Failed to connect to nginx.default port 80 after 1 ms: Couldn't connect to server",
        7,
      ),
    ),
  ).toBe(false);
});
