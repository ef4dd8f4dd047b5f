// core/v1 Events as client-go's record.EventRecorder writes them (k8s.io/client-go/tools/record/event.go makeEvent,
// events_cache.go EventCorrelator): name `<object>.<hex unix nanos>`, in the object's namespace, count 1; a repeat
// with the same source, object, type, reason and message bumps count and lastTimestamp instead of a new Event.
import { EVENTS, type ResourceType, apiVersionOf } from './resources.js';
import type { KubeEvent } from './kinds.js';
import type { SimObject, World } from './world.js';

export const KARMADA_CLUSTER = 'karmada';

/**
 * The recorder's client is karmada-controller-manager's (controller-runtime's GetEventRecorderFor): its writes, a
 * create
 * and then patches of count and lastTimestamp, are that field manager's.
 */
export class EventRecorder {
  /** correlation key → Event name, as the correlator's LRU cache remembers them */
  private readonly seen = new Map<string, string>();
  private lastNanos = 0n;

  constructor(private readonly world: World) {}

  record(
    component: string,
    rt: ResourceType,
    obj: SimObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): void {
    const namespace = obj.metadata.namespace || 'default';
    const involvedObject = {
      kind: rt.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: apiVersionOf(rt),
      resourceVersion: obj.metadata.resourceVersion,
    };
    const key = JSON.stringify([
      component,
      rt.kind,
      namespace,
      obj.metadata.name,
      obj.metadata.uid,
      type,
      reason,
      message,
    ]);
    const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const name = this.seen.get(key);
    const existing = name
      ? (this.world.get(KARMADA_CLUSTER, EVENTS, namespace, name) as KubeEvent | undefined)
      : undefined;
    if (existing) {
      this.world.put(
        KARMADA_CLUSTER,
        EVENTS,
        { ...existing, count: (existing.count ?? 1) + 1, lastTimestamp: stamp },
        'karmada-controller-manager',
      );
      return;
    }
    let nanos = BigInt(Date.now()) * 1000000n;
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1n;
    this.lastNanos = nanos;
    const eventName = `${obj.metadata.name}.${nanos.toString(16)}`;
    this.seen.set(key, eventName);
    this.world.put(
      KARMADA_CLUSTER,
      EVENTS,
      {
        metadata: { name: eventName, namespace },
        involvedObject,
        reason,
        message,
        source: { component },
        firstTimestamp: stamp,
        lastTimestamp: stamp,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: '',
      },
      'karmada-controller-manager',
    );
  }
}
