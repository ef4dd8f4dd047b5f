// A built-in kind's body sent as application/vnd.kubernetes.protobuf, as client-go's typed clients send it since
// Kubernetes 1.32 (kubectl create, kubectl auth can-i), decoded to the JSON the same Go object marshals to: the
// envelope of k8s.io/apimachinery pkg/runtime/serializer/protobuf (the magic "k8s\0", then a runtime.Unknown whose
// typeMeta names the kind and whose raw is the kind's message), each message as proto-schema.ts has it from
// Kubernetes' generated.proto and types.go, and the types Go encodes by hand as their JSON forms do.
import { LISTS, MESSAGES, type ProtoField } from './proto-schema.js';

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const MAGIC = 'k8s\0';

type Value = unknown;

class Reader {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    readonly end: number,
  ) {}

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A varint read as a signed 64-bit integer (int32 and int64 alike: a negative one takes ten bytes). */
  varint(): number {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.end) throw new Error('truncated varint');
      const b = this.buf[this.pos++] ?? 0;
      value |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return Number(BigInt.asIntN(64, value));
    }
    throw new Error('varint too long');
  }

  bytes(): Buffer {
    const length = this.varint();
    if (length < 0 || this.pos + length > this.end) throw new Error('truncated field');
    const b = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return b;
  }

  /** A reader of the length-delimited value here: an embedded message, a map entry, a packed run. */
  sub(): Reader {
    const b = this.bytes();
    return new Reader(b, 0, b.length);
  }

  fixed(size: 4 | 8): Buffer {
    if (this.pos + size > this.end) throw new Error('truncated field');
    const b = this.buf.subarray(this.pos, this.pos + size);
    this.pos += size;
    return b;
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.fixed(8);
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.fixed(4);
    else throw new Error(`unsupported wire type ${wire}`);
  }

  /** Each field's number and wire type, the reader then at its value (which the caller must read or skip). */
  *fields(): Generator<[number, number]> {
    while (!this.done) {
      const key = this.varint();
      yield [Math.floor(key / 8), key % 8];
    }
  }
}

const rfc3339 = (seconds: number, fraction?: string) =>
  `${new Date(seconds * 1000).toISOString().slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;

const num = (v: Value) => (typeof v === 'number' ? v : 0);
const text = (v: Value) => (typeof v === 'string' ? v : '');

/**
 * The types Go marshals by hand that the served kinds hold (apimachinery's time_proto.go, micro_time_proto.go,
 * fields_proto.go, intstr.go, quantity_proto.go): their fields on the wire, and their JSON, a string, a number or
 * embedded JSON. An empty Time is the zero time, null in Go's JSON (left out); any other is whole seconds
 * (Time.Unmarshal drops the nanoseconds), a MicroTime's truncated to microseconds.
 */
type Leaf = { fields: Record<number, string>; json: (f: Map<number, Value>, empty: boolean) => Value };
export const LEAVES: Record<string, Leaf> = {
  'meta.v1.Time': {
    fields: { 1: 'int64', 2: 'int32' },
    json: (f, empty) => (empty ? undefined : rfc3339(num(f.get(1)))),
  },
  'meta.v1.MicroTime': {
    fields: { 1: 'int64', 2: 'int32' },
    json: (f, empty) =>
      empty ? undefined : rfc3339(num(f.get(1)), String(Math.floor(num(f.get(2)) / 1000)).padStart(6, '0')),
  },
  'meta.v1.FieldsV1': { fields: { 1: 'raw' }, json: (f) => embedded(f.get(1)) },
  'intstr.IntOrString': {
    fields: { 1: 'int64', 2: 'int32', 3: 'string' },
    json: (f) => (num(f.get(1)) === 1 ? text(f.get(3)) : num(f.get(2))),
  },
  'resource.Quantity': { fields: { 1: 'string' }, json: (f) => text(f.get(1)) },
};

function embedded(raw: Value): Value {
  if (!(raw instanceof Buffer) || raw.length === 0) return undefined;
  return JSON.parse(raw.toString('utf8')) as Value;
}

const isZero = (v: Value) => v === '' || v === 0 || v === false;
const SCALARS = new Set(['string', 'bytes', 'bool', 'double', 'float', 'int32', 'int64']);

function scalar(type: string, wire: number, r: Reader): Value {
  switch (type) {
    case 'string':
      return r.bytes().toString('utf8');
    case 'bytes':
      return r.bytes().toString('base64');
    case 'raw':
      return Buffer.from(r.bytes());
    case 'bool':
      return r.varint() !== 0;
    case 'double':
      return r.fixed(8).readDoubleLE(0);
    case 'float':
      return r.fixed(4).readFloatLE(0);
    case 'int32':
    case 'int64':
      if (wire !== 0) throw new Error(`${type} on wire type ${wire}`);
      return r.varint();
    default:
      return message(type, r.bytes());
  }
}

/** The scalars a repeated field may pack into one length-delimited run, and the wire type of each in the run. */
const PACKED_WIRE: Record<string, number> = { bool: 0, int32: 0, int64: 0, double: 1, float: 5 };

function message(type: string, body: Buffer): Value {
  const r = new Reader(body, 0, body.length);
  const leaf = LEAVES[type];
  if (leaf) {
    const fields = new Map<number, Value>();
    for (const [n, wire] of r.fields()) {
      const t = leaf.fields[n];
      if (t) fields.set(n, scalar(t, wire, r));
      else r.skip(wire);
    }
    return leaf.json(fields, body.length === 0);
  }
  const schema = MESSAGES[type];
  if (!schema) throw new Error(`no message ${type}`);
  const byNumber = new Map<number, ProtoField>(schema.map((f) => [f[0], f]));
  const out: Record<string, Value> = {};
  for (const [num, wire] of r.fields()) {
    const field = byNumber.get(num);
    // A field newer than the schema's release: skipped, as an older API server's decoder would.
    if (!field) {
      r.skip(wire);
      continue;
    }
    const [, name, fieldType, flag] = field;
    const [map, keyType = '', valueType = ''] = /^map<([^,]+),(.+)>$/.exec(fieldType) ?? [];
    if (map) {
      const er = r.sub();
      let key: Value = '';
      let value: Value;
      for (const [n, w] of er.fields()) {
        if (n === 1) key = scalar(keyType, w, er);
        else if (n === 2) value = scalar(valueType, w, er);
        else er.skip(w);
      }
      const into = (out[name] ??= {}) as Record<string, Value>;
      into[text(key)] = value ?? (valueType === 'string' ? '' : null);
    } else if (flag === 'r') {
      const list = (out[name] ??= []) as Value[];
      const packedWire = PACKED_WIRE[fieldType];
      if (wire === 2 && packedWire !== undefined) {
        const pr = r.sub();
        while (!pr.done) list.push(scalar(fieldType, packedWire, pr));
      } else list.push(scalar(fieldType, wire, r));
    } else {
      const value = scalar(fieldType, wire, r);
      if (flag === 'i') Object.assign(out, value);
      // Go's JSON leaves out a zero scalar whose tag says omitempty; a pointer's zero was set, and is kept. A struct
      // (IntOrString's 0 too) is written whatever omitempty says.
      else if (value !== undefined && (flag === 'z' || !SCALARS.has(fieldType) || !isZero(value))) out[name] = value;
    }
  }
  if (LISTS.has(type)) return out.items ?? [];
  return out;
}

/** The message of a kind, as a client's typeMeta names it: a group's kinds, or meta.k8s.io's options in any group. */
function messageOf(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const own = `${group ? group.replace(/\.k8s\.io$/, '') : 'core'}.${version}.${kind}`;
  if (MESSAGES[own]) return own;
  const options = `meta.v1.${kind}`;
  return MESSAGES[options] ? options : undefined;
}

/**
 * The object a protobuf body holds, with its apiVersion and kind; or, for a kind this server has no message of (a
 * custom resource's), that kind. Throws on a body that is not the envelope or not the message it names.
 */
export function decodeProtobuf(
  body: Buffer,
): { object: Record<string, Value> } | { custom: { kind: string; version: string } } {
  if (body.subarray(0, MAGIC.length).toString('latin1') !== MAGIC)
    throw new Error('provided data does not appear to be a protobuf message, expected prefix "k8s\\x00"');
  const r = new Reader(body, MAGIC.length, body.length);
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  for (const [num, wire] of r.fields()) {
    if (num === 1 && wire === 2) {
      const tr = r.sub();
      for (const [n, w] of tr.fields()) {
        if (n === 1) apiVersion = text(scalar('string', w, tr));
        else if (n === 2) kind = text(scalar('string', w, tr));
        else tr.skip(w);
      }
    } else if (num === 2 && wire === 2) raw = r.bytes();
    else r.skip(wire);
  }
  const type = messageOf(apiVersion, kind);
  if (!type) return { custom: { kind, version: apiVersion.split('/').at(-1) ?? '' } };
  return { object: { apiVersion, kind, ...(message(type, raw) as Record<string, Value>) } };
}
