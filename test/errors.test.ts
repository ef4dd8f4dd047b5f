// The errors users meet before any command logic: kubeconfig, contexts, reachability, auth,
// a context that is not Karmada, timeouts, usage. One line, a hint, the right exit code.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { DEPLOYMENTS } from '../src/kube/resources.js';
import { Writable } from 'node:stream';
import { type TestSim, startTestSim } from './helpers/sim.js';
import { spawn } from 'node:child_process';
import { PLUGIN, cli, exec } from './helpers/cli.js';
import { run } from '../src/cli.js';
import { generateServingCerts } from '../src/sim/certs.js';
import type { Deployment } from '../src/sim/kinds.js';

const EXPOSE = ['expose', 'nginx', '--provider', 'member1', '--consumer', 'member2', '--dry-run=server'];
let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.stop());
afterEach(() => {
  t.sim.api.faults.length = 0;
  t.sim.api.denials.length = 0;
  t.sim.api.latencyMs = 0;
});

function kubeconfigWith(name: string, edit: (config: any) => void): string {
  const config = t.sim.kubeconfig() as any;
  edit(config);
  const path = join(t.dir, name);
  writeFileSync(path, yaml.dump(config));
  return path;
}

test.each<[string, () => { args: string[]; env?: NodeJS.ProcessEnv }, RegExp, RegExp | undefined, number]>([
  [
    'KUBECONFIG names no file',
    () => ({ args: EXPOSE, env: { ...t.env, KUBECONFIG: '/nonexistent/config' } }),
    /^error: kubeconfig not found: \/nonexistent\/config \(from KUBECONFIG\)\n/,
    /^hint: pass --kubeconfig FILE or set KUBECONFIG; to try the plugin without a cluster run `kubectl karmada-mcs playground`$/m,
    1,
  ],
  [
    '--kubeconfig names no file',
    () => ({ args: ['--kubeconfig', '/nope', ...EXPOSE] }),
    /^error: kubeconfig not found: \/nope \(from --kubeconfig\)\n/,
    undefined,
    1,
  ],
  [
    'no ~/.kube/config',
    () => ({ args: EXPOSE, env: { PATH: process.env.PATH, HOME: '/nonexistent-home' } }),
    /^error: kubeconfig not found: \/nonexistent-home\/.kube\/config \(from the default path\)\n/,
    undefined,
    1,
  ],
  [
    'unparsable kubeconfig',
    () => {
      const path = join(t.dir, 'broken');
      writeFileSync(path, 'clusters: [\n  - name: a\n  bad indentation: {\n');
      return { args: ['--kubeconfig', path, ...EXPOSE] };
    },
    /^error: cannot parse kubeconfig .*broken: /,
    /^hint: check the file with `kubectl config view --kubeconfig FILE`$/m,
    1,
  ],
  [
    'unknown context',
    () => ({ args: ['--karmada-context', 'nope', ...EXPOSE] }),
    /^error: context "nope" not found in .*kubeconfig; available contexts: karmada-apiserver, karmada-host, member1, member2\n/,
    /^hint: pass --karmada-context with one of the available contexts$/m,
    1,
  ],
  [
    "unknown context, named with kubectl's --context",
    () => ({ args: ['--context', 'nope', ...EXPOSE] }),
    /^error: context "nope" not found in .*kubeconfig; available contexts: /,
    /^hint: pass --context with one of the available contexts$/m,
    1,
  ],
  [
    'unreachable API server',
    () => ({
      args: [
        '--kubeconfig',
        kubeconfigWith('dead', (c) => {
          c.clusters[0].cluster.server = 'https://127.0.0.1:1';
        }),
        ...EXPOSE,
      ],
    }),
    /^error: cannot reach the API server https:\/\/127\.0\.0\.1:1 of context "karmada-apiserver": ECONNREFUSED.* \(to list clusters\.cluster\.karmada\.io\)\n/,
    /^hint: check that the cluster is running/m,
    1,
  ],
  [
    'rejected credentials (401)',
    () => ({
      args: [
        '--kubeconfig',
        kubeconfigWith('badtoken', (c) => {
          c.users[0].user.token = 'wrong';
        }),
        ...EXPOSE,
      ],
    }),
    /^error: unauthorized: https:\/\/127\.0\.0\.1:\d+ rejected the credentials of context "karmada-apiserver" \(cannot list clusters\.cluster\.karmada\.io\)\n/,
    /^hint: refresh the credentials/m,
    1,
  ],
  [
    'a plain cluster instead of Karmada',
    () => ({ args: ['--karmada-context', 'karmada-host', ...EXPOSE] }),
    /^error: context "karmada-host" at https:\/\/127\.0\.0\.1:\d+ does not serve cluster\.karmada\.io\/v1alpha1: it is not a Karmada API server\n/,
    /^hint: pass --karmada-context with the context of karmada-apiserver/m,
    1,
  ],
  ['unknown command', () => ({ args: ['frobnicate'] }), /error: unknown command 'frobnicate'/, undefined, 2],
  [
    'bad --cluster-context',
    () => ({ args: ['--cluster-context', 'member1', ...EXPOSE] }),
    /^error: invalid --cluster-context "member1": expected CLUSTER=CONTEXT/,
    undefined,
    2,
  ],
  [
    // The hint's command reaches the same Karmada as the command that printed it.
    'an error hint quoting kubectl, with --karmada-context',
    () => ({
      args: [
        '--karmada-context',
        'karmada-apiserver',
        'expose',
        'nginx',
        '--provider',
        'nope',
        '--consumer',
        'member2',
      ],
    }),
    /^error: unknown cluster "nope": Karmada has no Cluster object of that name/,
    /^hint: list them with `kubectl --context karmada-apiserver get clusters` on the Karmada API server\n/m,
    1,
  ],
  [
    '--cluster-context naming no context',
    () => ({ args: ['--cluster-context', 'member1=nope', 'status'] }),
    /^error: context "nope" not found in .*; available contexts: karmada-apiserver, karmada-host, member1, member2\n/,
    /^hint: pass --cluster-context member1=CONTEXT with one of the available contexts\n/m,
    1,
  ],
])('%s', async (_name, setup, stderr, hint, code) => {
  const { args, env } = setup();
  const r = await cli(args, env ?? t.env);
  expect(r.stderr).toMatch(stderr);
  if (hint) expect(r.stderr).toMatch(hint);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.code).toBe(code);
});

test('forbidden (403) names the verb, the resource and the namespace', async () => {
  t.sim.api.denials.push({ verb: 'get', resource: 'deployments', namespace: 'default' });
  const r = await cli(EXPOSE, t.env);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /^error: forbidden: context "karmada-apiserver" may not get deployments\.apps in namespace "default"\n/,
  );
});

test.each<[number, string, RegExp]>([
  [
    500,
    'clusters',
    /^error: context "karmada-apiserver" answered 500: injected fault: 500 \(list clusters\.cluster\.karmada\.io at https:\/\/127\.0\.0\.1:\d+\)\n/,
  ],
  [
    503,
    '/deployments/nginx',
    /^error: context "karmada-apiserver" answered 503: injected fault: 503 \(get deployments\.apps "nginx" in namespace "default" at https:\/\/127\.0\.0\.1:\d+\)\n/,
  ],
  [
    429,
    '/multiclusterservices/nginx',
    /^error: context "karmada-apiserver" answered 429: injected fault: 429 \(get multiclusterservices\.networking\.karmada\.io "nginx" in namespace "default" at https:\/\/127\.0\.0\.1:\d+\)/,
  ],
])('an injected %d names the context, the operation and the server', async (status, path, stderr) => {
  t.sim.api.faults.push({ path, status });
  const r = await cli(EXPOSE, t.env);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(stderr);
});

test('a slow API server hits --request-timeout', async () => {
  t.sim.api.latencyMs = 2000;
  const r = await cli(['--request-timeout', '300ms', ...EXPOSE], t.env);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /^error: request to https:\/\/127\.0\.0\.1:\d+ timed out after 300ms \(context "karmada-apiserver"; list clusters\.cluster\.karmada\.io\)\nhint: the API server is slow or overloaded; raise --request-timeout/,
  );
});

test('-v prints one line per API request with method, URL, status and duration', async () => {
  const r = await cli(['-v', ...EXPOSE], t.env);
  expect(r.code).toBe(0);
  const lines = r.stderr.split('\n').filter((l) => /^(GET|PATCH) /.test(l));
  expect(lines).toContain(
    lines.find((l) =>
      /^GET https:\/\/127\.0\.0\.1:\d+\/apis\/cluster\.karmada\.io\/v1alpha1\/clusters 200 \d+ms$/.test(l),
    ),
  );
  expect(
    lines.some((l) =>
      /^PATCH https:\/\/.*\/multiclusterservices\/nginx\?fieldManager=kubectl-karmada-mcs&dryRun=All 20[01] \d+ms$/.test(
        l,
      ),
    ),
  ).toBe(true);
  expect(lines.length).toBe(t.sim.api.requests.length - countBefore);
});
describe("-v takes kubectl's level: any above 0 prints the request lines, 0 none", () => {
  const requestLines = (stderr: string) => stderr.split('\n').filter((l) => /^GET https:\/\/\S+ \d{3} \d+ms$/.test(l));
  test.each<[string[], boolean]>([
    [['status', '-v=6'], true],
    [['status', '-v', '6'], true],
    [['status', '--v=6'], true],
    [['status', '--v', '6'], true],
    [['-v', '6', 'status'], true],
    [['status', '--verbose'], true],
    [['-v', 'status'], true],
    [['status', '-v=0'], false],
    [['status', '--v=-1'], false],
    [['status', '--v=6', '--v=0'], false],
  ])('%j', async (args, verbose) => {
    const r = await cli(args, t.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('No MultiClusterServices found in default namespace.\n');
    // A level is never taken for the MultiClusterService's name.
    expect(t.sim.api.requests.slice(countBefore).some((q) => /multiclusterservices\/\d/.test(q.path))).toBe(false);
    expect(requestLines(r.stderr).length).toBe(verbose ? t.sim.api.requests.length - countBefore : 0);
  });

  test('a bare -v before a name leaves the name', async () => {
    const r = await cli(['status', '-v', 'web'], t.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^GET \S+\/multiclusterservices\/web 404 \d+ms$/m);
    expect(r.stderr).toContain('error: multiclusterservice "web" not found');
  });

  test.each([['-v=x'], ['--v=1.5'], ['--verbose=high'], ['-v=']])(
    'status %s is a usage error in one line, before any request',
    async (flag) => {
      const r = await cli(['status', flag], t.env);
      const text = flag.slice(flag.indexOf('=') + 1);
      expect({ code: r.code, stderr: r.stderr, requests: t.sim.api.requests.length - countBefore }).toEqual({
        code: 2,
        stderr: `error: invalid value "${text}" for -v: expected a verbosity level, a whole number such as 6\n`,
        requests: 0,
      });
    },
  );
});

let countBefore = 0;
beforeEach(() => {
  countBefore = t.sim.api.requests.length;
});

describe('colour', () => {
  class Tty extends Writable {
    text = '';
    isTTY = true;
    columns = 80;
    // What ora asks of a tty.WriteStream besides write(); a spinner that clears lines without end
    // fails the test instead of hanging it.
    private cleared = 0;
    cursorTo = () => true;
    moveCursor = () => true;
    clearLine = () => {
      if (++this.cleared > 100_000) throw new Error('the spinner keeps clearing lines');
      return true;
    };
    override _write(chunk: Buffer, _e: BufferEncoding, done: () => void) {
      this.text += chunk.toString();
      done();
    }
  }
  const runTty = async (args: string[], env: NodeJS.ProcessEnv, columns = 80) => {
    const stdout = new Tty();
    const stderr = new Tty();
    stderr.columns = columns;
    await run(args, { stdout, stderr, env });
    return stderr.text;
  };
  const ESC = '\u001b[';
  test('on a TTY errors are coloured; --no-color and NO_COLOR turn it off; a pipe never gets colour', async () => {
    expect(await runTty(['--karmada-context', 'nope', ...EXPOSE], t.env)).toContain(ESC);
    expect(await runTty(['--no-color', '--karmada-context', 'nope', ...EXPOSE], t.env)).not.toContain(ESC);
    expect(await runTty(['--karmada-context', 'nope', ...EXPOSE], { ...t.env, NO_COLOR: '1' })).not.toContain(ESC);
    // no-color.org: only a NO_COLOR that is present and not empty turns colour off.
    expect(await runTty(['--karmada-context', 'nope', ...EXPOSE], { ...t.env, NO_COLOR: '' })).toContain(ESC);
    expect((await cli(['--karmada-context', 'nope', ...EXPOSE], t.env)).stderr).not.toContain(ESC);
  });
  test('a spinner on a TTY; plain progress lines in CI, on a dumb terminal and on one reporting no width', async () => {
    const HIDE_CURSOR = `${ESC}?25l`;
    const own = await startTestSim();
    try {
      // Each case turns the gate on or off, so that every run waits for a rollout.
      const cases: Array<[NodeJS.ProcessEnv, number, boolean]> = [
        [{}, 80, true],
        [{}, 0, false],
        [{ CI: 'true' }, 80, false],
        [{ TERM: 'dumb' }, 80, false],
      ];
      for (const [i, [env, columns, spinner]] of cases.entries()) {
        const stderr = await runTty([i % 2 === 0 ? 'enable' : 'disable'], { ...own.env, ...env }, columns);
        expect({ env, columns, spinner: stderr.includes(HIDE_CURSOR) }).toEqual({ env, columns, spinner });
        expect(stderr).toMatch(
          spinner
            ? /to roll out/
            : /^Waiting for deployment karmada-system\/karmada-controller-manager .* to roll out/m,
        );
      }
    } finally {
      await own.stop();
    }
  });
});

describe('credentials', () => {
  const token = () => (t.sim.kubeconfig() as any).users[0].user.token as string;

  test('an exec credential plugin is handled by client-node', async () => {
    const plugin = join(t.dir, 'credential-plugin.sh');
    writeFileSync(
      plugin,
      '#!/bin/sh\necho \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",' +
        `"status":{"token":"${token()}"}}'\n`,
      { mode: 0o755 },
    );
    const path = kubeconfigWith('exec-plugin', (c) => {
      c.users[0].user = {
        exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' },
      };
    });
    const r = await cli(['--kubeconfig', path, ...EXPOSE], t.env);
    expect(r.stderr).not.toContain('error:');
    expect(r.code).toBe(0);
  });

  test('a token file and a CA file relative to the kubeconfig are read like kubectl reads them', async () => {
    writeFileSync(join(t.dir, 'token'), `${token()}\n`);
    writeFileSync(join(t.dir, 'ca.crt'), t.sim.caPem);
    const path = kubeconfigWith('files', (c) => {
      for (const cluster of c.clusters) {
        delete cluster.cluster['certificate-authority-data'];
        cluster.cluster['certificate-authority'] = 'ca.crt';
      }
      c.users[0].user = { tokenFile: 'token' };
    });
    const ok = await cli(['--kubeconfig', path, ...EXPOSE], t.env);
    expect(ok.code).toBe(0);
    const missing = kubeconfigWith('missing-ca', (c) => {
      c.clusters[0].cluster['certificate-authority'] = 'nope.crt';
      delete c.clusters[0].cluster['certificate-authority-data'];
    });
    const r = await cli(['--kubeconfig', missing, ...EXPOSE], t.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: context "karmada-apiserver": cannot read certificate-authority .*nope\.crt: ENOENT\n/,
    );
  });

  test(
    'a wrong CA names the context, the server and the x509 reason, ' + 'with a hint about certificate-authority',
    async () => {
      const other = Buffer.from(generateServingCerts().caPem).toString('base64');
      const path = kubeconfigWith('wrong-ca', (c) => {
        c.clusters[0].cluster['certificate-authority-data'] = other;
      });
      const r = await cli(['--kubeconfig', path, ...EXPOSE], t.env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^error: cannot verify the API server https:\/\/127\.0\.0\.1:\d+ of context "karmada-apiserver": x509: certificate signed by unknown authority \([A-Z_]+\) \(to list clusters\.cluster\.karmada\.io\)\n/,
      );
      expect(r.stderr).toMatch(
        /^hint: certificate-authority or certificate-authority-data of cluster "karmada-apiserver" in the kubeconfig must hold the CA/m,
      );
      expect(r.stderr).not.toContain('is the cluster running');
    },
  );

  test('a broken client key names the context and the file (or data) it came from', async () => {
    const certs = generateServingCerts();
    writeFileSync(join(t.dir, 'client.key'), 'not a key\n');
    writeFileSync(join(t.dir, 'client.crt'), certs.certPem);
    const file = kubeconfigWith('broken-key-file', (c) => {
      c.users[0].user = { ...c.users[0].user, 'client-certificate': 'client.crt', 'client-key': 'client.key' };
    });
    const r = await cli(['--kubeconfig', file, ...EXPOSE], t.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: context "karmada-apiserver": client-key \/.*\/client\.key of user "karmada-mcs-admin" is not a usable private key \(.+\)\n/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const data = kubeconfigWith('broken-key-data', (c) => {
      c.users[0].user = {
        ...c.users[0].user,
        'client-certificate-data': Buffer.from(certs.certPem).toString('base64'),
        'client-key-data': Buffer.from('junk').toString('base64'),
      };
    });
    const d = await cli(['--kubeconfig', data, ...EXPOSE], t.env);
    expect(d.stderr).toMatch(
      /^error: context "karmada-apiserver": client-key-data of user "karmada-mcs-admin" is not a usable private key/,
    );
  });
});

test('KUBECONFIG is a colon list merged like kubectl: missing files skipped, the first file wins', async () => {
  const full = t.sim.kubeconfig() as any;
  const hostOnly = {
    ...full,
    'current-context': 'karmada-host',
    contexts: full.contexts.filter((c: any) => c.name === 'karmada-host'),
  };
  const karmadaOnly = { ...full, contexts: full.contexts.filter((c: any) => c.name !== 'karmada-host') };
  writeFileSync(join(t.dir, 'a.yaml'), yaml.dump(karmadaOnly));
  writeFileSync(join(t.dir, 'b.yaml'), yaml.dump(hostOnly));
  const env = {
    ...t.env,
    KUBECONFIG: [join(t.dir, 'missing.yaml'), join(t.dir, 'a.yaml'), join(t.dir, 'b.yaml')].join(':'),
  };
  const r = await cli(['status'], env);
  // current-context comes from a.yaml (karmada-apiserver); karmada-host comes from b.yaml: the gate is read.
  expect(r.stderr).toBe('No MultiClusterServices found in default namespace.\n');
  expect(r.code).toBe(0);
  const exposed = await cli(EXPOSE, env);
  expect(exposed.stderr).toContain('Warning: the MultiClusterService feature gate is off (default)');
});

describe('kubectl conventions', () => {
  test.each([
    ['0', 'no timeout'],
    ['5', 'a bare number is seconds'],
    ['1.5s', 'a duration'],
    ['1m0s', 'a Go duration'],
  ])('--request-timeout %s (%s)', async (value) => {
    t.sim.api.latencyMs = 50;
    const r = await cli(['--request-timeout', value, ...EXPOSE], t.env);
    expect(r.stderr).not.toContain('error:');
    expect(r.code).toBe(0);
  });

  test('a --request-timeout kubectl rejects is a usage error in its words', async () => {
    const r = await cli(['--request-timeout', 'soon', ...EXPOSE], t.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: invalid value "soon" for --request-timeout: a timeout must be a single integer in seconds, or an integer followed by a corresponding time unit/,
    );
  });

  test('version --client asks no server, even an unreachable one', async () => {
    const before = t.sim.api.requests.length;
    const dead = kubeconfigWith('dead-version', (c) => {
      c.clusters[0].cluster.server = 'https://127.0.0.1:1';
    });
    const r = await cli(['--kubeconfig', dead, 'version', '--client', '-o', 'json'], t.env);
    expect(r.code).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout))).toEqual(['plugin', 'node']);
    const table = await cli(['version', '--client'], t.env);
    expect(table.stdout).toMatch(/^kubectl-karmada-mcs {2}\S+\nnode {17}v\d+/);
    expect(table.stdout).not.toContain('karmada-apiserver');
    expect(t.sim.api.requests.length).toBe(before);
  });

  test('version with an unreachable server prints the client versions, then fails as kubectl version does', async () => {
    const dead = kubeconfigWith('dead-server-version', (c) => {
      c.clusters[0].cluster.server = 'https://127.0.0.1:1';
    });
    const table = await cli(['--kubeconfig', dead, 'version'], t.env);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^kubectl-karmada-mcs {2}\S+\nnode {17}v\S+\n$/);
    expect(table.stderr).toMatch(/^error: cannot reach the API server https:\/\/127\.0\.0\.1:1 of context .*\n/);
    // The document stays whole and says why; the error is on stderr all the same.
    for (const output of ['json', 'yaml']) {
      const r = await cli(['--kubeconfig', dead, 'version', '-o', output], t.env);
      expect({ output, code: r.code, stderr: r.stderr }).toEqual({ output, code: 1, stderr: table.stderr });
      expect(output === 'json' ? JSON.parse(r.stdout) : yaml.load(r.stdout)).toEqual({
        plugin: expect.any(String),
        node: process.version,
        karmada: { error: table.stderr.split('\n')[0]?.replace(/^error: /, '') },
      });
    }
  });

  test('expose and status -o name print kind.group/name of each object, as kubectl does', async () => {
    const r = await cli([...EXPOSE, '-o', 'name'], t.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('service/nginx\nmulticlusterservice.networking.karmada.io/nginx\n');
    await cli(
      EXPOSE.filter((a) => a !== '--dry-run=server'),
      t.env,
    );
    const status = await cli(['status', '-o', 'name'], t.env);
    expect(status.stdout).toBe('multiclusterservice.networking.karmada.io/nginx\n');
    await cli(['unexpose', 'nginx'], t.env);
  });
});

test('an unexpected exception is reported as a bug, with the stack only under -v', async () => {
  const s = await startTestSim({ seed: false });
  try {
    // A shape no API server would store: the command a string, not a list.
    const d = s.sim.world.get('host', DEPLOYMENTS, 'karmada-system', 'karmada-controller-manager') as Deployment;
    const container: { command?: unknown } = d.spec!.template.spec!.containers[0]!;
    container.command = '/bin/karmada-controller-manager --v=2';
    s.sim.world.put('host', DEPLOYMENTS, d, 'as-is');
    const r = await cli(['enable'], s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: unexpected TypeError: .+\nhint: this is a bug in kubectl-karmada-mcs \S+, not a problem with your cluster; please report it with the command you ran and its output with -v/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const v = await cli(['-v', 'enable'], s.env);
    expect(v.stderr).toMatch(/\n\s+at /);
    // The same from the installed plugin, whose entry (src/main.ts) only sets the exit code.
    const bin = await exec(PLUGIN, ['enable'], { env: s.env });
    expect(bin.code).toBe(1);
    expect(bin.stderr).toMatch(/^error: unexpected TypeError: .+\nhint: this is a bug in kubectl-karmada-mcs \S+, /);
    expect(bin.stderr).not.toMatch(/\n\s+at /);
    expect((await exec(PLUGIN, ['enable', '-v'], { env: s.env })).stderr).toMatch(/\n\s+at /);
  } finally {
    await s.stop();
  }
});

test('Ctrl-C exits 130 in a command with no clean-up of its own (status --wait)', async () => {
  const s = await startTestSim();
  try {
    expect(
      (
        await cli(
          EXPOSE.filter((a) => a !== '--dry-run=server'),
          s.env,
        )
      ).code,
    ).toBe(0);
    const child = spawn(PLUGIN, ['status', 'nginx', '--wait', '--timeout', '5m'], { env: s.env });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    for (let i = 0; i < 400 && !stderr.includes('Waiting'); i++) await new Promise((r) => setTimeout(r, 25));
    expect(stderr).toContain('Waiting');
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    // One line says so (a command with a handler of its own says what it left instead).
    expect(stderr).toMatch(/\nerror: interrupted\n$/);
  } finally {
    await s.stop();
  }
});
