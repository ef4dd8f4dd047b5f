// Writes src/sim/proto-schema.ts: the protobuf messages of the built-in kinds the simulator serves, read from
// Kubernetes' own generated.proto files (field numbers and types) and types.go (JSON names, and which scalar fields
// Go's JSON writes when zero: a pointer, which is sent only when set, or a field without omitempty). kubectl 1.32 and later send those kinds' bodies as protobuf.
//   node scripts/proto-schema.mjs --api <k8s.io/api git dir> --apimachinery <k8s.io/apimachinery git dir> [--tag T]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    api: { type: 'string', default: '/work/.mirror/kubernetes+api/repo' },
    apimachinery: { type: 'string', default: '/work/.mirror/kubernetes+apimachinery/repo' },
    tag: { type: 'string', default: 'v0.36.3' },
  },
});
const OUT = fileURLToPath(new URL('../src/sim/proto-schema.ts', import.meta.url));

// Go package directory → its proto package and short name in the output.
const PACKAGES = [
  ['api', 'core/v1', 'k8s.io.api.core.v1', 'core.v1'],
  ['api', 'apps/v1', 'k8s.io.api.apps.v1', 'apps.v1'],
  ['api', 'authentication/v1', 'k8s.io.api.authentication.v1', 'authentication.v1'],
  ['api', 'authorization/v1', 'k8s.io.api.authorization.v1', 'authorization.v1'],
  ['api', 'autoscaling/v1', 'k8s.io.api.autoscaling.v1', 'autoscaling.v1'],
  ['api', 'discovery/v1', 'k8s.io.api.discovery.v1', 'discovery.v1'],
  ['apimachinery', 'pkg/apis/meta/v1', 'k8s.io.apimachinery.pkg.apis.meta.v1', 'meta.v1'],
  ['apimachinery', 'pkg/runtime', 'k8s.io.apimachinery.pkg.runtime', 'runtime'],
  ['apimachinery', 'pkg/util/intstr', 'k8s.io.apimachinery.pkg.util.intstr', 'intstr'],
  ['apimachinery', 'pkg/api/resource', 'k8s.io.apimachinery.pkg.api.resource', 'resource'],
];
// The kinds the simulator serves that a client may send as protobuf, and the options a delete sends.
const ROOTS = [
  'core.v1.Namespace',
  'core.v1.ConfigMap',
  'core.v1.Service',
  'core.v1.Pod',
  'core.v1.Node',
  'core.v1.Event',
  'apps.v1.Deployment',
  'discovery.v1.EndpointSlice',
  'autoscaling.v1.Scale',
  'authentication.v1.SelfSubjectReview',
  'authentication.v1.TokenReview',
  'authorization.v1.SelfSubjectAccessReview',
  'authorization.v1.SelfSubjectRulesReview',
  'authorization.v1.SubjectAccessReview',
  'authorization.v1.LocalSubjectAccessReview',
  'meta.v1.DeleteOptions',
];
// Encoded by hand in Go (their own Marshal methods), decoded by hand in src/sim/protobuf.ts.
const LEAVES = new Set([
  'meta.v1.Time',
  'meta.v1.MicroTime',
  'meta.v1.Duration',
  'meta.v1.FieldsV1',
  'intstr.IntOrString',
  'resource.Quantity',
  'runtime.RawExtension',
]);

const show = (repo, path) =>
  execFileSync('git', ['--git-dir', values[repo], 'show', `${values.tag}:${path}`], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
const files = (repo, dir) =>
  execFileSync('git', ['--git-dir', values[repo], 'ls-tree', '--name-only', `${values.tag}:${dir}`], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && !f.includes('generated'));

const short = (name, own) => {
  name = name.replace(/^\./, '');
  for (const [, , proto, alias] of PACKAGES)
    if (name.startsWith(`${proto}.`)) return `${alias}${name.slice(proto.length)}`;
  return `${own}.${name}`;
};

/** message → field number → { name, type, repeated } from generated.proto */
const messages = new Map();
/** `<alias>.<Struct>` → field number → { json, pointer } from the Go structs' tags */
const tags = new Map();
for (const [repo, dir, , alias] of PACKAGES) {
  const proto = show(repo, `${dir}/generated.proto`).replace(/\/\/.*$/gm, '');
  for (const [, name, body] of proto.matchAll(/^message (\w+) \{([^}]*)\}/gm)) {
    const fields = new Map();
    for (const [, label, type, field, num] of body.matchAll(
      /(optional|repeated|)\s*(map<[^>]+>|[\w.]+)\s+(\w+)\s*=\s*(\d+)/g,
    )) {
      const map = /^map<\s*([\w.]+)\s*,\s*([\w.]+)\s*>$/.exec(type);
      const ref = (t) => (/^(string|int32|int64|bool|bytes|double|float)$/.test(t) ? t : short(t, alias));
      fields.set(Number(num), {
        name: field,
        type: map ? `map<${ref(map[1])},${ref(map[2])}>` : ref(type),
        repeated: label === 'repeated',
      });
    }
    messages.set(`${alias}.${name}`, fields);
  }
  for (const file of files(repo, dir)) {
    for (const [, struct, body] of show(repo, `${dir}/${file}`).matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
      const fields = new Map();
      for (const [, goType, tag] of body.matchAll(/^\s+(?:\w+\s+)?(\S+)\s+`([^`]*)`/gm)) {
        const num = /protobuf:"\w+,(\d+),/.exec(tag)?.[1];
        const [, json, options = ''] = /json:"([^",]*)([^"]*)"/.exec(tag) ?? [];
        // Go's JSON writes a zero scalar unless the tag says omitempty (or omitzero); a pointer's zero was set.
        const zero = goType.startsWith('*') || !/omit(empty|zero)/.test(options);
        // `json:",inline"`: the struct's fields are the parent's in JSON (Volume's VolumeSource, Probe's handler).
        if (num && json !== undefined) fields.set(Number(num), { json, zero });
      }
      tags.set(`${alias}.${struct}`, fields);
    }
  }
}

// Every message reachable from the roots.
const out = {};
const lists = [];
const queue = [...ROOTS];
while (queue.length) {
  const name = queue.shift();
  if (name in out || LEAVES.has(name)) continue;
  const fields = messages.get(name);
  if (!fields) throw new Error(`no message ${name} in ${values.tag}`);
  const goFields = tags.get(name);
  // A named Go slice (`type ExtraValue []string`): a message of `items` in protobuf, a plain list in JSON.
  if (!goFields && fields.size === 1 && fields.get(1)?.name === 'items') lists.push(name);
  else if (!goFields) throw new Error(`no Go struct for ${name}`);
  out[name] = [...fields].map(([num, f]) => {
    const go = goFields?.get(num);
    for (const t of f.type.replace(/^map<|>$/g, '').split(',')) if (t.includes('.')) queue.push(t);
    if (goFields && !go) throw new Error(`no Go field ${name} ${num}`);
    const flag = f.repeated ? 'r' : go?.json === '' ? 'i' : go?.zero ? 'z' : '';
    return [num, go?.json || f.name, f.type, ...(flag ? [flag] : [])];
  });
}

const header = `// Generated by scripts/proto-schema.mjs from k8s.io/api and k8s.io/apimachinery ${values.tag} (generated.proto for
// the field numbers and types, types.go for the JSON names and the zeros JSON keeps). Do not edit.
`;
const body = Object.entries(out)
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([name, fields]) => `  '${name}': ${JSON.stringify(fields).replaceAll('"', "'")},`)
  .join('\n');
writeFileSync(
  OUT,
  `${header}\n/** [number, JSON name, type, 'r' repeated | 'z' its zero is kept in JSON | 'i' inline in JSON] */\n` +
    `export type ProtoField = [number, string, string, ('r' | 'z' | 'i')?];\n\n` +
    `export const MESSAGES: Record<string, ProtoField[]> = {\n${body}\n};\n\n` +
    '/** messages of one repeated `items` that JSON writes as a plain list (named Go slices: ExtraValue) */\n' +
    `export const LISTS = new Set(${JSON.stringify(lists.sort()).replaceAll('"', "'")});\n`,
);
execFileSync('npx', ['prettier', '--write', OUT], { stdio: 'ignore' });
console.log(`${Object.keys(out).length} messages → ${OUT}`);
