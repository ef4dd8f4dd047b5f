// The simulated networks through real kubectl: nodes and pod CIDRs, linked and unlinked pod networks, overlapping
// ranges, cluster DNS, refused ports, images without curl, http-echo and curl's URL globbing.
import { type TestSim, startTestSim } from './helpers/sim.js';
import { kubectl } from './helpers/kubectl.js';
import { DEPLOYMENTS, PODS, SERVICES } from '../src/kube/resources.js';
import type { SimulatorOptions } from '../src/sim/index.js';
import type { Pod, Service } from '../src/sim/kinds.js';

let t: TestSim | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function sim(options: SimulatorOptions = {}): Promise<TestSim> {
  t = await startTestSim(options);
  t.sim.settle();
  return t;
}

const pods = (s: TestSim, cluster: string) => s.sim.world.list(cluster, PODS) as Pod[];
const podIn = (s: TestSim, cluster: string, app: string) =>
  pods(s, cluster).find((p) => p.metadata.labels?.app === app)!;
const podIp = (s: TestSim, cluster: string, app: string) => podIn(s, cluster, app).status!.podIP!;

/** Runs a Deployment of one pod straight in a member, as `kubectl --context memberN create deployment` would. */
function deploy(s: TestSim, cluster: string, name: string, container: object): void {
  s.sim.world.put(
    cluster,
    DEPLOYMENTS,
    {
      metadata: { name, namespace: 'default', labels: { app: name } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, ...container }] } },
      },
      status: {},
    },
    'as-is',
  );
  s.sim.settle();
}

const execIn = (s: TestSim, cluster: string, app: string, argv: string[]) =>
  kubectl(['--context', cluster, 'exec', podIn(s, cluster, app).metadata.name, '--', ...argv], s.env);

test("every cluster has kind's control-plane node with its pod CIDR; pods take their IPs from it", async () => {
  const s = await sim({ podCidrs: { member2: '10.244.0.0/16' } });
  const columns =
    'custom-columns=NAME:.metadata.name,CIDR:.spec.podCIDR,CIDRS:.spec.podCIDRs[*],IP:.status.addresses[0].address';
  const nodes = await kubectl(['--context', 'member1', 'get', 'nodes', '-o', columns], s.env);
  expect(nodes.stdout).toMatch(
    /^NAME\s+CIDR\s+CIDRS\s+IP\nmember1-control-plane\s+10\.10\.0\.0\/24\s+10\.10\.0\.0\/24\s+172\.18\.0\.3\n$/,
  );
  const table = await kubectl(['--context', 'member2', 'get', 'nodes'], s.env);
  expect(table.stdout).toMatch(
    /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\nmember2-control-plane\s+Ready\s+control-plane\s+\d+s\s+v1\.31\.2\n$/,
  );
  const host = await kubectl(
    ['--context', 'karmada-host', 'get', 'nodes', '-o', 'jsonpath={.items[*].spec.podCIDR}'],
    s.env,
  );
  expect(host.stdout).toBe('10.244.0.0/24');
  const karmada = await kubectl(['get', 'nodes'], s.env);
  expect(karmada.stderr).toBe('No resources found\n');
  expect(
    pods(s, 'member1')
      .map((p) => p.status?.podIP)
      .sort(),
  ).toEqual(['10.10.0.2', '10.10.0.3']);
  expect(podIn(s, 'member2', 'curl')).toMatchObject({
    spec: { nodeName: 'member2-control-plane' },
    status: { podIP: '10.244.0.2', hostIP: '172.18.0.4' },
  });
  const svc = await kubectl(['--context', 'member1', 'create', 'service', 'clusterip', 'web', '--tcp=80:80'], s.env);
  expect(svc.code).toBe(0);
  const web: Service | undefined = s.sim.world.get('member1', SERVICES, 'default', 'web');
  expect(web?.spec?.clusterIP).toMatch(/^10\.11\.\d+\.\d+$/);
});

test('a pod IP of a linked cluster answers; an unlinked one times out as curl says it (exit 28)', async () => {
  const s = await sim({ members: 3, networkLinks: [['member1', 'member2']] });
  deploy(s, 'member3', 'nginx', { image: 'nginx' });
  const nginx1 = podIp(s, 'member1', 'nginx');
  const nginx3 = podIp(s, 'member3', 'nginx');
  const ok = await execIn(s, 'member2', 'curl', [
    'curl',
    '-sS',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code} %{remote_ip}:%{remote_port}',
    `http://${nginx1}`,
  ]);
  expect(ok).toMatchObject({ code: 0, stdout: `200 ${nginx1}:80`, stderr: '' });
  const max = await execIn(s, 'member2', 'curl', [
    'curl',
    '-sS',
    '-m',
    '3',
    '-w',
    '%{http_code} %{exitcode} %{time_total}',
    `http://${nginx3}`,
  ]);
  expect(max.code).toBe(28);
  expect(max.stderr).toBe(
    'curl: (28) Connection timed out after 3001 milliseconds\ncommand terminated with exit code 28\n',
  );
  expect(max.stdout).toMatch(/^000 28 3\.00\d{4}$/);
  const connect = await execIn(s, 'member2', 'curl', [
    'curl',
    '-sS',
    '--connect-timeout',
    '2',
    '-m',
    '10',
    `http://${nginx3}:80/`,
  ]);
  expect(connect.stderr).toContain(
    `curl: (28) Failed to connect to ${nginx3} port 80 after 2001 ms: Timeout was reached\n`,
  );
  const kernel = await execIn(s, 'member2', 'curl', ['curl', '-sS', `http://${nginx3}`]);
  expect(kernel).toMatchObject({
    code: 28,
    stderr: expect.stringContaining(
      `curl: (28) Failed to connect to ${nginx3} port 80 after 127001 ms: Couldn't connect to server\n`,
    ),
  });
});

test("overlapping pod CIDRs: a remote pod IP inside the caller's own range stays in the caller's cluster", async () => {
  const s = await sim({ podCidrs: { member1: '10.244.0.0/16', member2: '10.244.0.0/16' } });
  const [a, b] = pods(s, 'member1')
    .map((p) => p.status?.podIP)
    .sort();
  expect([a, b, podIp(s, 'member2', 'curl')]).toEqual(['10.244.0.2', '10.244.0.3', '10.244.0.2']);
  // 10.244.0.2 is member2's own curl pod, which listens on nothing; 10.244.0.3 is nobody in member2.
  const own = await execIn(s, 'member2', 'curl', ['curl', '-sS', 'http://10.244.0.2']);
  expect(own).toMatchObject({
    code: 7,
    stderr: expect.stringContaining(
      "curl: (7) Failed to connect to 10.244.0.2 port 80 after 0 ms: Couldn't connect to server",
    ),
  });
  const nobody = await execIn(s, 'member2', 'curl', ['curl', '-sS', '-m', '1', 'http://10.244.0.3']);
  expect(nobody.code).toBe(28);
  // An nginx in member2 at an address that member1's nginx also has: the local one answers.
  deploy(s, 'member2', 'web', { image: 'nginx' });
  const web = podIn(s, 'member2', 'web');
  expect(web.status?.podIP).toBe('10.244.0.3');
  const local = await execIn(s, 'member2', 'curl', [
    'curl',
    '-sS',
    '-w',
    '%{remote_ip}',
    '-o',
    '/dev/null',
    'http://10.244.0.3',
  ]);
  expect(local).toMatchObject({ code: 0, stdout: '10.244.0.3' });
});

test('a Service name resolves only where that Service exists (exit 6 elsewhere), in every DNS form', async () => {
  const s = await sim();
  const name = await execIn(s, 'member2', 'curl', ['curl', '-sS', 'http://nginx.default']);
  expect(name).toMatchObject({
    code: 6,
    stdout: '',
    stderr: 'curl: (6) Could not resolve host: nginx.default\ncommand terminated with exit code 6\n',
  });
  expect((await kubectl(['--context', 'member1', 'expose', 'deployment', 'nginx', '--port=80'], s.env)).code).toBe(0);
  s.sim.settle();
  for (const host of [
    'nginx',
    'nginx.default',
    'nginx.default.svc',
    'nginx.default.svc.cluster.local',
    'nginx.default.svc.cluster.local.',
  ]) {
    const r = await execIn(s, 'member1', 'nginx', ['curl', '-sS', `http://${host}/`]);
    expect({ host, code: r.code, title: /<title>(.*)<\/title>/.exec(r.stdout)?.[1] }).toEqual({
      host,
      code: 0,
      title: 'Welcome to nginx!',
    });
  }
  const other = await execIn(s, 'member1', 'nginx', ['curl', '-sS', 'http://nginx.kube-system']);
  expect(other.code).toBe(6);
  const stillNot = await execIn(s, 'member2', 'curl', ['curl', '-sS', 'http://nginx.default.svc.cluster.local']);
  expect(stillNot.code).toBe(6);
});

test('refused (exit 7): a port no app listens on, a Service port without endpoints; unknown ports drop', async () => {
  const s = await sim();
  const ip = podIp(s, 'member1', 'nginx');
  const r = await execIn(s, 'member1', 'nginx', ['curl', '-sS', `http://${ip}:8080`]);
  expect(r).toMatchObject({
    code: 7,
    stderr:
      `curl: (7) Failed to connect to ${ip} port 8080 after 0 ms: Couldn't connect to server\n` +
      'command terminated with exit code 7\n',
  });
  const create = (name: string, spec: string) =>
    kubectl(['--context', 'member1', 'create', 'service', 'clusterip', name, spec], s.env);
  expect((await create('wrong', '--tcp=80:8080')).code).toBe(0);
  expect((await create('empty', '--tcp=80:80')).code).toBe(0);
  s.sim.settle();
  expect((await execIn(s, 'member1', 'nginx', ['curl', '-sS', 'http://wrong'])).code).toBe(7);
  expect((await execIn(s, 'member1', 'nginx', ['curl', '-sS', 'http://empty'])).code).toBe(7);
  expect((await execIn(s, 'member1', 'nginx', ['curl', '-sS', '-m', '1', 'http://wrong:81'])).code).toBe(28);
});

test("no curl: busybox's shell says not found (127); without a shell, the container runtime's error", async () => {
  const s = await sim();
  deploy(s, 'member2', 'box', { image: 'busybox:1.36', command: ['sleep', '3600'] });
  const shell = await execIn(s, 'member2', 'box', ['sh', '-c', 'curl -sS http://nginx.default']);
  expect(shell).toMatchObject({ code: 127, stderr: 'sh: curl: not found\ncommand terminated with exit code 127\n' });
  const fallback = await execIn(s, 'member2', 'box', ['sh', '-c', "curl -sS http://x || echo 'no curl'"]);
  expect(fallback).toMatchObject({ code: 0, stdout: 'no curl\n', stderr: 'sh: curl: not found\n' });
  const direct = await execIn(s, 'member2', 'box', ['curl', '-sS', 'http://nginx.default']);
  expect(direct.code).toBe(1);
  expect(direct.stderr.replace(/"[0-9a-f]{64}"/, '"ID"')).toBe(
    'error: Internal error occurred: error executing command in container: failed to exec in container: ' +
      'failed to start exec "ID": OCI runtime exec failed: exec failed: unable to start container process: ' +
      'exec: "curl": executable file not found in $PATH: unknown\n',
  );
  deploy(s, 'member2', 'debian', { image: 'debian:12', command: ['sleep', 'infinity'] });
  expect((await execIn(s, 'member2', 'debian', ['sh', '-c', 'curl x'])).stderr).toBe(
    'sh: 1: curl: not found\ncommand terminated with exit code 127\n',
  );
  const nginxHasCurl = await execIn(s, 'member1', 'nginx', [
    'curl',
    '-sS',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    'http://localhost',
  ]);
  expect(nginxHasCurl).toMatchObject({ code: 0, stdout: '200' });
});

test('http-echo answers -text with -status-code on -listen; --fail turns a 503 into exit 22', async () => {
  const s = await sim();
  deploy(s, 'member1', 'echo', {
    image: 'hashicorp/http-echo:1.0',
    args: ['-listen=:8080', '-text=backend down', '-status-code=503'],
  });
  const ip = podIp(s, 'member1', 'echo');
  const r = await execIn(s, 'member2', 'curl', ['curl', '-sS', '-w', '|%{http_code}', `http://${ip}:8080/anything`]);
  expect(r).toMatchObject({ code: 0, stdout: 'backend down\n|503', stderr: '' });
  const failed = await execIn(s, 'member2', 'curl', [
    'curl',
    '-sSf',
    '-w',
    '%{exitcode} %{errormsg}',
    `http://${ip}:8080/`,
  ]);
  expect(failed).toMatchObject({ code: 22, stdout: '22 The requested URL returned error: 503' });
  expect(failed.stderr).toContain('curl: (22) The requested URL returned error: 503\n');
  expect((await execIn(s, 'member2', 'curl', ['curl', '-sS', `http://${ip}:5678/`])).code).toBe(7);
  const head = await execIn(s, 'member2', 'curl', ['curl', '-sSI', `http://${ip}:8080/`]);
  expect(head.stdout).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n(.+\r\n)+\r\n$/);
  const none = await execIn(s, 'member1', 'echo', ['sh', '-c', 'curl x']);
  expect(none.stderr).toContain('exec: "sh": executable file not found in $PATH: unknown');
});

test('URL globbing: [1-3] makes three requests unless --globoff; a bad range is exit 3 as curl words it', async () => {
  const s = await sim();
  const ip = podIp(s, 'member1', 'nginx');
  const globbed = await execIn(s, 'member2', 'curl', [
    'curl',
    '-sS',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code} %{url_effective}\\n',
    `http://${ip}/[1-3]`,
  ]);
  expect(globbed.stdout).toBe(`404 http://${ip}/1\n404 http://${ip}/2\n404 http://${ip}/3\n`);
  const off = await execIn(s, 'member2', 'curl', [
    'curl',
    '-sS',
    '-g',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code} %{url_effective}\\n',
    `http://${ip}/[1-3]`,
  ]);
  expect(off.stdout).toBe(`404 http://${ip}/[1-3]\n`);
  const bad = await execIn(s, 'member2', 'curl', ['curl', '-sS', 'http://x/[1-3']);
  expect(bad).toMatchObject({
    code: 3,
    stderr:
      'curl: (3) bad range in URL position 13:\nhttp://x/[1-3\n            ^\ncommand terminated with exit code 3\n',
  });
  const dash = await execIn(s, 'member2', 'curl', ['curl', '-sS', '--', '-x']);
  expect(dash.stderr).toContain('curl: (6) Could not resolve host: -x');
  const unknown = await execIn(s, 'member2', 'curl', ['curl', '--max-time=5', `http://${ip}`]);
  expect(unknown).toMatchObject({
    code: 2,
    stderr: expect.stringContaining('curl: option --max-time=5: is unknown\n'),
  });
  const meter = await execIn(s, 'member2', 'curl', ['curl', `http://${ip}/`]);
  expect(meter.stdout).toContain('<h1>Welcome to nginx!</h1>');
  const speed = '[ \\dk.M]{5}';
  const meterLines = [
    '^  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current',
    ' {33}Dload  Upload   Total   Spent    Left  Speed',
    '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0' +
      `\r100   615  100   615    0     0  ${speed}      0 --:--:-- --:--:-- --:--:-- ${speed}\n$`,
  ];
  expect(meter.stderr).toMatch(new RegExp(meterLines.join('\n')));
  const resolved = await execIn(s, 'member2', 'curl', [
    'curl',
    '-sS',
    '--resolve',
    `nginx.default:80:${ip}`,
    '-o',
    '/dev/null',
    '-w',
    '%{remote_ip}',
    'http://nginx.default',
  ]);
  expect(resolved).toMatchObject({ code: 0, stdout: ip });
});

// hack/local-up-karmada.sh (setup-dev-base.sh from v1.10) adds routes between karmada-host, member1 and member2
// only: the Pull-mode member3 reaches none of them. Other layouts link every pair.
test.each([
  ['local-up', false],
  ['init', true],
] as const)('--layout %s with a Pull member3: member3 linked to member1 %s', async (layout, linked) => {
  const s = await sim({ layout, members: 3, pullMembers: ['member3'] });
  expect(s.sim.world.linked('member1', 'member2')).toBe(true);
  expect(s.sim.world.linked('host', 'member2')).toBe(true);
  expect(s.sim.world.linked('member1', 'member3')).toBe(linked);
  expect(s.sim.world.linked('host', 'member3')).toBe(linked);
});
