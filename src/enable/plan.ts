// What enable/disable would change in one container: the gate before and after, the new
// command/args, and a line diff of the flags for --dry-run=client.
import { type ContainerArgs, type GateState, gateState, withGate } from '../gates.js';
import type { Obj } from '../kube/client.js';

export interface ContainerPlan {
  before: GateState;
  after: GateState;
  changed: boolean;
  /** the container with its new command/args (absent lists stay absent) */
  container: Obj;
  diff: string[];
}

export function planContainer(container: Obj & ContainerArgs, want: boolean): ContainerPlan {
  const before = gateState(container);
  if (before.enabled === want) return { before, after: before, changed: false, container, diff: [] };
  const lists = withGate(container, want);
  const next: Obj = { ...container };
  for (const key of ['command', 'args'] as const) {
    if (container[key] !== undefined || lists[key].length > 0) next[key] = lists[key];
  }
  const diff = (['command', 'args'] as const).flatMap((key) => {
    const a = container[key] ?? [];
    const b = lists[key];
    return a.length || b.length ? [`${key}:`, ...lineDiff(a, b)] : [];
  });
  return { before, after: gateState(next), changed: true, container: next, diff };
}

/** A minimal LCS line diff: "  kept", "- removed", "+ added". */
export function lineDiff(a: string[], b: string[]): string[] {
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i++]}`);
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  return out;
}
