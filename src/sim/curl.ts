// curl as its command line behaves (src/tool_getparam.c, src/tool_urlglob.c, src/tool_writeout.c, lib/multi.c),
// checked against curl 7.88.1's output: options, URL globbing, write-out variables, exit codes and messages.
// Options it does not model are reported as unknown, as curl reports options it does not have.
import type { HttpAnswer } from './apps.js';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** What connecting and sending one request gave; the network decides, curl words it. */
export type Connection =
  | { kind: 'unresolved' }
  /** a RST or an ICMP port unreachable: kube-proxy's REJECT for a Service without endpoints, or no listener */
  | { kind: 'refused' }
  /** nothing answers: no route to that pod network, or a ClusterIP port kube-proxy has no rule for */
  | { kind: 'blackhole' }
  /** plain HTTP to a TLS URL */
  | { kind: 'not-tls' }
  | { kind: 'answer'; ip: string; port: number; answer: HttpAnswer };

export interface CurlNetwork {
  /** `address`: what --resolve pinned the host to, if it did */
  connect(
    host: string,
    port: number,
    address: string | undefined,
    tls: boolean,
    method: string,
    path: string,
  ): Connection;
}

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";
const usage = (message: string): ExecResult => ({ stdout: '', stderr: `curl: ${message}\n${TRY}`, exitCode: 2 });

type Flag = 'silent' | 'showError' | 'globoff' | 'head' | 'fail' | 'include' | 'location' | 'insecure';
type Value = 'output' | 'writeOut' | 'maxTime' | 'connectTimeout' | 'resolve' | 'header' | 'request' | 'url';
const FLAGS: Partial<Record<string, Flag>> = {
  silent: 'silent',
  'show-error': 'showError',
  globoff: 'globoff',
  head: 'head',
  fail: 'fail',
  include: 'include',
  location: 'location',
  insecure: 'insecure',
};
const VALUES: Partial<Record<string, Value>> = {
  output: 'output',
  'write-out': 'writeOut',
  'max-time': 'maxTime',
  'connect-timeout': 'connectTimeout',
  resolve: 'resolve',
  header: 'header',
  request: 'request',
  url: 'url',
};
const SHORT: Partial<Record<string, string>> = {
  s: 'silent',
  S: 'show-error',
  g: 'globoff',
  I: 'head',
  f: 'fail',
  i: 'include',
  L: 'location',
  k: 'insecure',
  o: 'output',
  w: 'write-out',
  m: 'max-time',
  H: 'header',
  X: 'request',
};

interface Options {
  flags: Set<Flag>;
  values: Map<Value, string[]>;
  urls: string[];
}

/**
 * tool_getparam.c: long options never take `=value`; a short option's value is the rest of its cluster
 * or the next word.
 */
function parse(args: string[]): Options | ExecResult {
  const opts: Options = { flags: new Set(), values: new Map(), urls: [] };
  const take = (key: Value, shown: string, inline: string | undefined, i: number): number | ExecResult => {
    const value = inline || args.at(i + 1);
    if (value === undefined) return usage(`option ${shown}: requires parameter`);
    if ((key === 'maxTime' || key === 'connectTimeout') && !/^(\d+\.?\d*|\.\d+)$/.test(value)) {
      return usage(`option ${shown}: expected a proper numerical parameter`);
    }
    opts.values.set(key, [...(opts.values.get(key) ?? []), value]);
    return inline ? i : i + 1;
  };
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!options || !a.startsWith('-') || a === '-') {
      opts.urls.push(a);
    } else if (a === '--') {
      options = false;
    } else if (a.startsWith('--')) {
      const name = a.slice(2);
      const flag = FLAGS[name];
      const key = VALUES[name];
      if (flag) opts.flags.add(flag);
      else if (key) {
        const next = take(key, a, undefined, i);
        if (typeof next !== 'number') return next;
        i = next;
      } else return usage(`option ${a}: is unknown`);
    } else {
      for (let j = 1; j < a.length; j++) {
        const name = SHORT[a.charAt(j)];
        if (!name) return usage(`option -${a.slice(j)}: is unknown`);
        const flag = FLAGS[name];
        if (flag) {
          opts.flags.add(flag);
          continue;
        }
        // Every short option that is no flag takes a value.
        const next = take(VALUES[name] as Value, `-${a.charAt(j)}`, a.slice(j + 1), i);
        if (typeof next !== 'number') return next;
        i = next;
        break;
      }
    }
  }
  opts.urls.push(...(opts.values.get('url') ?? []));
  return opts;
}

/** tool_urlglob.c: `{a,b}` sets and `[1-3]`, `[01-10:2]`, `[a-c]` ranges, one URL per combination. */
function glob(url: string): string[] | { position: number; caret: number; error: string } {
  let combos: string[] = [''];
  let i = 0;
  while (i < url.length) {
    const c = url.charAt(i);
    if (c === '\\' && (url[i + 1] === '[' || url[i + 1] === '{' || url[i + 1] === ']' || url[i + 1] === '}')) {
      combos = combos.map((s) => s + url.charAt(i + 1));
      i += 2;
    } else if (c === '{') {
      const end = url.indexOf('}', i);
      if (end < 0) return { position: i + 1, caret: i, error: 'unmatched brace' };
      const items = url.slice(i + 1, end).split(',');
      combos = combos.flatMap((s) => items.map((item) => s + item));
      i = end + 1;
    } else if (c === '[') {
      const end = url.indexOf(']', i);
      if (end < 0) return { position: url.length, caret: url.length - 1, error: 'bad range' };
      const items = range(url.slice(i + 1, end));
      if (!items) return { position: end + 2, caret: end + 1, error: 'bad range' };
      combos = combos.flatMap((s) => items.map((item) => s + item));
      i = end + 1;
    } else {
      combos = combos.map((s) => s + c);
      i++;
    }
  }
  return combos;
}

function range(spec: string): string[] | undefined {
  const m: Array<string | undefined> | null = /^(?:(\d+)-(\d+)|([a-zA-Z])-([a-zA-Z]))(?::(\d+))?$/.exec(spec);
  if (!m) return undefined;
  const step = Number(m[5] ?? 1);
  if (step < 1) return undefined;
  const out: string[] = [];
  if (m[1] !== undefined) {
    const [from, to] = [Number(m[1]), Number(m[2])];
    if (to < from) return undefined;
    const width = m[1].startsWith('0') ? m[1].length : 0;
    for (let n = from; n <= to; n += step) out.push(String(n).padStart(width, '0'));
  } else {
    const [from, to] = [String(m[3]).charCodeAt(0), String(m[4]).charCodeAt(0)];
    if (to < from) return undefined;
    for (let n = from; n <= to; n += step) out.push(String.fromCharCode(n));
  }
  return out;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

interface Transfer {
  url: string;
  exitCode: number;
  error: string;
  status: number;
  ip: string;
  port: number;
  seconds: number;
  answer?: HttpAnswer;
}

/**
 * Linux gives up a connect after tcp_syn_retries=6 retransmissions (1+2+…+64 s; kernels with
 * tcp_syn_linear_timeouts take about 133 s); curl 7.88.1 then exits 28 with "Couldn't connect to server".
 */
const KERNEL_CONNECT_MS = 127_000;
/** curl's own connect timeout when --connect-timeout is not given (lib/connect.h DEFAULT_CONNECT_TIMEOUT). */
const CURL_CONNECT_MS = 300_000;

function transfer(url: string, opts: Options, net: CurlNetwork): Transfer {
  const started = process.hrtime.bigint();
  const base = { url, status: 0, ip: '', port: 0, exitCode: 0, error: '' };
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  const fail = (exitCode: number, error: string, seconds = elapsed()): Transfer => ({
    ...base,
    exitCode,
    error,
    seconds,
  });
  const m: Array<string | undefined> | null =
    /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/?#:]*)(?::([^/?#]*))?([/?#].*)?$/s.exec(url);
  const scheme = (m?.[1] ?? 'http').toLowerCase();
  if (!m || !m[2] || (m[3] !== undefined && !/^\d{1,5}$/.test(m[3])) || Number(m[3] ?? 0) > 65535) {
    return fail(3, 'URL using bad/illegal format or missing URL');
  }
  if (scheme !== 'http' && scheme !== 'https')
    return fail(1, `Protocol "${scheme}" not supported or disabled in libcurl`);
  const host = m[2];
  const port = Number(m[3] || (scheme === 'https' ? 443 : 80));
  const path = (m[4] ?? '/').replace(/[?#].*$/s, '') || '/';
  const pinned = (opts.values.get('resolve') ?? [])
    .map((r) => r.split(':'))
    .find(([h = '', p]) => h.toLowerCase() === host.toLowerCase() && Number(p) === port)
    ?.slice(2)
    .join(':')
    .split(',')[0];
  const method = opts.values.get('request')?.at(-1) ?? (opts.flags.has('head') ? 'HEAD' : 'GET');
  const c = net.connect(host, port, pinned, scheme === 'https', method, path);
  switch (c.kind) {
    case 'unresolved':
      return fail(6, `Could not resolve host: ${host}`);
    case 'refused':
      return fail(7, `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`);
    case 'not-tls':
      return fail(35, 'error:0A00010B:SSL routines::wrong version number');
    case 'blackhole': {
      // lib/multi.c reports the overall --max-time as "Connection timed out"; lib/connect.c the connect timeout
      // as "Failed to connect … Timeout was reached"; without either the kernel's SYN timeout ends it first.
      const maxTime = opts.values.get('maxTime')?.at(-1);
      const connectTimeout = opts.values.get('connectTimeout')?.at(-1);
      const maxMs = maxTime !== undefined ? Number(maxTime) * 1000 : Infinity;
      const connectMs = connectTimeout !== undefined ? Number(connectTimeout) * 1000 : CURL_CONNECT_MS;
      const waited = Math.min(maxMs, connectMs, KERNEL_CONNECT_MS);
      const ms = Math.round(waited) + 1;
      const seconds = ms / 1000 + elapsed();
      if (waited === KERNEL_CONNECT_MS)
        return fail(
          28,
          `Failed to connect to ${host} port ${port} after ${ms} ms: Couldn't connect to server`,
          seconds,
        );
      if (maxMs <= connectMs) return fail(28, `Connection timed out after ${ms} milliseconds`, seconds);
      return fail(28, `Failed to connect to ${host} port ${port} after ${ms} ms: Timeout was reached`, seconds);
    }
    default: {
      const done = { ...base, status: c.answer.status, ip: c.ip, port: c.port, answer: c.answer, seconds: elapsed() };
      if (opts.flags.has('fail') && c.answer.status >= 400) {
        return {
          ...done,
          exitCode: 22,
          error: `The requested URL returned error: ${c.answer.status}`,
          answer: undefined,
        };
      }
      return done;
    }
  }
}

/** tool_writeout.c: `%{var}` (remote_ip/remote_port since 7.29.0, exitcode/errormsg since 7.75.0), `%%`, `\n`. */
function writeOut(format: string, t: Transfer, out: { stdout: string; stderr: string }): void {
  let toStderr = false;
  const emit = (s: string) => {
    if (toStderr) out.stderr += s;
    else out.stdout += s;
  };
  const vars: Partial<Record<string, () => string>> = {
    http_code: () => String(t.status).padStart(3, '0'),
    response_code: () => String(t.status).padStart(3, '0'),
    remote_ip: () => t.ip,
    remote_port: () => String(t.port),
    time_total: () => t.seconds.toFixed(6),
    exitcode: () => String(t.exitCode),
    errormsg: () => t.error,
    url_effective: () => t.url,
    size_download: () => String(Buffer.byteLength(t.answer?.body ?? '')),
    content_type: () => t.answer?.headers.find(([k]) => k === 'Content-Type')?.[1] ?? '',
  };
  for (let i = 0; i < format.length; i++) {
    const ch = format.charAt(i);
    if (ch === '%' && format[i + 1] === '%') {
      emit('%');
      i++;
    } else if (ch === '%' && format[i + 1] === '{' && format.indexOf('}', i) > 0) {
      const end = format.indexOf('}', i);
      const name = format.slice(i + 2, end);
      if (name === 'stderr') toStderr = true;
      else if (name === 'stdout') toStderr = false;
      else if (vars[name]) emit(vars[name]());
      else out.stderr += `curl: unknown --write-out variable: '${name}'\n`;
      i = end;
    } else if (ch === '\\' && 'nrt\\'.includes(format[i + 1] ?? '')) {
      emit({ n: '\n', r: '\r', t: '\t', '\\': '\\' }[format[i + 1] as 'n']);
      i++;
    } else emit(ch);
  }
}

/** lib/progress.c max5data: a size or speed in five columns. */
function max5(n: number): string {
  if (n < 100000) return String(Math.floor(n)).padStart(5);
  if (n < 10000 * 1024) return `${String(Math.floor(n / 1024)).padStart(4)}k`;
  return `${String(Math.floor(n / 1048576)).padStart(2)}.${Math.floor((n % 1048576) / 104858)}M`;
}

/** lib/progress.c time2str: `H:MM:SS`, or dashes for nothing yet. */
function time2str(seconds: number): string {
  const s = Math.floor(seconds);
  if (s <= 0) return '--:--:--';
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(Math.floor(s / 3600)).padStart(2)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/**
 * The progress meter curl writes to stderr when neither -s nor a terminal on stdout (kubectl exec without -t) hides
 * it: the header, a first line of zeros, and the line at the end of the transfer.
 */
function progressMeter(t: Transfer, head: boolean): string {
  const size = head ? 0 : Buffer.byteLength(t.answer?.body ?? '');
  const pct = t.answer && !head ? 100 : 0;
  const speed = t.seconds > 0 ? size / t.seconds : 0;
  const line = (p: number, n: number, rate: number, spent: number) =>
    `${String(p).padStart(3)} ${max5(n)}  ${String(p).padStart(3)} ${max5(n)}  ` +
    `  0 ${max5(0)}  ${max5(rate)}  ${max5(0)} --:--:-- ${time2str(spent)} --:--:-- ${max5(rate)}`;
  return (
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
    '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
    `\r${line(0, 0, 0, 0)}\r${line(pct, size, speed, t.seconds)}\n`
  );
}

function headerBlock(answer: HttpAnswer): string {
  const lines = [
    `HTTP/1.1 ${answer.status} ${REASONS[answer.status] ?? ''}`.trimEnd(),
    ...answer.headers.map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export function curl(args: string[], net: CurlNetwork): ExecResult {
  const parsed = parse(args);
  if ('exitCode' in parsed) return parsed;
  const opts = parsed;
  if (opts.urls.length === 0) return { stdout: '', stderr: TRY, exitCode: 2 };
  for (const r of opts.values.get('resolve') ?? []) {
    if (!/^[^:]+:\d+:.+$/.test(r))
      return { stdout: '', stderr: `curl: (49) Couldn't parse CURLOPT_RESOLVE entry '${r}'\n`, exitCode: 49 };
  }
  const out = { stdout: '', stderr: '' };
  const showErrors = !opts.flags.has('silent') || opts.flags.has('showError');
  const outputs = opts.values.get('output') ?? [];
  let exitCode = 0;
  for (const [n, url] of opts.urls.entries()) {
    const expanded = opts.flags.has('globoff') ? [url] : glob(url);
    if (!Array.isArray(expanded)) {
      const msg = `${expanded.error} in URL position ${expanded.position}:\n${url}\n${' '.repeat(expanded.caret)}^`;
      return { stdout: out.stdout, stderr: `${out.stderr}curl: (3) ${msg}\n`, exitCode: 3 };
    }
    for (const one of expanded) {
      const t = transfer(one, opts, net);
      exitCode = t.exitCode;
      if (t.answer) {
        const head = opts.flags.has('include') || opts.flags.has('head') ? headerBlock(t.answer) : '';
        const body = opts.flags.has('head') || opts.values.get('request')?.at(-1) === 'HEAD' ? '' : t.answer.body;
        // -o pairs with the URL of the same rank; a file in the container is not kept: only stdout is shown.
        const target = outputs.at(n);
        if (target === undefined || target === '-') out.stdout += head + body;
      }
      if (!opts.flags.has('silent')) out.stderr += progressMeter(t, opts.flags.has('head'));
      // tool_operate.c post_per_transfer: the error line first, then --write-out.
      if (t.exitCode && showErrors) out.stderr += `curl: (${t.exitCode}) ${t.error}\n`;
      const format = opts.values.get('writeOut')?.at(-1);
      if (format !== undefined) writeOut(format, t, out);
    }
  }
  return { ...out, exitCode };
}
