// Pod CIDRs of a cluster's nodes (`spec.podCIDRs`, else `spec.podCIDR`) and whether two ranges overlap.
import type { Node } from '../kube/objects.js';

export function podCidrs(nodes: Node[]): string[] {
  const ofNode = (n: Node): string[] =>
    n.spec?.podCIDRs?.length ? n.spec.podCIDRs : n.spec?.podCIDR ? [n.spec.podCIDR] : [];
  return [...new Set(nodes.flatMap(ofNode))];
}

interface Range {
  v6: boolean;
  start: bigint;
  end: bigint;
}

function parse(cidr: string): Range | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 1) return undefined;
  const addr = cidr.slice(0, slash);
  const bitsText = cidr.slice(slash + 1);
  const v6 = addr.includes(':');
  const width = v6 ? 128 : 32;
  const bits = Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) return undefined;
  let value = 0n;
  if (v6) {
    const [head = '', tail = ''] = addr.split('::');
    const h = head ? head.split(':') : [];
    const t = addr.includes('::') ? (tail ? tail.split(':') : []) : [];
    const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
    if (groups.length !== 8) return undefined;
    for (const g of groups) value = (value << 16n) + BigInt(parseInt(g || '0', 16));
  } else {
    const octets = addr.split('.').map(Number);
    if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return undefined;
    for (const o of octets) value = (value << 8n) + BigInt(o);
  }
  const host = (1n << BigInt(width - bits)) - 1n;
  const start = value & ~host & ((1n << BigInt(width)) - 1n);
  return { v6, start, end: start | host };
}

export function overlaps(a: string, b: string): boolean {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y || x.v6 !== y.v6) return false;
  return x.start <= y.end && y.start <= x.end;
}

/** Every pair of overlapping ranges between two clusters' CIDR lists. */
export const overlapping = (a: string[], b: string[]): Array<[string, string]> =>
  a.flatMap((x) => b.filter((y) => overlaps(x, y)).map((y): [string, string] => [x, y]));

/** The range of `cidrs` that holds the address `ip`, if any. */
export const holding = (cidrs: string[], ip: string): string | undefined =>
  cidrs.find((c) => overlaps(c, ip.includes(':') ? `${ip}/128` : `${ip}/32`));
