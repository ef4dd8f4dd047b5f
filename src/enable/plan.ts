// What enable/disable would change: in one container (the gate before and after, the MCS controllers that
// --controllers keeps off, the new command/args and a line diff of the flags), or on karmada-operator's Karmada
// object (a merge patch and a field diff).
import { type ContainerArgs, type GateState, MCS_GATE, gateState, withGate, withGateInList } from '../karmada/gates.js';
import type { Container } from '../kube/objects.js';
import type { KarmadaInstance } from '../karmada/types.js';
import { MCS_CONTROLLERS, controllersOff } from '../karmada/controller-manager.js';
import { controllersValues, withControllersOn, withMcsControllersOn } from './controllers.js';

export interface ContainerPlan {
  before: GateState;
  after: GateState;
  changed: boolean;
  /** MCS controllers that --controllers kept off and the change turns back on */
  controllersOn: string[];
  /** the container with its new command/args (absent lists stay absent) */
  container: Container;
  diff: string[];
}

const explicitState = (want: boolean): GateState => ({
  enabled: want,
  source: 'explicit',
  describe: `${want ? 'on' : 'off'} (${MCS_GATE}=${want})`,
});

export function planContainer(
  container: Container,
  want: boolean,
  controllers: readonly string[] = MCS_CONTROLLERS,
): ContainerPlan {
  const before = gateState(container);
  let lists: Required<ContainerArgs> = { command: container.command ?? [], args: container.args ?? [] };
  if (before.enabled !== want) lists = withGate(container, want);
  let controllersOn: string[] = [];
  if (want) ({ lists, turnedOn: controllersOn } = withMcsControllersOn(lists, controllers));
  if (before.enabled === want && controllersOn.length === 0) {
    return { before, after: before, changed: false, controllersOn, container, diff: [] };
  }
  const next: Container = { ...container };
  for (const key of ['command', 'args'] as const) {
    if (container[key] !== undefined || lists[key].length > 0) next[key] = lists[key];
  }
  const diff = (['command', 'args'] as const).flatMap((key) => {
    const a = container[key] ?? [];
    const b = lists[key];
    return a.length || b.length ? [`${key}:`, ...lineDiff(a, b)] : [];
  });
  return { before, after: gateState(next), changed: true, controllersOn, container: next, diff };
}

export interface OperatorPlan {
  before: GateState;
  after: GateState;
  changed: boolean;
  controllersOn: string[];
  /** the merge patch for the Karmada object */
  patch: { spec: NonNullable<KarmadaInstance['spec']> };
  diff: string[];
}

const quote = (v: unknown) => (v === undefined ? '(unset)' : JSON.stringify(v));

/**
 * karmada-operator builds the controller-manager's command from the Karmada object (operator/pkg/util/patcher):
 * spec.featureGates is merged into the template's --feature-gates, then spec.components.karmadaControllerManager
 * .extraArgs replaces whole flags, so an extraArgs["feature-gates"] makes spec.featureGates moot for it.
 */
export function planOperator(karmada: KarmadaInstance, container: Container, want: boolean): OperatorPlan {
  const before = gateState(container);
  // What a user wrote there need not be a string: checked below before use.
  const extra: Partial<Record<string, unknown>> = karmada.spec?.components?.karmadaControllerManager?.extraArgs ?? {};
  const extraArgs: Record<string, string> = {};
  const diff: string[] = [];
  const path = 'spec.components.karmadaControllerManager.extraArgs';
  let featureGates: Record<string, boolean> | undefined;
  if (before.enabled !== want) {
    if (typeof extra['feature-gates'] === 'string') {
      extraArgs['feature-gates'] = withGateInList(extra['feature-gates'], want);
      diff.push(`${path}.feature-gates: ${quote(extra['feature-gates'])} -> ${quote(extraArgs['feature-gates'])}`);
    } else {
      featureGates = { [MCS_GATE]: want };
      diff.push(`spec.featureGates.${MCS_GATE}: ${quote(karmada.spec?.featureGates?.[MCS_GATE])} -> ${want}`);
    }
  }
  let controllersOn: string[] = [];
  if (want) {
    const values = typeof extra.controllers === 'string' ? [extra.controllers] : controllersValues(container);
    controllersOn = controllersOff(values);
    if (controllersOn.length) {
      extraArgs.controllers = withControllersOn(values, controllersOn).join(',');
      diff.push(`${path}.controllers: ${quote(extra.controllers)} -> ${quote(extraArgs.controllers)}`);
    }
  }
  const changed = diff.length > 0;
  const spec: NonNullable<KarmadaInstance['spec']> = {};
  if (featureGates) spec.featureGates = featureGates;
  if (Object.keys(extraArgs).length) spec.components = { karmadaControllerManager: { extraArgs } };
  return { before, after: changed ? explicitState(want) : before, changed, controllersOn, patch: { spec }, diff };
}

/** A minimal LCS line diff: "  kept", "- removed", "+ added". */
export function lineDiff(a: string[], b: string[]): string[] {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  // The length of the longest common subsequence of a[i..] and b[j..] (0 past either end).
  const lcs = (i: number, j: number): number => table[i]?.[j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--) {
    const row = table[i] ?? [];
    for (let j = b.length - 1; j >= 0; j--)
      row[j] = a[i] === b[j] ? lcs(i + 1, j + 1) + 1 : Math.max(lcs(i + 1, j), lcs(i, j + 1));
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i++] ?? ''}`);
      j++;
    } else if (i < a.length && (j >= b.length || lcs(i + 1, j) >= lcs(i, j + 1))) out.push(`- ${a[i++] ?? ''}`);
    else out.push(`+ ${b[j++] ?? ''}`);
  }
  return out;
}
