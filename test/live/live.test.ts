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
    const r = await cli(
      [
        'expose',
        process.env.KARMADA_LIVE_DEPLOYMENT ?? 'nginx',
        '--name',
        NAME,
        '--provider',
        'member1',
        '--consumer',
        'member2',
        '--wait',
        '--timeout',
        '3m',
      ],
      env,
    );
    expect(r.stderr).not.toContain('error:');
    expect(r.code).toBe(0);
  });

  test('doctor: no check fails; --probe passes reachability from member2 (local-up links the pod networks)', async () => {
    const r = await cli(['doctor', NAME, '--probe', '-o', 'json'], env);
    type Check = { id: string; cluster?: string; result: string };
    const doc = JSON.parse(r.stdout) as { ok: boolean; checks: Check[] };
    expect(doc.checks.filter((c) => c.result === 'fail')).toEqual([]);
    expect(doc.checks.find((c) => c.id === 'gate')).toMatchObject({ result: 'ok' });
    expect(doc.checks.find((c) => c.id === 'reachability')).toMatchObject({ cluster: 'member2', result: 'ok' });
    expect(r.code).toBe(0);
  }, 300_000);

  test('status agrees with doctor: Healthy', async () => {
    const r = await cli(['status', NAME, '-o', 'json'], env);
    expect(JSON.parse(r.stdout).verdict).toMatchObject({ healthy: true, reason: 'Healthy' });
    expect(r.code).toBe(0);
  });

  test('probe: every layer passes from member2, the provider pods answer directly', async () => {
    const r = await cli(['probe', NAME, '-o', 'json'], env);
    const item = JSON.parse(r.stdout).items[0];
    expect(item).toMatchObject({
      cluster: 'member2',
      ok: true,
      layer: null,
      layers: { dns: { ok: true }, connect: { ok: true }, endpoints: { ok: true }, http: { ok: true } },
    });
    expect(r.code).toBe(0);
  }, 300_000);

  test('unexpose --dry-run=server: the API server checks both deletes and removes nothing', async () => {
    const r = await cli(['unexpose', NAME, '--dry-run=server'], env);
    expect(r.stdout).toBe(
      `multiclusterservice.networking.karmada.io "${NAME}" deleted (server dry run)\n` +
        `service "${NAME}" deleted (server dry run)\n`,
    );
    expect(r.code).toBe(0);
    // Still there and still working: a dryRun the API server ignored would have deleted both.
    const status = await cli(['status', NAME, '-o', 'json'], env);
    expect(JSON.parse(status.stdout).verdict).toMatchObject({ healthy: true, reason: 'Healthy' });
  });

  test('unexpose removes what expose created', async () => {
    const r = await cli(['unexpose', NAME], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`multiclusterservice.networking.karmada.io "${NAME}" deleted`);
  });
});
