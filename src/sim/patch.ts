// The patch flavours a Kubernetes API server accepts, implemented far enough for kubectl and
// for this plugin: JSON merge (RFC 7386), strategic merge (merge keys for the lists we serve)
// and JSON patch (RFC 6902); server-side apply is apply.ts's.

import { equal } from './fields.js';

export class PatchError extends Error {}

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export const clone = <T>(v: T): T => structuredClone(v);

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const result: JsonObject = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) Reflect.deleteProperty(result, k);
    else result[k] = mergePatch(result[k], v);
  }
  return result;
}

// Merge keys of the lists that strategic merge treats as maps (from the Kubernetes types).
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'port',
  imagePullSecrets: 'name',
  conditions: 'type',
};

function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  const key = MERGE_KEYS[field];
  if (!key) return undefined;
  if (field === 'ports' && items.some((i) => isObject(i) && 'containerPort' in i)) return 'containerPort';
  return key;
}

export function strategicMergePatch(target: unknown, patch: unknown, field = ''): unknown {
  if (Array.isArray(patch)) {
    const key = mergeKeyFor(field, patch);
    const items: unknown[] = patch;
    if (!key || !Array.isArray(target)) return clone(items.filter((p) => !(isObject(p) && '$patch' in p)));
    const result: unknown[] = clone(target);
    // An element's merge key (a list of maps holds objects; anything else has none).
    const keyOf = (v: unknown) => (isObject(v) ? v[key] : undefined);
    for (const item of items) {
      const at = result.findIndex((r) => keyOf(r) === keyOf(item));
      if (isObject(item) && item.$patch === 'delete') {
        if (at >= 0) result.splice(at, 1);
      } else if (at >= 0) result[at] = strategicMergePatch(result[at], item);
      else result.push(clone(item));
    }
    return result;
  }
  if (!isObject(patch)) return clone(patch);
  const result: JsonObject = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) Reflect.deleteProperty(result, k);
    else result[k] = strategicMergePatch(result[k], v, k);
  }
  return result;
}

const unescape = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** An object or an array: JSON pointer tokens address both by string (an array's by index). */
type Container = Record<string, unknown>;

const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

function walk(doc: Container, pointer: string): { parent: Container; key: string } {
  const parts = pointer.split('/').slice(1).map(unescape);
  const key = parts.pop();
  if (key === undefined) throw new PatchError(`invalid JSON pointer "${pointer}"`);
  let parent: unknown = doc;
  for (const part of parts) {
    parent = isContainer(parent) ? parent[part] : undefined;
    if (parent === undefined) throw new PatchError(`path "${pointer}" does not exist`);
  }
  if (!isContainer(parent)) throw new PatchError(`path "${pointer}" does not exist`);
  return { parent, key };
}

/** An RFC 6902 operation as the client sent it. */
interface Operation {
  op?: string;
  path?: string;
  from?: string;
  value?: unknown;
}

export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError('a JSON patch must be a list of operations');
  const operations = ops as Operation[];
  const doc = { root: clone(target) };
  const at = (path: string) => walk(doc, `/root${path}`);
  for (const op of operations) {
    const { parent, key } = at(String(op.path));
    const list = Array.isArray(parent) ? (parent as unknown[]) : undefined;
    const index = list ? (key === '-' ? list.length : Number(key)) : undefined;
    switch (op.op) {
      case 'add':
        if (list && index !== undefined) list.splice(index, 0, clone(op.value));
        else parent[key] = clone(op.value);
        break;
      case 'replace':
        if (!(key in parent)) throw new PatchError(`path "${String(op.path)}" does not exist`);
        parent[key] = clone(op.value);
        break;
      case 'remove':
        if (!(key in parent)) throw new PatchError(`path "${String(op.path)}" does not exist`);
        if (list && index !== undefined) list.splice(index, 1);
        else Reflect.deleteProperty(parent, key);
        break;
      case 'test':
        // evanphx/json-patch (as kube-apiserver uses it) compares decoded values: the order of keys does not matter
        if (!equal(parent[key], op.value)) throw new PatchError(`test operation on "${String(op.path)}" failed`);
        break;
      case 'copy':
      case 'move': {
        const from = at(String(op.from));
        const value = clone(from.parent[from.key]);
        if (op.op === 'move') Reflect.deleteProperty(from.parent, from.key);
        parent[key] = value;
        break;
      }
      default:
        throw new PatchError(`unknown JSON patch operation "${String(op.op)}"`);
    }
  }
  return doc.root;
}
