import { jsonPatch, mergePatch, strategicMergePatch } from '../src/sim/patch.js';
import { serverSideApply } from '../src/sim/apply.js';
import { SERVICES } from '../src/sim/resources.js';
import { fieldSelector, labelSelector, matchesSelector } from '../src/sim/selectors.js';

describe('simulator patches', () => {
  test('merge patch replaces lists and deletes nulls (RFC 7386)', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null, e: 4 }, l: [3] })).toEqual({
      a: 1,
      b: { d: 3, e: 4 },
      l: [3],
    });
  });

  test('strategic merge merges containers by name', () => {
    const live = {
      spec: {
        containers: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'y' },
        ],
      },
    };
    expect(strategicMergePatch(live, { spec: { containers: [{ name: 'b', image: 'z' }] } })).toEqual({
      spec: {
        containers: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'z' },
        ],
      },
    });
  });

  test('JSON patch applies add/replace/remove/test and fails a false test', () => {
    expect(
      jsonPatch({ a: [1, 2], b: 1 }, [
        { op: 'add', path: '/a/-', value: 3 },
        { op: 'replace', path: '/b', value: 2 },
        { op: 'remove', path: '/a/0' },
      ]),
    ).toEqual({ a: [2, 3], b: 2 });
    expect(() => jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(/test operation/);
    // kubectl sends a patch's objects with their keys sorted: test compares values, not text
    const taint = { t: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] };
    expect(
      jsonPatch(taint, [{ op: 'test', path: '/t/0', value: { effect: 'NoSchedule', key: 'k', value: 'v' } }]),
    ).toEqual(taint);
    expect(() => jsonPatch(taint, [{ op: 'test', path: '/t/0', value: { key: 'k', effect: 'NoSchedule' } }])).toThrow(
      /test operation/,
    );
  });

  test('server-side apply removes fields the manager stopped applying and reports conflicts', () => {
    const first = serverSideApply(
      SERVICES,
      undefined,
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', labels: { a: '1', b: '2' } }, spec: { x: 1 } },
      'me',
      false,
      't',
    );
    const second = serverSideApply(
      SERVICES,
      first.object,
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', labels: { a: '1' } }, spec: { x: 1 } },
      'me',
      false,
      't',
    );
    expect(second.object.metadata.labels).toEqual({ a: '1' });
    const clash = serverSideApply(
      SERVICES,
      second.object,
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { x: 2 } },
      'other',
      false,
      't',
    );
    expect(clash.conflicts).toEqual([{ path: '.spec.x', manager: '"me"' }]);
    expect(
      serverSideApply(
        SERVICES,
        second.object,
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { x: 2 } },
        'other',
        true,
        't',
      ).object.spec,
    ).toEqual({ x: 2 });
  });

  // A label key holds dots: fieldsV1 names it whole, and a label the manager stops applying is removed.
  test('server-side apply owns label keys with dots whole', () => {
    const service = (labels: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', labels },
    });
    const first = serverSideApply(
      SERVICES,
      undefined,
      service({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/part-of': 'shop' }),
      'me',
      false,
      't',
    );
    const entry = first.object.metadata.managedFields?.[0];
    expect(entry?.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:app.kubernetes.io/name': {}, 'f:app.kubernetes.io/part-of': {} } },
    });
    const second = serverSideApply(
      SERVICES,
      first.object,
      service({ 'app.kubernetes.io/name': 'web' }),
      'me',
      false,
      't',
    );
    expect(second.object.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'web' });
    const clash = serverSideApply(
      SERVICES,
      second.object,
      service({ 'app.kubernetes.io/name': 'api' }),
      'other',
      false,
      't',
    );
    expect(clash.conflicts).toEqual([{ path: '.metadata.labels.app.kubernetes.io/name', manager: '"me"' }]);
  });

  test('selectors', () => {
    const o = { metadata: { name: 'n', labels: { app: 'web', tier: 'fe' } }, status: { phase: 'Running' } };
    expect(labelSelector('app=web,tier in (fe,be),!missing')(o)).toBe(true);
    expect(labelSelector('app!=web')(o)).toBe(false);
    expect(fieldSelector('metadata.name=n,status.phase=Running', 'Pod')(o)).toBe(true);
    expect(
      matchesSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, o.metadata.labels),
    ).toBe(true);
  });
});
