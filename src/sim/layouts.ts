// How the host cluster looks under each install method, per release, as each method's source at the release tag
// writes the karmada-controller-manager Deployment; and the seed scenario.
import {
  DEFAULT_MODELING,
  DEFAULT_RESOURCE_MODELS,
  apiEnablementsOf,
  modelingSettings,
  resourceStatus,
} from './cluster-status.js';
import { karmadaCrds, operatorCrds } from './crds.js';
import { CONTROLLER_MANAGER, HOST_CLUSTER as HOST, KARMADA_CLUSTER as KARMADA } from './controller-manager.js';
import type { Release } from './release.js';
import { CLUSTERS, CRDS, DEPLOYMENTS, KARMADAS, NAMESPACES, PROPAGATION_POLICIES } from './resources.js';
import type { Cluster } from './karmada-types.js';
import type { Container } from './kinds.js';
import type { Manager } from './fields.js';
import type { World } from './world.js';
import { admit } from './admission.js';

/** karmadactl init, hack/local-up-karmada.sh, the Helm chart, karmada-operator. */
export const LAYOUTS = ['init', 'local-up', 'helm', 'operator'] as const;
export type Layout = (typeof LAYOUTS)[number];

export interface LayoutOptions {
  layout: Layout;
  /** Helm release name (Deployment and container `<release>-controller-manager`) */
  release?: string;
  /** extra container flags, after the install's own (Helm: controllerManager.extraCommandArgs) */
  extraFlags?: string[];
  /** flags in `args` instead of `command` */
  flagsInArgs?: boolean;
}

const SYSTEM = 'karmada-system';
export const OPERATOR_CR = 'karmada-demo';

interface Manifest {
  name: string;
  container: string;
  image: string;
  flags: string[];
  labels: Record<string, string>;
  selector: Record<string, string>;
  annotations?: Record<string, string>;
  replicas: number;
  kubeconfigSecret: string;
}

function deployment(m: Manifest, inArgs = false) {
  const [program = ''] = (m.image.split('/').pop() ?? '').split(':');
  const binary = `/bin/${program}`;
  const usesPodIp = m.flags.some((f) => f.includes('$(POD_IP)'));
  return {
    metadata: {
      name: m.name,
      namespace: SYSTEM,
      labels: m.labels,
      ...(m.annotations ? { annotations: m.annotations } : {}),
    },
    spec: {
      replicas: m.replicas,
      selector: { matchLabels: m.selector },
      template: {
        metadata: { labels: m.selector },
        spec: {
          containers: [
            {
              name: m.container,
              image: m.image,
              ...(inArgs ? { command: [binary], args: m.flags } : { command: [binary, ...m.flags] }),
              ...(usesPodIp
                ? { env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] }
                : {}),
              ports: [{ name: 'metrics', containerPort: 8080, protocol: 'TCP' }],
              livenessProbe: { httpGet: { path: '/healthz', port: 10357, scheme: 'HTTP' }, initialDelaySeconds: 15 },
            },
          ],
          volumes: [{ name: 'karmada-config', secret: { secretName: m.kubeconfigSecret } }],
        },
      },
    },
  };
}

const image = (component: string, tag: string) => `docker.io/karmada/${component}:${tag}`;

/** artifacts/deploy/karmada-controller-manager.yaml at the tag; hack/local-up-karmada.sh builds images `latest`. */
function localUpFlags(r: Release): string[] {
  const m = r.minor;
  const kubeconfig = m >= 12 ? '--kubeconfig=/etc/karmada/config/karmada.config' : '--kubeconfig=/etc/kubeconfig';
  const controllers =
    m >= 10 ? '--controllers=*,hpaScaleTargetMarker,deploymentReplicasSyncer' : '--controllers=*,hpaReplicasSyncer';
  let gates = '--feature-gates=PropagationPolicyPreemption=true,MultiClusterService=true';
  if (m === 12)
    gates =
      '--feature-gates=Failover=true,PropagationPolicyPreemption=true,MultiClusterService=true,' +
      'StatefulFailoverInjection=true';
  if (r.localUpAllAlpha) gates = '--feature-gates=AllAlpha=true,AllBeta=true';
  const failover = m <= 14 ? ['--failover-eviction-timeout=30s'] : [];
  if (m <= 10) {
    return [
      kubeconfig,
      '--bind-address=0.0.0.0',
      '--cluster-status-update-frequency=10s',
      '--secure-port=10357',
      ...failover,
      controllers,
      gates,
      '--v=4',
    ];
  }
  if (m <= 13) {
    return [
      kubeconfig,
      ...(m === 11 ? ['--bind-address=0.0.0.0'] : []),
      '--metrics-bind-address=:8080',
      '--cluster-status-update-frequency=10s',
      ...failover,
      controllers,
      gates,
      '--health-probe-bind-address=0.0.0.0:10357',
      '--v=4',
    ];
  }
  return [
    kubeconfig,
    '--cluster-status-update-frequency=10s',
    ...failover,
    controllers,
    gates,
    '--metrics-bind-address=$(POD_IP):8080',
    '--health-probe-bind-address=$(POD_IP):10357',
    '--enable-no-execute-taint-eviction=true',
    ...(m >= 15 ? ['--logging-format=json'] : []),
    '--v=4',
  ];
}

/**
 * charts/karmada/templates/karmada-controller-manager.yaml at the tag, with the chart's values.yaml defaults
 * (featureGates PropagateDeps=false, logVerbosity 2, one replica, labels app=karmada-controller-manager) and the
 * image tag hack/package-helm-chart.sh writes into the released chart.
 */
function helmFlags(r: Release): string[] {
  const m = r.minor;
  const probes =
    m >= 14
      ? ['--metrics-bind-address=$(POD_IP):8080', '--health-probe-bind-address=$(POD_IP):10357']
      : m >= 12
        ? ['--health-probe-bind-address=0.0.0.0:10357', '--metrics-bind-address=:8080']
        : [];
  const early = m <= 11 ? ['--bind-address=0.0.0.0'] : [];
  const secure = m <= 11 ? ['--secure-port=10357'] : [];
  return [
    '--kubeconfig=/etc/kubeconfig',
    ...early,
    '--cluster-status-update-frequency=10s',
    ...secure,
    `--leader-elect-resource-namespace=${SYSTEM}`,
    ...probes,
    '--v=2',
    '--feature-gates=PropagateDeps=false',
  ];
}

/** operator/pkg/controlplane/manifests.go (KamradaControllerManagerDeployment) at the tag, before the patcher runs. */
export function operatorFlags(r: Release): string[] {
  const m = r.minor;
  const kubeconfig =
    m >= 13 ? '--kubeconfig=/etc/karmada/config/karmada.config' : '--kubeconfig=/etc/karmada/kubeconfig';
  const failover = m <= 14 ? ['--failover-eviction-timeout=30s'] : [];
  const leader = `--leader-elect-resource-namespace=${SYSTEM}`;
  if (m <= 10) {
    return [
      kubeconfig,
      '--bind-address=0.0.0.0',
      '--cluster-status-update-frequency=10s',
      '--secure-port=10357',
      ...failover,
      leader,
      '--v=4',
    ];
  }
  if (m <= 13) {
    return [
      kubeconfig,
      '--metrics-bind-address=:8080',
      '--cluster-status-update-frequency=10s',
      ...failover,
      leader,
      '--health-probe-bind-address=0.0.0.0:10357',
      '--v=4',
    ];
  }
  return [
    kubeconfig,
    '--cluster-status-update-frequency=10s',
    ...failover,
    leader,
    '--metrics-bind-address=$(POD_IP):8080',
    '--health-probe-bind-address=$(POD_IP):10357',
    m >= 18 ? '--v=2' : '--v=4',
  ];
}

/** karmadactl init: pkg/karmadactl/cmdinit/kubernetes/deployments.go (v1.18: command.go) at the tag. */
function initFlags(r: Release): string[] {
  const m = r.minor;
  const leader = `--leader-elect-resource-namespace=${SYSTEM}`;
  const verbosity = m >= 18 ? '--v=2' : '--v=4';
  if (m <= 10) {
    return [
      '--kubeconfig=/etc/kubeconfig',
      '--bind-address=0.0.0.0',
      '--cluster-status-update-frequency=10s',
      '--secure-port=10357',
      leader,
      verbosity,
    ];
  }
  if (m <= 13) {
    const kubeconfig = m === 13 ? '--kubeconfig=/etc/karmada/config/karmada.config' : '--kubeconfig=/etc/kubeconfig';
    return [
      kubeconfig,
      '--metrics-bind-address=:8080',
      '--health-probe-bind-address=0.0.0.0:10357',
      '--cluster-status-update-frequency=10s',
      leader,
      verbosity,
    ];
  }
  return [
    '--kubeconfig=/etc/karmada/config/karmada.config',
    '--metrics-bind-address=$(POD_IP):8080',
    '--health-probe-bind-address=$(POD_IP):10357',
    '--cluster-status-update-frequency=10s',
    leader,
    verbosity,
  ];
}

/** A component's Deployment as an install writes it. */
export type ComponentDeployment = ReturnType<typeof deployment>;

export function controllerManagerFor(r: Release, options: LayoutOptions): ComponentDeployment {
  const extra = options.extraFlags ?? [];
  const app = { app: CONTROLLER_MANAGER };
  switch (options.layout) {
    case 'local-up':
      return deployment(
        {
          name: CONTROLLER_MANAGER,
          container: CONTROLLER_MANAGER,
          image: image(CONTROLLER_MANAGER, 'latest'),
          flags: [...localUpFlags(r), ...extra],
          labels: app,
          selector: app,
          replicas: 2,
          kubeconfigSecret: `${CONTROLLER_MANAGER}-config`,
        },
        options.flagsInArgs,
      );
    case 'helm': {
      // Helm labels and annotates what it installs (helm pkg/action/validate.go, setMetadataVisitor).
      const release = options.release ?? 'karmada';
      return deployment(
        {
          name: `${release}-controller-manager`,
          container: `${release}-controller-manager`,
          image: image(CONTROLLER_MANAGER, r.tag),
          flags: [...helmFlags(r), ...extra],
          labels: { ...app, 'app.kubernetes.io/managed-by': 'Helm' },
          selector: app,
          annotations: { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': SYSTEM },
          replicas: 1,
          kubeconfigSecret: `${release}-kubeconfig`,
        },
        options.flagsInArgs,
      );
    }
    case 'operator': {
      const labels = { 'app.kubernetes.io/name': CONTROLLER_MANAGER, 'app.kubernetes.io/instance': OPERATOR_CR };
      return deployment(
        {
          name: operatorDeploymentName(OPERATOR_CR),
          container: CONTROLLER_MANAGER,
          image: image(CONTROLLER_MANAGER, r.tag),
          flags: [...operatorFlags(r), ...extra],
          labels: { ...labels, 'app.kubernetes.io/managed-by': 'karmada-operator' },
          selector: labels,
          replicas: 1,
          kubeconfigSecret: `${operatorDeploymentName(OPERATOR_CR)}-config`,
        },
        options.flagsInArgs,
      );
    }
    default:
      return deployment(
        {
          name: CONTROLLER_MANAGER,
          container: CONTROLLER_MANAGER,
          image: image(CONTROLLER_MANAGER, r.tag),
          flags: [...initFlags(r), ...extra],
          labels: app,
          selector: app,
          replicas: 1,
          kubeconfigSecret: `${CONTROLLER_MANAGER}-config`,
        },
        options.flagsInArgs,
      );
  }
}

/** operator/pkg/util/naming.go generateResourceName: `karmada` is added unless the instance name has it. */
export const operatorDeploymentName = (instance: string): string =>
  instance.includes('karmada') ? `${instance}-controller-manager` : `${instance}-karmada-controller-manager`;

/**
 * A Pull-mode member's karmada-agent. With the gate: artifacts/agent/karmada-agent.yaml (local-up's, image `latest`);
 * without: `karmadactl register` (pkg/karmadactl/register/register.go), image tag the release.
 */
export function agentFor(r: Release, cluster: string, gateOn: boolean): ComponentDeployment {
  const m = r.minor;
  const endpoint = [`--cluster-name=${cluster}`, `--cluster-api-endpoint=https://${cluster}-control-plane:6443`];
  const [healthProbe, metricsProbe] = ['--health-probe-bind-address=0.0.0.0:10357', '--metrics-bind-address=:8080'];
  const oldProbes = [healthProbe, metricsProbe];
  const probes = m <= 10 ? ['--bind-address=0.0.0.0', '--secure-port=10357'] : m <= 13 ? oldProbes : [];
  const flags = gateOn
    ? [
        m >= 12
          ? '--karmada-kubeconfig=/etc/karmada/config/karmada.config'
          : '--karmada-kubeconfig=/etc/kubeconfig/karmada-kubeconfig',
        '--karmada-context=karmada-apiserver',
        ...endpoint,
        '--cluster-status-update-frequency=10s',
        ...(m >= 14
          ? ['--metrics-bind-address=$(POD_IP):8080', '--health-probe-bind-address=$(POD_IP):10357']
          : probes),
        '--feature-gates=CustomizedClusterResourceModeling=true,MultiClusterService=true',
        ...(m >= 15 ? ['--logging-format=json'] : []),
        '--v=4',
      ]
    : [
        '--karmada-kubeconfig=/etc/kubeconfig/karmada-kubeconfig',
        ...endpoint,
        '--cluster-provider=',
        '--cluster-region=',
        '--cluster-zones=',
        '--controllers=*',
        '--proxy-server-address=',
        ...(m >= 9 ? [`--leader-elect-resource-namespace=${SYSTEM}`] : []),
        ...(m >= 10 ? ['--cluster-namespace=karmada-cluster'] : []),
        '--cluster-status-update-frequency=10s',
        ...(m <= 10 ? probes : [metricsProbe, healthProbe]),
        m >= 18 ? '--v=2' : '--v=4',
      ];
  const app = { app: 'karmada-agent' };
  return deployment({
    name: 'karmada-agent',
    container: 'karmada-agent',
    image: image('karmada-agent', gateOn ? 'latest' : r.tag),
    flags,
    labels: app,
    selector: app,
    replicas: gateOn ? 2 : 1,
    kubeconfigSecret: 'karmada-agent-config',
  });
}

/**
 * A member's Cluster once registered and first synced. karmada-aggregated-apiserver defaults spec.resourceModels on
 * create (cluster-status.ts); the cluster status controller's first sync of a healthy member writes the whole status
 * at once (setCurrentClusterStatus, pkg/controllers/status/cluster_status_controller.go): kubernetesVersion,
 * apiEnablements, the summaries, then its conditions, CompleteAPIEnablements (v1.12+) before Ready, as they are
 * appended in that order by meta.SetStatusCondition (updateStatusIfNeeded).
 */
export function clusterObject(world: World, name: string, syncMode: 'Push' | 'Pull', layout: Layout): Cluster {
  const karmada = world.release;
  // metav1.Time marshals RFC 3339 in whole seconds; meta.SetStatusCondition stamps every new condition.
  const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const settings = modelingSettings(world, name, syncMode, true) ?? DEFAULT_MODELING;
  const ready = {
    type: 'Ready',
    status: 'True',
    reason: 'ClusterReady',
    message: 'cluster is healthy and ready to accept workloads',
    lastTransitionTime: at,
  };
  // v1.12+: whether API discovery was complete.
  const complete = {
    type: 'CompleteAPIEnablements',
    status: 'True',
    reason: 'Complete',
    message: 'collected complete APIEnablements from the cluster',
    lastTransitionTime: at,
  };
  return {
    metadata: { name, labels: {} },
    spec: {
      syncMode,
      apiEndpoint: `https://${name}-control-plane:6443`,
      ...(syncMode === 'Push' ? { secretRef: { namespace: 'karmada-cluster', name } } : {}),
      impersonatorSecretRef: { namespace: 'karmada-cluster', name: `${name}-impersonator` },
      resourceModels: DEFAULT_RESOURCE_MODELS,
    },
    status: {
      kubernetesVersion: 'v1.31.2',
      apiEnablements: apiEnablementsOf(layout),
      conditions: karmada.minor >= 12 ? [complete, ready] : [ready],
      ...(settings.enabled ? resourceStatus(world, name, DEFAULT_RESOURCE_MODELS, settings) : {}),
    },
  };
}

/**
 * The field managers an install's writes are recorded under: karmadactl init, join and register (their clients'
 * User-Agent, pkg/karmadactl), local-up's `kubectl apply` (hack/deploy-karmada.sh, hack/deploy-karmada-agent.sh),
 * Helm (its managed fields manager is its binary's name) whose static-resource job runs `kubectl apply` against
 * karmada-apiserver (charts/karmada/templates/karmada-static-resource-job.yaml), karmada-operator
 * (operator/pkg/tasks/init) installed by its own chart. Every install joins a Push member with `karmadactl join`
 * (local-up-karmada.sh does). `namespace` is the host's karmada-system, `agent` a Pull member's agent install.
 */
export function installers(layout: Layout): { host: Manager; karmada: Manager; agent: Manager; namespace: Manager } {
  switch (layout) {
    case 'init':
      return { host: 'karmadactl', karmada: 'karmadactl', agent: 'karmadactl', namespace: 'karmadactl' };
    case 'local-up':
      return {
        host: 'kubectl-client-side-apply',
        karmada: 'kubectl-client-side-apply',
        agent: 'kubectl-client-side-apply',
        namespace: 'kubectl-client-side-apply',
      };
    case 'helm':
      return { host: 'helm', karmada: 'kubectl-client-side-apply', agent: 'helm', namespace: 'helm' };
    case 'operator':
      return { host: 'karmada-operator', karmada: 'karmada-operator', agent: 'karmadactl', namespace: 'helm' };
  }
}

export const namespace = (name: string) => ({
  metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
  spec: { finalizers: ['kubernetes'] },
  status: { phase: 'Active' },
});

/**
 * Karmada's CRDs in its API server (every install applies charts/karmada/_crds; kube-apiserver's CRD controllers write
 * their status), then the host's components.
 */
export function installHost(world: World, options: LayoutOptions): void {
  const by = installers(options.layout);
  for (const crd of karmadaCrds(world.release)) world.put(KARMADA, CRDS, crd, by.karmada, 'kube-apiserver');
  world.put(KARMADA, NAMESPACES, namespace(SYSTEM), by.karmada);
  world.put(HOST, NAMESPACES, namespace(SYSTEM), by.namespace);
  if (options.layout === 'operator') {
    for (const crd of operatorCrds(world.release)) world.put(HOST, CRDS, crd, 'helm', 'kube-apiserver');
    // the user's `kubectl apply` of the Karmada object, whose status the operator writes
    world.put(
      HOST,
      KARMADAS,
      {
        metadata: { name: OPERATOR_CR, namespace: SYSTEM, generation: 1 },
        spec: { featureGates: {} },
        status: { observedGeneration: 1 },
      },
      'kubectl-client-side-apply',
      'karmada-operator',
    );
  }
  // Created through the API server, which defaults what the installer left out (spec.strategy …).
  const cm = { ...controllerManagerFor(world.release, options), status: {} };
  world.put(HOST, DEPLOYMENTS, admit(world.cluster(HOST), DEPLOYMENTS, cm, undefined), by.host);
}

/** A Pull member's karmada-agent registers the Cluster itself, so it runs before the Cluster exists. */
export function installMember(
  world: World,
  name: string,
  syncMode: 'Push' | 'Pull',
  agentGate: boolean,
  layout: Layout,
): void {
  // kube-apiserver creates its system namespaces (pkg/controlplane/controller/systemnamespaces).
  for (const ns of ['default', 'kube-system']) world.put(name, NAMESPACES, namespace(ns), 'kube-apiserver');
  if (syncMode === 'Pull') {
    world.put(name, NAMESPACES, namespace(SYSTEM), installers(layout).agent);
    const agent = admit(world.cluster(name), DEPLOYMENTS, agentFor(world.release, name, agentGate), undefined);
    world.put(name, DEPLOYMENTS, agent, installers(layout).agent);
  }
  // `karmadactl join` creates a Push member's Cluster, karmada-agent registers a Pull one; the cluster status
  // controller of the component that serves the member writes the status (works.ts memberWriter).
  const registrar = syncMode === 'Pull' ? 'karmada-agent' : 'karmadactl';
  const status = syncMode === 'Pull' ? 'karmada-agent' : 'karmada-controller-manager';
  world.put(KARMADA, CLUSTERS, clusterObject(world, name, syncMode, layout), registrar, status);
}

/**
 * The seed guide's workloads: nginx propagated to member1, a curl Deployment to member2, created as Karmada's README
 * does (`kubectl create -f samples/nginx/...`).
 */
export function installSeed(world: World): void {
  const app = (name: string, container: Omit<Container, 'name'>, cluster: string): void => {
    world.put(
      KARMADA,
      DEPLOYMENTS,
      {
        metadata: { name, namespace: 'default', labels: { app: name } },
        spec: {
          replicas: name === 'nginx' ? 2 : 1,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: {
              containers: [
                {
                  name,
                  ...container,
                  resources: { requests: { cpu: '25m', memory: '64Mi' }, limits: { cpu: '25m', memory: '64Mi' } },
                },
              ],
            },
          },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        },
        status: {},
      },
      'kubectl-create',
    );
    world.put(
      KARMADA,
      PROPAGATION_POLICIES,
      {
        metadata: { name: `${name}-propagation`, namespace: 'default' },
        spec: {
          resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name }],
          placement: { clusterAffinity: { clusterNames: [cluster] } },
        },
      },
      'kubectl-create',
    );
  };
  app('nginx', { image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }, 'member1');
  app('curl', { image: 'curlimages/curl:8.11.0', command: ['sleep', 'infinity'] }, 'member2');
}
