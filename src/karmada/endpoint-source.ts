// Where the endpoints a provider shares come from. Karmada's collect controller takes every EndpointSlice labelled
// with the Service's name that Karmada did not write itself (endpointslice_collect_controller.go), and Kubernetes'
// EndpointSlice controller writes them only for a Service with a selector that is not ExternalName
// (pkg/controller/endpointslice/endpointslice_controller.go syncService).
import type { Service } from '../kube/objects.js';

export type EndpointSource =
  /** Kubernetes keeps a slice of the pods the selector matches */
  | { kind: 'selector'; selector: Record<string, string> }
  /** none: the Service is a DNS alias, whose copies resolve to the same name in every cluster */
  | { kind: 'external-name'; externalName: string }
  /** none but those someone writes by hand (a Service without a selector) */
  | { kind: 'manual' };

/**
 * An empty selector counts as none: the API server stores `selector: {}` as no selector (the field is omitempty,
 * and protobuf, etcd's encoding, has no empty map), so the controller finds none.
 */
export function endpointSource(service: Service): EndpointSource {
  const spec = service.spec;
  if (spec?.type === 'ExternalName') return { kind: 'external-name', externalName: spec.externalName ?? '' };
  const selector = spec?.selector ?? {};
  return Object.keys(selector).length ? { kind: 'selector', selector } : { kind: 'manual' };
}
