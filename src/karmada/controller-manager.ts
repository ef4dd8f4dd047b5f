// What karmada-controller-manager and karmada-agent run, read from their Deployment's container:
// the effective MultiClusterService gate and whether `--controllers` leaves the MCS controllers on.
import { type ContainerArgs, type GateState, gateState } from './gates.js';

export const MCS_CONTROLLERS = ['multiclusterservice', 'endpointsliceCollect', 'endpointsliceDispatch'] as const;
/** karmada-agent runs collection for its own cluster (cmd/agent/app/agent.go). */
export const AGENT_COLLECT = 'endpointsliceCollect';

/** Every value of a flag in command+args, `--flag=v` and `--flag v` forms. */
export function flagValues(container: ContainerArgs, flag: string): string[] {
  const tokens = [...(container.command ?? []), ...(container.args ?? [])];
  const values: string[] = [];
  tokens.forEach((t, i) => {
    if (t.startsWith(`${flag}=`)) values.push(t.slice(flag.length + 1));
    else if (t === flag && i + 1 < tokens.length) values.push(tokens[i + 1] ?? '');
  });
  return values;
}

/**
 * `--controllers` as Karmada reads it: a pflag string slice (the values of every occurrence; default `*`, repeated
 * flags append) and Context.IsControllerEnabled (pkg/controllers/context/context.go): the first entry naming the
 * controller, or `-name`, decides; else `*` enables it. None of the MCS controllers is off by default.
 */
export function controllerOn(values: string[], name: string): boolean {
  const list = (values.length ? values : ['*']).flatMap((v) => v.split(',')).map((v) => v.trim());
  for (const entry of list) {
    if (entry === name) return true;
    if (entry === `-${name}`) return false;
  }
  return list.includes('*');
}

/** Which of `names` a --controllers list (the values of each occurrence) keeps off. */
export const controllersOff = (values: string[], names: readonly string[] = MCS_CONTROLLERS): string[] =>
  names.filter((c) => !controllerOn(values, c));

export const controllerEnabled = (container: ContainerArgs, name: string): boolean =>
  controllerOn(flagValues(container, '--controllers'), name);

/** The MCS controllers that `--controllers` switches off. */
export const disabledMcsControllers = (container: ContainerArgs): string[] =>
  controllersOff(flagValues(container, '--controllers'));

/** The gate, or why it cannot be read (a component with an unparseable --feature-gates does not start). */
export function effectiveGate(container: ContainerArgs): GateState | { error: string } {
  try {
    return gateState(container);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

export interface ImageRelease {
  /** as the image's tag spells it: `v1.14.0`, `1.14`, `v1.18.0-rc.1` */
  tag: string;
  major: number;
  minor: number;
}

/**
 * The release in an image's tag: `docker.io/karmada/karmada-controller-manager:v1.14.0`, a mirror's `…:1.14.0`, a
 * pre-release `…:v1.18.0-rc.1`, a pinned `…:v1.14.0@sha256:…`. Undefined for `latest` or a bare digest.
 */
export function imageRelease(image: string | undefined): ImageRelease | undefined {
  const m = /:(v?(\d+)\.(\d+)(?:\.\d+)?(?:-[\w.-]*)?)(?:@.*)?$/.exec(image ?? '');
  return m ? { tag: m[1] ?? '', major: Number(m[2]), minor: Number(m[3]) } : undefined;
}

export interface FlagEdit {
  list: 'command' | 'args';
  index: number;
  value: string;
}

/**
 * The one token to rewrite so that `--controllers` turns the MCS controllers back on: the last
 * `--controllers` flag without their `-name` entries, and naming them when it has no `*`.
 * Undefined when they are all on already.
 */
export function controllersFix(
  container: ContainerArgs,
  names: readonly string[] = MCS_CONTROLLERS,
): FlagEdit | undefined {
  if (names.every((n) => controllerEnabled(container, n))) return undefined;
  let found: FlagEdit | undefined;
  for (const list of ['command', 'args'] as const) {
    (container[list] ?? []).forEach((t, i, tokens) => {
      if (t.startsWith('--controllers=')) found = { list, index: i, value: t.slice('--controllers='.length) };
      else if (t === '--controllers' && i + 1 < tokens.length)
        found = { list, index: i + 1, value: tokens[i + 1] ?? '' };
    });
  }
  if (!found) return undefined;
  const entries = found.value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => !names.some((c) => e === `-${c}`));
  const missing = entries.includes('*') ? [] : names.filter((c) => !entries.includes(c));
  const value = [...entries, ...missing].join(',');
  const token = container[found.list]?.[found.index] ?? '';
  return { ...found, value: token.startsWith('--controllers=') ? `--controllers=${value}` : value };
}
