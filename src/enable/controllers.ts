// karmada-controller-manager's --controllers, read and rewritten so that `enable` never leaves the MCS controllers
// off. The flag is a pflag StringSlice (cmd/controller-manager/app/options/options.go: default `*`, the first
// occurrence replaces the default, later ones append); IsControllerEnabled (pkg/controllers/context/context.go)
// takes the first entry that is the name or `-name`, else `*` turns on all but the disabled-by-default ones.
import type { ContainerArgs } from '../karmada/gates.js';
import { AGENT_COLLECT, MCS_CONTROLLERS, controllersOff } from '../karmada/controller-manager.js';

/** karmada-agent runs only the collecting one (cmd/agent/app/agent.go). */
export const AGENT_MCS_CONTROLLERS: readonly string[] = [AGENT_COLLECT];
const FLAG = '--controllers';

/**
 * The values with `names` turned on: a `-name` that decides is turned into `name` where it stands, else `name` is
 * appended to the last occurrence. Every other entry stays as written.
 */
export function withControllersOn(values: string[], names: string[]): string[] {
  const pieces = values.map((v) => v.split(','));
  for (const name of names) {
    const flat = pieces.flatMap((p, i) => p.map((entry, j) => ({ entry, i, j })));
    const decides = flat.find(({ entry }) => entry === name || entry === `-${name}`);
    const piece = decides && pieces[decides.i];
    if (decides?.entry === `-${name}` && piece) piece[decides.j] = name;
    else if (!decides) pieces.at(-1)?.push(name);
  }
  return pieces.map((p) => p.join(','));
}

interface ControllersFlag {
  list: 'command' | 'args';
  valueIndex: number;
  inline: boolean;
  value: string;
}

function findControllersFlags(container: ContainerArgs): ControllersFlag[] {
  const found: ControllersFlag[] = [];
  for (const list of ['command', 'args'] as const) {
    const tokens = container[list] ?? [];
    tokens.forEach((token, i) => {
      if (token.startsWith(`${FLAG}=`))
        found.push({ list, valueIndex: i, inline: true, value: token.slice(FLAG.length + 1) });
      else if (token === FLAG && i + 1 < tokens.length)
        found.push({ list, valueIndex: i + 1, inline: false, value: tokens[i + 1] ?? '' });
    });
  }
  return found;
}

export const controllersValues = (container: ContainerArgs): string[] =>
  findControllersFlags(container).map((f) => f.value);

/** command/args with the MCS controllers turned back on, and which ones were off. */
export function withMcsControllersOn(
  container: ContainerArgs,
  names: readonly string[] = MCS_CONTROLLERS,
): { lists: Required<ContainerArgs>; turnedOn: string[] } {
  const lists = { command: [...(container.command ?? [])], args: [...(container.args ?? [])] };
  const flags = findControllersFlags(container);
  const off = controllersOff(
    flags.map((f) => f.value),
    names,
  );
  if (off.length === 0) return { lists, turnedOn: [] };
  const values = withControllersOn(
    flags.map((f) => f.value),
    off,
  );
  flags.forEach((f, i) => {
    const value = values[i] ?? '';
    lists[f.list][f.valueIndex] = f.inline ? `${FLAG}=${value}` : value;
  });
  return { lists, turnedOn: off };
}
