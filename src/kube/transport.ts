// How requests with plain credentials reach an API server: over one HTTP/2 connection per server and
// credentials when the server offers `h2` by ALPN, as client-go does (its transport negotiates h2 and
// multiplexes every request, so all members read through Karmada's cluster proxy share one connection);
// else over HTTP/1.1 with a keep-alive agent.
import http2 from 'node:http2';
import https from 'node:https';
import { isIP } from 'node:net';
import tls from 'node:tls';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface Outgoing {
  method: string;
  url: URL;
  headers: Record<string, string | number>;
  body?: string;
  /** ends the request with this error unless the reply came first; 0: never */
  timeoutMs: number;
  timedOut: () => Error;
}

/** One server as reached with one set of credentials: an HTTP/2 session if it speaks h2, else an agent. */
interface Route {
  h2?: Promise<http2.ClientHttp2Session | undefined>;
  agent: https.Agent;
  /** requests in flight on the session: the process may exit only when none is */
  active: number;
}

const routes = new Map<string, Route>();
const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;
// Flow-control windows as Go's HTTP/2 transport opens them (golang.org/x/net/http2 transport.go:
// transportDefaultStreamFlow, transportDefaultConnFlow), which client-go uses. Node's 64 KiB defaults make a server
// that answers 100 lists at once wait for a WINDOW_UPDATE every 64 KiB of the whole connection.
const STREAM_WINDOW = 4 << 20;
const CONNECTION_WINDOW = 1 << 30;

export class Transport {
  constructor(
    /** tells credentials apart: the CA, client certificate and key, server name and verification */
    private readonly identity: string,
    private readonly tls: https.AgentOptions,
    private readonly maxSockets: number,
  ) {}

  /** The route to the server, and its HTTP/2 session being negotiated (undefined: the server speaks HTTP/1.1). */
  private route(url: URL): { route: Route; h2: Promise<http2.ClientHttp2Session | undefined> } {
    const key = `${url.origin}|${this.identity}`;
    let route = routes.get(key);
    if (!route) {
      route = { agent: new https.Agent({ ...this.tls, keepAlive: true, maxSockets: this.maxSockets }), active: 0 };
      routes.set(key, route);
    }
    let h2 = route.h2;
    if (!h2) {
      const current = route;
      const pending: Promise<http2.ClientHttp2Session | undefined> = this.negotiate(url).then(
        (session) => {
          session?.on('close', () => {
            if (current.h2 === pending) current.h2 = undefined;
          });
          return session;
        },
        (error: unknown) => {
          // Unreachable now, perhaps not on the next request: connect anew then.
          if (current.h2 === pending) current.h2 = undefined;
          throw error;
        },
      );
      current.h2 = pending;
      h2 = pending;
    }
    return { route, h2 };
  }

  /** A TLS connection offering h2 and http/1.1; an HTTP/2 session on it when the server picks h2. */
  private negotiate(url: URL): Promise<http2.ClientHttp2Session | undefined> {
    return new Promise((resolve, reject) => {
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const socket = tls.connect({
        ...this.tls,
        host,
        port: Number(url.port || 443),
        servername: this.tls.servername ?? (isIP(host) ? undefined : host),
        ALPNProtocols: ['h2', 'http/1.1'],
      });
      socket.once('error', reject);
      // client-go's transport gives the TLS handshake 10 s (TLSHandshakeTimeout); a server that never answers must
      // not hold the connection, and the process, open forever.
      socket.setTimeout(TLS_HANDSHAKE_TIMEOUT_MS, () => socket.destroy(new Error('net/http: TLS handshake timeout')));
      socket.once('secureConnect', () => {
        socket.setTimeout(0);
        socket.off('error', reject);
        if (socket.alpnProtocol !== 'h2') {
          socket.destroy();
          resolve(undefined);
          return;
        }
        const session = http2.connect(url.origin, {
          createConnection: () => socket,
          settings: { initialWindowSize: STREAM_WINDOW },
        });
        session.setLocalWindowSize(CONNECTION_WINDOW);
        // A session broken later fails the requests on it; the next ones connect anew ('close' above).
        session.on('error', () => undefined);
        session.unref();
        resolve(session);
      });
    });
  }

  async send(out: Outgoing): Promise<Reply> {
    const { route, h2 } = this.route(out.url);
    let deadline: NodeJS.Timeout | undefined;
    let cancel: (error: Error) => void = () => undefined;
    const expired = new Promise<never>((_, reject) => {
      if (out.timeoutMs > 0) {
        deadline = setTimeout(() => {
          const error = out.timedOut();
          cancel(error);
          reject(error);
        }, out.timeoutMs);
      }
    });
    // Connecting counts against the deadline too, as in kubectl's --request-timeout.
    try {
      const session = await Promise.race([h2, expired]);
      const pending =
        session && !session.closed && !session.destroyed
          ? this.overH2(session, route, out, (c) => {
              cancel = c;
            })
          : this.overH1(route, out, (c) => {
              cancel = c;
            });
      return await Promise.race([pending, expired]);
    } finally {
      clearTimeout(deadline);
    }
  }

  private overH2(
    session: http2.ClientHttp2Session,
    route: Route,
    out: Outgoing,
    onCancel: (c: (e: Error) => void) => void,
  ): Promise<Reply> {
    return new Promise((resolve, reject) => {
      if (route.active++ === 0) session.ref();
      const headers: http2.OutgoingHttpHeaders = { ':method': out.method, ':path': out.url.pathname + out.url.search };
      for (const [k, v] of Object.entries(out.headers)) headers[k.toLowerCase()] = v;
      const stream = session.request(headers, { endStream: out.body === undefined });
      onCancel(() => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
      });
      let status = 0;
      let received: Reply['headers'] = {};
      const chunks: Buffer[] = [];
      stream.on('response', (h) => {
        status = Number(h[':status']);
        received = h;
      });
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        resolve({ status, headers: received, text: Buffer.concat(chunks).toString('utf8') });
      });
      stream.on('error', reject);
      stream.on('close', () => {
        if (--route.active === 0) session.unref();
        // Closed without an end: reset by the server, or the session went away.
        const reset = Object.assign(new Error('the HTTP/2 stream was closed before a response'), {
          code: 'ECONNRESET',
        });
        if (status === 0) reject(reset);
      });
      if (out.body !== undefined) stream.end(out.body);
    });
  }

  private overH1(route: Route, out: Outgoing, onCancel: (c: (e: Error) => void) => void): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const options = { method: out.method, headers: out.headers, agent: route.agent };
      const req = https.request(out.url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      });
      onCancel((error) => req.destroy(error));
      req.on('error', reject);
      req.end(out.body);
    });
  }
}
