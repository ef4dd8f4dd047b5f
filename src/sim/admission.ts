// What the API server and Karmada's webhooks do to an object before it is stored: defaults,
// immutable fields, validation, and the generation bump on spec changes.
import { randomUUID } from 'node:crypto';
import { validateMcs } from '../mcs/validation.js';
import { type ResourceType, MCS, SERVICES, DEPLOYMENTS, PODS } from './resources.js';
import { invalid } from './status.js';
import { matchesSelector } from './selectors.js';
import type { Obj, SimCluster } from './world.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const PERMANENT_ID = 'multiclusterservice.karmada.io/permanent-id';

function withoutVolatile(o: Obj | undefined): string {
  if (!o) return '';
  const { metadata: _m, status: _s, ...rest } = o;
  return JSON.stringify(rest);
}

export function admit(cluster: SimCluster, rt: ResourceType, obj: Obj, old: Obj | undefined): Obj {
  const name: string = obj.metadata?.name ?? '';
  if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    throw invalid(rt, name, [`metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`]);
  }
  const next: Obj = structuredClone(obj);
  const previous = old?.metadata.generation ?? 1;
  next.metadata.generation = old ? (withoutVolatile(old) === withoutVolatile(next) ? previous : previous + 1) : 1;
  if (rt === SERVICES) defaultService(cluster, next, old);
  if (rt === PODS) defaultPod(next);
  if (rt === DEPLOYMENTS) validateDeployment(rt, next);
  if (rt === MCS) {
    const errors = validateMcs(name, next.spec ?? {}, old?.spec?.types);
    if (errors.length) throw invalid(rt, name, errors);
    next.metadata.labels = { [PERMANENT_ID]: old?.metadata.labels?.[PERMANENT_ID] ?? randomUUID(), ...next.metadata.labels };
  }
  return next;
}

function defaultService(cluster: SimCluster, svc: Obj, old: Obj | undefined): void {
  const spec = (svc.spec ??= {});
  spec.type ??= 'ClusterIP';
  if (old?.spec?.clusterIP && spec.clusterIP && spec.clusterIP !== old.spec.clusterIP) {
    throw invalid(SERVICES, svc.metadata.name, ['spec.clusterIP: Invalid value: field is immutable']);
  }
  spec.clusterIP ??= old?.spec?.clusterIP ?? cluster.allocateServiceIp();
  spec.clusterIPs ??= [spec.clusterIP];
  spec.sessionAffinity ??= 'None';
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.internalTrafficPolicy ??= 'Cluster';
  const ports: Obj[] = spec.ports ?? [];
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
    const key = `${p.port}/${p.protocol}`;
    if (seen.has(key)) throw invalid(SERVICES, svc.metadata.name, [`spec.ports[${i}]: Duplicate value: "${key}"`]);
    seen.add(key);
    if (ports.length > 1 && !p.name) throw invalid(SERVICES, svc.metadata.name, [`spec.ports[${i}].name: Required value`]);
  });
  svc.status ??= old?.status ?? { loadBalancer: {} };
}

function defaultPod(pod: Obj): void {
  pod.spec.restartPolicy ??= 'Always';
  pod.status ??= { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] };
}

function validateDeployment(rt: ResourceType, d: Obj): void {
  d.spec.replicas ??= 1;
  d.spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
  if (!matchesSelector(d.spec.selector, d.spec.template?.metadata?.labels)) {
    throw invalid(rt, d.metadata.name, ['spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`']);
  }
  d.status ??= {};
}
