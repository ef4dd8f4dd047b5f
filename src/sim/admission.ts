// What the API server and Karmada's webhooks do to an object before it is stored, in the API server's order
// (k8s.io/apiserver pkg/endpoints/handlers/create.go, update.go, patch.go): decode (pruning a custom resource to its
// CRD's structural schema), mutating webhooks, defaults and validation, validating webhooks. Then the generation
// bump on spec changes.
import { prune, storedSchema } from './crds.js';
import { type Release, release as releaseNamed } from './release.js';
import { type ResourceType, MCS, SERVICES, DEPLOYMENTS, PODS } from './resources.js';
import { StatusError, invalid } from './status.js';
import { matchesSelector } from './selectors.js';
import {
  type FieldError,
  fieldInvalid,
  fieldRequired,
  isDns1035Label,
  isDns1123Subdomain,
  newInvalid,
  validateContainerPorts,
  validateLabels,
  validateServicePorts,
} from './validation.js';
import { mutateMcs, validateMcs } from './webhook.js';
import type { Deployment, Pod, Service, ServicePort } from './kinds.js';
import type { SimCluster, SimObject } from './world.js';

export interface AdmissionOptions {
  /** the release whose karmada-webhook runs (default: the latest) */
  release?: Release;
  /** the request's `fieldValidation`: Strict, Warn (the server's default when absent) or Ignore */
  fieldValidation?: string | null;
  /** collects the warnings the response carries in `Warning` headers */
  warnings?: string[];
  /** create, update or patch: a strict decoding error reads differently for a patch */
  verb?: string;
}

function withoutVolatile(o: SimObject | undefined): string {
  if (!o) return '';
  const { metadata: _m, status: _s, ...rest } = o;
  return JSON.stringify(rest);
}

export function admit(
  cluster: SimCluster,
  rt: ResourceType,
  obj: SimObject,
  old: SimObject | undefined,
  options: AdmissionOptions = {},
): SimObject {
  const next = structuredClone(obj);
  decode(cluster, rt, next, options);
  if (rt === MCS) mutateMcs(next);
  validateObject(rt, next);
  const previous = old?.metadata.generation ?? 1;
  next.metadata.generation = old ? (withoutVolatile(old) === withoutVolatile(next) ? previous : previous + 1) : 1;
  // Each kind's rules read the object as that kind.
  if (rt === SERVICES) defaultService(cluster, next as Service, old as Service | undefined);
  if (rt === PODS) defaultPod(next as Pod);
  if (rt === DEPLOYMENTS) validateDeployment(rt, next as Deployment);
  if (rt === MCS) validateMcs(options.release ?? releaseNamed(), next, old);
  return next;
}

/**
 * Decoding a custom resource prunes what its CRD does not declare. fieldValidation=Strict refuses the request
 * (create.go/update.go: transformDecodeError; patch.go: an Invalid `patch` error), Warn (the default) warns,
 * Ignore says nothing.
 */
function decode(cluster: SimCluster, rt: ResourceType, obj: SimObject, options: AdmissionOptions): void {
  const schema = storedSchema(cluster, rt);
  if (!schema) return;
  const patched = options.verb === 'patch' ? JSON.stringify(obj) : '';
  const unknown = prune(obj, schema).map((path) => `unknown field "${path}"`);
  if (unknown.length === 0) return;
  const directive = options.fieldValidation ?? 'Warn';
  if (directive === 'Strict') {
    const strict = `strict decoding error: ${unknown.join(', ')}`;
    if (options.verb === 'patch') {
      throw new StatusError(
        422,
        'Invalid',
        ` "" is invalid: patch: Invalid value: ${JSON.stringify(patched)}: ${strict}`,
        {
          causes: [
            {
              reason: 'FieldValueInvalid',
              message: `Invalid value: ${JSON.stringify(patched)}: ${strict}`,
              field: 'patch',
            },
          ],
        },
      );
    }
    throw new StatusError(
      400,
      'BadRequest',
      `${rt.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}: ${strict}`,
    );
  }
  if (directive === 'Warn') options.warnings?.push(...unknown);
}

/** The API server's own validation of every object (ValidateObjectMeta) and of the kinds' ports. */
function validateObject(rt: ResourceType, obj: SimObject): void {
  const name = obj.metadata.name;
  const errs: FieldError[] = [];
  // Services are named as DNS-1035 labels (ValidateServiceName), everything else here as DNS-1123 subdomains.
  const nameErrors = rt === SERVICES ? isDns1035Label(name) : isDns1123Subdomain(name);
  if (name === '') errs.push(fieldRequired('metadata.name', 'name or generateName is required'));
  else for (const msg of nameErrors) errs.push(fieldInvalid('metadata.name', name, msg));
  errs.push(...validateLabels(obj.metadata.labels, 'metadata.labels'));
  if (rt === SERVICES) errs.push(...validateServicePorts(defaultedPorts((obj as Service).spec?.ports)));
  if (rt === PODS) errs.push(...validateContainerPorts((obj as Pod).spec, 'spec'));
  if (rt === DEPLOYMENTS) {
    const template = (obj as Deployment).spec?.template;
    errs.push(...validateLabels(template?.metadata?.labels, 'spec.template.metadata.labels'));
    errs.push(...validateContainerPorts(template?.spec, 'spec.template.spec'));
  }
  // The MCS CRD's `required` (spec, spec.types), checked by the API server's schema validation.
  const spec = obj.spec as { types?: unknown } | undefined;
  if (rt === MCS && !Array.isArray(spec?.types)) errs.push(fieldRequired(spec ? 'spec.types' : 'spec'));
  if (errs.length) throw newInvalid(rt, name, errs);
}

/** SetDefaults_Service: a targetPort of 0 (absent) becomes the port, before validation sees it. */
const defaultedPorts = (ports: ServicePort[] | undefined): ServicePort[] =>
  (ports ?? []).map((p) => ({
    ...p,
    targetPort: p.targetPort === undefined || p.targetPort === 0 ? p.port : p.targetPort,
  }));

/**
 * SetDefaults_Service (kubernetes pkg/apis/core/v1/defaults.go), and what the registry allocates
 * (pkg/registry/core/service/storage/alloc.go): a ClusterIP and IP families for every type but ExternalName, node
 * ports for NodePort, and for LoadBalancer unless allocateLoadBalancerNodePorts is false.
 */
function defaultService(cluster: SimCluster, svc: Service, old: Service | undefined): void {
  const spec = (svc.spec ??= {});
  spec.type ??= 'ClusterIP';
  if (old?.spec?.clusterIP && spec.clusterIP && spec.clusterIP !== old.spec.clusterIP) {
    throw invalid(SERVICES, svc.metadata.name, ['spec.clusterIP: Invalid value: field is immutable']);
  }
  if (spec.type === 'ExternalName') {
    // ValidateService (pkg/apis/core/validation/validation.go): the strategy makes clusterIPs of clusterIP, and an
    // ExternalName service may have none.
    if (spec.clusterIP || (spec.clusterIPs ?? []).length)
      throw invalid(SERVICES, svc.metadata.name, [
        'spec.clusterIPs: Forbidden: may not be set for ExternalName services',
      ]);
  } else {
    spec.clusterIP ??= old?.spec?.clusterIP ?? cluster.allocateServiceIp();
    spec.clusterIPs ??= [spec.clusterIP];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.internalTrafficPolicy ??= 'Cluster';
  }
  spec.sessionAffinity ??= 'None';
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer' || (spec.externalIPs ?? []).length > 0;
  if (external) spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  const nodePorts =
    spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
  const ports = spec.ports ?? [];
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
    const key = `${p.port}/${p.protocol}`;
    if (seen.has(key)) throw invalid(SERVICES, svc.metadata.name, [`spec.ports[${i}]: Duplicate value: "${key}"`]);
    seen.add(key);
    if (ports.length > 1 && !p.name)
      throw invalid(SERVICES, svc.metadata.name, [`spec.ports[${i}].name: Required value`]);
    if (nodePorts)
      p.nodePort ??= old?.spec?.ports?.find((o) => o.port === p.port && o.protocol === p.protocol)?.nodePort;
    if (nodePorts) p.nodePort ??= cluster.allocateNodePort();
  });
  svc.status ??= old?.status ?? { loadBalancer: {} };
}

function defaultPod(pod: Pod): void {
  if (pod.spec) pod.spec.restartPolicy ??= 'Always';
  pod.status ??= { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] };
}

function validateDeployment(rt: ResourceType, d: Deployment): void {
  const spec = d.spec;
  if (spec) {
    spec.replicas ??= 1;
    spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
  }
  const template = spec?.template;
  if (!matchesSelector(spec?.selector, template?.metadata?.labels)) {
    throw invalid(rt, d.metadata.name, [
      'spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`',
    ]);
  }
  d.status ??= {};
}
