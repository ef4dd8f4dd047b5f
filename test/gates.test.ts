import { findGateFlags, gateState, mergedGates, parseGateList, withGate } from '../src/karmada/gates.js';
import { lineDiff, planContainer } from '../src/enable/plan.js';

const cmd = (...flags: string[]) => ({ command: ['/bin/karmada-controller-manager', ...flags] });

describe('reading --feature-gates as Karmada does', () => {
  test.each([
    ['absent', cmd('--v=4'), false, 'off (default)'],
    ['explicit true', cmd('--feature-gates=MultiClusterService=true'), true, 'on (MultiClusterService=true)'],
    ['explicit false', cmd('--feature-gates=MultiClusterService=false'), false, 'off (MultiClusterService=false)'],
    ['via AllAlpha', cmd('--feature-gates=AllAlpha=true,AllBeta=true'), true, 'on (via AllAlpha=true)'],
    [
      'AllAlpha with explicit false',
      cmd('--feature-gates=AllAlpha=true,MultiClusterService=false'),
      false,
      'off (MultiClusterService=false)',
    ],
    ['two-token form', cmd('--feature-gates', 'MultiClusterService=true'), true, 'on (MultiClusterService=true)'],
    [
      'later flag wins',
      cmd('--feature-gates=MultiClusterService=true', '--feature-gates=MultiClusterService=false'),
      false,
      'off (MultiClusterService=false)',
    ],
    [
      'in args',
      { command: ['/bin/x'], args: ['--feature-gates=MultiClusterService=true'] },
      true,
      'on (MultiClusterService=true)',
    ],
    [
      'args after command',
      {
        command: ['/bin/x', '--feature-gates=MultiClusterService=true'],
        args: ['--feature-gates=MultiClusterService=false'],
      },
      false,
      'off (MultiClusterService=false)',
    ],
  ])('%s', (_name, container, enabled, describe) => {
    expect(gateState(container)).toMatchObject({ enabled, describe });
  });

  test('merges gates across flags, later keys winning', () => {
    expect([...mergedGates(cmd('--feature-gates=A=true,B=false', '--feature-gates=B=true'))]).toEqual([
      ['A', true],
      ['B', true],
    ]);
  });

  test.each(['MultiClusterService', 'A=yes', '=true', 'A=tRUE'])('rejects an unparsable list %p', (text) => {
    expect(() => parseGateList(text)).toThrow(/cannot parse feature gate/);
  });
});

describe('writing the gate', () => {
  test('adds one flag at the end of the list that holds the flags when there is none', () => {
    expect(withGate(cmd('--a=1', '--v=4'), true).command).toEqual([
      '/bin/karmada-controller-manager',
      '--a=1',
      '--v=4',
      '--feature-gates=MultiClusterService=true',
    ]);
    expect(withGate({ command: ['/bin/x'], args: ['--a=1'] }, true)).toEqual({
      command: ['/bin/x'],
      args: ['--a=1', '--feature-gates=MultiClusterService=true'],
    });
  });

  test('appends to the last existing flag, keeping the other gates in place', () => {
    expect(withGate(cmd('--feature-gates=AllAlpha=true,AllBeta=true', '--v=4'), false).command).toEqual([
      '/bin/karmada-controller-manager',
      '--feature-gates=AllAlpha=true,AllBeta=true,MultiClusterService=false',
      '--v=4',
    ]);
  });

  test('replaces an explicit value in place, in the two-token form too', () => {
    expect(withGate(cmd('--feature-gates', 'A=true,MultiClusterService=false,B=true'), true).command).toEqual([
      '/bin/karmada-controller-manager',
      '--feature-gates',
      'A=true,MultiClusterService=true,B=true',
    ]);
  });

  test('removes the gate from earlier flags, dropping one it leaves empty, and never adds a second flag', () => {
    const before = cmd(
      '--feature-gates=MultiClusterService=false',
      '--x',
      '--feature-gates=PropagateDeps=false',
      '--v=4',
    );
    const after = withGate(before, true).command;
    expect(after).toEqual([
      '/bin/karmada-controller-manager',
      '--x',
      '--feature-gates=PropagateDeps=false,MultiClusterService=true',
      '--v=4',
    ]);
    expect(findGateFlags({ command: after })).toHaveLength(1);
    const mixed = withGate(
      cmd('--feature-gates=A=true,MultiClusterService=false', '--feature-gates=B=true'),
      true,
    ).command;
    expect(mixed).toEqual([
      '/bin/karmada-controller-manager',
      '--feature-gates=A=true',
      '--feature-gates=B=true,MultiClusterService=true',
    ]);
  });

  test('a second run changes nothing', () => {
    const once = planContainer({ name: 'c', ...cmd('--v=4') }, true);
    expect(once.changed).toBe(true);
    expect(planContainer(once.container, true).changed).toBe(false);
  });

  test('plans show a flag diff and keep absent lists absent', () => {
    const plan = planContainer({ name: 'c', ...cmd('--feature-gates=AllAlpha=true') }, false);
    expect(plan.container.args).toBeUndefined();
    expect(plan.diff).toEqual([
      'command:',
      '  /bin/karmada-controller-manager',
      '- --feature-gates=AllAlpha=true',
      '+ --feature-gates=AllAlpha=true,MultiClusterService=false',
    ]);
    expect(plan.after.describe).toBe('off (MultiClusterService=false)');
  });

  test('line diff', () => {
    expect(lineDiff(['a', 'b', 'c'], ['a', 'c', 'd'])).toEqual(['  a', '- b', '  c', '+ d']);
  });
});
