// The simulator's authorization: an administrator everywhere except where a test denies a verb on a resource,
// answered through requests (403) and through the self-reviews `kubectl auth can-i` posts
// (authorization.k8s.io/v1 SelfSubjectAccessReview and SelfSubjectRulesReview).
import type { ResourceType } from './resources.js';
import type { Obj } from './world.js';

export interface Denial {
  verb: string;
  /** plural, or plural/subresource */
  resource: string;
  namespace?: string;
}

export const AUTHORIZATION_GROUP = 'authorization.k8s.io';

/** Discovery of authorization.k8s.io/v1 as kube-apiserver serves it: the self reviews can only be created. */
export const authorizationResources = (): object => ({
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: `${AUTHORIZATION_GROUP}/v1`,
  resources: [
    ['selfsubjectaccessreviews', 'SelfSubjectAccessReview', false],
    ['selfsubjectrulesreviews', 'SelfSubjectRulesReview', false],
    ['subjectaccessreviews', 'SubjectAccessReview', false],
    ['localsubjectaccessreviews', 'LocalSubjectAccessReview', true],
  ].map(([name, kind, namespaced]) => ({ name, singularName: '', namespaced, kind, verbs: ['create'] })),
});

/** A denial applies to its namespace, and to a request across all namespaces, which would include it. */
export function denial(
  denials: Denial[],
  verb: string,
  resource: string,
  namespace: string | undefined,
): Denial | undefined {
  return denials.find(
    (d) =>
      (d.verb === verb || d.verb === '*') &&
      d.resource === resource &&
      (!d.namespace || !namespace || d.namespace === namespace),
  );
}

export function accessReview(denials: Denial[], review: Obj): Obj {
  const attributes: Obj = review.spec?.resourceAttributes ?? {};
  const resource = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : String(attributes.resource ?? '');
  // Non-resource URLs (/healthz, /api…) are never denied here.
  const allowed =
    !review.spec?.resourceAttributes ||
    !denial(denials, String(attributes.verb ?? ''), resource, attributes.namespace || undefined);
  return {
    ...review,
    kind: 'SelfSubjectAccessReview',
    apiVersion: `${AUTHORIZATION_GROUP}/v1`,
    metadata: { creationTimestamp: null },
    status: { allowed },
  };
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** An administrator's rules (`*` on everything) unless something is denied; then the verbs left, per resource. */
export function rulesReview(denials: Denial[], resources: ResourceType[], review: Obj): Obj {
  const namespace: string | undefined = review.spec?.namespace || undefined;
  const applies = denials.filter((d) => !d.namespace || !namespace || d.namespace === namespace);
  const resourceRules =
    applies.length === 0
      ? [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]
      : resources
          .flatMap((rt) =>
            [rt.plural, ...(rt.subresources ?? []).map((s) => `${rt.plural}/${s}`)].map((resource) => ({
              verbs: VERBS.filter((v) => !denial(applies, v, resource, namespace)),
              apiGroups: [rt.group],
              resources: [resource],
            })),
          )
          .filter((rule) => rule.verbs.length > 0);
  return {
    ...review,
    kind: 'SelfSubjectRulesReview',
    apiVersion: `${AUTHORIZATION_GROUP}/v1`,
    metadata: { creationTimestamp: null },
    status: { resourceRules, nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false },
  };
}
