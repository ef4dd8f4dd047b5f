import { cli } from './helpers/cli.js';

test('demo walks enable, expose, status, probe and doctor on a simulated Karmada', async () => {
  const r = await cli(['demo'], { PATH: process.env.PATH, HOME: '/nonexistent' });
  expect(r.code).toBe(0);
  const steps = r.stdout.split('\n').filter((l) => l.startsWith('$ kubectl karmada-mcs'));
  expect(steps).toEqual([
    '$ kubectl karmada-mcs enable',
    '$ kubectl karmada-mcs expose nginx --provider member1 --consumer member2 --wait',
    '$ kubectl karmada-mcs status nginx',
    '$ kubectl karmada-mcs probe nginx',
    '$ kubectl karmada-mcs doctor nginx',
  ]);
  expect(r.stdout).toContain(
    'Verdict:    ✔ healthy: member2 has nginx.default with 2 ready endpoints from member1 (probe tests the pod network)',
  );
  expect(r.stdout).toMatch(
    /nginx\s+member2\s+karmada-mcs-probe-\w+\s+http:\/\/nginx\.default\s+200\s+\d+ms\s+✔ Welcome to nginx!\n/,
  );
});
