// The curl command a probe runs in the consumer pod, and how its outcome reads in plain words.

export interface CurlOutcome {
  ok: boolean;
  /** HTTP status, 0 when no response arrived */
  status: number;
  latencyMs: number;
  body: string;
  /** why it failed, in plain words */
  reason?: string;
}

export interface Expectation {
  /** "2xx", "200", "200,301", "3xx,404" */
  status: string;
  body?: RegExp;
}

const MARK = '__KARMADA_MCS_PROBE__';

export function curlCommand(url: string, timeoutSeconds: number): string[] {
  return ['curl', '-sS', '-m', String(timeoutSeconds), '-w', `\\n${MARK} %{http_code} %{time_total}`, url];
}

const CURL_ERRORS: Record<number, string> = {
  3: 'malformed URL',
  6: 'DNS name not found',
  7: 'connection refused',
  28: 'timeout',
  35: 'TLS handshake failed',
  52: 'empty reply from server',
  56: 'connection reset',
};

function statusMatches(status: number, expected: string): boolean {
  return expected.split(',').map((p) => p.trim().toLowerCase()).some((p) => (/^\dxx$/.test(p) ? Math.floor(status / 100) === Number(p[0]) : Number(p) === status));
}

export function validExpectedStatus(text: string): boolean {
  return text.split(',').every((p) => /^\s*(\dxx|\d{3})\s*$/i.test(p));
}

/** Reads curl's output (body, then our marker line with status and time) and exit code. */
export function classify(stdout: string, stderr: string, exitCode: number, expect: Expectation): CurlOutcome {
  const at = stdout.lastIndexOf(`\n${MARK} `);
  const body = at >= 0 ? stdout.slice(0, at) : stdout;
  const [, code, seconds] = at >= 0 ? stdout.slice(at + 1).trim().split(' ') : [];
  const status = Number(code ?? 0);
  const latencyMs = Math.round(Number(seconds ?? 0) * 1000);
  if (exitCode === 126 || exitCode === 127) return { ok: false, status: 0, latencyMs, body, reason: 'curl is not installed in the pod' };
  if (exitCode !== 0) {
    return { ok: false, status, latencyMs, body, reason: CURL_ERRORS[exitCode] ?? `curl failed (exit ${exitCode}: ${stderr.trim().split('\n').at(-1) ?? ''})` };
  }
  if (!statusMatches(status, expect.status)) return { ok: false, status, latencyMs, body, reason: `unexpected status ${status} (expected ${expect.status})` };
  if (expect.body && !expect.body.test(body)) return { ok: false, status, latencyMs, body, reason: `body does not match /${expect.body.source}/` };
  return { ok: true, status, latencyMs, body };
}
