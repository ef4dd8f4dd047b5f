// The Service and MultiClusterService that expose writes, derived like `kubectl expose`:
// selector from the Deployment's matchLabels, ports from its containers, flags overriding both.
import { UsageError } from '../errors.js';
import type { ContainerPort, Deployment } from '../kube/objects.js';
import { MCS, SERVICES, apiVersionOf } from '../kube/resources.js';
import type { ExposeOptions } from './options.js';
import type { Mcs, Service } from './models.js';
import { clusterSpec } from './schema.js';
import type { ClusterFields } from '../karmada/mcs-spec.js';
import { MANAGED_BY, PLUGIN } from '../karmada/labels.js';

interface ServicePort {
  name?: string;
  port: number;
  targetPort: number | string;
  protocol: string;
}

export function containerPorts(deployment: Deployment): ContainerPort[] {
  return (deployment.spec?.template.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
}

export function deriveService(options: ExposeOptions, namespace: string, deployment: Deployment | undefined): Service {
  const what = `deployment ${options.target.name}`;
  let selector = options.selector;
  if (!selector) {
    const matchLabels = deployment?.spec?.selector.matchLabels;
    if (!matchLabels || Object.keys(matchLabels).length === 0) {
      throw new UsageError(
        `${what} selects its pods with matchExpressions only, which a Service cannot express; ` +
          'pass --selector key=value',
      );
    }
    selector = matchLabels;
  }
  let ports: ServicePort[];
  if (options.port) {
    ports = [
      {
        port: options.port.port,
        targetPort: options.port.targetPort ?? options.port.port,
        protocol: options.port.protocol ?? 'TCP',
      },
    ];
  } else {
    const seen = new Set<string>();
    ports = containerPorts(deployment ?? {}).flatMap((cp) => {
      const protocol = options.protocol ?? cp.protocol ?? 'TCP';
      const key = `${cp.containerPort}/${protocol}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [
        {
          ...(cp.name ? { name: cp.name } : {}),
          port: cp.containerPort,
          targetPort: options.targetPort ?? cp.containerPort,
          protocol,
        },
      ];
    });
    if (ports.length === 0)
      throw new UsageError(
        `${what} declares no container ports; pass --port (and --target-port if the pods listen elsewhere)`,
      );
  }
  // A Service with several ports needs a name on each; kubectl expose names them port-1, port-2, ...
  if (ports.length > 1) {
    const used = new Set(ports.map((p) => p.name).filter(Boolean));
    ports = ports.map((p, i) => ({ ...p, name: p.name ?? uniqueName(`port-${i + 1}`, used) }));
  }
  return {
    apiVersion: apiVersionOf(SERVICES),
    kind: SERVICES.kind,
    metadata: {
      name: options.name,
      namespace,
      labels: { ...(deployment?.metadata?.labels ?? {}), [MANAGED_BY]: PLUGIN },
    },
    spec: { selector, ports },
  };
}

function uniqueName(base: string, used: Set<string | undefined>): string {
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
  used.add(name);
  return name;
}

export function deriveMcs(options: ExposeOptions, namespace: string, fields: ClusterFields): Mcs {
  return {
    apiVersion: apiVersionOf(MCS),
    kind: MCS.kind,
    metadata: { name: options.name, namespace, labels: { [MANAGED_BY]: PLUGIN } },
    spec: {
      types: ['CrossCluster'],
      ...clusterSpec(fields, options.providers, options.consumers),
    },
  };
}
