// The pods/log subresource: what kube-apiserver and the kubelet answer for `kubectl logs`.
import { badRequest } from './status.js';
import type { V1Pod } from '@kubernetes/client-node';
import type { Json } from './world.js';
import type { Release } from './release.js';
import { startError } from './controller-manager.js';

const stamp = (iso: string) => iso.slice(0, 19).replace(/-/g, '/').replace('T', ' ');

// What the official nginx image prints when it starts (docker-entrypoint.sh and its docker-entrypoint.d scripts,
// then nginx's own notices); a container without such a start-up banner (curl sleeping) prints nothing.
function output(image: string, startedAt: string): string[] {
  if (!/(^|\/)nginx(:|$)/.test(image)) return [];
  const at = stamp(startedAt);
  return [
    '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
    '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
    '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
    '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
    '/docker-entrypoint.sh: Configuration complete; ready for start up',
    `${at} [notice] 1#1: using the "epoll" event method`,
    `${at} [notice] 1#1: nginx/1.27.3`,
    `${at} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) `,
    `${at} [notice] 1#1: OS: Linux 6.8.0-49-generic`,
    `${at} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
    `${at} [notice] 1#1: start worker processes`,
    `${at} [notice] 1#1: start worker process 29`,
    `${at} [notice] 1#1: start worker process 30`,
  ];
}

/**
 * The log of one container, or the error the API server (pkg/registry/core/pod/strategy.go LogLocation) or the
 * kubelet (pkg/kubelet/kubelet_pods.go validateContainerLogStatus) answers with.
 */
export function podLog(pod: Json<V1Pod>, params: URLSearchParams, release: Release): string {
  const name = pod.metadata?.name ?? '';
  const containers = pod.spec?.containers ?? [];
  let container = params.get('container') ?? '';
  if (!container) {
    if (containers.length !== 1) {
      throw badRequest(
        `a container name must be specified for pod ${name}, ` +
          `choose one of: [${containers.map((c) => c.name).join(' ')}]`,
      );
    }
    container = containers[0]?.name ?? '';
  } else if (!containers.some((c) => c.name === container)) {
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  }
  const status = (pod.status?.containerStatuses ?? []).find((c) => c.name === container);
  if (!status) throw badRequest(`container "${container}" in pod "${name}" is not available`);
  // A container restarting after a crash shows the last run's log, with --previous or without.
  const spec = containers.find((c) => c.name === container);
  const crashed = status.lastState?.terminated?.containerID && spec ? startError(spec, release) : undefined;
  if (params.get('previous') === 'true' && crashed === undefined)
    throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
  const waiting = status.state?.waiting;
  if (crashed !== undefined) return limited([crashed], params);
  if (waiting) {
    const why =
      waiting.reason === 'ErrImagePull'
        ? "image can't be pulled"
        : waiting.reason === 'ImagePullBackOff'
          ? 'trying and failing to pull image'
          : waiting.reason;
    throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${why}`);
  }
  const startedAt = status.state?.running?.startedAt ?? pod.status?.startTime ?? new Date().toISOString();
  // The status copies the container's image, which a pod spec may leave out.
  const image = status.image as string | undefined;
  const lines = output(image ?? containers.find((c) => c.name === container)?.image ?? '', startedAt);
  return limited(lines, params, startedAt);
}

/** tailLines, timestamps and limitBytes, as the kubelet applies them. */
function limited(all: string[], params: URLSearchParams, startedAt = new Date().toISOString()): string {
  let lines = all;
  const tail = params.get('tailLines');
  if (tail !== null) lines = Number(tail) > 0 ? lines.slice(-Number(tail)) : [];
  if (params.get('timestamps') === 'true') {
    const at = new Date(Date.parse(startedAt)).toISOString().replace('Z', '000000Z');
    lines = lines.map((l) => `${at} ${l}`);
  }
  const text = lines.map((l) => `${l}\n`).join('');
  const limit = params.get('limitBytes');
  return limit === null ? text : Buffer.from(text).subarray(0, Number(limit)).toString();
}
