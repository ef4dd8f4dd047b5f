// What the Karmada components in the simulated clusters run, read from their Deployments the way the binaries
// read their flags: pflag for the command line, k8s.io/component-base/featuregate for --feature-gates, and
// Karmada's pkg/controllers/context/context.go (IsControllerEnabled) for --controllers.
import { DEPLOYMENTS, PODS } from './resources.js';
import type { Container, Deployment, Pod } from './kinds.js';
import type { World } from './world.js';
import type { Release } from './release.js';

export const KARMADA_CLUSTER = 'karmada';
export const HOST_CLUSTER = 'host';
export const CONTROLLER_MANAGER = 'karmada-controller-manager';
export const AGENT = 'karmada-agent';
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

export class FlagError extends Error {
  constructor(
    message: string,
    /** the --feature-gates value it came from */
    readonly value: string,
  ) {
    super(message);
  }
}

/**
 * `--feature-gates` as featuregate.Set parses each occurrence: comma-separated, empty entries skipped, `k=v` with v
 * read by strconv.ParseBool, then SetFromMap refuses a name the component does not know (`known`, the release's);
 * repeated flags merge into one map, later keys win. Throws what the binary would print before refusing to start.
 */
export function featureGates(values: string[], known?: ReadonlySet<string>): Map<string, boolean> {
  const enabled = new Map<string, boolean>();
  for (const value of values) {
    for (const piece of value.split(',')) {
      if (piece.length === 0) continue;
      const eq = piece.indexOf('=');
      const key = (eq < 0 ? piece : piece.slice(0, eq)).trim();
      if (eq < 0) throw new FlagError(`missing bool value for ${key}`, value);
      const parsed = parseBool(piece.slice(eq + 1).trim());
      if (parsed === undefined) {
        throw new FlagError(
          `invalid value of ${key}=${piece.slice(eq + 1).trim()}, err: strconv.ParseBool: parsing ` +
            `"${piece.slice(eq + 1).trim()}": invalid syntax`,
          value,
        );
      }
      if (known && !known.has(key)) throw new FlagError(`unrecognized feature gate: ${key}`, value);
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
    for (const container of template?.spec?.containers ?? [])
      if (runsBinary(container, binary)) return { deployment, container };
  }
  return undefined;
}

export interface ComponentState {
  /** a pod of it runs (a component with bad flags exits at start) */
  running: boolean;
  gate: boolean;
  controllers: Record<McsController, boolean>;
}

/** Whether the container runs the component's binary or image, whatever it is named. */
const runsBinary = (container: Container, binary: string): boolean =>
  (container.command?.[0] ?? '').split('/').pop() === binary ||
  new RegExp(`/${binary}(:|@|$)`).test(container.image ?? '');

/**
 * The last line a Karmada component's binary prints as it exits at start, its flags refused: component-base's
 * cli.Run prints the usage (which the simulator leaves out), then "Error: " and pflag's "invalid argument … flag: …";
 * undefined when they parse or the container runs no component.
 */
export function startError(container: Container, release: Release): string | undefined {
  if (![CONTROLLER_MANAGER, AGENT].some((binary) => runsBinary(container, binary))) return undefined;
  try {
    featureGates(flagValues(container, 'feature-gates'), release.featureGates);
    return undefined;
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    return `Error: invalid argument "${e.value}" for "--feature-gates" flag: ${e.message}`;
  }
}

/**
 * The container the component runs in now: its leader's, the oldest ready pod of the Deployment (leader election:
 * during a rollout the old pod leads until it goes, and a new pod that crashes at start never does).
 */
export function runningContainer(world: World, cluster: string, binary: string): Container | undefined {
  const found = findComponent(world, cluster, binary);
  if (!found) return undefined;
  const uid = found.deployment.metadata.uid;
  // World.list walks the pods in the order they were made: the first ready one is the oldest.
  const leader = (world.list(cluster, PODS, found.deployment.metadata.namespace) as Pod[]).find(
    (p) =>
      p.metadata.ownerReferences?.at(0)?.uid === uid &&
      !p.metadata.deletionTimestamp &&
      p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  );
  return leader?.spec?.containers.find((c) => c.name === found.container.name);
}

function componentState(world: World, cluster: string, binary: string): ComponentState {
  const container = runningContainer(world, cluster, binary);
  const off = { multiclusterservice: false, endpointsliceCollect: false, endpointsliceDispatch: false };
  if (!container) return { running: false, gate: false, controllers: off };
  const gate = featureGates(flagValues(container, 'feature-gates')).get(MCS_GATE) ?? false;
  const listed = flagValues(container, 'controllers');
  const controllers = Object.fromEntries(MCS_CONTROLLERS.map((c) => [c, gate && controllerEnabled(listed, c)]));
  return { running: true, gate, controllers: controllers as Record<McsController, boolean> };
}

/** karmada-controller-manager in the host cluster. */
export const controllerManager = (world: World): ComponentState =>
  componentState(world, HOST_CLUSTER, 'karmada-controller-manager');

/** The karmada-agent of a Pull-mode member: it collects that member's EndpointSlices (cmd/agent/app/agent.go). */
export const agent = (world: World, cluster: string): ComponentState => componentState(world, cluster, 'karmada-agent');
