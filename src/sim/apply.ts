// Server-side apply as kube-apiserver runs it, read from sigs.k8s.io/structured-merge-diff (merge/update.go
// Updater.Apply, update and prune; typed/merge.go, typed/tofieldset.go, typed/remove.go; merge/conflict.go;
// fieldpath/element.go) and k8s.io/apimachinery pkg/util/managedfields/internal (structuredmerge.go, stripmeta.go,
// managedfieldsupdater.go, managedfields.go, conflict.go):
// - The applied configuration is merged into the live object: maps key by key, associative lists (listType map or
//   set) item by item, anything else (scalars, atomic lists and maps) replaced whole.
// - Its field set becomes the applier's entry; what the applier applied last time and no longer applies is removed
//   from the object unless some manager (the applier's new set included) owns it.
// - Every other entry (Apply or Update, the applier's own Update entry too) that owns a field the apply added or
//   changed is in conflict: the apply fails with 409 unless forced, and a forced apply takes those fields from it.
//   Fields the apply removed leave every entry; an entry left empty goes.
// - An apply that changes nothing still records the applier's set, but keeps its entry's time.
// The comparison, the trees (fieldsV1) and their set operations are fields.ts's.
import { apiVersionOf, type ResourceType } from './resources.js';
import type { ManagedFieldsEntry, Manifest, SimObject } from './world.js';
import {
  type Json,
  type KindInfo,
  type Shape,
  type Tree,
  SELF,
  STRIPPED_META,
  attach,
  compare,
  compareElements,
  difference,
  equal,
  intersection,
  isEmpty,
  isMap,
  itemElement,
  kindInfo,
  owns,
  sortEntries,
  sorted,
} from './fields.js';

/** A field another manager owns that the apply would change. */
export interface Conflict {
  /** as printManager (conflict.go) prints the manager: "kubectl-edit" using v1 */
  manager: string;
  /** as fieldpath.Path.String prints it: .spec.ports[port=80,protocol="TCP"].targetPort */
  path: string;
}

export interface ApplyResult {
  /** the object to store, with its managedFields; the live object when there are conflicts */
  object: SimObject;
  conflicts: Conflict[];
}

const isAssociative = (s: Shape | undefined): s is Shape => Boolean(s?.keys ?? s?.set);

// --- the applied configuration's field set (typed/tofieldset.go) ---

/** A scalar, a null, an empty map and an atomic value are members; a map holds its keys; a list its items. */
function addValue(s: Shape | undefined, v: unknown, pe: string, into: Tree): void {
  if (isMap(v) && !s?.atomic) attach(into, pe, mapSet(s, v), Object.keys(v).length === 0);
  else if (Array.isArray(v) && isAssociative(s)) attach(into, pe, listSet(s, v), false);
  else into[pe] = {};
}

function mapSet(s: Shape | undefined, m: Json): Tree {
  const t: Tree = {};
  for (const k in m) if (m[k] !== undefined) addValue(s?.fields?.[k], m[k], `f:${k}`, t);
  return t;
}

/** Each item is a member, named by its keys or value. */
function listSet(s: Shape, list: unknown[]): Tree {
  const t: Tree = {};
  for (const item of list) {
    const e = itemElement(s, item);
    if (!(e in t)) attach(t, e, isMap(item) && !s.items?.atomic ? mapSet(s.items, item) : {}, true);
  }
  return t;
}

// stripmeta.go: apiVersion, kind, metadata itself and its own fields leave the applier's set.
const STRIPPED: Tree = {
  'f:apiVersion': {},
  'f:kind': {},
  'f:metadata': { [SELF]: {}, ...Object.fromEntries([...STRIPPED_META].map((m) => [`f:${m}`, {}])) },
};

// --- the merge (typed/merge.go) ---

/**
 * The live value with the applied one merged in. A null the configuration sends clears the field, as the typed
 * object's omitempty does with it.
 */
function merge(s: Shape | undefined, l: unknown, r: unknown): unknown {
  if (r === undefined) return l;
  if (l === undefined || l === null || r === null || s?.atomic) return r;
  if (isMap(l) && isMap(r) && (Object.keys(l).length || Object.keys(r).length)) return mergeMaps(s, l, r);
  if (Array.isArray(l) && Array.isArray(r) && isAssociative(s) && (l.length || r.length))
    return mergeLists(s, l as unknown[], r as unknown[]);
  return r;
}

function mergeMaps(s: Shape | undefined, l: Json, r: Json): Json {
  const out: Json = { ...l };
  for (const k in r) {
    const v = merge(s?.fields?.[k], l[k], r[k]);
    if (v === null) Reflect.deleteProperty(out, k);
    else if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * visitListItems: items in the live order, an applied item merged into the live item of the same key; an item only
 * the configuration holds goes where the configuration puts it among the items both hold.
 */
function mergeLists(s: Shape, l: unknown[], r: unknown[]): unknown[] {
  const lpe = l.map((item) => itemElement(s, item));
  const rpe = r.map((item) => itemElement(s, item));
  const left = firstOf(lpe, l);
  const right = firstOf(rpe, r);
  const shared = rpe.filter((e) => left.has(e));
  let next = shared.shift();
  const merged = new Set<string>();
  const out: unknown[] = [];
  const take = (e: string) => {
    merged.add(e);
    out.push(merge(s.items, left.get(e), right.get(e)));
  };
  for (let li = 0, ri = 0; li < l.length || ri < r.length;) {
    const le = lpe[li];
    const re = rpe[ri];
    if (le !== undefined && re !== undefined) {
      if (le === re) {
        take(le);
        li++;
        ri++;
        next = shared.shift();
        continue;
      }
      // a shared item, but not the next one the configuration orders
      if (right.has(le) && next !== undefined && next !== le) {
        li++;
        continue;
      }
    }
    if (le !== undefined) {
      if (!right.has(le)) {
        out.push(l[li]);
        li++;
        continue;
      }
      if (merged.has(le)) li++;
    }
    if (re !== undefined) {
      take(re);
      ri++;
      if (next === re) next = shared.shift();
    }
  }
  return out;
}

const firstOf = (elements: string[], items: unknown[]): Map<string, unknown> => {
  const m = new Map<string, unknown>();
  elements.forEach((e, i) => {
    if (!m.has(e)) m.set(e, items[i]);
  });
  return m;
};

// --- prune (merge/update.go prune, addBackOwnedItems, addBackDanglingItems; typed/remove.go) ---

const size = (v: unknown): number => (Array.isArray(v) ? v.length : isMap(v) ? Object.keys(v).length : -1);

/**
 * Removes from `node` what `last` (the applier's previous set) holds and no set of `owned` (every manager's, the
 * applier's new one included) owns. A field counts as owned when a set holds anything under it
 * (EnsureNamedFieldsAreMembers), a list item only when a set owns the item itself; a field or item removed goes whole.
 * A map or list the removal empties goes too (typed/remove.go leaves a null, which the typed object omits).
 */
function prune(s: Shape | undefined, node: unknown, last: Tree, owned: Tree[]): void {
  for (const pe in last) {
    const sub = last[pe];
    if (pe === SELF || !sub) continue;
    const under = owned.map((t) => t[pe]).filter((t): t is Tree => t !== undefined);
    const kept = pe.startsWith('f:') ? under.length > 0 : under.some(owns);
    if (isMap(node) && pe.startsWith('f:')) {
      const k = pe.slice(2);
      if (node[k] === undefined) continue;
      if (kept) pruneChild(s?.fields?.[k], node, k, sub, under);
      else Reflect.deleteProperty(node, k);
    } else if (Array.isArray(node) && isAssociative(s)) {
      const i = node.findIndex((item) => itemElement(s, item) === pe);
      if (i < 0) continue;
      if (kept) prune(s.items, node[i], sub, under);
      else node.splice(i, 1);
    }
  }
}

function pruneChild(s: Shape | undefined, node: Json, k: string, last: Tree, owned: Tree[]): void {
  const before = size(node[k]);
  prune(s, node[k], last, owned);
  if (before > 0 && size(node[k]) === 0) Reflect.deleteProperty(node, k);
}

// --- conflicts (merge/update.go update, merge/conflict.go, managedfields/internal/conflict.go) ---

/** BuildManagerIdentifier (managedfields.go): what tells entries apart; an applier's has no apiVersion. */
const identifier = (e: ManagedFieldsEntry): string =>
  JSON.stringify({
    manager: e.manager,
    operation: e.operation,
    ...(e.operation === 'Apply' ? {} : { apiVersion: e.apiVersion }),
    ...(e.subresource ? { subresource: e.subresource } : {}),
  });

/** printManager (conflict.go) */
function printManager(e: ManagedFieldsEntry): string {
  const name = JSON.stringify(e.manager ?? '');
  const shown = e.subresource ? `${name} with subresource ${JSON.stringify(e.subresource)}` : name;
  return e.operation === 'Update' ? `${shown} using ${e.apiVersion ?? ''}` : shown;
}

/** value.ToString */
function valueString(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(',')}]`;
  if (isMap(v))
    return Object.entries(v)
      .map(([k, x]) => `${k}=${valueString(x)}`)
      .join('');
  return String(v);
}

/** PathElement.String: .name, [port=80,protocol="TCP"], [="value"], [0] */
function elementString(pe: string): string {
  const body = pe.slice(2);
  if (pe.startsWith('f:')) return `.${body}`;
  if (pe.startsWith('k:')) {
    const keys = Object.entries(JSON.parse(body) as Json).map(([k, v]) => `${k}=${valueString(v)}`);
    return `[${keys.join(',')}]`;
  }
  if (pe.startsWith('v:')) return `[=${valueString(JSON.parse(body))}]`;
  return `[${body}]`;
}

/** The set's paths as Set.Iterate lists them: a node's members, then its children's, in PathElement order. */
function pathsOf(t: Tree, prefix = ''): string[] {
  const keys = Object.keys(t)
    .filter((k) => k !== SELF)
    .sort(compareElements);
  const child = (k: string): Tree => t[k] ?? {};
  const members = keys.filter((k) => owns(child(k))).map((k) => prefix + elementString(k));
  const below = keys.flatMap((k) => (isEmpty(child(k)) ? [] : pathsOf(child(k), prefix + elementString(k))));
  return [...members, ...below];
}

/** An entry's fields the apply added or modified. */
interface Clash {
  entry: ManagedFieldsEntry;
  fields: Tree;
}

/**
 * Updater.update for the other entries: each loses the fields the apply removed, and, when forced, those it
 * conflicts on (the fields it owns that the apply added or modified). Reset fields (status, for a kind with a status
 * subresource) are left out of the comparison (the IgnoredFields).
 */
function settle(
  info: KindInfo,
  split: boolean,
  live: SimObject,
  next: SimObject,
  others: ManagedFieldsEntry[],
): { kept: ManagedFieldsEntry[]; clashes: Clash[] } {
  const { changed, removed } = compare(info, live, next);
  if (split) {
    Reflect.deleteProperty(changed, 'f:status');
    Reflect.deleteProperty(removed, 'f:status');
  }
  const kept: ManagedFieldsEntry[] = [];
  const clashes: Clash[] = [];
  for (const e of others) {
    const fields = e.fieldsV1 ?? {};
    const clash = intersection(fields, changed);
    let left = isEmpty(clash) ? fields : difference(fields, clash);
    if (!isEmpty(clash)) clashes.push({ entry: e, fields: clash });
    if (left && !isEmpty(removed)) left = difference(left, removed);
    if (left === fields) kept.push(e);
    else if (left) kept.push({ ...e, fieldsV1: left });
  }
  return { kept, clashes };
}

/** Conflicts as getConflictMessage lists them: managers by sorted identifier, each one's paths in set order. */
const conflictsOf = (clashes: Clash[]): Conflict[] =>
  [...clashes]
    .sort((a, b) => (identifier(a.entry) < identifier(b.entry) ? -1 : 1))
    .flatMap((c) => pathsOf(c.fields).map((path) => ({ manager: printManager(c.entry), path })));

// --- kubectl's move from client-side apply (lastappliedmanager.go, lastappliedupdater.go) ---

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The last-applied annotation's object, when the live object has one of the resource's version. */
function lastApplied(rt: ResourceType, live: SimObject): Json | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isMap(parsed) && parsed.apiVersion === apiVersionOf(rt) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * allowedConflictsFromLastApplied: for the manager "kubectl" only, a conflict on a field the last-applied annotation
 * holds with the live value is no conflict (the apply is then forced); the others remain.
 */
function beyondLastApplied(rt: ResourceType, info: KindInfo, live: SimObject, clashes: Clash[]): Clash[] {
  const previous = lastApplied(rt, live);
  if (!previous) return clashes;
  const { changed, removed } = compare(info, previous, live);
  const held = difference(mapSet(info.shape, previous), changed);
  const allowed = held && difference(held, removed);
  if (!allowed) return clashes;
  return clashes.flatMap((c) => {
    const fields = difference(c.fields, allowed);
    return fields ? [{ entry: c.entry, fields }] : [];
  });
}

/** lastAppliedUpdater: kubectl's apply rewrites an annotation the object has to the configuration it applied. */
function updateLastApplied(object: SimObject, applied: Manifest): void {
  const annotations = object.metadata.annotations;
  if (!annotations?.[LAST_APPLIED]) return;
  const config = structuredClone(applied);
  if (config.metadata?.annotations) Reflect.deleteProperty(config.metadata.annotations, LAST_APPLIED);
  // runtime.Encode of the unstructured object: Go's encoding/json, map keys sorted, a newline after
  object.metadata.annotations = { ...annotations, [LAST_APPLIED]: `${JSON.stringify(sortKeys(config))}\n` };
}

const sortKeys = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isMap(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys(v[k])]),
  );
};

/** getConflictMessage and NewConflictError's causes (managedfields/internal/conflict.go) */
export function conflictStatus(conflicts: Conflict[]): { message: string; causes: object[] } {
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${c.manager}`,
    field: c.path,
  }));
  const [only] = conflicts;
  if (conflicts.length === 1 && only)
    return { message: `Apply failed with 1 conflict: conflict with ${only.manager}: ${only.path}`, causes };
  const lines: string[] = [];
  for (const c of conflicts) {
    const heading = `conflicts with ${c.manager}:`;
    if (!lines.includes(heading)) lines.push(heading);
    lines.push(`- ${c.path}`);
  }
  return { message: `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`, causes };
}

// --- Updater.Apply ---

/**
 * Applies `applied` for `manager` over `live` (undefined: the object is created). The object returned carries the
 * managedFields the API server would store; `time` is the applier's entry's time when the apply changes the object.
 */
export function serverSideApply(
  rt: ResourceType,
  live: SimObject | undefined,
  applied: Manifest,
  manager: string,
  force: boolean,
  time: string,
): ApplyResult {
  const info = kindInfo(rt);
  const split = rt.subresources?.includes('status') ?? false;
  const config = structuredClone(applied) as Json;
  const set = mapSet(info.shape, config);
  if (split) Reflect.deleteProperty(set, 'f:status');
  const entries = live?.metadata.managedFields ?? [];
  const isMine = (e: ManagedFieldsEntry) => e.manager === manager && e.operation === 'Apply' && !e.subresource;
  const last = entries.find(isMine);
  const others = entries.filter((e) => !isMine(e));
  const next = merge(info.shape, structuredClone(live ?? {}), config) as SimObject;
  if (last?.fieldsV1) prune(info.shape, next, last.fieldsV1, [set, ...others.map((e) => e.fieldsV1 ?? {})]);
  const { kept, clashes } = live ? settle(info, split, live, next, others) : { kept: [], clashes: [] };
  const left = live && !force && manager === 'kubectl' ? beyondLastApplied(rt, info, live, clashes) : clashes;
  if (live && left.length && !force) return { object: live, conflicts: conflictsOf(left) };
  // managedfieldsupdater.go: a no-op apply leaves the entry's time as it was (none for a new entry).
  const at = live && equal(live, next) ? last?.time : time;
  const fields = difference(set, STRIPPED);
  const entry: ManagedFieldsEntry | undefined = fields && {
    manager,
    operation: 'Apply',
    apiVersion: apiVersionOf(rt),
    ...(at ? { time: at } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: sorted(fields),
  };
  const managedFields = sortEntries(entry ? [...kept, entry] : kept);
  const { managedFields: _live, ...metadata } = next.metadata;
  const object = { ...next, metadata: { ...metadata, ...(managedFields.length ? { managedFields } : {}) } };
  if (manager === 'kubectl') updateLastApplied(object, applied);
  return { object, conflicts: [] };
}
