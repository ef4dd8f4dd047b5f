// What the Karmada components in the simulated clusters run, read from their Deployments the way the binaries
// read their flags: pflag for the command line, k8s.io/component-base/featuregate for --feature-gates, and
// Karmada's pkg/controllers/context/context.go (IsControllerEnabled) for --controllers.
import { DEPLOYMENTS } from './resources.js';
import type { Container, Deployment } from './kinds.js';
import type { World } from './world.js';

export const KARMADA_CLUSTER = 'karmada';
export const HOST_CLUSTER = 'host';
export const CONTROLLER_MANAGER = 'karmada-controller-manager';
export const MCS_GATE = 'MultiClusterService';
/** The MCS controllers of karmada-controller-manager (cmd/controller-manager/app/controllermanager.go). */
export const MCS_CONTROLLERS = ['multiclusterservice', 'endpointsliceCollect', 'endpointsliceDispatch'] as const;
export type McsController = (typeof MCS_CONTROLLERS)[number];
// controllersDisabledByDefault in cmd/controller-manager/app/controllermanager.go and cmd/agent/app/agent.go.
const DISABLED_BY_DEFAULT = new Set(['hpaScaleTargetMarker', 'deploymentReplicasSyncer', 'certRotation']);

/** Every value given to `--name` (as `--name=v` or `--name v`), in the order the process sees them. */
export function flagValues(container: Container, name: string): string[] {
  const tokens = [...(container.command ?? []).slice(1), ...(container.args ?? [])];
  if (!container.command?.length) tokens.shift(); // no command: the image's entrypoint, args are all flags
  const values: string[] = [];
  tokens.forEach((token, i) => {
    if (token.startsWith(`--${name}=`)) values.push(token.slice(name.length + 3));
    else if (token === `--${name}` && i + 1 < tokens.length) values.push(tokens[i + 1] ?? '');
  });
  return values;
}

export class FlagError extends Error {}

/**
 * `--feature-gates` as featuregate.Set parses each occurrence: comma-separated, empty entries skipped, `k=v` with v
 * read by strconv.ParseBool; repeated flags merge into one map, later keys win. Throws what the binary would
 * print before refusing to start.
 */
export function featureGates(values: string[]): Map<string, boolean> {
  const enabled = new Map<string, boolean>();
  for (const value of values) {
    for (const piece of value.split(',')) {
      if (piece.length === 0) continue;
      const eq = piece.indexOf('=');
      const key = (eq < 0 ? piece : piece.slice(0, eq)).trim();
      if (eq < 0) throw new FlagError(`missing bool value for ${key}`);
      const parsed = parseBool(piece.slice(eq + 1).trim());
      if (parsed === undefined) {
        throw new FlagError(
          `invalid value of ${key}=${piece.slice(eq + 1).trim()}, err: strconv.ParseBool: parsing ` +
            `"${piece.slice(eq + 1).trim()}": invalid syntax`,
        );
      }
      // AllAlpha sets every alpha gate that is not set already (setUnsetAlphaGates), so an explicit entry wins.
      if (key === 'AllAlpha' && !enabled.has(MCS_GATE)) enabled.set(MCS_GATE, parsed);
      enabled.set(key, parsed);
    }
  }
  return enabled;
}

/** strconv.ParseBool */
export function parseBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/**
 * `--controllers` (a pflag StringSlice, default `*`): an explicit name or `-name` decides, else `*` enables all but
 * the disabled-by-default ones.
 */
export function controllerEnabled(values: string[], name: string): boolean {
  const list = values.length ? values.flatMap((v) => v.split(',')) : ['*'];
  let star = false;
  for (const entry of list) {
    if (entry === name) return true;
    if (entry === `-${name}`) return false;
    if (entry === '*') star = true;
  }
  return star && !DISABLED_BY_DEFAULT.has(name);
}

/** A Deployment runs a component when its container runs the component's binary or image, whatever it is named. */
export function findComponent(
  world: World,
  cluster: string,
  binary: string,
): { deployment: Deployment; container: Container } | undefined {
  if (!world.clusters.has(cluster)) return undefined;
  for (const deployment of world.list(cluster, DEPLOYMENTS) as Deployment[]) {
    // A client may write a Deployment without a pod template; the API server here does not require one.
    const template = deployment.spec?.template;
    for (const container of template?.spec?.containers ?? []) {
      const runs =
        (container.command?.[0] ?? '').split('/').pop() === binary ||
        new RegExp(`/${binary}(:|@|$)`).test(container.image ?? '');
      if (runs) return { deployment, container };
    }
  }
  return undefined;
}

export interface ComponentState {
  /** the Deployment exists and its flags parse (a component with bad flags exits at start) */
  running: boolean;
  gate: boolean;
  controllers: Record<McsController, boolean>;
  /** why it does not run, as its log would say */
  error?: string;
}

function componentState(world: World, cluster: string, binary: string): ComponentState {
  const found = findComponent(world, cluster, binary);
  const off = { multiclusterservice: false, endpointsliceCollect: false, endpointsliceDispatch: false };
  if (!found || (found.deployment.spec?.replicas ?? 1) === 0) return { running: false, gate: false, controllers: off };
  try {
    const gate = featureGates(flagValues(found.container, 'feature-gates')).get(MCS_GATE) ?? false;
    const listed = flagValues(found.container, 'controllers');
    const controllers = Object.fromEntries(MCS_CONTROLLERS.map((c) => [c, gate && controllerEnabled(listed, c)]));
    return { running: true, gate, controllers: controllers as Record<McsController, boolean> };
  } catch (e) {
    return { running: false, gate: false, controllers: off, error: (e as Error).message };
  }
}

/** karmada-controller-manager in the host cluster. */
export const controllerManager = (world: World): ComponentState =>
  componentState(world, HOST_CLUSTER, 'karmada-controller-manager');

/** The karmada-agent of a Pull-mode member: it collects that member's EndpointSlices (cmd/agent/app/agent.go). */
export const agent = (world: World, cluster: string): ComponentState => componentState(world, cluster, 'karmada-agent');
