// How requests with plain credentials reach an API server: multiplexed over HTTP/2 per server and credentials when
// the server offers `h2` by ALPN, as client-go does (all members read through Karmada's cluster proxy share the
// connections; another opens when the server's streams per connection are taken); else over HTTP/1.1 with a
// keep-alive agent.
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

/** One HTTP/2 connection: its session being negotiated, and the streams open on it. */
interface Lane {
  session: Promise<http2.ClientHttp2Session | undefined>;
  /** the session once negotiated: requests after the first need not wait on the promise */
  open?: http2.ClientHttp2Session;
  /** requests in flight on the session: the process may exit only when none is */
  active: number;
}

/** One server as reached with one set of credentials: its HTTP/2 connections if it speaks h2, else an agent. */
interface Route {
  lanes: Lane[];
  /** the server picked http/1.1: no more h2 negotiations */
  h1: boolean;
  /** the server's SETTINGS_MAX_CONCURRENT_STREAMS, assumed 100 until one arrives (x/net/http2's
   * initialMaxConcurrentStreams, which kube-apiserver's default matches: apiserver secure_serving.go) */
  streams: number;
  agent: https.Agent;
}

const routes = new Map<string, Route>();
const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;
const INITIAL_MAX_STREAMS = 100;
const MAX_REFUSED = 5;
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

  /**
   * The connection for the next request: one with a stream to spare, else a new one. A server bounds the streams of
   * one connection (kube-apiserver: 100); past that, client-go's transport opens another connection
   * (x/net/http2 StrictMaxConcurrentStreams false), so requests beyond it need not queue behind the first 100.
   * No lane: the server speaks HTTP/1.1.
   */
  private lane(url: URL): { route: Route; lane?: Lane } {
    const key = `${url.origin}|${this.identity}`;
    let route = routes.get(key);
    if (!route) {
      route = {
        lanes: [],
        h1: false,
        streams: INITIAL_MAX_STREAMS,
        agent: new https.Agent({ ...this.tls, keepAlive: true, maxSockets: this.maxSockets }),
      };
      routes.set(key, route);
    }
    if (route.h1) return { route };
    const streams = route.streams;
    const free = route.lanes.find((l) => l.active < streams);
    if (free) return { route, lane: free };
    const current = route;
    const lane: Lane = { session: Promise.resolve(undefined), active: 0 };
    const drop = () => {
      current.lanes = current.lanes.filter((l) => l !== lane);
    };
    lane.session = this.negotiate(url).then(
      (session) => {
        if (!session) {
          current.h1 = true;
          drop();
          return undefined;
        }
        // A server going away (GOAWAY) lets its streams finish but takes no new ones: new requests open a new lane.
        session.on('goaway', drop);
        session.on('close', drop);
        session.on('remoteSettings', (settings: http2.Settings) => {
          current.streams = settings.maxConcurrentStreams ?? INITIAL_MAX_STREAMS;
        });
        lane.open = session;
        return session;
      },
      (error: unknown) => {
        // Unreachable now, perhaps not on the next request: connect anew then.
        drop();
        throw error;
      },
    );
    route.lanes.push(lane);
    return { route, lane };
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

  /**
   * A stream the server refused (REFUSED_STREAM: it lowered its streams per connection, or more were sent before
   * its limit was known) was not processed (RFC 9113 8.7), so it is sent again, as Go's transport does.
   */
  async send(out: Outgoing): Promise<Reply> {
    // One deadline for all attempts, as --request-timeout bounds the request.
    const end = Date.now() + out.timeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const left = out.timeoutMs > 0 ? Math.max(1, end - Date.now()) : 0;
        return await this.sendOnce({ ...out, timeoutMs: left });
      } catch (error) {
        const refused =
          (error as NodeJS.ErrnoException).code === 'ERR_HTTP2_STREAM_ERROR' &&
          (error as Error).message.includes('NGHTTP2_REFUSED_STREAM');
        if (!refused || attempt >= MAX_REFUSED) throw error;
      }
    }
  }

  private async sendOnce(out: Outgoing): Promise<Reply> {
    const { route, lane } = this.lane(out.url);
    // A stream of the lane is taken from the start, so the next request looks for room elsewhere; released below
    // unless a stream on the session takes it over.
    if (lane) lane.active++;
    let held = lane;
    let session: http2.ClientHttp2Session | undefined;
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
      session = lane && (lane.open ?? (await Promise.race([lane.session, expired])));
      let pending: Promise<Reply>;
      if (lane && session && !session.closed && !session.destroyed) {
        held = undefined;
        pending = this.overH2(session, lane, out, (c) => {
          cancel = c;
        });
      } else {
        pending = this.overH1(route, out, (c) => {
          cancel = c;
        });
      }
      return await Promise.race([pending, expired]);
    } finally {
      clearTimeout(deadline);
      if (held && --held.active === 0) session?.unref();
    }
  }

  private overH2(
    session: http2.ClientHttp2Session,
    lane: Lane,
    out: Outgoing,
    onCancel: (c: (e: Error) => void) => void,
  ): Promise<Reply> {
    return new Promise((resolve, reject) => {
      session.ref();
      const headers: http2.OutgoingHttpHeaders = { ':method': out.method, ':path': out.url.pathname + out.url.search };
      for (const [k, v] of Object.entries(out.headers)) headers[k.toLowerCase()] = v;
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request(headers, { endStream: out.body === undefined });
      } catch (error) {
        // The session is going away: no stream will count this one down.
        if (--lane.active === 0) session.unref();
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      onCancel(() => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
      });
      let status = 0;
      let received: Reply['headers'] = {};
      // Decoded as they arrive (setEncoding joins a character split between chunks): no chunk's buffer is held to
      // the end of a list of hundreds of kilobytes, then copied whole.
      const chunks: string[] = [];
      stream.setEncoding('utf8');
      stream.on('response', (h) => {
        status = Number(h[':status']);
        received = h;
      });
      stream.on('data', (c: string) => chunks.push(c));
      stream.on('end', () => {
        const text = chunks.join('');
        // Node holds a finished stream and these listeners a while longer: not its pieces as well.
        chunks.length = 0;
        resolve({ status, headers: received, text });
      });
      stream.on('error', reject);
      stream.on('close', () => {
        if (--lane.active === 0) session.unref();
        // Closed without an end: reset by the server, or the session went away. (An Error costs its stack
        // trace: made only then, not for each of a thousand streams.)
        if (status === 0)
          reject(Object.assign(new Error('the HTTP/2 stream was closed before a response'), { code: 'ECONNRESET' }));
      });
      if (out.body !== undefined) stream.end(out.body);
    });
  }

  private overH1(route: Route, out: Outgoing, onCancel: (c: (e: Error) => void) => void): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const options = { method: out.method, headers: out.headers, agent: route.agent };
      const req = https.request(out.url, options, (res) => {
        const chunks: string[] = [];
        res.setEncoding('utf8');
        res.on('data', (c: string) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: chunks.join('') });
        });
        res.on('error', reject);
      });
      onCancel((error) => req.destroy(error));
      req.on('error', reject);
      req.end(out.body);
    });
  }
}
