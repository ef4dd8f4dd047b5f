// Label and field selectors as the API server parses them (equality and set-based forms).
import type { Obj } from './world.js';

export class SelectorError extends Error {}

type Test = (labels: Record<string, string>) => boolean;

function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) terms.push(current);
  return terms.map((t) => t.trim()).filter(Boolean);
}

function parseTerm(term: string): Test {
  let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (m) {
    const [, key, op, list] = m;
    const values = list!.split(',').map((v) => v.trim());
    return op === 'in' ? (l) => values.includes(l[key!]!) : (l) => !values.includes(l[key!]!);
  }
  m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(term);
  if (m) {
    const [, key, op, value] = m;
    return op === '!=' ? (l) => l[key!] !== value : (l) => l[key!] === value;
  }
  m = /^(!?)([\w./-]+)$/.exec(term);
  if (m) return m[1] ? (l) => !(m![2]! in l) : (l) => m![2]! in l;
  throw new SelectorError(`unable to parse requirement: "${term}"`);
}

export function labelSelector(text: string | null): (obj: Obj) => boolean {
  if (!text) return () => true;
  const tests = splitTerms(text).map(parseTerm);
  return (obj) => tests.every((t) => t(obj.metadata?.labels ?? {}));
}

type Field = (o: Obj) => unknown;
const META: Record<string, Field> = {
  'metadata.name': (o) => o.metadata?.name,
  'metadata.namespace': (o) => o.metadata?.namespace,
};

// The fields each kind can be selected by: its registry strategy's ToSelectableFields / GetAttrs
// (kubernetes pkg/registry/core/{pod,event,node,namespace}/strategy.go); every other kind has only
// metadata.name and metadata.namespace (apimachinery runtime.DefaultMetaV1FieldSelectorConversion).
const FIELDS: Record<string, Record<string, Field>> = {
  Pod: {
    ...META,
    'spec.nodeName': (o) => o.spec?.nodeName,
    'spec.restartPolicy': (o) => o.spec?.restartPolicy,
    'spec.schedulerName': (o) => o.spec?.schedulerName,
    'spec.serviceAccountName': (o) => o.spec?.serviceAccountName,
    'spec.hostNetwork': (o) => String(o.spec?.hostNetwork ?? false),
    'status.phase': (o) => o.status?.phase,
    'status.podIP': (o) => o.status?.podIP,
    'status.nominatedNodeName': (o) => o.status?.nominatedNodeName,
  },
  Event: {
    ...META,
    'involvedObject.kind': (o) => o.involvedObject?.kind,
    'involvedObject.namespace': (o) => o.involvedObject?.namespace,
    'involvedObject.name': (o) => o.involvedObject?.name,
    'involvedObject.uid': (o) => o.involvedObject?.uid,
    'involvedObject.apiVersion': (o) => o.involvedObject?.apiVersion,
    'involvedObject.resourceVersion': (o) => o.involvedObject?.resourceVersion,
    'involvedObject.fieldPath': (o) => o.involvedObject?.fieldPath,
    reason: (o) => o.reason,
    reportingComponent: (o) => o.reportingComponent,
    source: (o) => o.source?.component,
    type: (o) => o.type,
  },
  Node: {
    'metadata.name': (o) => o.metadata?.name,
    'spec.unschedulable': (o) => String(o.spec?.unschedulable ?? false),
  },
  Namespace: { 'metadata.name': (o) => o.metadata?.name, 'status.phase': (o) => o.status?.phase },
};
const CORE_KINDS = new Set(Object.keys(FIELDS));

// fields.ParseSelector (apimachinery pkg/fields/selector.go): terms split at unescaped commas, each at its first
// unescaped operator (!=, ==, =), values unescaped (a backslash escapes a backslash, a comma or =).
function splitUnescaped(text: string, at: (rest: string) => number): Array<[number, string]> {
  const found: Array<[number, string]> = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    const length = at(text.slice(i));
    if (length) {
      found.push([i, text.slice(i, i + length)]);
      i += length - 1;
    }
  }
  return found;
}

function unescape(value: string): string {
  return value.replace(/\\(.)?/g, (all, ch: string | undefined) => {
    if (ch === undefined || !'\\,='.includes(ch))
      throw new SelectorError(`invalid field selector: invalid escape sequence: ${all}`);
    return ch;
  });
}

/** A field selector for objects of `kind`; unknown fields fail as the API server's field label conversion does. */
export function fieldSelector(text: string | null, kind = ''): (obj: Obj) => boolean {
  if (!text) return () => true;
  const fields = FIELDS[kind] ?? META;
  const commas = splitUnescaped(text, (rest) => (rest[0] === ',' ? 1 : 0)).map(([i]) => i);
  const terms = [-1, ...commas]
    .map((start, n) => text.slice(start + 1, commas[n] ?? text.length))
    .filter((t) => t !== '');
  const tests = terms.map((term) => {
    const op = splitUnescaped(term, (rest) =>
      rest.startsWith('!=') || rest.startsWith('==') ? 2 : rest[0] === '=' ? 1 : 0,
    )[0];
    if (!op) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    const key = term.slice(0, op[0]).trim();
    const value = unescape(term.slice(op[0] + op[1].length));
    const read = fields[key];
    if (!read) {
      throw new SelectorError(
        CORE_KINDS.has(kind)
          ? `field label not supported: ${key}`
          : `"${key}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
      );
    }
    return op[1] === '!=' ? (o: Obj) => String(read(o) ?? '') !== value : (o: Obj) => String(read(o) ?? '') === value;
  });
  return (obj) => tests.every((t) => t(obj));
}

/** A Kubernetes LabelSelector object (matchLabels + matchExpressions) as a predicate on labels. */
export function matchesSelector(selector: Obj | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpr = (selector.matchExpressions ?? []).every((e: Obj) => {
    const has = e.key in labels;
    switch (e.operator) {
      case 'In':
        return has && e.values.includes(labels[e.key]);
      case 'NotIn':
        return !has || !e.values.includes(labels[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
  return byLabels && byExpr;
}
