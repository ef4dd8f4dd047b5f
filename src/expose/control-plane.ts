// What karmada-controller-manager runs, read from its Deployment in the host cluster: whether the MCS
// controllers are on (the gate and --controllers), and its image's release. Found by the binary or image it
// runs, whatever Helm or the operator named the Deployment (the simulator and enable do the same).
import { ApiError, CliError } from '../errors.js';
import { type ContainerArgs, gateState } from '../karmada/gates.js';
import type { KubeClient, Obj } from '../kube/client.js';
import { DEPLOYMENTS } from '../kube/resources.js';

const BINARY = 'karmada-controller-manager';
/**
 * The controllers that remove the MCS finalizer and move endpoints (cmd/controller-manager/app/controllermanager.go);
 * none is in controllersDisabledByDefault, so `*` turns them on.
 */
export const MCS_CONTROLLERS = ['multiclusterservice', 'endpointsliceCollect', 'endpointsliceDispatch'] as const;
export const MCS_FINALIZER = 'karmada.io/multiclusterservice-controller';

export interface ControlPlane {
  /** `deployment karmada-system/karmada-controller-manager (context "karmada-host")` */
  where: string;
  image?: string;
  /** why the MCS controllers do not run; undefined when they do */
  off?: string;
  /** controllers that --controllers switches off (the gate may be on) */
  disabled: string[];
  /** the multiclusterservice controller runs, so the MCS finalizer is removed on deletion */
  removesFinalizer: boolean;
}

export function runsControllerManager(container: Obj): boolean {
  return (
    (container.command?.[0] ?? '').split('/').pop() === BINARY ||
    new RegExp(`/${BINARY}(:|@|$)`).test(container.image ?? '')
  );
}

/** Every value of `--name` in the container's command line (after the binary) and args. */
export function flagValues(container: ContainerArgs, name: string): string[] {
  const tokens = [...(container.command ?? []).slice(1), ...(container.args ?? [])];
  const values: string[] = [];
  tokens.forEach((token, i) => {
    if (token.startsWith(`--${name}=`)) values.push(token.slice(name.length + 3));
    else if (token === `--${name}` && i + 1 < tokens.length) values.push(tokens[i + 1]!);
  });
  return values;
}

/** `--controllers` as IsControllerEnabled reads it (pkg/controllers/context/context.go): name, `-name`, then `*`. */
export function controllerEnabled(values: string[], name: string): boolean {
  // A repeated flag appends to the list (pflag's StringSlice); the first entry naming the controller decides.
  const list = values.length ? values.flatMap((v) => v.split(',')) : ['*'];
  let star = false;
  for (const entry of list) {
    if (entry === name) return true;
    if (entry === `-${name}`) return false;
    if (entry === '*') star = true;
  }
  return star;
}

/** Why the MCS controllers of this container do not all run (undefined when they do), and which are off. */
export function mcsControllersOff(container: ContainerArgs): {
  off?: string;
  disabled: string[];
  removesFinalizer: boolean;
} {
  const disabled = MCS_CONTROLLERS.filter((c) => !controllerEnabled(flagValues(container, 'controllers'), c));
  const gate = gateState(container);
  if (!gate.enabled)
    return { off: `the MultiClusterService feature gate is ${gate.describe}`, disabled, removesFinalizer: false };
  const removesFinalizer = !disabled.includes('multiclusterservice');
  if (disabled.length) return { off: `--controllers turns off ${disabled.join(', ')}`, disabled, removesFinalizer };
  return { disabled, removesFinalizer };
}

/** The controller-manager's state, or undefined when the host cluster cannot be read or runs none. */
export async function readControlPlane(host: KubeClient): Promise<ControlPlane | undefined> {
  let deployments: Obj[];
  try {
    deployments = await host.list(DEPLOYMENTS);
  } catch (error) {
    if (error instanceof CliError || error instanceof ApiError) return undefined;
    throw error;
  }
  for (const d of deployments) {
    const container = (d.spec?.template?.spec?.containers ?? []).find(runsControllerManager);
    if (!container) continue;
    const where = `deployment ${d.metadata.namespace}/${d.metadata.name} (${host.label})`;
    if ((d.spec?.replicas ?? 1) === 0)
      return {
        where,
        image: container.image,
        off: 'it is scaled to 0 replicas',
        disabled: [],
        removesFinalizer: false,
      };
    try {
      return { where, image: container.image, ...mcsControllersOff(container) };
    } catch (error) {
      // Flags the binary cannot parse: it does not start.
      if (error instanceof CliError)
        return { where, image: container.image, off: error.message, disabled: [], removesFinalizer: false };
      throw error;
    }
  }
  return undefined;
}
