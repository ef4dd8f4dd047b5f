// The field manager's rules for Update entries (src/sim/fields.ts), write by write: what moves, what leaves, when an
// entry's time moves, when an entry goes.
import { trackWrite } from '../../src/sim/fields.js';
import { SERVICES } from '../../src/sim/resources.js';
import type { SimObject } from '../../src/sim/world.js';

const service = (labels: Record<string, string>, ports: object[]): SimObject => ({
  metadata: { name: 'web', namespace: 'default', labels },
  spec: { type: 'ClusterIP', ports },
});

/** Writes `next` over `live` as `manager` at `time`, returning the stored object. */
function write(live: SimObject | undefined, next: SimObject, manager: string, time: string): SimObject {
  const managedFields = trackWrite(SERVICES, live, next, { main: manager }, time);
  return { ...next, metadata: { ...next.metadata, ...(managedFields ? { managedFields } : {}) } };
}

test('an update takes what it changes from the other entries; a removed field leaves every entry; an emptied entry goes', () => {
  const port = { port: 80, protocol: 'TCP', targetPort: 80 };
  let svc = write(undefined, service({ app: 'web' }, [port]), 'creator', '2024-01-01T00:00:00Z');
  svc = write(svc, service({ app: 'web', team: 'a' }, [port]), 'labeler', '2024-01-01T00:00:05Z');
  expect(svc.metadata.managedFields!.map((e) => e.manager)).toEqual(['creator', 'labeler']);
  // the labeler changes app and nothing else: app moves, the creator keeps the labels map itself (a member without
  // children is written `{}`, as fieldpath/serialize.go writes it)
  svc = write(svc, service({ app: 'api', team: 'a' }, [port]), 'labeler', '2024-01-01T00:00:09Z');
  const [creator, labeler] = svc.metadata.managedFields!;
  expect(creator!.fieldsV1!['f:metadata']).toEqual({ 'f:labels': {} });
  expect(labeler!.fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { 'f:app': {}, 'f:team': {} } } });
  expect(labeler!.time).toBe('2024-01-01T00:00:09Z');
  // removing the port's item removes it (and its fields) from its owner, which keeps the list it created; a write
  // that only removes takes nothing
  svc = write(svc, service({ app: 'api', team: 'a' }, []), 'labeler', '2024-01-01T00:00:20Z');
  const after = svc.metadata.managedFields!;
  expect(after.find((e) => e.manager === 'creator')!.fieldsV1!['f:spec']).toEqual({ 'f:ports': {}, 'f:type': {} });
  expect(after.find((e) => e.manager === 'labeler')!.time).toBe('2024-01-01T00:00:09Z');
  // removing everything the labeler owned drops its entry
  svc = write(svc, service({}, []), 'someone', '2024-01-01T00:00:30Z');
  expect(svc.metadata.managedFields!.map((e) => e.manager)).toEqual(['creator']);
});

test('a status write is recorded in the status subresource entry; a create does not record the status', () => {
  const created = trackWrite(
    SERVICES,
    undefined,
    {
      metadata: { name: 'web' },
      spec: { type: 'ClusterIP' },
      status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
    },
    { main: 'creator' },
    '2024-01-01T00:00:00Z',
  );
  expect(created!.map((e) => [e.manager, e.subresource])).toEqual([['creator', undefined]]);
  expect(created![0]!.fieldsV1).toEqual({ 'f:spec': { 'f:type': {} } });
  const live: SimObject = { metadata: { name: 'web', managedFields: created }, spec: { type: 'ClusterIP' } };
  const next = { ...live, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } };
  const updated = trackWrite(SERVICES, live, next, { status: 'lb' }, '2024-01-01T00:00:01Z');
  expect(updated!.find((e) => e.manager === 'lb')).toMatchObject({
    subresource: 'status',
    fieldsV1: { 'f:status': { 'f:loadBalancer': { 'f:ingress': {} } } },
  });
});
