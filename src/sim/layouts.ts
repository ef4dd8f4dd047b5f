// How the host cluster looks under each install method of the reference (§3), and the seed scenario.
import type { LAYOUTS } from '../defaults.js';
import { CLUSTERS, DEPLOYMENTS, KARMADAS, NAMESPACES, PROPAGATION_POLICIES } from './resources.js';
import type { Obj, World } from './world.js';
import { CONTROLLER_MANAGER, HOST, KARMADA } from './controllers.js';

export type Layout = (typeof LAYOUTS)[number];

export interface LayoutOptions {
  layout: Layout;
  /** Helm release name (Deployment `<release>-controller-manager`) */
  release?: string;
  /** extra container flags, e.g. a gate flag for a test layout */
  extraFlags?: string[];
  /** flags in `args` instead of `command` */
  flagsInArgs?: boolean;
}

const SYSTEM = 'karmada-system';

function deployment(name: string, namespace: string, container: string, flags: string[], labels: Record<string, string>, annotations: Record<string, string> = {}, inArgs = false): Obj {
  const binary = `/bin/${container}`;
  return {
    metadata: { name, namespace, labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: container } },
      template: {
        metadata: { labels: { app: container } },
        spec: {
          containers: [{
            name: container,
            image: `docker.io/karmada/${container}:v1.18.0`,
            ...(inArgs ? { command: [binary], args: flags } : { command: [binary, ...flags] }),
            env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
            ports: [{ name: 'metrics', containerPort: 8080, protocol: 'TCP' }],
            livenessProbe: { httpGet: { path: '/healthz', port: 10357, scheme: 'HTTP' }, initialDelaySeconds: 15 },
          }],
          volumes: [{ name: 'karmada-config', secret: { secretName: `${container}-config` } }],
        },
      },
    },
  };
}

export function controllerManagerFor(options: LayoutOptions): Obj {
  const extra = options.extraFlags ?? [];
  switch (options.layout) {
    case 'local-up':
      return deployment(CONTROLLER_MANAGER, SYSTEM, CONTROLLER_MANAGER, [
        '--kubeconfig=/etc/karmada/config/karmada.config', '--cluster-status-update-frequency=10s',
        '--controllers=*,hpaScaleTargetMarker,deploymentReplicasSyncer', '--feature-gates=AllAlpha=true,AllBeta=true',
        '--metrics-bind-address=$(POD_IP):8080', '--health-probe-bind-address=$(POD_IP):10357',
        '--enable-no-execute-taint-eviction=true', '--logging-format=json', '--v=4', ...extra,
      ], { app: CONTROLLER_MANAGER }, {}, options.flagsInArgs);
    case 'helm': {
      const release = options.release ?? 'karmada';
      return deployment(`${release}-controller-manager`, SYSTEM, CONTROLLER_MANAGER, [
        '--kubeconfig=/etc/kubeconfig', '--cluster-status-update-frequency=10s', `--leader-elect-resource-namespace=${SYSTEM}`,
        '--metrics-bind-address=$(POD_IP):8080', '--health-probe-bind-address=$(POD_IP):10357', '--v=2',
        '--feature-gates=PropagateDeps=false', ...extra,
      ], {
        app: CONTROLLER_MANAGER, 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': release, 'helm.sh/chart': 'karmada-v1.18.0',
      }, { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': SYSTEM }, options.flagsInArgs);
    }
    case 'operator':
      return deployment(`${OPERATOR_CR}-controller-manager`, SYSTEM, CONTROLLER_MANAGER, [
        '--kubeconfig=/etc/karmada/config/karmada.config', '--cluster-status-update-frequency=10s',
        '--metrics-bind-address=$(POD_IP):8080', '--health-probe-bind-address=$(POD_IP):10357', '--v=4', ...extra,
      ], {
        app: CONTROLLER_MANAGER, 'app.kubernetes.io/name': CONTROLLER_MANAGER, 'app.kubernetes.io/instance': OPERATOR_CR, 'app.kubernetes.io/managed-by': 'karmada-operator',
      }, {}, options.flagsInArgs);
    default:
      // karmadactl init: no --feature-gates and no --v=4, so the guide's sed inserts nothing.
      return deployment(CONTROLLER_MANAGER, SYSTEM, CONTROLLER_MANAGER, [
        '--kubeconfig=/etc/karmada/config/karmada.config', '--metrics-bind-address=$(POD_IP):8080',
        '--health-probe-bind-address=$(POD_IP):10357', '--cluster-status-update-frequency=10s',
        `--leader-elect-resource-namespace=${SYSTEM}`, '--v=2', ...extra,
      ], { app: CONTROLLER_MANAGER }, {}, options.flagsInArgs);
  }
}

export const OPERATOR_CR = 'karmada-demo';

export function agentFor(cluster: string, gateOn: boolean): Obj {
  return deployment('karmada-agent', SYSTEM, 'karmada-agent', [
    '--karmada-kubeconfig=/etc/karmada/config/karmada.config', '--karmada-context=karmada-apiserver', `--cluster-name=${cluster}`,
    `--cluster-api-endpoint=https://${cluster}-control-plane:6443`, '--cluster-status-update-frequency=10s',
    '--metrics-bind-address=$(POD_IP):8080', '--health-probe-bind-address=$(POD_IP):10357',
    ...(gateOn ? ['--feature-gates=CustomizedClusterResourceModeling=true,MultiClusterService=true'] : []),
    '--logging-format=json', '--v=4',
  ], { app: 'karmada-agent' });
}

export function clusterObject(name: string, syncMode: 'Push' | 'Pull'): Obj {
  return {
    metadata: { name, labels: {} },
    spec: { syncMode, apiEndpoint: `https://${name}-control-plane:6443`, ...(syncMode === 'Push' ? { secretRef: { namespace: 'karmada-cluster', name } } : {}), impersonatorSecretRef: { namespace: 'karmada-cluster', name: `${name}-impersonator` } },
    status: {
      kubernetesVersion: 'v1.31.2',
      apiEnablements: [{ groupVersion: 'discovery.k8s.io/v1', resources: [{ name: 'endpointslices', kind: 'EndpointSlice' }] }],
      conditions: [
        { type: 'Ready', status: 'True', reason: 'ClusterReady', message: 'cluster is healthy and ready to accept workloads', lastTransitionTime: new Date().toISOString() },
        { type: 'CompleteAPIEnablements', status: 'True', reason: 'Complete', message: 'collected complete APIs from the cluster' },
      ],
    },
  };
}

export const namespace = (name: string): Obj => ({ metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });

export function installHost(world: World, options: LayoutOptions): void {
  world.put(HOST, NAMESPACES, namespace(SYSTEM));
  if (options.layout === 'operator') {
    world.put(HOST, KARMADAS, { metadata: { name: OPERATOR_CR, namespace: SYSTEM, generation: 1 }, spec: { featureGates: {} }, status: { observedGeneration: 1 } });
  }
  world.put(HOST, DEPLOYMENTS, { ...controllerManagerFor(options), status: {} });
}

export function installMember(world: World, name: string, syncMode: 'Push' | 'Pull', agentGate: boolean): void {
  world.put(KARMADA, CLUSTERS, clusterObject(name, syncMode));
  for (const ns of ['default', 'kube-system']) world.put(name, NAMESPACES, namespace(ns));
  if (syncMode === 'Pull') {
    world.put(name, NAMESPACES, namespace(SYSTEM));
    world.put(name, DEPLOYMENTS, agentFor(name, agentGate));
  }
}

/** The seed guide's workloads: nginx propagated to member1, a curl Deployment to member2. */
export function installSeed(world: World): void {
  const app = (name: string, container: Obj, cluster: string): void => {
    world.put(KARMADA, DEPLOYMENTS, {
      metadata: { name, namespace: 'default', labels: { app: name } },
      spec: {
        replicas: name === 'nginx' ? 2 : 1, selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, ...container, resources: { requests: { cpu: '25m', memory: '64Mi' }, limits: { cpu: '25m', memory: '64Mi' } } }] } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      },
      status: {},
    });
    world.put(KARMADA, PROPAGATION_POLICIES, {
      metadata: { name: `${name}-propagation`, namespace: 'default' },
      spec: { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name }], placement: { clusterAffinity: { clusterNames: [cluster] } } },
    });
  };
  app('nginx', { image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }, 'member1');
  app('curl', { image: 'curlimages/curl:8.11.0', command: ['sleep', 'infinity'] }, 'member2');
}
