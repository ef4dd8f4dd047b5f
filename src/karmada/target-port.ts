// The targetPort rule: a Service port must target a port the selected pods listen on. Judged only
// where the pods' containers declare ports (a container may listen on undeclared ports).
import type { Obj } from '../kube/client.js';

export interface TargetPortProblem {
  /** index in the Service's spec.ports */
  index: number;
  target: number | string;
  workload: string;
  declared: number[];
}

/** The control-plane Deployment whose pod template the Service selects. */
export function selectedWorkload(service: Obj, deployments: Obj[]): Obj | undefined {
  const selector: Record<string, string> = service.spec?.selector ?? {};
  if (Object.keys(selector).length === 0) return undefined;
  return deployments.find(
    (d) =>
      d.metadata.namespace === service.metadata.namespace &&
      Object.entries(selector).every(([k, v]) => d.spec?.template?.metadata?.labels?.[k] === v),
  );
}

export function targetPortProblems(service: Obj, deployments: Obj[]): TargetPortProblem[] {
  const workload = selectedWorkload(service, deployments);
  const ports: Obj[] = (workload?.spec?.template?.spec?.containers ?? []).flatMap((c: Obj) => c.ports ?? []);
  if (!workload || ports.length === 0) return [];
  const problems: TargetPortProblem[] = [];
  (service.spec?.ports ?? []).forEach((p: Obj, index: number) => {
    const target = p.targetPort ?? p.port;
    const found =
      typeof target === 'number'
        ? ports.some((cp) => cp.containerPort === target)
        : ports.some((cp) => cp.name === target);
    if (!found)
      problems.push({ index, target, workload: workload.metadata.name, declared: ports.map((cp) => cp.containerPort) });
  });
  return problems;
}
