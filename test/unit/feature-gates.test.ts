// Gate parsing and rewriting as k8s.io/component-base/featuregate reads --feature-gates (Set, SetFromMap and
// setUnsetAlphaGates), and the rewrite keeping every other entry as written.
import { gateState, gateStateOf, parseBool, parseGateList, withGate, withGateInList } from '../../src/karmada/gates.js';

describe('strconv.ParseBool', () => {
  test.each(['1', 't', 'T', 'TRUE', 'true', 'True'])('%p is true', (v) => {
    expect(parseBool(v)).toBe(true);
  });
  test.each(['0', 'f', 'F', 'FALSE', 'false', 'False'])('%p is false', (v) => {
    expect(parseBool(v)).toBe(false);
  });
  test.each(['yes', 'on', 'tRUE', '', ' true'])('%p is not a bool', (v) => {
    expect(parseBool(v)).toBeUndefined();
  });
});

describe('featuregate.Set', () => {
  test('skips empty entries (a trailing comma, doubled commas) and trims around = ', () => {
    expect(parseGateList('A=t,,B = 0,')).toEqual([
      ['A', true],
      ['B', false],
    ]);
    expect(parseGateList('')).toEqual([]);
  });

  test('reports what the binary would', () => {
    expect(() => parseGateList('A')).toThrow(/missing bool value for A/);
    expect(() => parseGateList('A=yes')).toThrow(
      /invalid value of A=yes, err: strconv\.ParseBool: parsing "yes": invalid syntax/,
    );
  });
});

describe('AllAlpha sets only the alpha gates not set yet', () => {
  test.each<[string, Array<Array<[string, boolean]>>, boolean, string]>([
    [
      'explicit beats AllAlpha in the same flag, whatever the order',
      [
        [
          ['MultiClusterService', false],
          ['AllAlpha', true],
        ],
      ],
      false,
      'explicit',
    ],
    [
      'a later AllAlpha does not undo an earlier explicit value',
      [[['MultiClusterService', false]], [['AllAlpha', true]]],
      false,
      'explicit',
    ],
    [
      'a later AllAlpha=false does not undo an earlier AllAlpha=true',
      [[['AllAlpha', true]], [['AllAlpha', false]]],
      true,
      'AllAlpha',
    ],
    [
      'a later explicit value wins over AllAlpha',
      [[['AllAlpha', true]], [['MultiClusterService', false]]],
      false,
      'explicit',
    ],
  ])('%s', (_name, values, enabled, source) => {
    expect(gateStateOf(values)).toMatchObject({ enabled, source });
  });
});

describe('rewriting keeps everything else byte for byte', () => {
  test.each([
    ['', 'MultiClusterService=true'],
    ['A=t', 'A=t,MultiClusterService=true'],
    ['A=t,', 'A=t,MultiClusterService=true'],
    ['A=t, MultiClusterService = f ,B=1', 'A=t,MultiClusterService=true,B=1'],
    ['MultiClusterService=0,A=T,MultiClusterService=f', 'A=T,MultiClusterService=true'],
  ])('%p', (before, after) => {
    expect(withGateInList(before, true)).toBe(after);
  });

  test('an earlier flag loses only the gate entry', () => {
    const lists = withGate(
      { command: ['/bin/x', '--feature-gates=A=t, MultiClusterService=f,', '--feature-gates=B=1'] },
      true,
    );
    expect(lists.command).toEqual(['/bin/x', '--feature-gates=A=t,', '--feature-gates=B=1,MultiClusterService=true']);
    expect(gateState(lists)).toMatchObject({ enabled: true, source: 'explicit' });
  });
});
