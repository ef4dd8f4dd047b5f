// karmada-operator's reconcile of the controller-manager: on a change of the Karmada object it renders the
// Deployment from its manifest again (operator/pkg/controlplane/controlplane.go, getKarmadaControllerManagerManifest)
// and patches it (operator/pkg/util/patcher/pather.go, ForDeployment, the same from v1.8 to v1.18):
// `spec.featureGates` (the top-level field; the component's own featureGates is not read) merged into the
// manifest's --feature-gates, then `spec.components.karmadaControllerManager.extraArgs` over every flag, so
// extraArgs["feature-gates"] replaces the gates. The flags come out as `--key=value`, sorted by key.
import { admit } from './admission.js';
import { HOST_CLUSTER as HOST, parseBool } from './controller-manager.js';
import { controllerManagerFor, operatorDeploymentName } from './layouts.js';
import { DEPLOYMENTS, KARMADAS } from './resources.js';
import type { Karmada } from './karmada-types.js';
import type { Deployment } from './kinds.js';
import type { SimObject, World } from './world.js';

/** parseArgumentListToMap: `--key=value` only; the binary and anything else are skipped. */
function argumentMap(command: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (const arg of command) {
    if (!arg.startsWith('--') || !arg.includes('=')) continue;
    const [key, ...value] = arg.slice(2).split('=');
    if (key) args.set(key, value.join('='));
  }
  return args;
}

/** parseFeatrueGatesArgumentToMap: entries that do not parse are dropped. */
function gateMap(argument: string | undefined): Map<string, boolean> {
  const gates = new Map<string, boolean>();
  for (const entry of (argument ?? '').split(',')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const value = parseBool(entry.slice(eq + 1));
    if (value !== undefined) gates.set(entry.slice(0, eq), value);
  }
  return gates;
}

const sortedKeys = <T>(m: Map<string, T>) => [...m.keys()].sort();

/** Patcher.ForDeployment's command for the first container. */
export function patchCommand(
  command: string[],
  /** as written in the Karmada object, whose schema the simulator does not check: only `true` enables */
  featureGates: Record<string, unknown>,
  extraArgs: Record<string, string>,
): string[] {
  if (Object.keys(featureGates).length === 0 && Object.keys(extraArgs).length === 0) return command;
  const args = argumentMap(command);
  const overrides = new Map<string, string>();
  if (Object.keys(featureGates).length) {
    const gates = gateMap(args.get('feature-gates'));
    for (const [k, v] of Object.entries(featureGates)) gates.set(k, v === true);
    overrides.set(
      'feature-gates',
      sortedKeys(gates)
        .map((k) => `${k}=${gates.get(k)}`)
        .join(','),
    );
  }
  for (const [k, v] of Object.entries(extraArgs)) overrides.set(k, v);
  for (const [k, v] of overrides) args.set(k, v);
  return [command[0] ?? '', ...sortedKeys(args).map((k) => `--${k}=${args.get(k) ?? ''}`)];
}

/** Reconciles every Karmada object the operator has not yet observed. */
export function reconcileOperator(world: World): void {
  if (!world.cluster(HOST).serves(KARMADAS)) return;
  for (const cr of world.list(HOST, KARMADAS) as Karmada[]) {
    if (cr.status?.observedGeneration === cr.metadata.generation) continue;
    const name = operatorDeploymentName(cr.metadata.name);
    const rendered = controllerManagerFor(world.release, { layout: 'operator' });
    const container = rendered.spec.template.spec.containers[0];
    if (!container) continue;
    container.command = patchCommand(
      container.command,
      cr.spec?.featureGates ?? {},
      cr.spec?.components?.karmadaControllerManager?.extraArgs ?? {},
    );
    const existing: Deployment | undefined = world.get(HOST, DEPLOYMENTS, cr.metadata.namespace, name);
    const desired: SimObject = {
      ...rendered,
      metadata: { ...existing?.metadata, ...rendered.metadata, name, namespace: cr.metadata.namespace },
      status: existing?.status ?? {},
    };
    const admitted = admit(world.cluster(HOST), DEPLOYMENTS, desired, existing);
    if (!existing || JSON.stringify(existing.spec) !== JSON.stringify(admitted.spec))
      world.put(HOST, DEPLOYMENTS, admitted, 'karmada-operator');
    world.put(
      HOST,
      KARMADAS,
      {
        ...cr,
        status: {
          ...cr.status,
          observedGeneration: cr.metadata.generation,
          conditions: [{ type: 'Ready', status: 'True', reason: 'Completed' }],
        },
      },
      'karmada-operator',
    );
  }
}
