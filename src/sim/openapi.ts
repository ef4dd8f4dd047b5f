// A minimal OpenAPI v3 index: enough for kubectl to see that PATCH accepts `fieldValidation`,
// so `kubectl apply`/`replace` validate on the server instead of downloading full schemas.
import { type ResourceType, apiVersionOf } from './resources.js';

const gvPath = (rt: ResourceType) => (rt.group ? `apis/${rt.group}/${rt.version}` : 'api/v1');

export function openApiRoot(resources: ResourceType[]): object {
  const paths = Object.fromEntries([...new Set(resources.map(gvPath))].map((p) => [p, { serverRelativeURL: `/openapi/v3/${p}` }]));
  return { paths };
}

export function openApiGroupVersion(resources: ResourceType[], path: string): object | undefined {
  const rts = resources.filter((rt) => gvPath(rt) === path);
  if (rts.length === 0) return undefined;
  const paths = Object.fromEntries(rts.map((rt) => {
    const scope = rt.namespaced ? '/namespaces/{namespace}' : '';
    const operation = {
      'x-kubernetes-group-version-kind': { group: rt.group, version: rt.version, kind: rt.kind },
      parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } })),
      responses: { 200: { description: 'OK' } },
    };
    return [`/${path}${scope}/${rt.plural}/{name}`, { patch: operation, put: operation }];
  }));
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: apiVersionOf(rts[0]!) }, paths };
}
