// enable/disable against the simulated host cluster, asserting on the simulator's state.
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { type TestSim, startTestSim, writes } from './helpers/sim.js';
import { PLUGIN, cli } from './helpers/cli.js';
import { kubectl } from './helpers/kubectl.js';
import { run as runCli } from '../src/cli.js';
import { findGateFlags, gateState } from '../src/karmada/gates.js';
import { DEPLOYMENTS, KARMADAS } from '../src/kube/resources.js';
import type { SimulatorOptions } from '../src/sim/index.js';
import { controllerManager } from '../src/sim/controller-manager.js';
import type { Karmada } from '../src/sim/karmada-types.js';
import type { Deployment, Stored } from '../src/sim/kinds.js';
import type { WatchEvent } from '../src/sim/world.js';

const NS = 'karmada-system';
let t: TestSim | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function sim(options: SimulatorOptions = {}): Promise<TestSim> {
  t = await startTestSim({ seed: false, ...options });
  return t;
}

const deployment = (s: TestSim, name = 'karmada-controller-manager', cluster = 'host') =>
  s.sim.world.get(cluster, DEPLOYMENTS, NS, name) as Deployment;
const container = (s: TestSim, name?: string, cluster?: string) =>
  deployment(s, name, cluster).spec!.template.spec!.containers[0]!;
const flags = (s: TestSim, name?: string) => [
  ...(container(s, name).command ?? []),
  ...(container(s, name).args ?? []),
];
const karmada = (s: TestSim) => s.sim.world.get('host', KARMADAS, NS, 'karmada-demo') as Stored<Karmada>;

test(
  'karmadactl init layout: adds one --feature-gates flag, waits for the rollout, ' + 'and a second run writes nothing',
  async () => {
    const s = await sim();
    const before = flags(s);
    const r = await cli(['enable'], s.env);
    expect(r.stdout).toBe(
      [
        'MultiClusterService: off (default) in karmada-system/karmada-controller-manager (context "karmada-host")',
        'deployment.apps/karmada-controller-manager patched',
        'MultiClusterService: on (MultiClusterService=true); rollout complete',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
    expect(flags(s)).toEqual([...before, '--feature-gates=MultiClusterService=true']);
    const d = deployment(s);
    // karmadactl init runs one replica (--karmada-controller-manager-replicas defaults to 1)
    expect(d.status).toMatchObject({
      observedGeneration: d.metadata.generation,
      updatedReplicas: 1,
      availableReplicas: 1,
      replicas: 1,
    });
    const patches = writes(s.sim).length;
    const again = await cli(['enable-feature'], s.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      'MultiClusterService is already on (MultiClusterService=true) in karmada-system/karmada-controller-manager',
    );
    expect(writes(s.sim)).toHaveLength(patches);
    expect(controllerManager(s.sim.world).gate).toBe(true);
  },
);

test('local-up layout: already on via AllAlpha=true; disable writes an explicit false into that flag', async () => {
  const s = await sim({ layout: 'local-up' });
  const on = await cli(['enable'], s.env);
  expect(on.stdout).toContain('MultiClusterService is already on (via AllAlpha=true)');
  expect(writes(s.sim)).toHaveLength(0);
  const before = flags(s);
  const off = await cli(['disable'], s.env);
  expect(off.code).toBe(0);
  expect(flags(s)).toEqual(
    before.map((f) =>
      f === '--feature-gates=AllAlpha=true,AllBeta=true'
        ? '--feature-gates=AllAlpha=true,AllBeta=true,MultiClusterService=false'
        : f,
    ),
  );
  expect(controllerManager(s.sim.world).gate).toBe(false);
});

test.each<[string, SimulatorOptions, (f: string[]) => void]>([
  [
    'gate in args',
    { flagsInArgs: true, extraFlags: ['--feature-gates=MultiClusterService=false'] },
    (f) => {
      expect(f.at(-1)).toBe('--feature-gates=MultiClusterService=true');
    },
  ],
  [
    'two-token form',
    { extraFlags: ['--feature-gates', 'MultiClusterService=false'] },
    (f) => {
      expect(f.slice(-2)).toEqual(['--feature-gates', 'MultiClusterService=true']);
    },
  ],
  [
    'two flags, false in the first',
    { extraFlags: ['--feature-gates=MultiClusterService=false', '--feature-gates=PropagateDeps=false'] },
    (f) => {
      expect(f.filter((x) => x.startsWith('--feature-gates'))).toEqual([
        '--feature-gates=PropagateDeps=false,MultiClusterService=true',
      ]);
    },
  ],
  [
    'AllAlpha=true with MultiClusterService=false',
    { layout: 'local-up', extraFlags: ['--feature-gates=MultiClusterService=false'] },
    (f) => {
      expect(f.filter((x) => x.startsWith('--feature-gates'))).toEqual([
        '--feature-gates=AllAlpha=true,AllBeta=true',
        '--feature-gates=MultiClusterService=true',
      ]);
    },
  ],
])('%s: enable leaves one explicit true and every other flag in place', async (_name, options, check) => {
  const s = await sim(options);
  const before = flags(s);
  const r = await cli(['enable', '--timeout', '30s'], s.env);
  expect(r.code).toBe(0);
  const after = flags(s);
  check(after);
  expect(gateState(container(s))).toMatchObject({ enabled: true, source: 'explicit' });
  const others = (list: string[]) =>
    list.filter((f) => !f.includes('feature-gates') && !f.includes('MultiClusterService'));
  expect(others(after)).toEqual(others(before));
  expect(findGateFlags(container(s)).filter((g) => g.entries.some(([k]) => k === 'MultiClusterService'))).toHaveLength(
    1,
  );
});

test(
  'Helm layout: finds <release>-controller-manager by its container, ' + 'edits it and warns about helm upgrade',
  async () => {
    const s = await sim({ layout: 'helm', release: 'my' });
    const r = await cli(['enable'], s.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deployment.apps/my-controller-manager patched');
    expect(r.stderr).toContain(
      'Warning: deployment my-controller-manager belongs to Helm release "my": ' +
        'the next helm upgrade reverts this edit; ' +
        'to keep it, upgrade with --set controllerManager.featureGates.MultiClusterService=true',
    );
    expect(flags(s, 'my-controller-manager')).toContain('--feature-gates=PropagateDeps=false,MultiClusterService=true');
  },
);

test('karmada-operator layout: sets spec.featureGates on the Karmada object, which rewrites the Deployment', async () => {
  const s = await sim({ layout: 'operator' });
  const r = await cli(['enable'], s.env);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('karmada.operator.karmada.io/karmada-demo patched');
  expect(r.stderr).toContain('managed by karmada-operator');
  expect(karmada(s).spec?.featureGates).toEqual({
    MultiClusterService: true,
  });
  expect(gateState(container(s, 'karmada-demo-controller-manager')).enabled).toBe(true);
  expect(s.sim.api.requests.filter((q) => q.method === 'PATCH').map((q) => q.path)).toEqual([
    `/apis/operator.karmada.io/v1alpha1/namespaces/${NS}/karmadas/karmada-demo`,
  ]);
});

test('a 409 on the write re-reads and retries; a persistent one fails after a bounded number of tries', async () => {
  const s = await sim();
  s.sim.api.faults.push({ method: 'PATCH', path: 'deployments/karmada-controller-manager', status: 409, times: 1 });
  const r = await cli(['enable', '--no-wait'], s.env);
  expect(r.code).toBe(0);
  expect(s.sim.api.requests.filter((q) => q.method === 'PATCH').map((q) => q.status)).toEqual([409, 200]);
  expect(gateState(container(s)).enabled).toBe(true);

  s.sim.api.faults.push({ method: 'PATCH', path: 'deployments/karmada-controller-manager', status: 409 });
  const stuck = await cli(['disable', '--no-wait'], s.env);
  expect(stuck.code).toBe(1);
  expect(stuck.stderr).toMatch(
    /^error: context "karmada-host" answered 409: injected fault: 409 \(patch deployments\.apps "karmada-controller-manager" in namespace "karmada-system" at https:\/\/127\.0\.0\.1:\d+\)\n/,
  );
  expect(s.sim.api.requests.filter((q) => q.method === 'PATCH' && q.status === 409)).toHaveLength(1 + 5);
});

test('a real race: the resourceVersion guard turns a concurrent edit into a 409, and the retry keeps both edits', async () => {
  const s = await sim();
  // Another writer labels the Deployment right after our first read (the list that finds it).
  let raced = false;
  s.sim.world.on('change', () => undefined);
  const original = s.sim.api.requests.push.bind(s.sim.api.requests);
  s.sim.api.requests.push = (...records) => {
    if (!raced && records[0]?.method === 'GET' && records[0].path.endsWith(`/namespaces/${NS}/deployments`)) {
      raced = true;
      const d = deployment(s);
      s.sim.world.put(
        'host',
        DEPLOYMENTS,
        {
          ...d,
          metadata: { ...d.metadata, labels: { ...d.metadata.labels, team: 'platform' } },
        },
        'as-is',
      );
    }
    return original(...records);
  };
  const r = await cli(['enable', '--no-wait'], s.env);
  expect(r.code).toBe(0);
  expect(s.sim.api.requests.filter((q) => q.method === 'PATCH').map((q) => q.status)).toEqual([409, 200]);
  expect(deployment(s).metadata.labels?.team).toBe('platform');
  expect(gateState(container(s)).enabled).toBe(true);
});

test('a rollout that does not finish times out with exit 1 naming what is pending', async () => {
  const s = await sim();
  s.sim.controllers.stuckRollouts.add(`host/${NS}/karmada-controller-manager`);
  const r = await cli(['enable', '--timeout', '1s'], s.env);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /error: timed out after 1s waiting for deployment karmada-system\/karmada-controller-manager \(context "karmada-host"\) to roll out: 1 old replicas pending termination; deployment.apps\/karmada-controller-manager was patched, and the rollout goes on without us\n/,
  );
  const hint = 'kubectl --context karmada-host -n karmada-system get pods -l app=karmada-controller-manager';
  expect(r.stderr).toContain(`hint: look at its pods: \`${hint}\``);
  // Run as printed, it lists the host's pods, the stuck one among them.
  const pods = await kubectl(hint.split(' ').slice(1), s.env);
  expect(pods.stdout).toMatch(/^NAME .*\nkarmada-controller-manager-/);
});

test(
  '--dry-run=client prints the flag diff and writes nothing; ' + '--dry-run=server sends dryRun and changes nothing',
  async () => {
    const s = await sim();
    const rv = deployment(s).metadata.resourceVersion;
    const client = await cli(['enable', '--dry-run=client'], s.env);
    expect(client.code).toBe(0);
    expect(client.stdout).toContain('+ --feature-gates=MultiClusterService=true');
    expect(client.stdout).toContain('  --v=2');
    const server = await cli(['enable', '--dry-run', 'server'], s.env);
    expect(server.code).toBe(0);
    expect(server.stdout).toContain('deployment.apps/karmada-controller-manager patched (server dry run)');
    expect(s.sim.api.requests.filter((q) => q.method === 'PATCH')).toHaveLength(1);
    expect(deployment(s).metadata.resourceVersion).toBe(rv);
    expect(gateState(container(s)).enabled).toBe(false);
  },
);

test("Pull-mode members: lists each agent's gate; --agents enables it on their karmada-agent too", async () => {
  const s = await sim({ pullMembers: ['member3'] });
  const listed = await cli(['enable'], s.env);
  expect(listed.code).toBe(0);
  expect(listed.stdout).toMatch(/CLUSTER\s+KARMADA-AGENT MULTICLUSTERSERVICE\nmember3\s+off \(default\)\n/);
  expect(listed.stderr).toContain('hint: add --agents');
  expect(gateState(container(s, 'karmada-agent', 'member3')).enabled).toBe(false);
  const agents = await cli(['enable', '--agents'], s.env);
  expect(agents.code).toBe(0);
  expect(agents.stdout).toContain('already on');
  expect(agents.stdout).toContain('(cluster member3 (via the Karmada cluster proxy of context "karmada-apiserver"))');
  expect(gateState(container(s, 'karmada-agent', 'member3')).enabled).toBe(true);
  // `karmadactl register` runs one agent replica
  expect(deployment(s, 'karmada-agent', 'member3').status?.updatedReplicas).toBe(1);
});

test('--agents: an agent that cannot be changed fails its own cluster only, and the exit code (1)', async () => {
  const s = await sim({ pullMembers: ['member3'] });
  s.sim.world.remove('member3', DEPLOYMENTS, NS, 'karmada-agent');
  const r = await cli(['enable', '--agents', '--no-wait'], s.env);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('deployment.apps/karmada-controller-manager patched');
  expect(r.stderr).toMatch(/^error: cluster member3: .+/m);
  expect(gateState(container(s)).enabled).toBe(true);
});

describe('bad input: a clear error, the right exit code, nothing written', () => {
  test.each<[string, string[], SimulatorOptions, number, RegExp, RegExp?]>([
    [
      'unknown host context',
      ['--host-context', 'nope'],
      {},
      1,
      /^error: context "nope" not found in .*kubeconfig; available contexts: karmada-apiserver, karmada-host, member1, member2\n/,
      /hint: pass --host-context with one of the available contexts/,
    ],
    [
      'unknown namespace',
      ['--karmada-namespace', 'nope'],
      {},
      1,
      /^error: namespace "nope" not found \(context "karmada-host"\)\n/,
      /--karmada-namespace/,
    ],
    [
      'unknown deployment',
      ['--deployment', 'nope'],
      {},
      1,
      /^error: deployment "nope" not found in namespace "karmada-system" \(context "karmada-host"\)\n/,
      /--deployment/,
    ],
    [
      'unparsable gate list',
      [],
      { extraFlags: ['--feature-gates=MultiClusterService'] },
      1,
      /^error: deployment karmada-system\/karmada-controller-manager \(context "karmada-host"\): cannot parse feature gate "MultiClusterService"/,
      undefined,
    ],
    [
      'bad --dry-run',
      ['--dry-run=maybe'],
      {},
      2,
      /error: option '--dry-run \[mode\]' argument 'maybe' is invalid/,
      undefined,
    ],
    [
      'bad --timeout',
      ['--timeout', 'soon'],
      {},
      2,
      /^error: invalid value "soon" for --timeout: expected a duration such as 30s, 5m or 1m30s\n/,
      undefined,
    ],
    ['unknown flag', ['--bogus'], {}, 2, /error: unknown option '--bogus'/, undefined],
  ])('%s', async (_name, args, options, code, stderr, hint) => {
    const s = await sim(options);
    const r = await cli(['enable', ...args], s.env);
    expect(r.stderr).toMatch(stderr);
    if (hint) expect(r.stderr).toMatch(hint);
    expect(r.code).toBe(code);
    expect(writes(s.sim)).toHaveLength(0);
  });

  test('several candidate Deployments are listed', async () => {
    const s = await sim({ layout: 'helm', release: 'a' });
    const d = deployment(s, 'a-controller-manager');
    s.sim.world.put(
      'host',
      DEPLOYMENTS,
      {
        ...d,
        metadata: { name: 'b-controller-manager', namespace: NS, labels: d.metadata.labels },
      },
      'as-is',
    );
    const r = await cli(['enable'], s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: several Deployments in namespace "karmada-system" run karmada-controller-manager: a-controller-manager, b-controller-manager\nhint: pass --deployment NAME/,
    );
  });

  test('permission denied names the verb, resource and namespace', async () => {
    const s = await sim();
    s.sim.api.denials.push({ verb: 'patch', resource: 'deployments' });
    const r = await cli(['enable'], s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: forbidden: context "karmada-host" may not patch deployments.apps in namespace "karmada-system"\nhint: ask an administrator for RBAC permission/,
    );
    expect(gateState(container(s)).enabled).toBe(false);
  });
});

describe('real installs', () => {
  test('Helm release not named karmada: Deployment and container are <release>-controller-manager', async () => {
    const s = await sim({ layout: 'helm', release: 'prod' });
    // Karmada's chart names the container after the release too
    // (charts/karmada/templates/karmada-controller-manager.yaml).
    const d = deployment(s, 'prod-controller-manager');
    d.spec!.template.spec!.containers[0]!.name = 'prod-controller-manager';
    s.sim.world.put('host', DEPLOYMENTS, d, 'as-is');
    const r = await cli(['enable', '--timeout', '30s'], s.env);
    expect(r.stderr).not.toContain('error:');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deployment.apps/prod-controller-manager patched');
    expect(controllerManager(s.sim.world).gate).toBe(true);
  });

  test.each<[string, string[], boolean]>([
    ['MultiClusterService=t', ['--feature-gates=MultiClusterService=t'], true],
    ['a trailing comma', ['--feature-gates=PropagateDeps=false,'], false],
    ['1 and spaces', ['--feature-gates=PropagateDeps=F, MultiClusterService = 1'], true],
  ])('gate values Karmada accepts: %s', async (_name, extraFlags, on) => {
    const s = await sim({ extraFlags });
    expect(controllerManager(s.sim.world).gate).toBe(on);
    const r = await cli(['enable', '--timeout', '30s'], s.env);
    expect(r.stderr).not.toContain('error:');
    expect(r.code).toBe(0);
    if (on) expect(r.stdout).toContain('MultiClusterService is already on (MultiClusterService=true)');
    else expect(flags(s)).toContain('--feature-gates=PropagateDeps=false,MultiClusterService=true');
    expect(controllerManager(s.sim.world).gate).toBe(true);
  });

  test('disable rewrites only the gate entry, keeping the others as written', async () => {
    const s = await sim({ extraFlags: ['--feature-gates=PropagateDeps=F, MultiClusterService = 1,,'] });
    const r = await cli(['disable', '--no-wait'], s.env);
    expect(r.code).toBe(0);
    expect(flags(s)).toContain('--feature-gates=PropagateDeps=F,MultiClusterService=false,,');
  });

  test.each<[string, string[], string, string]>([
    [
      '-name after *',
      ['--controllers=*,-endpointsliceDispatch'],
      '--controllers=*,endpointsliceDispatch',
      'endpointsliceDispatch',
    ],
    [
      'a list without *',
      ['--controllers=cluster,multiclusterservice'],
      '--controllers=cluster,multiclusterservice,endpointsliceCollect,endpointsliceDispatch',
      'endpointsliceCollect, endpointsliceDispatch',
    ],
  ])(
    '--controllers keeps MCS controllers off (%s): enable turns them on in the same change and says so',
    async (_name, extraFlags, after, named) => {
      const s = await sim({ extraFlags });
      const plan = await cli(['enable', '--dry-run=client'], s.env);
      expect(plan.stdout).toContain(
        `--controllers keeps ${named} off, which MultiClusterService needs: this change turns`,
      );
      expect(plan.stdout).toContain(`+ ${after}`);
      const r = await cli(['enable', '--timeout', '30s'], s.env);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`--controllers keeps ${named} off`);
      expect(flags(s)).toContain(after);
      expect(controllerManager(s.sim.world).controllers).toEqual({
        multiclusterservice: true,
        endpointsliceCollect: true,
        endpointsliceDispatch: true,
      });
      expect(s.sim.api.requests.filter((q) => q.method === 'PATCH')).toHaveLength(1);
    },
  );

  test('the gate already on but a controller off: enable still turns the controller on', async () => {
    const s = await sim({
      extraFlags: ['--feature-gates=MultiClusterService=true', '--controllers=-multiclusterservice,*'],
    });
    const r = await cli(['enable', '--timeout', '30s'], s.env);
    expect(r.code).toBe(0);
    expect(flags(s)).toContain('--controllers=multiclusterservice,*');
    expect(controllerManager(s.sim.world).controllers.multiclusterservice).toBe(true);
  });

  test('operator: extraArgs["feature-gates"] overrides spec.featureGates, so that is what enable edits; the dry run shows it', async () => {
    const s = await sim({ layout: 'operator' });
    const k = karmada(s);
    s.sim.world.put(
      'host',
      KARMADAS,
      {
        ...k,
        spec: {
          ...k.spec,
          components: { karmadaControllerManager: { extraArgs: { 'feature-gates': 'PropagateDeps=false' } } },
        },
      },
      'as-is',
    );
    const plan = await cli(['enable', '--dry-run=client'], s.env);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      'Would patch karmada.operator.karmada.io/karmada-demo (client dry run, nothing written):\n' +
        'spec.components.karmadaControllerManager.extraArgs.feature-gates: "PropagateDeps=false" -> "PropagateDeps=false,MultiClusterService=true"\n',
    );
    expect(plan.stdout).not.toContain('--feature-gates');
    expect(writes(s.sim)).toHaveLength(0);
    const r = await cli(['enable', '--no-wait'], s.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('karmada.operator.karmada.io/karmada-demo patched');
    const after = karmada(s).spec;
    expect(after?.components?.karmadaControllerManager?.extraArgs?.['feature-gates']).toBe(
      'PropagateDeps=false,MultiClusterService=true',
    );
    expect(after?.featureGates).toEqual({});
  });

  test('operator: the dry run shows the Karmada object, and no message asks for what was just done', async () => {
    const s = await sim({ layout: 'operator' });
    const plan = await cli(['enable', '--dry-run=client'], s.env);
    expect(plan.stdout).toContain(
      'Would patch karmada.operator.karmada.io/karmada-demo (client dry run, nothing written):\n' +
        'spec.featureGates.MultiClusterService: (unset) -> true\n',
    );
    const r = await cli(['enable'], s.env);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/instead|set spec\.featureGates/);
    expect(r.stderr).toContain('the change goes to karmada.operator.karmada.io/karmada-demo');
  });

  test('on a timeout the plan, the patched line and the Helm warning are already out', async () => {
    const s = await sim({ layout: 'helm', release: 'prod' });
    s.sim.controllers.stuckRollouts.add(`host/${NS}/prod-controller-manager`);
    const r = await cli(['enable', '--timeout', '1s'], s.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'MultiClusterService: off (default) in karmada-system/prod-controller-manager (context "karmada-host")',
        'deployment.apps/prod-controller-manager patched',
        '',
      ].join('\n'),
    );
    expect(r.stderr.indexOf('Warning: deployment prod-controller-manager belongs to Helm release "prod"')).toBeLessThan(
      r.stderr.indexOf('Waiting for'),
    );
    expect(r.stderr).toContain(
      'deployment.apps/prod-controller-manager was patched, and the rollout goes on without us',
    );
  });

  test('Ctrl-C during the wait says what was written, that the rollout goes on, and exits 130', async () => {
    const s = await sim();
    s.sim.controllers.stuckRollouts.add(`host/${NS}/karmada-controller-manager`);
    const child = spawn(PLUGIN, ['enable', '--timeout', '1m'], { env: s.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    for (let i = 0; i < 400 && !stderr.includes('Waiting for'); i++) await new Promise((r) => setTimeout(r, 25));
    expect(stdout).toContain('deployment.apps/karmada-controller-manager patched');
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(
      /error: interrupted while waiting for the rollout: deployment\.apps\/karmada-controller-manager \(context "karmada-host"\) was patched and stays so; the rollout goes on without us\n/,
    );
    expect(stderr).toContain(
      'hint: follow it with: kubectl --context karmada-host rollout status -n karmada-system ' +
        'deployment/karmada-controller-manager',
    );
    expect(gateState(container(s)).enabled).toBe(true);
  });
});

describe('Ctrl-C at any moment: exit 130 and one error line saying what was written', () => {
  /** Captures a stream, telling `onText` everything written so far after each write. */
  class Capture extends Writable {
    text = '';
    isTTY = false;
    constructor(private readonly onText: (text: string) => void = () => undefined) {
      super();
    }
    override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
      this.text += chunk.toString();
      this.onText(this.text);
      done();
    }
  }

  const ctrlC = () => process.emit('SIGINT', 'SIGINT');

  /** Runs the CLI in-process; `onStdout` may press Ctrl-C at a moment the output marks. */
  async function run(args: string[], env: NodeJS.ProcessEnv, onStdout?: (text: string) => void) {
    const stdout = new Capture(onStdout);
    const stderr = new Capture();
    const code = await runCli(args, { stdout, stderr, env });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  const listeners = process.listenerCount('SIGINT');
  afterEach(() => {
    // Whatever stopped the command, its SIGINT listener is gone.
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });

  // Between the patch's answer and the start of the wait the command lists the Pull-mode members: a Ctrl-C there
  // once ended it with exit 130 and nothing on stderr.
  test.each([
    [
      'enable',
      'karmadactl init',
      { layout: 'init' },
      'deployment.apps/karmada-controller-manager',
      'karmada-controller-manager',
    ],
    [
      'disable',
      'local-up',
      { layout: 'local-up' },
      'deployment.apps/karmada-controller-manager',
      'karmada-controller-manager',
    ],
    [
      'enable',
      'Helm',
      { layout: 'helm', release: 'prod' },
      'deployment.apps/prod-controller-manager',
      'prod-controller-manager',
    ],
    [
      'enable',
      'karmada-operator',
      { layout: 'operator' },
      'karmada.operator.karmada.io/karmada-demo',
      'karmada-demo-controller-manager',
    ],
  ] as const)(
    '%s, %s layout: a Ctrl-C once the patch is answered, before the wait, says it was patched and stays so',
    async (command, _layout, options, object, name) => {
      const s = await sim(options);
      let pressed = false;
      const r = await run([command], s.env, (text) => {
        if (pressed || !text.includes(`${object} patched\n`)) return;
        pressed = true;
        ctrlC();
      });
      expect(pressed).toBe(true);
      expect(r.code).toBe(130);
      // The last lines: after the plan's notes and warnings, one error and its hint.
      expect(r.stderr.split('\n').slice(-3)).toEqual([
        `error: interrupted: ${object} (context "karmada-host") was patched and stays so; ` +
          'the rollout goes on without us',
        `hint: follow it with: kubectl --context karmada-host rollout status -n karmada-system deployment/${name}`,
        '',
      ]);
      expect(r.stderr).not.toContain('Waiting for');
      if (options.layout === 'operator') expect(karmada(s).spec?.featureGates?.MultiClusterService).toBe(true);
      else expect(gateState(container(s, name)).enabled).toBe(command === 'enable');
    },
  );

  const patched = {
    deployment: (event: WatchEvent) =>
      event.rt.plural === 'deployments' &&
      gateState((event.object as Deployment).spec!.template.spec!.containers[0]!).enabled,
    karmada: (event: WatchEvent) =>
      event.rt.plural === 'karmadas' && (event.object as Karmada).spec?.featureGates?.MultiClusterService === true,
  };
  test.each([
    ['karmadactl init', { layout: 'init' }, patched.deployment, 'deployment.apps/karmada-controller-manager'],
    ['karmada-operator', { layout: 'operator' }, patched.karmada, 'karmada.operator.karmada.io/karmada-demo'],
  ] as const)(
    '%s layout: a Ctrl-C while the patch is stored but not answered says it may have been applied, and how to check',
    async (_layout, options, applied, object) => {
      const s = await sim(options);
      let pressed = false;
      // The simulator stores the patch, then answers it: a Ctrl-C in between is one the answer never reaches.
      s.sim.world.on('change', (event: WatchEvent) => {
        if (pressed || event.cluster !== 'host' || !applied(event)) return;
        pressed = true;
        ctrlC();
      });
      const r = await run(['enable'], s.env);
      expect(pressed).toBe(true);
      expect(r.code).toBe(130);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `error: interrupted: the patch of ${object} (context "karmada-host") was sent but not answered, so it may ` +
          'have been applied\n' +
          'hint: the same command with --dry-run=client says whether MultiClusterService is on; ' +
          'run it again to finish\n',
      );
    },
  );

  test('a Ctrl-C while reading says that nothing was written', async () => {
    const s = await sim();
    // Holds the command in its first read of the Deployments, where nothing is written yet.
    s.sim.api.delays.push({ method: 'GET', cluster: 'host', path: '/deployments', ms: 60_000 });
    const running = run(['enable'], s.env);
    // The moment the command handles Ctrl-C itself (cli.ts listens first); the deadline only ends a command that
    // never does, which the delayed read keeps from writing meanwhile.
    const deadline = Date.now() + 10_000;
    while (process.listenerCount('SIGINT') < listeners + 2 && Date.now() < deadline)
      await new Promise((r) => setImmediate(r));
    ctrlC();
    const r = await running;
    expect(r.code).toBe(130);
    expect(r.stderr).toBe(
      'error: interrupted: nothing was written\nhint: run the same command again to turn MultiClusterService on\n',
    );
    expect(writes(s.sim)).toHaveLength(0);
  });
});

describe('kubectl conventions', () => {
  test('-o name prints only the patched object, as kubectl patch -o name does', async () => {
    const s = await sim();
    const r = await cli(['enable', '-o', 'name', '--no-wait'], s.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('deployment.apps/karmada-controller-manager\n');
    expect(r.stderr).toContain('deployment.apps/karmada-controller-manager patched');
    const again = await cli(['disable', '--output=name', '--dry-run=server'], s.env);
    expect(again.stdout).toBe('deployment.apps/karmada-controller-manager\n');
  });

  test("a bare --dry-run means client, with kubectl's deprecation warning", async () => {
    const s = await sim();
    const r = await cli(['enable', '--dry-run'], s.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Warning: --dry-run is deprecated and can be replaced with --dry-run=client.\n');
    expect(r.stdout).toContain('+ --feature-gates=MultiClusterService=true');
    expect(writes(s.sim)).toHaveLength(0);
  });

  test('--context is --karmada-context; they may not disagree', async () => {
    const s = await sim();
    const r = await cli(['--context', 'karmada-host', 'status'], s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: context "karmada-host" at https:\/\/127\.0\.0\.1:\d+ does not serve networking\.karmada\.io\/v1alpha1/,
    );
    const both = await cli(['--context', 'a', '--karmada-context', 'b', 'enable'], s.env);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--context "a" and --karmada-context "b" disagree');
    expect(writes(s.sim)).toHaveLength(0);
  });
});

test('--timeout with --no-wait is a usage error before any request, as in expose and status', async () => {
  const s = await sim();
  const before = s.sim.api.requests.length;
  for (const command of ['enable', 'disable']) {
    const r = await cli([command, '--no-wait', '--timeout', '5s'], s.env);
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `error: --timeout only applies to the rollout wait: with --no-wait ${command} does not wait\n`,
    });
  }
  expect(s.sim.api.requests.length).toBe(before);
});
