// Server-side apply's rules (src/sim/apply.ts, from structured-merge-diff merge/update.go and apimachinery's
// managedfields/internal): item-wise merge, conflicts with any other manager, force, prune, no-op applies.
import { conflictStatus, serverSideApply } from '../../src/sim/apply.js';
import { trackWrite } from '../../src/sim/fields.js';
import { SERVICES } from '../../src/sim/resources.js';
import type { Manifest, SimObject } from '../../src/sim/world.js';

const port = (n: number, extra: object = {}) => ({ port: n, ...extra });
const service = (ports: object[]): Manifest => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { ports },
});

/** Applies as `manager`, failing the test on a conflict. */
function apply(live: SimObject | undefined, config: Manifest, manager: string, time: string, force = false) {
  const r = serverSideApply(SERVICES, live, config, manager, force, time);
  expect(r.conflicts).toEqual([]);
  return r.object;
}

/** An Update (kubectl edit, patch, label…) of the ports, recorded as the field manager records it. */
function update(live: SimObject, newPorts: object[], manager: string, time: string): SimObject {
  const next = { ...live, spec: { ...(live as any).spec, ports: newPorts } } as SimObject;
  const managedFields = trackWrite(SERVICES, live, next, { main: manager }, time);
  return { ...next, metadata: { ...next.metadata, managedFields } };
}

const entry = (o: SimObject, manager: string, operation = 'Apply') =>
  o.metadata.managedFields?.find((e) => e.manager === manager && e.operation === operation);
/** An Apply entry's ports, as fieldsV1 holds them */
const portsOwned = (o: SimObject, manager: string): any => entry(o, manager)!.fieldsV1!['f:spec']!['f:ports'];
const portsOf = (o: SimObject) => (o as any).spec.ports;
const P80 = 'k:{"port":80,"protocol":"TCP"}';
const P81 = 'k:{"port":81,"protocol":"TCP"}';

test("an associative list merges item by item; the applier's set names each item by its keys and their defaults", () => {
  const created = apply(undefined, service([port(80, { targetPort: 80 }), port(81)]), 'me', 't1');
  expect(entry(created, 'me')).toEqual({
    manager: 'me',
    operation: 'Apply',
    apiVersion: 'v1',
    time: 't1',
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:spec': {
        'f:ports': { [P80]: { '.': {}, 'f:port': {}, 'f:targetPort': {} }, [P81]: { '.': {}, 'f:port': {} } },
      },
    },
  });
  const other = apply(created, service([port(82), port(80, { name: 'http' })]), 'other', 't2');
  // 82 goes before 80, where the configuration puts it
  expect(portsOf(other)).toEqual([port(82), port(80, { targetPort: 80, name: 'http' }), port(81)]);
});

test('items only the configuration holds go where it puts them among the shared ones (visitListItems)', () => {
  const names = (o: SimObject) => portsOf(o).map((p: any) => p.port);
  const live = apply(undefined, service([port(1), port(2), port(3)]), 'a', 't1');
  expect(names(apply(live, service([port(4), port(2)]), 'b', 't2'))).toEqual([1, 4, 2, 3]);
});

test('a field an Update manager changed conflicts; forced, the applier takes it and the emptied entry goes', () => {
  const created = apply(undefined, service([port(80, { targetPort: 80 })]), 'me', 't1');
  const edited = update(created, [port(80, { targetPort: 8080 })], 'kubectl-edit', 't2');
  expect(portsOwned(edited, 'me')[P80]).toEqual({ '.': {}, 'f:port': {} });
  const again = service([port(80, { targetPort: 80 })]);
  const clash = serverSideApply(SERVICES, edited, again, 'me', false, 't3');
  expect(clash.object).toBe(edited);
  expect(clash.conflicts).toEqual([
    { manager: '"kubectl-edit" using v1', path: '.spec.ports[port=80,protocol="TCP"].targetPort' },
  ]);
  expect(conflictStatus(clash.conflicts)).toEqual({
    message:
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .spec.ports[port=80,protocol="TCP"].targetPort',
    causes: [
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-edit" using v1',
        field: '.spec.ports[port=80,protocol="TCP"].targetPort',
      },
    ],
  });
  const forced = apply(edited, again, 'me', 't3', true);
  expect(portsOf(forced)).toEqual([port(80, { targetPort: 80 })]);
  expect(forced.metadata.managedFields!.map((e) => e.manager)).toEqual(['me']);
  expect(portsOwned(forced, 'me')[P80]).toEqual({
    '.': {},
    'f:port': {},
    'f:targetPort': {},
  });
});

test("the applier's own Update entry is another manager; conflicts list each manager's paths, managers sorted", () => {
  let svc = apply(undefined, service([port(80, { targetPort: 80 }), port(81, { targetPort: 81 })]), 'me', 't1');
  svc = update(svc, [port(80, { targetPort: 1 }), port(81, { targetPort: 81 })], 'me', 't2');
  svc = update(svc, [port(80, { targetPort: 1 }), port(81, { targetPort: 2 })], 'b-editor', 't3');
  const clash = serverSideApply(
    SERVICES,
    svc,
    service([port(80, { targetPort: 9 }), port(81, { targetPort: 9 })]),
    'x',
    false,
    't',
  );
  expect(conflictStatus(clash.conflicts).message).toBe(
    'Apply failed with 2 conflicts: conflicts with "b-editor" using v1:\n' +
      '- .spec.ports[port=81,protocol="TCP"].targetPort\n' +
      'conflicts with "me" using v1:\n' +
      '- .spec.ports[port=80,protocol="TCP"].targetPort',
  );
  const mine = serverSideApply(SERVICES, svc, service([port(80, { targetPort: 80 })]), 'me', false, 't');
  expect(mine.conflicts).toEqual([
    { manager: '"me" using v1', path: '.spec.ports[port=80,protocol="TCP"].targetPort' },
  ]);
});

test('applying the value a field already has is no conflict: both managers own it', () => {
  const created = apply(undefined, service([port(80, { targetPort: 80 })]), 'me', 't1');
  const shared = apply(created, service([port(80, { targetPort: 80 })]), 'other', 't2');
  expect(entry(shared, 'me')!.fieldsV1).toEqual(entry(shared, 'other')!.fieldsV1);
  // a no-op apply keeps the time the entry had (none for a new one)
  expect(entry(shared, 'other')!.time).toBeUndefined();
  expect(entry(apply(shared, service([port(80, { targetPort: 80 })]), 'me', 't9'), 'me')!.time).toBe('t1');
});

test("an item the applier no longer applies goes unless a manager owns it; another manager's item stays", () => {
  let svc = apply(undefined, service([port(80, { targetPort: 80 }), port(81), port(82)]), 'me', 't1');
  svc = apply(svc, service([port(82)]), 'keeper', 't2');
  svc = update(svc, [...portsOf(svc), port(90)], 'kubectl-patch', 't3');
  const after = apply(svc, service([port(80, { targetPort: 80 })]), 'me', 't4');
  expect(portsOf(after)).toEqual([port(80, { targetPort: 80 }), port(82), port(90)]);
  expect(Object.keys(portsOwned(after, 'me'))).toEqual([P80]);
  // a field the applier stops applying goes from the item, which it still applies
  const trimmed = apply(after, service([port(80)]), 'me', 't5');
  expect(portsOf(trimmed)[0]).toEqual(port(80));
});
