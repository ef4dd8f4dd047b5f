// The curl command a probe runs in the consumer pod, and what one run of it says. Written to real
// curl (curl(1): --globoff, --, -w variables; "EXIT CODES"), not to any simulator.
import { UsageError } from '../errors.js';

export interface Expectation {
  /** "2xx", "200", "200,301", "3xx,404" */
  status: string;
  body?: RegExp;
}

/** One curl run, read from its exit code, stderr and our -w line. */
export interface CurlRun {
  exitCode: number;
  /** HTTP status, 0 when no response arrived */
  status: number;
  /** the address curl connected to (or tried last); '' when unknown */
  remoteIp: string;
  /** whether the TCP connection was made: curl's time_connect is 0 until it is; null when curl did not say */
  connected: boolean | null;
  latencyMs: number;
  body: string;
  /** curl's own message (`curl: (28) ...`), '' when none */
  error: string;
}

const MARK = '__KARMADA_MCS_PROBE__';
// Each value is named: a curl that lacks a variable prints nothing for it (7.75+, with a warning) or the variable as
// is (older), and a named field keeps the others readable either way.
const WRITE_OUT = `\\n${MARK} code=%{http_code} total=%{time_total} connect=%{time_connect} ip=%{remote_ip}`;

/**
 * curl's argv: --globoff so `[1-3]` and `{a,b}` in a URL stay literal (one request, not a glob), and
 * `--` so a URL can never be read as an option. --connect-timeout bounds a dead pod network.
 */
export function curlCommand(url: string, timeoutSeconds: number): string[] {
  const connect = Math.max(1, Math.min(timeoutSeconds, 5));
  return [
    'curl',
    '-sS',
    '--globoff',
    '-m',
    String(timeoutSeconds),
    '--connect-timeout',
    String(connect),
    '-w',
    WRITE_OUT,
    '--',
    url,
  ];
}

/** `--url`: http or https with a host, nothing curl could read as an option or a glob range. */
export function checkUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`invalid value "${text}" for --url: expected http://HOST[:PORT][/PATH] or https://…`);
  }
  // WHATWG URLs forgive `http:///host`; curl does not, so the host must follow `//` at once.
  if (!/^https?:$/.test(url.protocol) || !url.hostname || !/^https?:\/\/[^/?#\s]/i.test(text)) {
    throw new UsageError(`invalid value "${text}" for --url: expected http://HOST[:PORT][/PATH] or https://…`);
  }
  if (/[\s\0]/.test(text))
    throw new UsageError(`invalid value for --url: it contains whitespace or control characters`);
  return text;
}

/** `--path`: empty (none) or an absolute path. */
export function checkPath(text: string): string {
  if (text !== '' && !text.startsWith('/'))
    throw new UsageError(`invalid value "${text}" for --path: it must start with "/"`);
  if (/[\s\0]/.test(text))
    throw new UsageError(`invalid value for --path: it contains whitespace or control characters`);
  return text;
}

export function statusMatches(status: number, expected: string): boolean {
  return expected
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .some((p) => (/^\dxx$/.test(p) ? Math.floor(status / 100) === Number(p[0]) : Number(p) === status));
}

export function validExpectedStatus(text: string): boolean {
  return text.split(',').every((p) => /^\s*(\dxx|\d{3})\s*$/i.test(p));
}

/** Reads curl's output (body, then our marker line) and its exit code. */
export function parseCurl(stdout: string, stderr: string, exitCode: number): CurlRun {
  const at = stdout.lastIndexOf(`\n${MARK} `);
  const body = at >= 0 ? stdout.slice(0, at) : stdout;
  const fields = new Map(
    (at >= 0
      ? stdout
          .slice(at + 1)
          .trim()
          .split(/\s+/)
          .slice(1)
      : []
    )
      .map((f) => f.split('='))
      .map(([k = '', v = '']): [string, string] => [k, v.startsWith('%') ? '' : v]),
  );
  const [code = '', total = '', connect = '', ip = ''] = ['code', 'total', 'connect', 'ip'].map(
    (k) => fields.get(k) ?? '',
  );
  const seconds = connect ? Number(connect) : NaN;
  const curlLine = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('curl:'))
    .at(-1);
  return {
    exitCode,
    status: Number(code) || 0,
    remoteIp: ip,
    connected: Number.isFinite(seconds) ? seconds > 0 : null,
    latencyMs: Math.round((Number(total) || 0) * 1000),
    body,
    error: curlLine ?? stderr.trim().split('\n').at(-1) ?? '',
  };
}

/**
 * The command did not run curl at all: 126/127 from the runtime or shell (`executable file not
 * found in $PATH`, `sh: curl: not found`), not curl's own exit codes (which stop at 99).
 */
export function curlMissing(run: CurlRun): boolean {
  return (run.exitCode === 126 || run.exitCode === 127) && run.status === 0 && !run.error.startsWith('curl:');
}

/** curl(1) EXIT CODES, in the words a user needs. */
const CURL_EXITS: Record<number, string> = {
  3: 'malformed URL',
  5: 'proxy name not found',
  6: 'DNS name not found',
  7: 'connection failed (refused or no route)',
  28: 'timed out',
  35: 'TLS handshake failed',
  52: 'empty reply from server',
  56: 'connection reset while receiving',
  60: 'server certificate not trusted',
};

export function curlExitWords(run: CurlRun): string {
  return CURL_EXITS[run.exitCode] ?? `curl exit ${run.exitCode}${run.error ? `: ${run.error}` : ''}`;
}
