// The simulated API server answers real kubectl as kube-apiserver does: watch resumption, events and nodes,
// field selectors, explain, auth can-i, categories, logs, paused rollouts, server dry-run deletes.
import { type TestSim, appDeployment, startTestSim } from './helpers/sim.js';
import { kubectl, kubectlPath, pinnedKubectls } from './helpers/kubectl.js';
import { streamUntil, until } from './helpers/wait.js';
import { CLUSTERS, CONFIGMAPS, CRDS, DEPLOYMENTS, EVENTS, MCS, NODES, PODS } from '../src/sim/resources.js';
import type { Deployment } from '../src/sim/kinds.js';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.stop());

const pinned = (minor: number) => pinnedKubectls().find((p) => p.endsWith(`kubectl.1.${minor}`))!;
const raw = async (path: string) => {
  const r = await kubectl(['get', '--raw', path], t.env);
  return {
    ...r,
    events: r.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
  };
};

// etcd answers a range in key order, and the watch cache the same: by namespace, then name, byte by byte.
test('a list is in key order, whatever the order the objects were made in', async () => {
  const made: Array<[string, string]> = [
    ['default', 'b10'],
    ['default', 'b2'],
    ['aaa', 'z'],
    ['default', 'a'],
  ];
  for (const [namespace, name] of made)
    t.sim.world.put('karmada', CONFIGMAPS, { metadata: { name, namespace, labels: { order: 'test' } } }, 'as-is');
  const r = await kubectl(['get', 'configmaps', '-A', '-l', 'order=test', '-o', 'name'], t.env);
  expect(r.stdout).toBe('configmap/z\nconfigmap/a\nconfigmap/b10\nconfigmap/b2\n');
});

describe('watch', () => {
  test('resourceVersion=N replays the changes after N, then streams', async () => {
    const first = t.sim.world.put(
      'karmada',
      CONFIGMAPS,
      {
        metadata: { name: 'w1', namespace: 'default', labels: { watch: 'replay' } },
      },
      'as-is',
    );
    t.sim.world.put('karmada', CONFIGMAPS, { ...first, data: { a: '1' } }, 'as-is');
    t.sim.world.put(
      'karmada',
      CONFIGMAPS,
      {
        metadata: { name: 'w2', namespace: 'default', labels: { watch: 'replay' } },
      },
      'as-is',
    );
    t.sim.world.remove('karmada', CONFIGMAPS, 'default', 'w1');
    const r = await raw(
      `/api/v1/namespaces/default/configmaps?watch=1&labelSelector=watch%3Dreplay&resourceVersion=${first.metadata.resourceVersion}&timeoutSeconds=1`,
    );
    expect(r.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'MODIFIED w1',
      'ADDED w2',
      'DELETED w1',
    ]);
    const before = t.sim.api.requests.length;
    const path = `/api/v1/namespaces/default/configmaps?watch=1&labelSelector=watch%3Dreplay&resourceVersion=${first.metadata.resourceVersion}`;
    const streamed = streamUntil(kubectlPath(), ['get', '--raw', path], t.env, (out) => out.includes('"w3"'));
    await until(() => t.sim.api.requests.slice(before).some((q) => q.verb === 'watch'));
    // A writer holding its own (equal) ResourceType object still reaches the watch.
    t.sim.world.put(
      'karmada',
      { ...CONFIGMAPS },
      { metadata: { name: 'w3', namespace: 'default', labels: { watch: 'replay' } } },
      'as-is',
    );
    const lines = (await streamed)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'MODIFIED w1',
      'ADDED w2',
      'DELETED w1',
      'ADDED w3',
    ]);
  });

  test('a list answers with the latest resourceVersion and makes none of its own', async () => {
    const made = t.sim.world.put(
      'karmada',
      CONFIGMAPS,
      { metadata: { name: 'rv-list', namespace: 'default' } },
      'as-is',
    );
    const listed = async () =>
      Number((await raw('/api/v1/namespaces/default/configmaps')).events[0].metadata.resourceVersion);
    const first = await listed();
    expect(first).toBeGreaterThanOrEqual(Number(made.metadata.resourceVersion));
    expect(await listed()).toBe(first);
  });

  test('without a resourceVersion (or 0) it starts with the current objects', async () => {
    t.sim.world.remove('karmada', CONFIGMAPS, 'default', 'w3');
    for (const rv of ['', '&resourceVersion=0']) {
      const r = await raw(
        `/api/v1/namespaces/default/configmaps?watch=1&labelSelector=watch%3Dreplay${rv}&timeoutSeconds=1`,
      );
      expect(r.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED w2']);
    }
  });

  test('a resourceVersion older than the history ends the watch with 410 Expired, as the watch cache does', async () => {
    const old = await raw('/api/v1/namespaces?watch=1&resourceVersion=5');
    expect(old.events).toEqual([
      {
        type: 'ERROR',
        object: expect.objectContaining({
          code: 410,
          reason: 'Expired',
          message: expect.stringMatching(/^too old resource version: 5 \(\d+\)$/),
        }),
      },
    ]);
    // The history is bounded: a hundred changes later, the changes up to the first are gone, those after it kept.
    const start = t.sim.world.put(
      'karmada',
      CONFIGMAPS,
      {
        metadata: { name: 'churn', namespace: 'default' },
        data: { n: '0' },
      },
      'as-is',
    );
    for (let n = 1; n <= 100; n++)
      t.sim.world.put('karmada', CONFIGMAPS, { ...start, data: { n: String(n) } }, 'as-is');
    const rv = Number(start.metadata.resourceVersion);
    const gone = await raw(`/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv - 1}`);
    expect(gone.events).toEqual([
      {
        type: 'ERROR',
        object: expect.objectContaining({ code: 410, message: `too old resource version: ${rv - 1} (${rv})` }),
      },
    ]);
    const kept = await raw(`/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}&timeoutSeconds=1`);
    expect(kept.events.map((e) => e.object.data.n)).toEqual(Array.from({ length: 100 }, (_, n) => String(n + 1)));
  });

  test('kubectl 1.33 with the WatchListClient gate streams the initial state, ended by the initial-events-end bookmark', async () => {
    const before = t.sim.api.requests.length;
    const r = await kubectl(
      ['wait', '--for=jsonpath={.status.phase}=Active', 'namespace/default', '--timeout=30s'],
      { ...t.env, KUBE_FEATURE_WatchListClient: 'true' },
      undefined,
      pinned(33),
    );
    expect(r.stdout.trim()).toBe('namespace/default condition met');
    expect(t.sim.api.requests.slice(before).map((q) => q.verb)).toContain('watch');
    const list = await raw(
      '/api/v1/namespaces?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&fieldSelector=metadata.name%3Ddefault&timeoutSeconds=1',
    );
    expect(list.events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(list.events[1].object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
    const invalid = await raw('/api/v1/namespaces?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan');
    expect(invalid.stderr).toContain('sendInitialEvents requires setting allowWatchBookmarks=true');
  });
});

describe('events, nodes and field selectors', () => {
  beforeAll(() => {
    t.sim.settle();
    const mcs = t.sim.world.put(
      'karmada',
      MCS,
      {
        metadata: { name: 'web', namespace: 'default' },
        spec: { types: ['CrossCluster'] },
      },
      'as-is',
    );
    const event = (name: string, kind: string, obj: { name: string; uid?: string }, reason: string, message: string) =>
      t.sim.world.put(
        'karmada',
        EVENTS,
        {
          metadata: { name, namespace: 'default' },
          type: 'Normal',
          reason,
          message,
          count: 1,
          involvedObject: {
            kind,
            namespace: 'default',
            name: obj.name,
            uid: obj.uid,
            apiVersion: 'networking.karmada.io/v1alpha1',
          },
          source: { component: 'multiclusterservice-controller' },
          firstTimestamp: new Date().toISOString(),
          lastTimestamp: new Date().toISOString(),
        },
        'as-is',
      );
    event('web.1', 'MultiClusterService', mcs.metadata, 'SyncServiceWorkSucceed', 'Service work synced.');
    event('other.1', 'Service', { name: 'other' }, 'Unrelated', 'not about the MCS');
    t.sim.world.put(
      'member1',
      NODES,
      {
        metadata: { name: 'member1-control-plane', labels: { 'node-role.kubernetes.io/control-plane': '' } },
        status: {
          conditions: [{ type: 'Ready', status: 'True' }],
          addresses: [{ type: 'InternalIP', address: '172.18.0.3' }],
          nodeInfo: {
            kubeletVersion: 'v1.31.2',
            osImage: 'Debian GNU/Linux 12 (bookworm)',
            kernelVersion: '6.8.0',
            containerRuntimeVersion: 'containerd://1.7.18',
          },
        },
      },
      'as-is',
    );
  });

  test('kubectl get events prints the event columns', async () => {
    const r = await kubectl(['get', 'events'], t.env);
    expect(r.stdout).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n/);
    expect(r.stdout).toMatch(
      /\d+s\s+Normal\s+SyncServiceWorkSucceed\s+multiclusterservice\/web\s+Service work synced\./,
    );
  });

  test("kubectl describe mcs lists the MCS's own events (a field selector on involvedObject)", async () => {
    const r = await kubectl(['describe', 'mcs', 'web'], t.env);
    expect(r.stdout).toMatch(/Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n/);
    expect(r.stdout).toMatch(
      /Normal\s+SyncServiceWorkSucceed\s+\S+\s+multiclusterservice-controller\s+Service work synced\./,
    );
    expect(r.stdout).not.toContain('Unrelated');
    const selected = await kubectl(
      ['get', 'events', '--field-selector', 'involvedObject.kind=Service,reason!=Other', '-o', 'name'],
      t.env,
    );
    expect(selected.stdout.trim()).toBe('event/other.1');
  });

  test('kubectl events --for the MCS shows only its events', async () => {
    const r = await kubectl(['events', '--for', 'multiclusterservice/web'], t.env);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n/);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stdout).toMatch(/Normal\s+SyncServiceWorkSucceed\s+MultiClusterService\/web\s+Service work synced\./);
  });

  test('unknown field selectors fail as on kube-apiserver', async () => {
    const ev = await kubectl(['get', 'events', '--field-selector', 'spec.x=1'], t.env);
    expect(ev.stderr.trim()).toMatch(/^Error from server \(BadRequest\): .*: field label not supported: spec\.x$/);
    const mcs = await kubectl(['get', 'mcs', '--field-selector', 'spec.types=CrossCluster'], t.env);
    expect(mcs.stderr.trim()).toMatch(
      /: "spec\.types" is not a known field selector: only "metadata\.name", "metadata\.namespace"$/,
    );
  });

  test('kubectl get nodes -o wide prints the node columns', async () => {
    const r = await kubectl(['--context', 'member1', 'get', 'nodes', '-o', 'wide'], t.env);
    expect(r.stdout).toMatch(
      /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME\n/,
    );
    expect(r.stdout).toMatch(
      /member1-control-plane\s+Ready\s+control-plane\s+\d+s\s+v1\.31\.2\s+172\.18\.0\.3\s+<none>\s+Debian GNU\/Linux 12 \(bookworm\)\s+6\.8\.0\s+containerd:\/\/1\.7\.18/,
    );
  });

  test('kubectl get pods -o wide puts AGE before the wide columns', async () => {
    const r = await kubectl(['--context', 'member1', 'get', 'pods', '-o', 'wide'], t.env);
    expect(r.stdout).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n/,
    );
    expect(r.stdout).toMatch(
      /nginx-\S+\s+1\/1\s+Running\s+0\s+\d+s\s+10\.\d+\.\d+\.\d+\s+member1-control-plane\s+<none>\s+<none>/,
    );
  });
});

describe('kubectl delete --dry-run=server', () => {
  const put = (name: string, finalizers?: string[]) =>
    t.sim.world.put(
      'karmada',
      CONFIGMAPS,
      { metadata: { name, namespace: 'default', ...(finalizers ? { finalizers } : {}) } },
      'as-is',
    );

  test('kubectl sends dryRun in DeleteOptions; the objects stay as they were, a finalizer unprocessed', async () => {
    const plain = put('dry-plain');
    const held = put('dry-held', ['example.com/hold']);
    const before = t.sim.api.requests.length;
    const r = await kubectl(['delete', 'configmap', 'dry-plain', 'dry-held', '--dry-run=server'], t.env);
    expect(r.stdout).toBe(
      'configmap "dry-plain" deleted (server dry run)\nconfigmap "dry-held" deleted (server dry run)\n',
    );
    expect(r.code).toBe(0);
    const deletes = t.sim.api.requests.slice(before).filter((q) => q.method === 'DELETE');
    expect(deletes.map((q) => [q.status, q.dryRun])).toEqual([
      [200, true],
      [200, true],
    ]);
    // The very objects stored before: same resourceVersion, no deletionTimestamp.
    expect(t.sim.world.get('karmada', CONFIGMAPS, 'default', 'dry-plain')).toBe(plain);
    expect(t.sim.world.get('karmada', CONFIGMAPS, 'default', 'dry-held')).toBe(held);
  });

  test('the answer is the object as the delete would leave it: marked for deletion when a finalizer holds it', async () => {
    const held = put('dry-answer', ['example.com/hold']);
    const r = await kubectl(['delete', '--raw', '/api/v1/namespaces/default/configmaps/dry-answer?dryRun=All'], t.env);
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer.metadata.deletionTimestamp).toEqual(expect.any(String));
    expect(answer.metadata.resourceVersion).toBe(held.metadata.resourceVersion);
    expect(t.sim.world.get('karmada', CONFIGMAPS, 'default', 'dry-answer')).toBe(held);
  });
});

test('custom resources print the columns of their CRD object (additionalPrinterColumns)', async () => {
  t.sim.world.put(
    'karmada',
    CRDS,
    {
      metadata: { name: 'resourcebindings.work.karmada.io' },
      spec: {
        group: 'work.karmada.io',
        scope: 'Namespaced',
        names: { kind: 'ResourceBinding', plural: 'resourcebindings', shortNames: ['rb'], categories: ['karmada-io'] },
        versions: [
          {
            name: 'v1alpha2',
            served: true,
            storage: true,
            additionalPrinterColumns: [
              { jsonPath: '.status.conditions[?(@.type=="Scheduled")].status', name: 'SCHEDULED', type: 'string' },
              { jsonPath: '.spec.clusters[*].name', name: 'CLUSTERS', type: 'string', priority: 1 },
              { jsonPath: '.metadata.creationTimestamp', name: 'AGE', type: 'date' },
            ],
          },
        ],
      },
    },
    'as-is',
  );
  t.sim.settle();
  const r = await kubectl(['get', 'rb', 'nginx-deployment', '-o', 'wide'], t.env);
  expect(r.stdout).toMatch(/^NAME\s+SCHEDULED\s+CLUSTERS\s+AGE\n/);
  expect(r.stdout).toMatch(/^nginx-deployment\s+True\s+member1(,member2)?\s+\d+s\n/m);
  const narrow = await kubectl(['get', 'rb', 'nginx-deployment'], t.env);
  expect(narrow.stdout).toMatch(/^NAME\s+SCHEDULED\s+AGE\n/);
});

describe('kubectl explain (OpenAPI v3)', () => {
  test.each([27, 28, 33])('kubectl 1.%i explains services, deployments, pods and endpointslices', async (minor) => {
    const svc = await kubectl(['explain', 'svc.spec.ports.port'], t.env, undefined, pinned(minor));
    expect(svc.stdout).toMatch(/KIND:\s+Service\nVERSION:\s+v1\n/);
    expect(svc.stdout).toMatch(/FIELD: port <integer>/);
    const deploy = await kubectl(['explain', 'deployment.spec'], t.env, undefined, pinned(minor));
    expect(deploy.stdout).toMatch(/GROUP:\s+apps\nKIND:\s+Deployment/);
    expect(deploy.stdout).toMatch(/paused\t<boolean>/);
    expect(deploy.stdout).toMatch(/template\t<PodTemplateSpec> -required-/);
    const pod = await kubectl(['explain', 'pods.spec.containers'], t.env, undefined, pinned(minor));
    expect(pod.stdout).toMatch(/image\t<string>/);
    const slices = await kubectl(['explain', 'endpointslices'], t.env, undefined, pinned(minor));
    expect(slices.stdout).toMatch(/GROUP:\s+discovery\.k8s\.io\nKIND:\s+EndpointSlice/);
    expect(slices.stdout).toMatch(/addressType\t<string>/);
  });

  test('kubectl explain mcs.spec shows the fields of the CRD the world holds', async () => {
    t.sim.world.put(
      'karmada',
      CRDS,
      {
        metadata: { name: 'multiclusterservices.networking.karmada.io' },
        spec: {
          group: 'networking.karmada.io',
          scope: 'Namespaced',
          names: {
            kind: 'MultiClusterService',
            plural: 'multiclusterservices',
            shortNames: ['mcs'],
            categories: ['karmada-io'],
          },
          versions: [
            {
              name: 'v1alpha1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  description: 'MultiClusterService is a named abstraction of multi-cluster software service.',
                  properties: {
                    spec: {
                      type: 'object',
                      description: 'Spec is the desired state of the MultiClusterService.',
                      required: ['types'],
                      properties: {
                        types: {
                          type: 'array',
                          items: { type: 'string' },
                          description: 'Types specifies how to expose the service.',
                        },
                        providerClusters: {
                          type: 'array',
                          items: { type: 'object', properties: { name: { type: 'string' } } },
                          description:
                            'ProviderClusters specifies the clusters which will provide the service backend.',
                        },
                      },
                    },
                  },
                },
              },
            },
          ],
        },
      },
      'as-is',
    );
    const r = await kubectl(['explain', 'mcs.spec'], t.env);
    expect(r.stdout).toMatch(/GROUP:\s+networking\.karmada\.io\nKIND:\s+MultiClusterService\nVERSION:\s+v1alpha1\n/);
    expect(r.stdout).toMatch(
      /providerClusters\t<\[\]Object>\n\s+ProviderClusters specifies the clusters which will provide the service\n\s+backend\./,
    );
    expect(r.stdout).toMatch(/types\t<\[\]string> -required-/);
  });

  test.each([27, 33])(
    'kubectl 1.%i validates a JSON v1 List on the client with /openapi/v2 (protobuf)',
    async (minor) => {
      const item = (spec: object) => ({
        apiVersion: 'networking.karmada.io/v1alpha1',
        kind: 'MultiClusterService',
        metadata: { name: 'listed', namespace: 'default' },
        spec,
      });
      const list = (spec: object) =>
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'List',
          items: [
            {
              apiVersion: 'v1',
              kind: 'Service',
              metadata: { name: 'listed', namespace: 'default' },
              spec: { ports: [{ port: 80 }], externalTrafficPolicy: 'Cluster' },
            },
            item(spec),
          ],
        });
      const ok = await kubectl(
        ['apply', '--dry-run=client', '-f', '-'],
        t.env,
        list({ types: ['CrossCluster'] }),
        pinned(minor),
      );
      expect({ stderr: ok.stderr, stdout: ok.stdout }).toEqual({
        stderr: '',
        stdout:
          'service/listed created (dry run)\nmulticlusterservice.networking.karmada.io/listed created (dry run)\n',
      });
      const bad = await kubectl(
        ['apply', '--dry-run=client', '-f', '-'],
        t.env,
        list({ types: ['CrossCluster'], bogus: 1 }),
        pinned(minor),
      );
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('unknown field "bogus" in io.karmada.networking.v1alpha1.MultiClusterService.spec');
    },
  );
});

describe('kubectl auth can-i', () => {
  afterEach(() => {
    t.sim.api.denials.length = 0;
  });

  test('answers yes, and no where the simulator denies', async () => {
    expect((await kubectl(['auth', 'can-i', 'create', 'multiclusterservices'], t.env)).stdout.trim()).toBe('yes');
    t.sim.api.denials.push({ verb: 'create', resource: 'multiclusterservices', namespace: 'default' });
    const no = await kubectl(['auth', 'can-i', 'create', 'mcs'], t.env);
    expect({ code: no.code, stdout: no.stdout.trim() }).toEqual({ code: 1, stdout: 'no' });
    expect((await kubectl(['auth', 'can-i', 'create', 'mcs', '-n', 'other'], t.env)).stdout.trim()).toBe('yes');
    expect((await kubectl(['auth', 'can-i', 'get', 'pods', '--subresource', 'log'], t.env)).stdout.trim()).toBe('yes');
  });

  test('kubectl auth whoami names the user the 403s name', async () => {
    const r = await kubectl(['auth', 'whoami'], t.env);
    expect(r.stdout).toMatch(/^Username\s+karmada-mcs-user$/m);
    expect(r.stdout).toMatch(/^Groups\s+\[system:masters system:authenticated\]$/m);
  });

  test('--list shows the verbs left', async () => {
    expect((await kubectl(['auth', 'can-i', '--list'], t.env)).stdout).toMatch(/^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m);
    t.sim.api.denials.push({ verb: 'patch', resource: 'deployments' });
    const r = await kubectl(['auth', 'can-i', '--list'], t.env);
    expect(r.stdout).toMatch(
      /^deployments\.apps\s+\[\]\s+\[\]\s+\[create delete deletecollection get list update watch\]$/m,
    );
  });
});

describe('categories', () => {
  test('kubectl get all lists pods, services and deployments, not EndpointSlices', async () => {
    const r = await kubectl(['--context', 'member1', 'get', 'all', '-o', 'name'], t.env);
    const kinds = new Set(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('/')[0]),
    );
    expect(kinds).toEqual(new Set(['pod', 'deployment.apps']));
    expect(t.sim.world.list('member1', PODS).length).toBeGreaterThan(0);
  });

  test("kubectl get karmada-io lists Karmada's CRD kinds, not the aggregated Cluster", async () => {
    const r = await kubectl(['get', 'karmada-io', '-A', '-o', 'name'], t.env);
    const kinds = new Set(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('/')[0]),
    );
    expect(kinds).toContain('multiclusterservice.networking.karmada.io');
    expect(kinds).toContain('propagationpolicy.policy.karmada.io');
    expect(kinds).not.toContain('cluster.cluster.karmada.io');
  });
});

describe('kubectl logs', () => {
  test("prints nginx's start-up lines; --tail keeps the last ones", async () => {
    const pod = t.sim.world.list('member1', PODS).find((p) => p.metadata.labels?.app === 'nginx')!;
    const r = await kubectl(['--context', 'member1', 'logs', pod.metadata.name], t.env);
    expect(r.stdout).toMatch(
      /^\/docker-entrypoint\.sh: \/docker-entrypoint\.d\/ is not empty, will attempt to perform configuration\n/,
    );
    expect(r.stdout).toContain('Configuration complete; ready for start up');
    const tail = await kubectl(['--context', 'member1', 'logs', pod.metadata.name, '--tail', '1'], t.env);
    expect(tail.stdout).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] 1#1: start worker process \d+\n$/);
  });

  test('a pod whose container waits fails like the kubelet says', async () => {
    t.sim.controllers.stuckRollouts.add('member1/default/stuck');
    t.sim.world.put('member1', DEPLOYMENTS, appDeployment('stuck', [{ name: 'app', image: 'nginx' }]), 'as-is');
    t.sim.settle();
    const pod = t.sim.world.list('member1', PODS).find((p) => p.metadata.labels?.app === 'stuck')!;
    const r = await kubectl(['--context', 'member1', 'logs', pod.metadata.name], t.env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `Error from server (BadRequest): container "app" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`,
    );
  });
});

test('a paused Deployment does not roll; its Progressing condition says DeploymentPaused', async () => {
  t.sim.world.put('member2', DEPLOYMENTS, appDeployment('pausable', [{ name: 'app', image: 'nginx:1.26' }]), 'as-is');
  t.sim.settle();
  const pods = () =>
    t.sim.world
      .list('member2', PODS)
      .filter((p) => p.metadata.labels?.app === 'pausable')
      .map((p) => p.metadata.name)
      .sort();
  const before = pods();
  const ctx = ['--context', 'member2'];
  expect((await kubectl([...ctx, 'rollout', 'pause', 'deployment/pausable'], t.env)).stdout.trim()).toBe(
    'deployment.apps/pausable paused',
  );
  await kubectl([...ctx, 'set', 'image', 'deployment/pausable', 'app=nginx:1.27'], t.env);
  t.sim.settle();
  expect(pods()).toEqual(before);
  const reason = await kubectl(
    [...ctx, 'get', 'deployment', 'pausable', '-o', 'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}'],
    t.env,
  );
  expect(reason.stdout).toBe('DeploymentPaused');
  await kubectl([...ctx, 'rollout', 'resume', 'deployment/pausable'], t.env);
  t.sim.settle();
  expect(pods()).not.toEqual(before);
  const pausable = t.sim.world.get('member2', DEPLOYMENTS, 'default', 'pausable') as Deployment;
  const progressing = pausable.status?.conditions?.find((c) => c.type === 'Progressing');
  expect(progressing?.reason).toBe('NewReplicaSetAvailable');
});

// karmada-aggregated-apiserver looks the Cluster up before it dials (pkg/registry/cluster/storage/proxy.go), and
// hands a dial error to the responder as it is (pkg/util/proxy/proxy.go, wrapTransport false): a 500, no reason.
test('the cluster proxy: an unreachable member answers 500 with the dial error; an unjoined one is not found', async () => {
  const s = await startTestSim({ members: 3 });
  try {
    const services = (member: string) => `/apis/cluster.karmada.io/v1alpha1/clusters/${member}/proxy/api/v1/services`;
    s.sim.world.cluster('member2').reachable = false;
    const down = await kubectl(['get', '--raw', services('member2')], s.env);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^Error from server: dial tcp 172\.18\.0\.\d+:6443: connect: connection refused\n$/);
    // kubectl says "Error from server (Reason)" when the Status has a reason; -v=6 shows the code.
    const logged = await kubectl(['get', '--raw', services('member2'), '-v=6'], s.env);
    expect(logged.stderr).toMatch(/ 500 Internal Server Error in \d+ milliseconds/);
    // Unjoined: the member still runs, its proxy is gone.
    s.sim.world.remove('karmada', CLUSTERS, undefined, 'member3');
    const gone = await kubectl(['get', '--raw', services('member3')], s.env);
    expect(gone.stderr).toBe('Error from server (NotFound): clusters.cluster.karmada.io "member3" not found\n');
    expect((await kubectl(['get', '--raw', services('member1')], s.env)).code).toBe(0);
  } finally {
    await s.stop();
  }
});

// The scale subresource as kube-apiserver serves a Deployment's (pkg/registry/apps/deployment/storage ScaleREST,
// discovery naming it autoscaling/v1 Scale): kubectl scale patches it, --current-replicas reads and updates it.
test('kubectl scale: the Scale of a Deployment, patched and updated with a precondition; its own managedFields entry', async () => {
  const host = (...args: string[]) => kubectl(['--context', 'karmada-host', '-n', 'karmada-system', ...args], t.env);
  const scale = await host('get', 'deployment', 'karmada-controller-manager', '--subresource=scale', '-o', 'json');
  expect(JSON.parse(scale.stdout)).toMatchObject({
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: 'karmada-controller-manager', namespace: 'karmada-system' },
    spec: { replicas: 1 },
    status: { replicas: 1, selector: 'app=karmada-controller-manager' },
  });
  expect((await host('scale', 'deployment', 'karmada-controller-manager', '--replicas=2')).stdout).toBe(
    'deployment.apps/karmada-controller-manager scaled\n',
  );
  const stale = await host('scale', 'deployment', 'karmada-controller-manager', '--replicas=3', '--current-replicas=1');
  expect(stale.stderr).toBe('error: Expected replicas to be 1, was 2\n');
  expect(
    (await host('scale', 'deployment/karmada-controller-manager', '--replicas=1', '--current-replicas=2')).code,
  ).toBe(0);
  const d = t.sim.world.get('host', DEPLOYMENTS, 'karmada-system', 'karmada-controller-manager') as Deployment;
  expect(d.spec?.replicas).toBe(1);
  expect(d.metadata.managedFields?.find((e) => e.subresource === 'scale')).toMatchObject({
    manager: 'kubectl',
    operation: 'Update',
    apiVersion: 'apps/v1',
    fieldsV1: { 'f:spec': { 'f:replicas': {} } },
  });
  // To zero with a precondition: kubectl PUTs a Scale whose omitempty replicas field is then absent.
  const zero = await host('scale', 'deployment/karmada-controller-manager', '--replicas=0', '--current-replicas=1');
  expect(zero.stderr).toBe('');
  expect(
    (t.sim.world.get('host', DEPLOYMENTS, 'karmada-system', 'karmada-controller-manager') as Deployment).spec?.replicas,
  ).toBe(0);
  const empty = await host('get', 'deployment', 'karmada-controller-manager', '--subresource=scale', '-o', 'json');
  expect(JSON.parse(empty.stdout).spec).toEqual({});
  expect((await host('scale', 'deployment/karmada-controller-manager', '--replicas=1')).code).toBe(0);
});

// A playground may answer a status every two seconds for days: its API server keeps no log of them.
test('without recording, the API server keeps no log of the requests it answers', async () => {
  t.sim.api.recording = false;
  try {
    const before = t.sim.api.requests.length;
    const r = await kubectl(['get', 'configmaps', '-A'], t.env);
    expect(r.code).toBe(0);
    expect(t.sim.api.requests.length).toBe(before);
  } finally {
    t.sim.api.recording = true;
  }
  await kubectl(['get', 'configmaps', '-A'], t.env);
  expect(t.sim.api.requests.at(-1)).toMatchObject({ method: 'GET', verb: 'list', path: '/api/v1/configmaps' });
});

// SetDefaults_Service and the service registry's allocations, as kubectl shows them.
test('services by type: ExternalName has no ClusterIP, node ports are allocated and kept, LoadBalancer defaults', async () => {
  const create = async (...args: string[]) => {
    const r = await kubectl(['create', 'service', ...args, '-n', 'default'], t.env);
    expect(r.stderr).toBe('');
  };
  await create('externalname', 'svc-ext', '--external-name', 'example.com');
  await create('nodeport', 'svc-np', '--tcp=80:8080');
  await create('loadbalancer', 'svc-lb', '--tcp=80:8080');
  const spec = async (name: string) =>
    JSON.parse((await kubectl(['get', 'service', name, '-n', 'default', '-o', 'jsonpath={.spec}'], t.env)).stdout);
  const ext = await spec('svc-ext');
  expect(ext.clusterIP).toBeUndefined();
  expect(ext.ipFamilies).toBeUndefined();
  const np = await spec('svc-np');
  expect(np).toMatchObject({ externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster' });
  expect(np.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
  expect(np.ports[0].nodePort).toBeLessThanOrEqual(32767);
  const lb = await spec('svc-lb');
  expect(lb).toMatchObject({ allocateLoadBalancerNodePorts: true, externalTrafficPolicy: 'Cluster' });
  expect(lb.ports[0].nodePort).not.toBe(np.ports[0].nodePort);
  // A later apply that leaves the node port out keeps the one allocated.
  const applied = await kubectl(
    ['apply', '--server-side', '--force-conflicts', '-f', '-'],
    t.env,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-np', namespace: 'default' },
      spec: { type: 'NodePort', selector: { app: 'svc-np' }, ports: [{ name: '80-8080', port: 80, targetPort: 8080 }] },
    }),
  );
  expect(applied.stderr).toBe('');
  expect((await spec('svc-np')).ports[0].nodePort).toBe(np.ports[0].nodePort);
  const table = await kubectl(['get', 'services', 'svc-ext', 'svc-np', 'svc-lb', '-n', 'default'], t.env);
  const rows = table.stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(/\s+/).slice(0, 5));
  expect(rows).toEqual([
    ['svc-ext', 'ExternalName', '<none>', 'example.com', '<none>'],
    ['svc-np', 'NodePort', np.clusterIP, '<none>', `80:${np.ports[0].nodePort}/TCP`],
    ['svc-lb', 'LoadBalancer', lb.clusterIP, '<pending>', `80:${lb.ports[0].nodePort}/TCP`],
  ]);
  const clusterIp = await kubectl(
    ['create', 'service', 'externalname', 'svc-bad', '--external-name', 'x.example', '--dry-run=client', '-o', 'json'],
    t.env,
  );
  const bad = {
    ...JSON.parse(clusterIp.stdout),
    spec: { ...JSON.parse(clusterIp.stdout).spec, clusterIP: '10.96.0.99' },
  };
  const refused = await kubectl(['create', '-f', '-'], t.env, JSON.stringify(bad));
  expect(refused.stderr).toContain('spec.clusterIPs: Forbidden: may not be set for ExternalName services');
});
