// What runs when a simulated pod is exec'd into, and where its packets go: cluster DNS, kube-proxy's ClusterIP
// rules, pod networks that reach each other only where linked, and the apps that listen in the pods.
import { randomBytes } from 'node:crypto';
import type { EndpointSlice, Pod, Service } from './kinds.js';
import type { SimCluster, World } from './world.js';
import { ENDPOINTSLICES, PODS, SERVICES } from './resources.js';
import { SERVICE_NAME } from './labels.js';
import { type HttpAnswer, type Image, imageOf } from './apps.js';
import { type Connection, type ExecResult, curl } from './curl.js';
import { inCidr, isIPv4 } from './nodes.js';

export type { ExecResult } from './curl.js';

/** A fault injected by tests and the playground: every app in the pod answers this HTTP status. */
export const HTTP_STATUS_ANNOTATION = 'sim.karmada-mcs.io/http-status';

/** What a shell image offers besides curl (busybox applets, coreutils). */
const SHELL_TOOLS = new Set(['echo', 'hostname', 'true', 'false', 'sleep']);

/**
 * pod resolv.conf from the kubelet (pkg/kubelet/network/dns/dns.go): search `<ns>.svc.cluster.local svc.cluster.local
 * cluster.local`, options ndots:5, so short names are tried with each search domain before as they are.
 */
function dnsCandidates(host: string, namespace: string): string[] {
  const name = host.replace(/\.$/, '').toLowerCase();
  if (host.endsWith('.')) return [name];
  const search = [`${namespace}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'].map((d) => `${name}.${d}`);
  return name.split('.').length - 1 < 5 ? [...search, name] : [name, ...search];
}

export class Network {
  private readonly roundRobin = new Map<string, number>();

  constructor(private readonly world: World) {}

  exec(cluster: string, pod: Pod, container: string, argv: string[]): Promise<ExecResult & { status?: object }> {
    return Promise.resolve(this.execute(cluster, pod, container, argv));
  }

  private execute(cluster: string, pod: Pod, container: string, argv: string[]): ExecResult & { status?: object } {
    const spec = pod.spec?.containers.find((c) => c.name === container);
    const image = imageOf(spec?.image ?? '', this.hostname(pod));
    const [command = '', ...args] = argv;
    const program = command.slice(command.lastIndexOf('/') + 1);
    if (program === 'sh' && image.shell) {
      if (args[0] !== '-c') return { stdout: '', stderr: '', exitCode: 0 };
      const script = shellScript(args[1] ?? '');
      if (!script) {
        const stderr = 'sh: the simulator runs simple commands joined by ;, && and || (no pipes, redirections, $)\n';
        return { stdout: '', stderr, exitCode: 2 };
      }
      const out: ExecResult = { stdout: '', stderr: '', exitCode: 0 };
      for (const { words, after } of script) {
        if ((after === '&&' && out.exitCode !== 0) || (after === '||' && out.exitCode === 0)) continue;
        const [first = '', ...rest] = words;
        // busybox ash: "sh: curl: not found"; dash adds the line number: "sh: 1: curl: not found" (exit 127, POSIX).
        const r = this.run(cluster, pod, image, first, rest) ?? {
          stdout: '',
          stderr: `sh: ${image.shell === 'dash' ? '1: ' : ''}${first}: not found\n`,
          exitCode: 127,
        };
        Object.assign(out, { stdout: out.stdout + r.stdout, stderr: out.stderr + r.stderr, exitCode: r.exitCode });
      }
      return out;
    }
    return this.run(cluster, pod, image, program, args) ?? notFoundInContainer(command);
  }

  private run(cluster: string, pod: Pod, image: Image, program: string, args: string[]): ExecResult | undefined {
    if (program === 'curl' && image.curl) return curl(args, { connect: (...a) => this.connect(cluster, pod, ...a) });
    if (!image.shell || !SHELL_TOOLS.has(program)) return undefined;
    switch (program) {
      case 'echo':
        return { stdout: `${args.join(' ')}\n`, stderr: '', exitCode: 0 };
      case 'hostname':
        return { stdout: `${this.hostname(pod)}\n`, stderr: '', exitCode: 0 };
      case 'false':
        return { stdout: '', stderr: '', exitCode: 1 };
      default:
        return { stdout: '', stderr: '', exitCode: 0 };
    }
  }

  private hostname(pod: Pod): string {
    return pod.spec?.hostname ?? pod.metadata.name;
  }

  private connect(
    cluster: string,
    client: Pod,
    host: string,
    port: number,
    pinned: string | undefined,
    tls: boolean,
    method: string,
    path: string,
  ): Connection {
    const address =
      pinned ??
      (isIPv4(host) ? host : host.toLowerCase() === 'localhost' ? '127.0.0.1' : this.resolve(cluster, client, host));
    if (!address) return { kind: 'unresolved' };
    if (address.startsWith('127.')) return this.deliver(client, address, port, tls, method, path);
    const service = (this.world.list(cluster, SERVICES) as Service[]).find((s) => s.spec?.clusterIP === address);
    if (!service) return this.route(cluster, address, port, tls, method, path);
    // kube-proxy, iptables mode as kind runs it (pkg/proxy/iptables/proxier.go): a Service port with no ready
    // endpoint is REJECTed; a port the Service does not have matches no rule and is dropped (only the nftables
    // mode rejects it, kubernetes PR #122692).
    const servicePort = (service.spec?.ports ?? []).find((p) => p.port === port && (p.protocol ?? 'TCP') === 'TCP');
    if (!servicePort) return { kind: 'blackhole' };
    const endpoints = this.endpoints(cluster, service, servicePort.name ?? '');
    if (endpoints.length === 0) return { kind: 'refused' };
    const key = `${cluster}/${service.metadata.namespace}/${service.metadata.name}/${port}`;
    const turn = this.roundRobin.get(key) ?? 0;
    this.roundRobin.set(key, turn + 1);
    const endpoint = endpoints[turn % endpoints.length];
    if (!endpoint) return { kind: 'refused' };
    const reached = this.route(cluster, endpoint.ip, endpoint.port, tls, method, path);
    return reached.kind === 'answer' ? { ...reached, ip: address, port } : reached;
  }

  /** CoreDNS's kubernetes plugin: `<svc>.<ns>.svc.cluster.local` exists only where that Service does. */
  private resolve(cluster: string, client: Pod, host: string): string | undefined {
    for (const name of dnsCandidates(host, String(client.metadata.namespace))) {
      const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(name);
      const service: Service | undefined = m ? this.world.get(cluster, SERVICES, m[2] ?? '', m[1] ?? '') : undefined;
      if (!service) continue;
      if (service.spec?.clusterIP !== 'None') return service.spec?.clusterIP;
      // A headless Service's name resolves to its ready endpoints; none: NXDOMAIN.
      const ip = this.endpoints(cluster, service, undefined)[0]?.ip;
      if (ip) return ip;
    }
    return undefined;
  }

  /** Ready endpoints of a Service from every EndpointSlice labelled with its name: its own and dispatched ones. */
  private endpoints(
    cluster: string,
    service: Service,
    portName: string | undefined,
  ): Array<{ ip: string; port: number }> {
    return (this.world.list(cluster, ENDPOINTSLICES, service.metadata.namespace) as EndpointSlice[])
      .filter((s) => s.metadata.labels?.[SERVICE_NAME] === service.metadata.name)
      .flatMap((s) => {
        const slicePort = (s.ports ?? []).find((p) => portName === undefined || (p.name ?? '') === portName);
        if (!slicePort) return [];
        return (s.endpoints ?? [])
          .filter((e) => e.conditions?.ready !== false)
          .flatMap((e) => (e.addresses ?? []).map((ip) => ({ ip, port: slicePort.port ?? 0 })));
      });
  }

  /**
   * Pod-network routing from a pod of `from`. Its own range stays on its node (the CNI's routes to local pods win,
   * so a remote pod whose IP falls into it is never reached). Another cluster's range is reached only when the two are
   * linked (local-up's util::add_routes, or Submariner); of several linked clusters with that range, the first
   * route added wins. Anything else leaves through the default route and is never answered.
   */
  private route(from: string, ip: string, port: number, tls: boolean, method: string, path: string): Connection {
    const own = this.world.cluster(from);
    const owner =
      own.podCidr && inCidr(own.podCidr, ip)
        ? own
        : [...this.world.clusters.values()].find(
            (c) => c !== own && c.podCidr && inCidr(c.podCidr, ip) && this.world.linked(from, c.name),
          );
    const pod = owner && this.podAt(owner, ip);
    if (!owner || !owner.reachable || !pod) return { kind: 'blackhole' };
    return this.deliver(pod, ip, port, tls, method, path);
  }

  private podAt(cluster: SimCluster, ip: string): Pod | undefined {
    return (this.world.list(cluster.name, PODS) as Pod[]).find(
      (p) => p.status?.podIP === ip && p.status.phase === 'Running',
    );
  }

  /** The containers of a pod share its network namespace: a port none of their apps listens on is refused. */
  private deliver(pod: Pod, ip: string, port: number, tls: boolean, method: string, path: string): Connection {
    const app = (pod.spec?.containers ?? [])
      .map((c) => imageOf(c.image ?? '', this.hostname(pod)).app?.(c))
      .find((a) => a?.ports.includes(port));
    if (!app) return { kind: 'refused' };
    if (tls) return { kind: 'not-tls' };
    const forced = Number(pod.metadata.annotations?.[HTTP_STATUS_ANNOTATION] ?? 0);
    const answer: HttpAnswer = forced
      ? {
          status: forced,
          headers: [['Content-Type', 'text/html']],
          body: `<html><body><h1>${forced}</h1></body></html>\n`,
        }
      : app.answer(method, path);
    return { kind: 'answer', ip, port, answer };
  }
}

/**
 * containerd's CRI exec when argv[0] is not in the image (internal/cri/server/container_execsync.go, runc's
 * message): the kubelet's streaming server writes an InternalError Status instead of an exit code
 * (k8s.io/kubelet/pkg/cri/streaming/remotecommand/exec.go), and kubectl prints `error: Internal error occurred: …`.
 */
function notFoundInContainer(command: string): ExecResult & { status: object } {
  // runc looks a bare name up in $PATH, and stats a path as it is.
  const why = command.includes('/')
    ? `stat ${command}: no such file or directory`
    : 'executable file not found in $PATH';
  const cause =
    'error executing command in container: failed to exec in container: ' +
    `failed to start exec "${randomBytes(32).toString('hex')}": ` +
    `OCI runtime exec failed: exec failed: unable to start container process: exec: "${command}": ${why}: unknown`;
  return {
    stdout: '',
    stderr: '',
    exitCode: 1,
    status: {
      metadata: {},
      status: 'Failure',
      message: `Internal error occurred: ${cause}`,
      reason: 'InternalError',
      details: { causes: [{ message: cause }] },
      code: 500,
    },
  };
}

/**
 * Splits `sh -c` text into simple commands joined by `;`, `&&` and `||` (`after`: the operator before it), honouring
 * quotes; undefined when it uses what the simulator does not run (pipes, redirections, expansions, background).
 */
function shellScript(text: string): Array<{ words: string[]; after: string }> | undefined {
  const commands = [{ words: [] as string[], after: ';' }];
  const re = /"([^"]*)"|'([^']*)'|(&&|\|\||;)|([^\s"';&|<>$`\\()]+)|(\S)/g;
  let word: string | undefined;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // Each match fills one group: a quoted word, an operator, a bare word, or what the simulator does not run.
    const groups: Array<string | undefined> = m;
    const [, double, single, operator, bare, other] = groups;
    if (other !== undefined || (double !== undefined && /[$`\\]/.test(double))) return undefined;
    const glued = m.index === last && word !== undefined;
    last = m.index + m[0].length;
    if (operator !== undefined) {
      commands.push({ words: [], after: operator });
      word = undefined;
      continue;
    }
    const piece = double ?? single ?? bare ?? '';
    const current = commands.at(-1)?.words ?? [];
    const tail = current.length - 1;
    if (glued && tail >= 0) current[tail] = (current[tail] ?? '') + piece;
    else current.push(piece);
    word = piece;
  }
  return commands.filter((c) => c.words.length > 0);
}
