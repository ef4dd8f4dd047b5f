// Exec over SPDY/3.1, as kubectl before 1.30 speaks it (and later ones when WebSocket fails): the
// remotecommand v4 protocol, one SPDY stream per channel (error, stdin, stdout, stderr, resize),
// each opened by the client with a SYN_STREAM whose `streamtype` header names it. Only what exec
// needs: SYN_STREAM/SYN_REPLY, DATA with FIN, PING; flow control is not needed for curl's output.
import type { Duplex } from 'node:stream';
import { constants, inflateSync } from 'node:zlib';

export const SPDY_PROTOCOL = 'v4.channel.k8s.io';

const SYN_STREAM = 1;
const SYN_REPLY = 2;
const PING = 6;
const GOAWAY = 7;
const FLAG_FIN = 0x01;

/** SPDY/3's zlib dictionary for header blocks: length-prefixed header names and values, then a run of common text. */
const DICTIONARY = Buffer.concat([
  ...[
    'options',
    'head',
    'post',
    'put',
    'delete',
    'trace',
    'accept',
    'accept-charset',
    'accept-encoding',
    'accept-language',
    'accept-ranges',
    'age',
    'allow',
    'authorization',
    'cache-control',
    'connection',
    'content-base',
    'content-encoding',
    'content-language',
    'content-length',
    'content-location',
    'content-md5',
    'content-range',
    'content-type',
    'date',
    'etag',
    'expect',
    'expires',
    'from',
    'host',
    'if-match',
    'if-modified-since',
    'if-none-match',
    'if-range',
    'if-unmodified-since',
    'last-modified',
    'location',
    'max-forwards',
    'pragma',
    'proxy-authenticate',
    'proxy-authorization',
    'range',
    'referer',
    'retry-after',
    'server',
    'te',
    'trailer',
    'transfer-encoding',
    'upgrade',
    'user-agent',
    'vary',
    'via',
    'warning',
    'www-authenticate',
    'method',
    'get',
    'status',
    '200 OK',
    'version',
    'HTTP/1.1',
    'url',
    'public',
    'set-cookie',
    'keep-alive',
    'origin',
  ].map((word) => Buffer.concat([uint32(word.length), Buffer.from(word)])),
  Buffer.from(
    '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
      '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request' +
      '401 Unauthorized403 Forbidden' +
      '404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
      'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
      'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,' +
      'text/plain,text/javascript,' +
      'publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.',
  ),
]);

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const controlFrame = (type: number, flags: number, data: Buffer) =>
  Buffer.concat([Buffer.from([0x80, 0x03, type >> 8, type & 0xff, flags]), uint24(data.length), data]);
const dataFrame = (streamId: number, flags: number, data: Buffer) =>
  Buffer.concat([uint32(streamId), Buffer.from([flags]), uint24(data.length), data]);
const uint24 = (n: number) => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);

/** A connection's header compression, each direction one zlib stream. Reading inflates everything
 * received so far, which keeps zlib's state across frames without an asynchronous stream; writing
 * sends stored (uncompressed) deflate blocks, which any zlib reader takes, so it keeps no state. */
class HeaderCodec {
  private received = Buffer.alloc(0);
  private decoded = 0;
  private sentHeader = false;

  decode(block: Buffer): Map<string, string> {
    this.received = Buffer.concat([this.received, block]);
    const all = inflateSync(this.received, { dictionary: DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });
    const text = all.subarray(this.decoded);
    this.decoded = all.length;
    const headers = new Map<string, string>();
    let at = 4;
    const next = () => {
      const length = text.readUInt32BE(at);
      at += 4 + length;
      return text.subarray(at - length, at).toString();
    };
    for (let i = text.readUInt32BE(0); i > 0; i--) headers.set(next(), next());
    return headers;
  }

  /** An empty header block (SYN_REPLY needs one, kubectl reads nothing from it). */
  encodeEmpty(): Buffer {
    // A stored block with the header count 0, then an empty stored block, as a sync flush ends:
    // that is what lets the reader hand out the block's data without reading past the frame.
    const stored = Buffer.from([0x00, 0x04, 0x00, 0xfb, 0xff, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0xff, 0xff]);
    if (this.sentHeader) return stored;
    this.sentHeader = true;
    // zlib header: deflate with a 32K window and a preset dictionary (0x78 0x20 is a multiple of 31), then its
    // Adler-32.
    return Buffer.concat([Buffer.from([0x78, 0x20]), uint32(adler32(DICTIONARY)), stored]);
  }
}

export interface SpdyExec {
  /** which streams the client opens: from the exec request's stdin/stdout/stderr/tty parameters */
  expected: string[];
  run(): Promise<{ stdout: string; stderr: string; status: object }>;
}

/** Takes over an upgraded socket: waits for the client's streams, runs the command, writes its
 * output and Status, and closes each stream; the client then closes the connection. */
export function serveSpdyExec(socket: Duplex, head: Buffer, exec: SpdyExec): void {
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
      `X-Stream-Protocol-Version: ${SPDY_PROTOCOL}\r\n\r\n`,
  );
  const codec = new HeaderCodec();
  const streams = new Map<string, number>();
  let pending = Buffer.from(head);
  let started = false;

  const start = async () => {
    started = true;
    const { stdout, stderr, status } = await exec.run();
    const send = (type: string, text: string) => {
      const id = streams.get(type);
      if (id !== undefined && text) socket.write(dataFrame(id, 0, Buffer.from(text)));
    };
    send('stdout', stdout);
    send('stderr', stderr);
    send('error', JSON.stringify(status));
    for (const id of streams.values()) socket.write(dataFrame(id, FLAG_FIN, Buffer.alloc(0)));
  };

  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 8 && pending.length >= 8 + pending.readUIntBE(5, 3)) {
      const frame = pending.subarray(0, 8 + pending.readUIntBE(5, 3));
      pending = pending.subarray(frame.length);
      if (!(frame.readUInt8(0) & 0x80)) continue; // data from the client: stdin, which no simulated command reads
      const type = frame.readUInt16BE(2);
      if (type === SYN_STREAM) {
        const id = frame.readUInt32BE(8) & 0x7fffffff;
        const headers = codec.decode(frame.subarray(18));
        streams.set(headers.get('streamtype') ?? '', id);
        socket.write(controlFrame(SYN_REPLY, 0, Buffer.concat([uint32(id), codec.encodeEmpty()])));
        if (!started && exec.expected.every((t) => streams.has(t))) void start();
      } else if (type === PING) {
        socket.write(frame);
      } else if (type === GOAWAY) {
        socket.end();
      }
    }
  });
  socket.on('end', () => socket.end());
  socket.on('error', () => socket.destroy());
}
