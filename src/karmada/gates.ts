// Karmada's --feature-gates and --controllers semantics, for `enable`/`disable` (to read and rewrite the flags)
// and `status` (to read them). Gates are parsed as k8s.io/component-base/featuregate's Set does, controllers as
// Karmada's IsControllerEnabled (pkg/controllers/context/context.go) decides.
import { CliError } from '../errors.js';

export const MCS_GATE = 'MultiClusterService';
const FLAG = '--feature-gates';
const ALL_ALPHA = 'AllAlpha';

/** One --feature-gates occurrence in a container's command+args. */
export interface GateFlag {
  list: 'command' | 'args';
  /** index of the token holding the value */
  valueIndex: number;
  /** index of the flag token itself (same as valueIndex for --feature-gates=...) */
  flagIndex: number;
  /** the value as written */
  text: string;
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

/** strconv.ParseBool */
export function parseBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

const entryKey = (piece: string): string => (piece.split('=')[0] ?? '').trim();

/**
 * featuregate.Set: comma-separated, empty entries skipped, `k=v` split at the first `=`, both trimmed, v read by
 * strconv.ParseBool. The errors are the binary's own words.
 */
export function parseGateList(text: string): Array<[string, boolean]> {
  const entries: Array<[string, boolean]> = [];
  for (const piece of text.split(',')) {
    if (piece.length === 0) continue;
    const eq = piece.indexOf('=');
    const key = entryKey(piece);
    const value = eq < 0 ? undefined : piece.slice(eq + 1).trim();
    const parsed = value === undefined ? undefined : parseBool(value);
    if (key === '')
      throw new CliError(
        `cannot parse feature gate "${piece}" in "${text}": unrecognized feature gate: (Karmada would refuse to start)`,
      );
    if (parsed === undefined) {
      const reason =
        value === undefined
          ? `missing bool value for ${key}`
          : `invalid value of ${key}=${value}, err: strconv.ParseBool: parsing "${value}": invalid syntax`;
      throw new CliError(
        `cannot parse feature gate "${piece}" in "${text}": ${reason} (Karmada would refuse to start)`,
      );
    }
    entries.push([key, parsed]);
  }
  return entries;
}

/** Every --feature-gates flag, in the order the process sees them (command, then args). */
export function findGateFlags(container: ContainerArgs): GateFlag[] {
  const found: GateFlag[] = [];
  for (const list of ['command', 'args'] as const) {
    const tokens = container[list] ?? [];
    tokens.forEach((token, i) => {
      if (token.startsWith(`${FLAG}=`)) {
        const text = token.slice(FLAG.length + 1);
        found.push({ list, flagIndex: i, valueIndex: i, text, entries: parseGateList(text) });
      } else if (token === FLAG && i + 1 < tokens.length) {
        const text = tokens[i + 1] ?? '';
        found.push({ list, flagIndex: i, valueIndex: i + 1, text, entries: parseGateList(text) });
      }
    });
  }
  return found;
}

/** The explicit entries merged: later flags and later keys win, as in Go's feature gate parsing. */
export function mergedGates(container: ContainerArgs): Map<string, boolean> {
  const merged = new Map<string, boolean>();
  for (const flag of findGateFlags(container)) for (const [k, v] of flag.entries) merged.set(k, v);
  return merged;
}

/** The state of an alpha gate given the values of each --feature-gates occurrence, in order. */
export function gateStateOf(values: Array<Array<[string, boolean]>>, gate = MCS_GATE): GateState {
  let state: GateState = { enabled: false, source: 'default', describe: 'off (default)' };
  let set = false;
  for (const entries of values) {
    // One occurrence is one map (later keys win); an explicit key beats AllAlpha in it whatever the order.
    const map = new Map(entries);
    const explicit = map.get(gate);
    const allAlpha = map.get(ALL_ALPHA);
    if (explicit !== undefined) {
      state = { enabled: explicit, source: 'explicit', describe: `${explicit ? 'on' : 'off'} (${gate}=${explicit})` };
      set = true;
    } else if (allAlpha !== undefined && !set) {
      // setUnsetAlphaGates: AllAlpha only sets alpha gates that no earlier occurrence set (AllAlpha included).
      state = {
        enabled: allAlpha,
        source: 'AllAlpha',
        describe: `${allAlpha ? 'on' : 'off'} (via ${ALL_ALPHA}=${allAlpha})`,
      };
      set = true;
    }
  }
  return state;
}

export function gateState(container: ContainerArgs, gate = MCS_GATE): GateState {
  return gateStateOf(
    findGateFlags(container).map((f) => f.entries),
    gate,
  );
}

/**
 * A gate list with `gate` set to `value`: the entry naming it rewritten (other duplicates dropped) or appended;
 * every other entry stays as written, byte for byte.
 */
export function withGateInList(text: string, value: boolean, gate = MCS_GATE): string {
  const entry = `${gate}=${value}`;
  const pieces = text.split(',');
  const last = pieces.map(entryKey).lastIndexOf(gate);
  if (last >= 0)
    return pieces.flatMap((p, i) => (i === last ? [entry] : entryKey(p) === gate && p !== '' ? [] : [p])).join(',');
  if (text === '' || text.endsWith(',')) return text + entry;
  return `${text},${entry}`;
}

/** A gate list without `gate`; undefined when nothing but empty entries would be left. */
function withoutGate(text: string, gate: string): string | undefined {
  const rest = text.split(',').filter((p) => p === '' || entryKey(p) !== gate);
  return rest.every((p) => p === '') ? undefined : rest.join(',');
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
  const setToken = (flag: GateFlag, text: string): void => {
    lists[flag.list][flag.valueIndex] = flag.valueIndex === flag.flagIndex ? `${FLAG}=${text}` : text;
  };
  setToken(last, withGateInList(last.text, value, gate));
  // Earlier flags: drop the gate; remove flags (from the end, so indices stay valid) that become empty.
  const emptied: GateFlag[] = [];
  for (const flag of flags.slice(0, -1)) {
    if (!flag.entries.some(([k]) => k === gate)) continue;
    const rest = withoutGate(flag.text, gate);
    if (rest === undefined) emptied.push(flag);
    else setToken(flag, rest);
  }
  for (const flag of emptied.reverse()) {
    lists[flag.list].splice(flag.flagIndex, flag.valueIndex - flag.flagIndex + 1);
  }
  return lists;
}
