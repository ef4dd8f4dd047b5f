// /openapi/v2 as kube-apiserver serves it: the same schemas as the v3 documents, as Swagger 2.0 definitions,
// in the protobuf encoding of gnostic's openapi_v2.Document (github.com/google/gnostic openapiv2/OpenAPIv2.proto),
// which is all client-go's OpenAPISchema() reads. kubectl 1.27/1.28 explain with it, and every kubectl validates
// on the client with it when server-side field validation does not apply (a `v1 List`).

/** The parts of an OpenAPI schema these encodings read; the rest is kept as it is. */
interface Schema {
  $ref?: string;
  format?: string;
  description?: string;
  type?: string;
  required?: string[];
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  [keyword: string]: unknown;
}

/** A Swagger 2.0 document as swagger() writes it. */
interface Swagger {
  swagger: string;
  info: { title: string; version: string };
  paths: object;
  definitions: Record<string, Schema>;
}

const v2Ref = (ref: string) => ref.replace('#/components/schemas/', '#/definitions/');

/** A v3 schema as Swagger 2.0 writes it: `allOf: [{$ref}]` becomes `$ref`, defaults dropped. */
function toV2(schema: Schema): Schema {
  const out: Schema = {};
  const only = schema.allOf?.length === 1 ? schema.allOf[0] : undefined;
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'default') continue;
    if (key === 'allOf' && only?.$ref) out.$ref = v2Ref(only.$ref);
    else if (key === '$ref') out.$ref = v2Ref(value as string);
    else if (key === 'properties')
      out.properties = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, toV2(v as Schema)]));
    else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object'))
      out[key] = toV2(value as Schema);
    else out[key] = value;
  }
  return out;
}

export function swagger(schemas: Record<string, Schema>): Swagger {
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'v1.31.3' },
    paths: {},
    definitions: Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, toV2(s)])),
  };
}

// --- protobuf wire format: varints and length-delimited fields are all these messages need ---
class Writer {
  private readonly parts: Buffer[] = [];

  private varint(n: number): void {
    const bytes: number[] = [];
    while (n > 127) {
      bytes.push((n & 127) | 128);
      n = Math.floor(n / 128);
    }
    bytes.push(n);
    this.parts.push(Buffer.from(bytes));
  }

  bytes(field: number, data: Buffer): this {
    this.varint((field << 3) | 2);
    this.varint(data.length);
    this.parts.push(data);
    return this;
  }

  string(field: number, text: string | undefined): this {
    return text === undefined || text === '' ? this : this.bytes(field, Buffer.from(text));
  }

  bool(field: number, value: boolean | undefined): this {
    if (value) {
      this.varint(field << 3);
      this.varint(1);
    }
    return this;
  }

  message(field: number, inner: Writer | undefined): this {
    return inner ? this.bytes(field, inner.done()) : this;
  }

  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** openapi_v2.Any: a value as YAML (JSON is YAML). */
const any = (value: unknown) => new Writer().string(2, JSON.stringify(value));

function schemaMessage(s: Schema): Writer {
  const w = new Writer().string(1, s.$ref).string(2, s.format).string(4, s.description);
  for (const name of s.required ?? []) w.string(19, name);
  for (const value of s.enum ?? []) w.message(20, any(value));
  if (typeof s.additionalProperties === 'object')
    w.message(21, new Writer().message(1, schemaMessage(s.additionalProperties)));
  else if (s.additionalProperties === true) w.message(21, new Writer().bool(2, true));
  if (s.type) w.message(22, new Writer().string(1, s.type));
  if (s.items) w.message(23, new Writer().message(1, schemaMessage(s.items)));
  if (s.properties) {
    const properties = new Writer();
    for (const [name, value] of Object.entries(s.properties))
      properties.message(1, new Writer().string(1, name).message(2, schemaMessage(value)));
    w.message(25, properties);
  }
  for (const [name, value] of Object.entries(s).filter(([k]) => k.startsWith('x-')))
    w.message(31, new Writer().string(1, name).message(2, any(value)));
  return w;
}

export function swaggerProtobuf(doc: Swagger): Buffer {
  const definitions = new Writer();
  for (const [name, s] of Object.entries(doc.definitions)) {
    definitions.message(1, new Writer().string(1, name).message(2, schemaMessage(s)));
  }
  return new Writer()
    .string(1, doc.swagger)
    .message(2, new Writer().string(1, doc.info.title).string(2, doc.info.version))
    .message(9, definitions)
    .done();
}
