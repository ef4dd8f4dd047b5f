// --controllers as karmada-controller-manager reads it (pkg/controllers/context/context.go IsControllerEnabled:
// the first entry naming the controller decides, else `*`), and enable's minimal rewrite of it.
import {
  controllerOn as controllerEnabled,
  controllersOff as disabledMcsControllers,
} from '../../src/karmada/controller-manager.js';
import { withControllersOn, withMcsControllersOn } from '../../src/enable/controllers.js';
import { planOperator } from '../../src/enable/plan.js';

test.each<[string[], boolean]>([
  [['*'], true],
  [['*', '-multiclusterservice'], false],
  [['-multiclusterservice', '*'], false],
  [['multiclusterservice', '-multiclusterservice'], true],
  [['cluster'], false],
  // `--controllers=` gives an empty list: nothing runs; no flag at all is pflag's default `*`.
  [[''], false],
  [[], true],
])('IsControllerEnabled(multiclusterservice, %p) = %p', (entries, enabled) => {
  expect(controllerEnabled(entries, 'multiclusterservice')).toBe(enabled);
});

test('no --controllers flag means the default *', () => {
  expect(disabledMcsControllers([])).toEqual([]);
  expect(disabledMcsControllers(['cluster', '-endpointsliceDispatch,*'])).toEqual(['endpointsliceDispatch']);
});

test('a deciding -name becomes name where it stands; a missing name is appended to the last occurrence', () => {
  expect(withControllersOn(['*,-endpointsliceCollect'], ['endpointsliceCollect'])).toEqual(['*,endpointsliceCollect']);
  expect(withControllersOn(['cluster', 'namespace'], ['multiclusterservice'])).toEqual([
    'cluster',
    'namespace,multiclusterservice',
  ]);
});

test('both flag forms are rewritten in place', () => {
  const { lists, turnedOn } = withMcsControllersOn({
    command: ['/bin/x', '--controllers', '-multiclusterservice,*', '--v=2'],
  });
  expect(turnedOn).toEqual(['multiclusterservice']);
  expect(lists.command).toEqual(['/bin/x', '--controllers', 'multiclusterservice,*', '--v=2']);
});

describe('karmada-operator (operator/pkg/util/patcher: extraArgs replace whole flags after featureGates)', () => {
  const container = { name: 'c', command: ['/bin/karmada-controller-manager', '--v=2'] };
  test('without extraArgs, spec.featureGates', () => {
    const plan = planOperator({ spec: {} }, container, true);
    expect(plan.patch).toEqual({ spec: { featureGates: { MultiClusterService: true } } });
  });

  test('extraArgs["feature-gates"] and extraArgs.controllers are edited where they are', () => {
    const karmada = {
      spec: {
        featureGates: { MultiClusterService: true },
        components: {
          karmadaControllerManager: { extraArgs: { 'feature-gates': 'A=t', controllers: '*,-multiclusterservice' } },
        },
      },
    };
    const plan = planOperator(karmada, container, true);
    expect(plan.patch).toEqual({
      spec: {
        components: {
          karmadaControllerManager: {
            extraArgs: { 'feature-gates': 'A=t,MultiClusterService=true', controllers: '*,multiclusterservice' },
          },
        },
      },
    });
    expect(plan.controllersOn).toEqual(['multiclusterservice']);
  });
});
