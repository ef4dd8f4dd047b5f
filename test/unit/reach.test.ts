// A hint is a command to copy: it carries the flags that reached the command's clusters (src/reach.ts).
import { reachOf, withReach } from '../../src/reach.js';

const reach = reachOf({
  kubeconfig: '/tmp/k',
  context: 'kapi',
  hostContext: 'karmada-host',
  clusterContext: ['member2=kind-member2'],
});

test('the reach of the global flags: --context kept as given, the default host context left out', () => {
  expect(reach).toEqual({
    kubeconfig: '/tmp/k',
    karmadaContext: 'kapi',
    karmadaFlag: '--context',
    hostContext: undefined,
    clusterContexts: ['member2=kind-member2'],
  });
  expect(reachOf({ karmadaContext: 'a', context: 'a' }).karmadaFlag).toBe('--karmada-context');
});

test("this plugin's hints get --cluster-context; kubectl's and karmadactl's do not", () => {
  expect(withReach('kubectl karmada-mcs probe web --consumer member2', reach)).toBe(
    'kubectl karmada-mcs probe --kubeconfig /tmp/k --context kapi --cluster-context member2=kind-member2 web --consumer member2',
  );
  expect(withReach('kubectl describe cluster member2', reach)).toBe(
    'kubectl --kubeconfig /tmp/k --context kapi describe cluster member2',
  );
  // A pair the hint names for that cluster is its own choice.
  expect(withReach('kubectl karmada-mcs probe --cluster-context member2=other', reach)).toBe(
    'kubectl karmada-mcs probe --kubeconfig /tmp/k --context kapi --cluster-context member2=other',
  );
});

test('a hint in words gets the flags in each command it quotes; advice without one is left as it is', () => {
  expect(withReach('link the pod networks; test again with `kubectl karmada-mcs probe web`', reach)).toBe(
    'link the pod networks; test again with ' +
      '`kubectl karmada-mcs probe --kubeconfig /tmp/k --context kapi --cluster-context member2=kind-member2 web`',
  );
  expect(withReach('raise --request-timeout to wait longer', reach)).toBe('raise --request-timeout to wait longer');
});

test('the playground and the demo read no kubeconfig: their hints get no flags', () => {
  const hint = 'pass --kubeconfig FILE; to try the plugin without a cluster run `kubectl karmada-mcs playground`';
  expect(withReach(hint, reach)).toBe(hint);
  expect(withReach('kubectl karmada-mcs demo', reach)).toBe('kubectl karmada-mcs demo');
});
