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

const FIELDS: Record<string, (o: Obj) => string | undefined> = {
  'metadata.name': (o) => o.metadata?.name,
  'metadata.namespace': (o) => o.metadata?.namespace,
  'status.phase': (o) => o.status?.phase,
  'spec.nodeName': (o) => o.spec?.nodeName,
};

export function fieldSelector(text: string | null): (obj: Obj) => boolean {
  if (!text) return () => true;
  const tests = splitTerms(text).map((term) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    const read = m ? FIELDS[m[1]!] : undefined;
    if (!m || !read) throw new SelectorError(`field label not supported: ${term.split(/[=!]/)[0]}`);
    return m[2] === '!=' ? (o: Obj) => read(o) !== m[3] : (o: Obj) => (read(o) ?? '') === m[3];
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
      case 'In': return has && e.values.includes(labels[e.key]);
      case 'NotIn': return !has || !e.values.includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
  return byLabels && byExpr;
}
