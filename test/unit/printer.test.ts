// How results look, without a simulator: the Printer's table, object and error formats, and the probe, doctor
// and status views built on it. stdout and stderr are captured apart, since machine output must never hold
// progress or hints.
import { Writable } from 'node:stream';
import { CliError, UsageError } from '../../src/errors.js';
import type { Check } from '../../src/karmada/diagnosis/checks.js';
import { printDoctor } from '../../src/output/doctor-view.js';
import { type Palette, Printer } from '../../src/output/printer.js';
import { printCleanup, printProbe } from '../../src/output/probe-view.js';
import { printStatus } from '../../src/output/status-view.js';
import type { ProbeRow } from '../../src/probe/service.js';
import type { McsStatus } from '../../src/status/model.js';

function capture(color?: Palette) {
  const text = { out: '', err: '' };
  const stream = (key: 'out' | 'err') =>
    new Writable({
      write(chunk, _encoding, done) {
        text[key] += String(chunk);
        done();
      },
    });
  const printer = new Printer({ stdout: stream('out'), stderr: stream('err'), env: {} }, color);
  return { printer, text };
}

// Colours as a terminal gets them: escape codes that take no room on screen.
const ansi = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[39m`;
const COLOURED: Palette = {
  level: 1,
  red: ansi(31),
  green: ansi(32),
  yellow: ansi(33),
  cyan: ansi(36),
  dim: ansi(2),
  bold: ansi(1),
};
// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

test('table: upper-case headers, columns three spaces apart by visible width, no trailing spaces', () => {
  const { printer, text } = capture(COLOURED);
  printer.table(
    ['name', 'verdict', 'note'],
    [
      ['nginx', COLOURED.green('Healthy'), ''],
      ['a-much-longer-name', COLOURED.red('NotDispatched'), 7],
    ],
  );
  expect(plain(text.out)).toBe(
    [
      'NAME                 VERDICT         NOTE',
      'nginx                Healthy',
      'a-much-longer-name   NotDispatched   7',
      '',
    ].join('\n'),
  );
  expect(text.err).toBe('');
});

test('objects: kubectl -o name (group only for grouped kinds), one JSON object or a List, YAML documents', () => {
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' } };
  const mcs = {
    apiVersion: 'networking.karmada.io/v1alpha1',
    kind: 'MultiClusterService',
    metadata: { name: 'nginx' },
  };
  let { printer, text } = capture();
  printer.objects([svc, mcs], 'name');
  expect(text.out).toBe('service/nginx\nmulticlusterservice.networking.karmada.io/nginx\n');
  ({ printer, text } = capture());
  printer.objects([svc], 'json');
  expect(JSON.parse(text.out)).toEqual(svc);
  ({ printer, text } = capture());
  printer.objects([svc, mcs], 'json');
  expect(JSON.parse(text.out)).toEqual({ apiVersion: 'v1', kind: 'List', items: [svc, mcs] });
  ({ printer, text } = capture());
  printer.objects([svc, mcs], 'yaml');
  expect(text.out.split('---\n')).toHaveLength(2);
  expect(text.out).toContain(
    'kind: Service\nmetadata:\n  name: nginx\n---\napiVersion: networking.karmada.io/v1alpha1',
  );
});

test('errors: one line on stderr, the hint under it, the exit code of the error', () => {
  let { printer, text } = capture();
  expect(printer.error(new UsageError('unknown flag --x', 'see --help'))).toBe(2);
  expect(text).toEqual({ out: '', err: 'error: unknown flag --x\nhint: see --help\n' });
  ({ printer, text } = capture());
  expect(printer.error(new CliError('the API did not answer'))).toBe(1);
  expect(text.err).toBe('error: the API did not answer\n');
  ({ printer, text } = capture());
  expect(printer.error(new TypeError('x is undefined'))).toBe(1);
  expect(printer.error('thrown text')).toBe(1);
  expect(text.err).toBe('error: x is undefined\nerror: thrown text\n');
});

test('progress off a terminal: one stderr line per distinct text; done without text adds nothing', () => {
  const { printer, text } = capture();
  const progress = printer.progress('reading');
  progress.update('reading');
  progress.update('probing');
  progress.done();
  const other = printer.progress('cleaning');
  other.fail('cleanup failed');
  const counter = printer.counter((done, of) => `${done}/${of}`);
  counter.tick(1, 2);
  counter.stop();
  expect(text).toEqual({ out: '', err: 'reading\nprobing\ncleaning\ncleanup failed\n' });
});

// ora arrives a moment after the wait starts: a wait over by then still leaves its last line, as a spinner would.
test('progress on a terminal: a wait over before ora is loaded shows how it ended, in order', async () => {
  const err = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    }),
    // What ora calls on a terminal's stream (tty.WriteStream's cursor methods).
    { isTTY: true, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true },
  );
  let text = '';
  const printer = new Printer({ stdout: new Writable(), stderr: err, env: {} }, COLOURED);
  printer.progress('waiting for the rollout').done('rolled out');
  printer.progress('waiting for the probe').fail('probe failed');
  printer.note('what came next');
  expect(plain(text)).toBe('✔ rolled out\n✖ probe failed\nwhat came next\n');
  // ora, once loaded, starts no spinner for a wait that is over.
  await import('ora');
  await new Promise<void>((resolve) => setImmediate(resolve));
  expect(plain(text)).toBe('✔ rolled out\n✖ probe failed\nwhat came next\n');
});

const row = (over: Partial<ProbeRow>): ProbeRow => ({
  mcs: 'nginx',
  namespace: 'default',
  cluster: 'member2',
  pod: 'karmada-mcs-probe-abc123',
  url: 'http://nginx.default',
  attempts: 3,
  successes: 3,
  status: 200,
  latencyMs: { min: 2, median: 4, max: 9 },
  ok: true,
  layer: null,
  reason: null,
  hint: null,
  firstLine: 'Welcome to nginx!',
  layers: null,
  endpoints: [],
  ...over,
});

test('probe table: latency min/median/max and a tally with --count, a layer in plain words, hints once', () => {
  const rows = [
    row({}),
    row({
      cluster: 'member3',
      ok: false,
      successes: 0,
      status: 0,
      latencyMs: null,
      layer: 'endpoints',
      reason: 'no pod network from member3',
      hint: 'link the pod networks',
    }),
    row({
      cluster: 'member3',
      url: 'http://nginx.default:8080',
      ok: false,
      status: 0,
      latencyMs: null,
      layer: 'endpoints',
      reason: 'again',
      hint: 'link the pod networks',
    }),
  ];
  let { printer, text } = capture();
  printProbe(printer, rows, { count: 3 });
  expect(text.out.split('\n')[1]).toMatch(
    /^nginx +member2 +karmada-mcs-probe-abc123 +http:\/\/nginx\.default +200 +2\/4\/9ms +✔ 3\/3 Welcome to nginx!$/,
  );
  expect(text.out.split('\n')[2]).toMatch(/ - +- +✘ 0\/3 pod network: no pod network from member3$/);
  expect(text.err).toBe('hint: member3: link the pod networks\n');
  ({ printer, text } = capture());
  printProbe(printer, [row({ firstLine: null })], { count: 1 });
  expect(text.out.split('\n')[1]).toMatch(/ 200 +4ms +✔$/);
  ({ printer, text } = capture());
  printProbe(printer, rows, { count: 3, output: 'json' });
  expect(JSON.parse(text.out)).toMatchObject({
    apiVersion: 'kubectl-karmada-mcs/v1',
    kind: 'ProbeResultList',
    passed: false,
  });
  expect(text.err).toBe('');
});

test('probe --cleanup: a line per cluster, a warning for a cluster that failed', () => {
  const { printer, text } = capture();
  printCleanup(printer, [
    { cluster: 'member1', deleted: ['default/karmada-mcs-probe-a', 'web/karmada-mcs-probe-b'], error: null },
    { cluster: 'member2', deleted: [], error: null },
    { cluster: 'member3', deleted: [], error: 'forbidden' },
  ]);
  expect(text.out).toBe(
    'member1: deleted pod/default/karmada-mcs-probe-a, pod/web/karmada-mcs-probe-b\nmember2: no probe pods\n',
  );
  expect(text.err).toBe('Warning: member3: forbidden\n');
});

test('doctor: checks by stage, hints under warnings and failures only, the first failing stage last', () => {
  const checks: Check[] = [
    { id: 'api', result: 'ok', message: 'the Karmada API answers' },
    { id: 'clusters', result: 'warn', message: 'member3 is not Ready', hint: 'kubectl describe cluster member3' },
    {
      id: 'dispatch',
      namespace: 'default',
      mcs: 'a',
      result: 'fail',
      message: 'nothing dispatched',
      hint: 'kubectl fix a',
    },
    { id: 'dispatch', namespace: 'web', mcs: 'b', result: 'ok', message: 'dispatched', hint: 'never shown' },
    { id: 'service', namespace: 'default', mcs: 'a', result: 'fail', message: 'no Service' },
  ];
  let { printer, text } = capture();
  printDoctor(printer, checks);
  expect(text.out).toBe(
    [
      'Karmada API',
      '  ✔ the Karmada API answers',
      '',
      'Member clusters',
      '  ‼ member3 is not Ready',
      '      hint: kubectl describe cluster member3',
      '',
      'Service in the control plane',
      '  ✘ default/a: no Service',
      '',
      'EndpointSlice dispatch',
      '  ✘ default/a: nothing dispatched',
      '      hint: kubectl fix a',
      '  ✔ web/b: dispatched',
      '',
      '✘ 2 checks failed; the first failing stage is service: no Service',
      '',
    ].join('\n'),
  );
  ({ printer, text } = capture());
  printDoctor(printer, [checks[2]!]);
  expect(text.out.endsWith('✘ 1 check failed; the first failing stage is dispatch: run `kubectl fix a`\n')).toBe(true);
  ({ printer, text } = capture());
  printDoctor(printer, checks.slice(0, 2));
  expect(text.out.endsWith('\n✔ no check failed (1 warning)\n')).toBe(true);
  ({ printer, text } = capture());
  printDoctor(printer, [checks[0]!]);
  expect(text.out.endsWith('\n✔ no check failed\n')).toBe(true);
  ({ printer, text } = capture());
  printDoctor(printer, checks, 'json');
  expect(JSON.parse(text.out)).toEqual({
    apiVersion: 'kubectl-karmada-mcs/v1',
    kind: 'DoctorReport',
    ok: false,
    checks,
  });
});

const mcsStatus = (over: Partial<McsStatus> = {}): McsStatus => ({
  name: 'nginx',
  namespace: 'default',
  types: ['CrossCluster'],
  providers: ['member1'],
  consumers: ['member2', 'member3'],
  allProviders: false,
  allConsumers: false,
  creationTimestamp: '2026-01-01T00:00:00Z',
  age: '5m',
  conditions: [
    { type: 'ServiceApplied', status: 'True', reason: 'ServiceAppliedSucceed', message: '', lastTransitionTime: null },
  ],
  clusters: [
    {
      name: 'member1',
      roles: ['provider'],
      ready: true,
      syncMode: 'Push',
      error: null,
      service: true,
      readyEndpoints: 2,
      importedFrom: [],
    },
    {
      name: 'member2',
      roles: ['consumer'],
      ready: true,
      syncMode: 'Push',
      error: null,
      service: true,
      readyEndpoints: null,
      importedFrom: [{ cluster: 'member1', readyEndpoints: 2 }],
    },
    {
      name: 'member3',
      roles: ['consumer'],
      ready: false,
      syncMode: 'Pull',
      error: 'timeout',
      service: false,
      readyEndpoints: null,
      importedFrom: [],
    },
  ],
  verdict: { healthy: true, reason: 'Healthy', message: 'every consumer has endpoints' },
  ...over,
});

test('status list: a NAMESPACE column only across namespaces, "-" for a missing condition, wide endpoints', () => {
  let { printer, text } = capture();
  printStatus(printer, { items: [mcsStatus()] }, { output: 'wide' });
  const [header, line] = text.out.split('\n');
  expect(header).toMatch(
    /^NAMESPACE +NAME +TYPES +PROVIDERS +CONSUMERS +SERVICE-APPLIED +ENDPOINTSLICE-DISPATCHED +AGE +VERDICT +CONSUMER-ENDPOINTS$/,
  );
  expect(line).toMatch(
    /^default +nginx +CrossCluster +member1 +member2,member3 +True +- +5m +Healthy +member2=2,member3=\?$/,
  );
  ({ printer, text } = capture());
  printStatus(printer, { items: [mcsStatus({ allConsumers: true })] }, { namespace: 'default' });
  expect(text.out.split('\n')[0]).toMatch(/^NAME /);
  expect(text.out.split('\n')[1]).toMatch(/ \(all\) /);
  ({ printer, text } = capture());
  printStatus(printer, { items: [] }, { namespace: 'web' });
  expect(text).toEqual({ out: '', err: 'No MultiClusterServices found in web namespace.\n' });
  ({ printer, text } = capture());
  printStatus(printer, { items: [mcsStatus()] }, { output: 'name' });
  expect(text.out).toBe('multiclusterservice.networking.karmada.io/nginx\n');
});

test('status detail: clusters with their imports or read error, and the verdict with its next step', () => {
  const unhealthy = mcsStatus({
    verdict: {
      healthy: false,
      reason: 'NotDispatched',
      message: 'member3 has no endpoints',
      hint: 'kubectl karmada-mcs doctor nginx',
    },
  });
  const { printer, text } = capture();
  printStatus(printer, { items: [unhealthy] }, { name: 'nginx', namespace: 'default' });
  const out = text.out.split('\n');
  expect(out.slice(0, 6)).toEqual([
    'Name:       nginx',
    'Namespace:  default',
    'Types:      CrossCluster',
    'Providers:  member1',
    'Consumers:  member2, member3',
    'Age:        5m',
  ]);
  expect(out).toContainEqual(expect.stringMatching(/^member2 +consumer +Push +True +yes +- +member1 \(2\)$/));
  expect(out).toContainEqual(expect.stringMatching(/^member3 +consumer +Pull +False +\? +\? +\?$/));
  expect(out.slice(out.indexOf('Unreadable:'), out.indexOf('Unreadable:') + 2)).toEqual([
    'Unreadable:',
    '  member3: timeout',
  ]);
  expect(out.slice(-3)).toEqual([
    'Verdict:    ✘ NotDispatched: member3 has no endpoints',
    'Next step:  kubectl karmada-mcs doctor nginx',
    '',
  ]);
});
