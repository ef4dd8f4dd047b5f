// The live suite: the same commands against a real Karmada made by Karmada's hack/local-up-karmada.sh.
// Skipped unless KARMADA_KUBECONFIG names its kubeconfig (~/.kube/karmada.config); see docs/testing.md.
import { cli } from '../helpers/cli.js';

const kubeconfig = process.env.KARMADA_KUBECONFIG;
const live = kubeconfig ? describe : describe.skip;
const env = { ...process.env, KUBECONFIG: kubeconfig };
const NAME = `kmcs-live-${Date.now().toString(36)}`;

live('a real Karmada (local-up)', () => {
  test('enable is idempotent: local-up already has the gate on via AllAlpha=true', async () => {
    const r = await cli(['enable', '--timeout', '5m'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/MultiClusterService (is already on|: on)/);
  });

  test('expose a Deployment from member1 to member2 and wait for the conditions', async () => {
    const r = await cli(['expose', process.env.KARMADA_LIVE_DEPLOYMENT ?? 'nginx', '--name', NAME, '--provider', 'member1', '--consumer', 'member2', '--wait', '--timeout', '3m'], env);
    expect(r.stderr).not.toContain('error:');
    expect(r.code).toBe(0);
  });

  test('unexpose removes what expose created', async () => {
    const r = await cli(['unexpose', NAME], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`multiclusterservice.networking.karmada.io "${NAME}" deleted`);
  });
});
