// Karmada's --feature-gates semantics, shared by the simulator (to decide whether the MCS
// controllers run) and by `enable`/`disable` (to read and rewrite the flags).
import { CliError } from './errors.js';

export const MCS_GATE = 'MultiClusterService';
const FLAG = '--feature-gates';

/** One --feature-gates occurrence in a container's command+args. */
export interface GateFlag {
  list: 'command' | 'args';
  /** index of the token holding the value */
  valueIndex: number;
  /** index of the flag token itself (same as valueIndex for --feature-gates=...) */
  flagIndex: number;
  entries: Array<[string, boolean]>;
}

export interface GateState {
  enabled: boolean;
  /** where the value comes from: an explicit entry, AllAlpha, or the default (off) */
  source: 'explicit' | 'AllAlpha' | 'default';
  describe: string;
}

export interface ContainerArgs {
  command?: string[];
  args?: string[];
}

export function parseGateList(text: string): Array<[string, boolean]> {
  if (text.trim() === '') return [];
  return text.split(',').map((piece) => {
    const m = /^\s*([A-Za-z0-9]+)\s*=\s*(\S+)\s*$/.exec(piece);
    const value = m?.[2]?.toLowerCase();
    if (!m || (value !== 'true' && value !== 'false')) {
      throw new CliError(`cannot parse feature gate "${piece}" in "${text}": expected Name=true or Name=false`);
    }
    return [m[1]!, value === 'true'] as [string, boolean];
  });
}

export function formatGateList(entries: Array<[string, boolean]>): string {
  return entries.map(([k, v]) => `${k}=${v}`).join(',');
}

/** Every --feature-gates flag, in the order the process sees them (command, then args). */
export function findGateFlags(container: ContainerArgs): GateFlag[] {
  const found: GateFlag[] = [];
  for (const list of ['command', 'args'] as const) {
    const tokens = container[list] ?? [];
    tokens.forEach((token, i) => {
      if (token.startsWith(`${FLAG}=`)) {
        found.push({ list, flagIndex: i, valueIndex: i, entries: parseGateList(token.slice(FLAG.length + 1)) });
      } else if (token === FLAG && i + 1 < tokens.length) {
        found.push({ list, flagIndex: i, valueIndex: i + 1, entries: parseGateList(tokens[i + 1]!) });
      }
    });
  }
  return found;
}

/** The merged gate map: later flags and later keys win, as in Go's feature gate parsing. */
export function mergedGates(container: ContainerArgs): Map<string, boolean> {
  const merged = new Map<string, boolean>();
  for (const flag of findGateFlags(container)) for (const [k, v] of flag.entries) merged.set(k, v);
  return merged;
}

export function gateState(container: ContainerArgs, gate = MCS_GATE): GateState {
  const merged = mergedGates(container);
  const explicit = merged.get(gate);
  if (explicit !== undefined) {
    return { enabled: explicit, source: 'explicit', describe: `${explicit ? 'on' : 'off'} (${gate}=${explicit})` };
  }
  if (merged.get('AllAlpha') === true) {
    return { enabled: true, source: 'AllAlpha', describe: 'on (via AllAlpha=true)' };
  }
  return { enabled: false, source: 'default', describe: 'off (default)' };
}

/**
 * Returns new command/args with the gate set explicitly to `value`: written into the last
 * --feature-gates flag, removed from earlier ones (dropping a flag it leaves empty), or added as
 * one new flag to the list that holds the other flags. Nothing else moves.
 */
export function withGate(container: ContainerArgs, value: boolean, gate = MCS_GATE): Required<ContainerArgs> {
  const lists = { command: [...(container.command ?? [])], args: [...(container.args ?? [])] };
  const flags = findGateFlags(container);
  const last = flags.at(-1);
  if (!last) {
    const target = lists.command.some((t) => t.startsWith('-')) || lists.args.length === 0 ? 'command' : 'args';
    lists[target].push(`${FLAG}=${gate}=${value}`);
    return lists;
  }
  const setToken = (flag: GateFlag, entries: Array<[string, boolean]>): void => {
    const text = formatGateList(entries);
    lists[flag.list][flag.valueIndex] = flag.valueIndex === flag.flagIndex ? `${FLAG}=${text}` : text;
  };
  const lastEntries = last.entries.some(([k]) => k === gate)
    ? last.entries.map(([k, v]): [string, boolean] => [k, k === gate ? value : v])
    : [...last.entries, [gate, value] as [string, boolean]];
  setToken(last, lastEntries);
  // Earlier flags: drop the gate; remove flags (from the end, so indices stay valid) that become empty.
  const emptied: GateFlag[] = [];
  for (const flag of flags.slice(0, -1)) {
    if (!flag.entries.some(([k]) => k === gate)) continue;
    const rest = flag.entries.filter(([k]) => k !== gate);
    if (rest.length === 0) emptied.push(flag);
    else setToken(flag, rest);
  }
  for (const flag of emptied.reverse()) {
    lists[flag.list].splice(flag.flagIndex, flag.valueIndex - flag.flagIndex + 1);
  }
  return lists;
}
