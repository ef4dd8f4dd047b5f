// What karmada-controller-manager runs, read from its Deployment in the host cluster: whether the MCS
// controllers are on (the gate and --controllers), and its image's release. Found by the binary or image it
// runs, whatever Helm or the operator named the Deployment (the simulator and enable do the same).
import { ApiError, CliError } from '../errors.js';
import { type ContainerArgs, gateState } from '../karmada/gates.js';
import type { KubeClient } from '../kube/client.js';
import { DEPLOYMENTS } from '../kube/resources.js';
import { disabledMcsControllers } from '../karmada/controller-manager.js';
import { runs } from '../karmada/locate.js';
import type { Deployment } from './models.js';

const BINARY = 'karmada-controller-manager';
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

/** What reading the host cluster told: the controller-manager's state, or why it is unknown. */
export type ControlPlaneRead = { state: ControlPlane; unknown?: undefined } | { state?: undefined; unknown: string };

/** Why the MCS controllers of this container do not all run (undefined when they do), and which are off. */
export function mcsControllersOff(container: ContainerArgs): {
  off?: string;
  disabled: string[];
  removesFinalizer: boolean;
} {
  const disabled = disabledMcsControllers(container);
  const gate = gateState(container);
  if (!gate.enabled)
    return { off: `the MultiClusterService feature gate is ${gate.describe}`, disabled, removesFinalizer: false };
  const removesFinalizer = !disabled.includes('multiclusterservice');
  if (disabled.length) return { off: `--controllers turns off ${disabled.join(', ')}`, disabled, removesFinalizer };
  return { disabled, removesFinalizer };
}

/** The controller-manager's state, or why it is unknown: the host cluster cannot be read, or runs none. */
export async function readControlPlane(host: KubeClient): Promise<ControlPlaneRead> {
  let deployments: Deployment[];
  try {
    deployments = await host.list<Deployment>(DEPLOYMENTS);
  } catch (error) {
    if (error instanceof CliError || error instanceof ApiError) return { unknown: error.message };
    throw error;
  }
  for (const d of deployments) {
    const container = (d.spec?.template.spec?.containers ?? []).find((c) => runs(c, BINARY));
    if (!container) continue;
    const where = `deployment ${d.metadata.namespace ?? ''}/${d.metadata.name} (${host.label})`;
    const image = container.image;
    if ((d.spec?.replicas ?? 1) === 0)
      return { state: { where, image, off: 'it is scaled to 0 replicas', disabled: [], removesFinalizer: false } };
    try {
      return { state: { where, image, ...mcsControllersOff(container) } };
    } catch (error) {
      // Flags the binary cannot parse: it does not start.
      if (error instanceof CliError)
        return { state: { where, image, off: error.message, disabled: [], removesFinalizer: false } };
      throw error;
    }
  }
  return { unknown: `no deployment in ${host.label} runs ${BINARY}` };
}
