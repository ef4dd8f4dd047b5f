// What runs inside a simulated pod when it is exec'd into: enough of a shell and of curl to
// answer the seed scenario's `curl http://nginx.default` as the real network would.
import type { Obj, World } from './world.js';
import { ENDPOINTSLICES, PODS, SERVICES } from './resources.js';
import { SERVICE_NAME } from './labels.js';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Pod annotations that change how the simulated backend answers (used by tests and the playground). */
export const HTTP_STATUS_ANNOTATION = 'sim.karmada-mcs.io/http-status';
export const LISTEN_ANNOTATION = 'sim.karmada-mcs.io/listen-ports';

const hasCurl = (image: string) => /curl|nginx|netshoot|busybox/.test(image);

export class Network {
  private readonly roundRobin = new Map<string, number>();

  constructor(private readonly world: World) {}

  async exec(cluster: string, pod: Obj, container: string, argv: string[]): Promise<ExecResult> {
    const image: string = pod.spec.containers.find((c: Obj) => c.name === container)?.image ?? '';
    let words = argv;
    if ((words[0] === 'sh' || words[0] === '/bin/sh') && words[1] === '-c') words = shellWords(words[2] ?? '');
    const [cmd, ...args] = words;
    switch (cmd) {
      case 'curl':
        if (!hasCurl(image)) break;
        return this.curl(cluster, pod, args);
      case 'echo':
        return { stdout: `${args.join(' ')}\n`, stderr: '', exitCode: 0 };
      case 'hostname':
        return { stdout: `${pod.spec.hostname ?? pod.metadata.name}\n`, stderr: '', exitCode: 0 };
      case 'true':
        return { stdout: '', stderr: '', exitCode: 0 };
      case 'false':
        return { stdout: '', stderr: '', exitCode: 1 };
      default:
    }
    return {
      stdout: '',
      stderr: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown\n`,
      exitCode: 126,
    };
  }

  private curl(cluster: string, pod: Obj, args: string[]): ExecResult {
    const opts = { silent: false, showError: false, fail: false, out: '', write: '', include: false, url: '' };
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-o' || a === '--output') opts.out = args[++i] ?? '';
      else if (a === '-w' || a === '--write-out') opts.write = args[++i] ?? '';
      else if (a === '-m' || a === '--max-time' || a === '--connect-timeout' || a === '-H' || a === '-X') i++;
      else if (a === '--fail' || a === '-f') opts.fail = true;
      else if (a === '--silent') opts.silent = true;
      else if (a === '--show-error') opts.showError = true;
      else if (a === '--include' || a === '-i') opts.include = true;
      else if (/^-[a-zA-Z]+$/.test(a)) {
        if (a.includes('s')) opts.silent = true;
        if (a.includes('S')) opts.showError = true;
        if (a.includes('f')) opts.fail = true;
        if (a.includes('i')) opts.include = true;
      } else if (!a.startsWith('-')) opts.url = a;
    }
    const started = process.hrtime.bigint();
    const outcome = this.request(cluster, pod, opts.url);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9 + 0.001;
    const writeOut = (code: number, ip: string) => opts.write
      .replace(/%\{http_code\}/g, String(code).padStart(3, '0'))
      .replace(/%\{time_total\}/g, seconds.toFixed(6))
      .replace(/%\{remote_ip\}/g, ip)
      .replace(/\\n/g, '\n');
    if ('error' in outcome) {
      const stderr = !opts.silent || opts.showError ? `curl: (${outcome.exitCode}) ${outcome.error}\n` : '';
      return { stdout: writeOut(0, ''), stderr, exitCode: outcome.exitCode };
    }
    if (opts.fail && outcome.status >= 400) {
      const stderr = !opts.silent || opts.showError ? `curl: (22) The requested URL returned error: ${outcome.status}\n` : '';
      return { stdout: writeOut(outcome.status, outcome.ip), stderr, exitCode: 22 };
    }
    const head = opts.include ? `HTTP/1.1 ${outcome.status}\r\ncontent-type: text/plain\r\n\r\n` : '';
    const body = opts.out === '/dev/null' ? '' : `${head}${outcome.body}`;
    return { stdout: body + writeOut(outcome.status, outcome.ip), stderr: '', exitCode: 0 };
  }

  private request(cluster: string, client: Obj, url: string): { status: number; body: string; ip: string } | { exitCode: number; error: string } {
    const m = /^(?:(https?):\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
    if (!m) return { exitCode: 3, error: 'URL using bad/illegal format or missing URL' };
    const host = m[2]!;
    const port = Number(m[3] ?? (m[1] === 'https' ? 443 : 80));
    const refused = { exitCode: 7, error: `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server` };
    const svc = this.resolve(cluster, client, host);
    if (!svc) return { exitCode: 6, error: `Could not resolve host: ${host}` };
    const svcPort = (svc.spec.ports ?? []).find((p: Obj) => p.port === port && (p.protocol ?? 'TCP') === 'TCP');
    if (!svcPort) return refused;
    const endpoints = this.world.list(cluster, ENDPOINTSLICES, svc.metadata.namespace)
      .filter((s) => s.metadata.labels?.[SERVICE_NAME] === svc.metadata.name)
      .flatMap((s) => {
        const slicePort = (s.ports ?? []).find((p: Obj) => (p.name ?? '') === (svcPort.name ?? ''));
        return slicePort ? (s.endpoints ?? []).filter((e: Obj) => e.conditions?.ready !== false).map((e: Obj) => ({ ip: e.addresses[0] as string, port: slicePort.port as number })) : [];
      });
    if (endpoints.length === 0) return refused;
    const key = `${cluster}/${svc.metadata.namespace}/${svc.metadata.name}`;
    const turn = this.roundRobin.get(key) ?? 0;
    this.roundRobin.set(key, turn + 1);
    const endpoint = endpoints[turn % endpoints.length]!;
    const backend = this.podByIp(endpoint.ip);
    if (!backend || !backend.cluster.reachable) {
      return { exitCode: 28, error: `Failed to connect to ${host} port ${port} after 5000 ms: Timeout was reached` };
    }
    const listens = listenPorts(backend.pod);
    if (!listens.includes(endpoint.port)) return refused;
    const status = Number(backend.pod.metadata.annotations?.[HTTP_STATUS_ANNOTATION] ?? 200);
    const body = status === 200
      ? `Hello, world!\nVersion: 1.0.0\nHostname: ${backend.pod.spec.hostname ?? backend.pod.metadata.name}\n`
      : `<html><body><h1>${status}</h1></body></html>\n`;
    return { status, body, ip: endpoint.ip };
  }

  /** Cluster DNS: `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`, or a ClusterIP. */
  private resolve(cluster: string, client: Obj, host: string): Obj | undefined {
    const services = this.world.list(cluster, SERVICES);
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return services.find((s) => s.spec.clusterIP === host);
    const parts = host.replace(/\.svc(\.cluster\.local)?\.?$/, '').split('.');
    if (parts.length > 2) return undefined;
    const [name, namespace = client.metadata.namespace] = parts;
    return services.find((s) => s.metadata.name === name && s.metadata.namespace === namespace);
  }

  private podByIp(ip: string): { pod: Obj; cluster: { reachable: boolean } } | undefined {
    for (const cluster of this.world.clusters.values()) {
      if (cluster.role === 'karmada') continue;
      const pod = this.world.list(cluster.name, PODS).find((p) => p.status?.podIP === ip && p.status?.phase === 'Running');
      if (pod) return { pod, cluster };
    }
    return undefined;
  }
}

/** nginx images listen on 80; an annotation can say otherwise. */
function listenPorts(pod: Obj): number[] {
  const annotated = pod.metadata.annotations?.[LISTEN_ANNOTATION];
  if (annotated) return String(annotated).split(',').map(Number);
  return pod.spec.containers.some((c: Obj) => /nginx/.test(c.image ?? '')) ? [80] : [];
}

/** Splits `sh -c` text into words, honouring single and double quotes. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}
