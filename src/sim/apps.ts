// What a container image holds, read from each image's own build files: its shell, whether curl is there, and the
// HTTP server it runs (the ports it listens on and what it answers).
import type { Container } from './kinds.js';

export interface HttpAnswer {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

export interface App {
  ports: number[];
  answer(method: string, path: string): HttpAnswer;
}

export interface Image {
  /** the shell that `sh -c` runs and how it reports a missing command; none in scratch and distroless images */
  shell?: 'busybox' | 'dash';
  curl: boolean;
  /** the server the image's entrypoint starts, from the container's command and args (as a pod spec gives them) */
  app?(container: Partial<Container>): App | undefined;
}

/** Repository part of an image reference: `docker.io/library/nginx:1.27@sha256:…` → `nginx`. */
export function repository(image: string): string {
  const [noDigest = ''] = image.split('@');
  const lastColon = noDigest.lastIndexOf(':');
  const noTag = lastColon > noDigest.lastIndexOf('/') ? noDigest.slice(0, lastColon) : noDigest;
  return noTag.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}

const text = (status: number, body: string, type: string, server?: string): HttpAnswer => ({
  status,
  body,
  headers: [
    ...(server ? [['Server', server] as [string, string]] : []),
    ['Content-Type', type],
    ['Content-Length', String(Buffer.byteLength(body))],
  ],
});

// The official image's default page (nginxinc/docker-nginx installs nginx's html/index.html) on port 80
// (conf.d/default.conf: `listen 80;`, `location / { root /usr/share/nginx/html; index index.html; }`).
const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;
const NGINX_SERVER = 'nginx/1.27.3';
const nginxError = (status: number, reason: string): HttpAnswer =>
  text(
    status,
    `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n` +
      `<center><h1>${status} ${reason}</h1></center>\r\n` +
      `<hr><center>${NGINX_SERVER}</center>\r\n</body>\r\n</html>\r\n`,
    'text/html',
    NGINX_SERVER,
  );

/** Whether the container runs the image's entrypoint: a `command` naming another program replaces it. */
const runs = (container: Partial<Container>, binary: string): boolean =>
  !container.command?.length || container.command.some((w) => w.includes(binary));

const nginx: App = {
  ports: [80],
  answer: (_method, path) =>
    path === '/' || path === '/index.html'
      ? text(200, NGINX_INDEX, 'text/html', NGINX_SERVER)
      : nginxError(404, 'Not Found'),
};

/**
 * hashicorp/http-echo (main.go): Go flags `-listen` (default `:5678`), `-text`, `-status-code` (default 200);
 * answers every path with the text and a newline, except `/health` with `{"status":"ok"}`.
 */
function httpEcho(container: Partial<Container>): App {
  const flags = new Map<string, string>();
  const args = [...(container.command ?? []), ...(container.args ?? [])];
  for (let i = 0; i < args.length; i++) {
    const m = /^--?([\w-]+)(?:=(.*))?$/s.exec(args[i] ?? '');
    if (m?.[1]) flags.set(m[1], m.at(2) ?? args.at(++i) ?? '');
  }
  const listen = flags.get('listen') ?? ':5678';
  const status = Number(flags.get('status-code') ?? 200);
  const body = `${flags.get('text') ?? container.env?.find((e) => e.name === 'ECHO_TEXT')?.value ?? ''}\n`;
  return {
    ports: [Number(listen.slice(listen.lastIndexOf(':') + 1))],
    answer: (_method, path) =>
      path === '/health'
        ? text(200, '{"status":"ok"}\n', 'application/json')
        : text(status, body, 'text/plain; charset=utf-8'),
  };
}

/**
 * gcr.io/google-samples/hello-app (kubernetes-engine-samples quickstarts/hello-app/main.go): port from $PORT,
 * default 8080; the body names the version and the pod's hostname.
 */
function helloApp(container: Partial<Container>, hostname: string): App {
  const version = /:(\d+\.\d+)/.exec(container.image ?? '')?.[1] === '2.0' ? '2.0.0' : '1.0.0';
  const port = Number(container.env?.find((e) => e.name === 'PORT')?.value ?? 8080);
  return {
    ports: [port],
    answer: () => text(200, `Hello, world!\nVersion: ${version}\nHostname: ${hostname}\n`, 'text/plain; charset=utf-8'),
  };
}

/**
 * Images by repository. curl is in curlimages/curl, in the official nginx image (its Dockerfiles install `curl`
 * beside nginx, debian and alpine) and in netshoot; not in busybox, alpine, debian or ubuntu. http-echo, pause and
 * hello-app are single binaries on scratch or distroless: no shell at all. An unknown image is taken to be a
 * busybox-like one without curl, unless its name says curl.
 */
export function imageOf(image: string, hostname: string): Image {
  const repo = repository(image);
  const alpine = /alpine/.test(image);
  if (repo === 'nginx' || repo === 'nginxinc/nginx-unprivileged') {
    return { shell: alpine ? 'busybox' : 'dash', curl: true, app: (c) => (runs(c, 'nginx') ? nginx : undefined) };
  }
  if (repo === 'hashicorp/http-echo')
    return { curl: false, app: (c) => (runs(c, 'http-echo') ? httpEcho(c) : undefined) };
  if (/(^|\/)pause$/.test(repo)) return { curl: false };
  if (/google-samples\/hello-app$/.test(repo))
    return { curl: false, app: (c) => (runs(c, 'hello-app') ? helloApp(c, hostname) : undefined) };
  if (/(^|\/)(debian|ubuntu)$/.test(repo)) return { shell: 'dash', curl: false };
  if (repo === 'nicolaka/netshoot') return { shell: 'busybox', curl: true };
  return { shell: 'busybox', curl: /curl/.test(repo) };
}
