// The targetPort rule: a Service port must target a port the selected pods listen on. Judged only
// where the pods' containers declare ports (a container may listen on undeclared ports).
import type { ContainerPort, Deployment, Service } from '../kube/objects.js';

export interface TargetPortProblem {
  /** index in the Service's spec.ports */
  index: number;
  target: number | string;
  workload: string;
  declared: number[];
}

/** The control-plane Deployment whose pod template the Service selects. */
export function selectedWorkload(service: Service, deployments: Deployment[]): Deployment | undefined {
  const selector = service.spec?.selector ?? {};
  if (Object.keys(selector).length === 0) return undefined;
  return deployments.find(
    (d) =>
      d.metadata?.namespace === service.metadata?.namespace &&
      Object.entries(selector).every(([k, v]) => d.spec?.template.metadata?.labels?.[k] === v),
  );
}

export function targetPortProblems(service: Service, deployments: Deployment[]): TargetPortProblem[] {
  const workload = selectedWorkload(service, deployments);
  const ports: ContainerPort[] = (workload?.spec?.template.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
  if (!workload || ports.length === 0) return [];
  const name = workload.metadata?.name ?? '';
  const problems: TargetPortProblem[] = [];
  (service.spec?.ports ?? []).forEach((p, index) => {
    const target = p.targetPort ?? p.port;
    const found =
      typeof target === 'number'
        ? ports.some((cp) => cp.containerPort === target)
        : ports.some((cp) => cp.name === target);
    if (!found) problems.push({ index, target, workload: name, declared: ports.map((cp) => cp.containerPort) });
  });
  return problems;
}
