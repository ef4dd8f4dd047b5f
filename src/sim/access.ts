// The simulator's authorization: an administrator everywhere except where a test denies a verb on a resource,
// answered through requests (403) and through the self-reviews `kubectl auth can-i` posts
// (authorization.k8s.io/v1 SelfSubjectAccessReview and SelfSubjectRulesReview); `kubectl auth whoami` asks
// authentication.k8s.io/v1 SelfSubjectReview.
import type { ResourceType } from './resources.js';
import type { Manifest } from './world.js';

export interface Denial {
  verb: string;
  /** plural, or plural/subresource */
  resource: string;
  namespace?: string;
}

/** Who the kubeconfig's token authenticates as (an administrator: system:masters). */
export const USER = { username: 'karmada-mcs-user', groups: ['system:masters', 'system:authenticated'] };

// The review groups kube-apiserver serves (pkg/registry/authorization, pkg/registry/authentication): every review
// can only be created.
const REVIEWS: Record<string, Array<[name: string, kind: string, namespaced: boolean]>> = {
  'authorization.k8s.io': [
    ['selfsubjectaccessreviews', 'SelfSubjectAccessReview', false],
    ['selfsubjectrulesreviews', 'SelfSubjectRulesReview', false],
    ['subjectaccessreviews', 'SubjectAccessReview', false],
    ['localsubjectaccessreviews', 'LocalSubjectAccessReview', true],
  ],
  'authentication.k8s.io': [
    ['selfsubjectreviews', 'SelfSubjectReview', false],
    ['tokenreviews', 'TokenReview', false],
  ],
};
export const REVIEW_GROUPS = Object.keys(REVIEWS);

/** The path of a self review this simulator answers: authorization.k8s.io or authentication.k8s.io, v1. */
export const REVIEW_PATH =
  /^\/apis\/(?:authorization\.k8s\.io\/v1\/(selfsubjectaccessreviews|selfsubjectrulesreviews)|authentication\.k8s\.io\/v1\/(selfsubjectreviews))\/?$/;

export const reviewResources = (group: string): object => ({
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: `${group}/v1`,
  resources: (REVIEWS[group] ?? []).map(([name, kind, namespaced]) => ({
    name,
    singularName: '',
    namespaced,
    kind,
    verbs: ['create'],
  })),
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

/** The spec of the self reviews (k8s.io/api authorization/v1 types.go), as a client sent it. */
interface ReviewSpec {
  resourceAttributes?: { namespace?: string; verb?: string; resource?: string; subresource?: string };
  namespace?: string;
}

const specOf = (review: Manifest) => review.spec as ReviewSpec | undefined;

export function accessReview(denials: Denial[], review: Manifest): object {
  const attributes = specOf(review)?.resourceAttributes ?? {};
  const resource = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : (attributes.resource ?? '');
  // Non-resource URLs (/healthz, /api…) are never denied here.
  const allowed =
    !specOf(review)?.resourceAttributes ||
    !denial(denials, attributes.verb ?? '', resource, attributes.namespace || undefined);
  return {
    ...review,
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    status: { allowed },
  };
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** An administrator's rules (`*` on everything) unless something is denied; then the verbs left, per resource. */
export function rulesReview(denials: Denial[], resources: ResourceType[], review: Manifest): object {
  const namespace = specOf(review)?.namespace || undefined;
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
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    status: { resourceRules, nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false },
  };
}

export function whoAmI(review: Manifest): object {
  return {
    ...review,
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    status: { userInfo: USER },
  };
}
