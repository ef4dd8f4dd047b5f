// Label and field selectors as the API server parses them (equality and set-based forms).
import type { KubeEvent, LabelSelector, Namespace, Node, Pod } from './kinds.js';
import type { SimObject } from './world.js';

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
  const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set) {
    const [, key = '', op, list = ''] = set;
    const values = list.split(',').map((v) => v.trim());
    const holds = (l: Record<string, string>) => key in l && values.includes(l[key] ?? '');
    return op === 'in' ? holds : (l) => !holds(l);
  }
  const equality = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(term);
  if (equality) {
    const [, key = '', op, value] = equality;
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  const exists = /^(!?)([\w./-]+)$/.exec(term);
  if (exists) {
    const [, not, key = ''] = exists;
    return not ? (l) => !(key in l) : (l) => key in l;
  }
  throw new SelectorError(`unable to parse requirement: "${term}"`);
}

export function labelSelector(text: string | null): (obj: SimObject) => boolean {
  if (!text) return () => true;
  const tests = splitTerms(text).map(parseTerm);
  return (obj) => tests.every((t) => t(obj.metadata.labels ?? {}));
}

type Field = (o: SimObject) => string | undefined;
/** field label → reader; a label absent here is not selectable */
type Fields = Partial<Record<string, Field>>;
const META: Fields = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace,
};
// Each table below holds objects of its kind.
const pod = (o: SimObject) => o as Pod;
const event = (o: SimObject) => o as KubeEvent;

// The fields each kind can be selected by: its registry strategy's ToSelectableFields / GetAttrs
// (kubernetes pkg/registry/core/{pod,event,node,namespace}/strategy.go); every other kind has only
// metadata.name and metadata.namespace (apimachinery runtime.DefaultMetaV1FieldSelectorConversion).
const FIELDS: Partial<Record<string, Fields>> = {
  Pod: {
    ...META,
    'spec.nodeName': (o) => pod(o).spec?.nodeName,
    'spec.restartPolicy': (o) => pod(o).spec?.restartPolicy,
    'spec.schedulerName': (o) => pod(o).spec?.schedulerName,
    'spec.serviceAccountName': (o) => pod(o).spec?.serviceAccountName,
    'spec.hostNetwork': (o) => String(pod(o).spec?.hostNetwork ?? false),
    'status.phase': (o) => pod(o).status?.phase,
    'status.podIP': (o) => pod(o).status?.podIP,
    'status.nominatedNodeName': (o) => pod(o).status?.nominatedNodeName,
  },
  Event: {
    ...META,
    'involvedObject.kind': (o) => event(o).involvedObject.kind,
    'involvedObject.namespace': (o) => event(o).involvedObject.namespace,
    'involvedObject.name': (o) => event(o).involvedObject.name,
    'involvedObject.uid': (o) => event(o).involvedObject.uid,
    'involvedObject.apiVersion': (o) => event(o).involvedObject.apiVersion,
    'involvedObject.resourceVersion': (o) => event(o).involvedObject.resourceVersion,
    'involvedObject.fieldPath': (o) => event(o).involvedObject.fieldPath,
    reason: (o) => event(o).reason,
    reportingComponent: (o) => event(o).reportingComponent,
    source: (o) => event(o).source?.component,
    type: (o) => event(o).type,
  },
  Node: {
    'metadata.name': (o) => o.metadata.name,
    'spec.unschedulable': (o) => String((o as Node).spec?.unschedulable ?? false),
  },
  Namespace: { 'metadata.name': (o) => o.metadata.name, 'status.phase': (o) => (o as Namespace).status?.phase },
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
export function fieldSelector(text: string | null, kind = ''): (obj: SimObject) => boolean {
  if (!text) return () => true;
  const fields = FIELDS[kind] ?? META;
  const commas = splitUnescaped(text, (rest) => (rest[0] === ',' ? 1 : 0)).map(([i]) => i);
  const terms = [-1, ...commas]
    .map((start, n) => text.slice(start + 1, commas[n] ?? text.length))
    .filter((t) => t !== '');
  const tests = terms.map((term) => {
    const op = splitUnescaped(term, (rest) =>
      rest.startsWith('!=') || rest.startsWith('==') ? 2 : rest[0] === '=' ? 1 : 0,
    ).at(0);
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
    const field = (o: SimObject) => read(o) ?? '';
    return op[1] === '!=' ? (o: SimObject) => field(o) !== value : (o: SimObject) => field(o) === value;
  });
  return (obj) => tests.every((t) => t(obj));
}

/** A Kubernetes LabelSelector object (matchLabels + matchExpressions) as a predicate on labels. */
export function matchesSelector(selector: LabelSelector | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpr = (selector.matchExpressions ?? []).every((e) => {
    const has = e.key in labels;
    const listed = () => e.values?.includes(labels[e.key] ?? '') ?? false;
    switch (e.operator) {
      case 'In':
        return has && listed();
      case 'NotIn':
        return !has || !listed();
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
