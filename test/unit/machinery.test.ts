// Failures of the probe's own machinery (pod not scheduled, exec refused) are reported as the
// probe's, with their cause, and never as a broken layer of the path.
import { ApiError } from '../../src/errors.js';
import type { KubeClient } from '../../src/kube/client.js';

type Obj = any;
import { PodTracker, waitRunning } from '../../src/probe/pods.js';
import { type ProbeOptions, probeConsumer } from '../../src/probe/service.js';

const UNSCHEDULABLE = '0/1 nodes are available: 1 node(s) had untolerated taint {team: a}.';

/** What containerd's kubelet answers an exec of a binary the image lacks (an InternalError, no exit code). */
const CONTAINERD_NO_CURL =
  'exec in pod default/p on cluster member2 failed: error executing command in container: failed to exec in container: ' +
  'failed to start exec "7c75": OCI runtime exec failed: exec failed: unable to start container process: ' +
  'exec: "curl": executable file not found in $PATH: unknown';

/** A consumer cluster's client whose pods never leave Pending, or run but refuse exec. */
function fakeClient(behaviour: 'unschedulable' | 'exec-refused' | 'no-curl'): KubeClient & { deleted: string[] } {
  const deleted: string[] = [];
  const pod =
    behaviour === 'unschedulable'
      ? {
          status: {
            phase: 'Pending',
            conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: UNSCHEDULABLE }],
          },
        }
      : { status: { phase: 'Running' } };
  return {
    label: 'cluster member2',
    deleted,
    create: async (_rt: unknown, obj: Obj) => obj,
    get: async () => pod,
    list: async () => [],
    delete: async (_rt: unknown, _ns: string, name: string) => {
      deleted.push(name);
      return {};
    },
    exec: async () => {
      if (behaviour === 'no-curl') throw new ApiError(500, 'ExecFailed', CONTAINERD_NO_CURL);
      throw new ApiError(
        403,
        'Forbidden',
        'cannot exec into pod default/p on cluster member2: the server answered 403',
      );
    },
  } as unknown as KubeClient & { deleted: string[] };
}

const options: ProbeOptions = {
  namespace: 'default',
  consumers: [],
  image: 'curlimages/curl:8.11.0',
  path: '',
  timeoutSeconds: 1,
  count: 1,
  expect: { status: '2xx' },
  parallel: 1,
  podTimeoutMs: 0,
  keepPod: false,
};
const signal = () => new AbortController().signal;
const target = {
  mcs: { metadata: { name: 'nginx', namespace: 'default' } },
  urls: [{ url: 'http://nginx.default', host: 'nginx.default', port: 80, portName: '', path: '' }],
};

test("a probe pod the scheduler cannot place is a probe failure that carries the scheduler's message", async () => {
  const client = fakeClient('unschedulable');
  const rows = await probeConsumer(
    { member: async () => client } as never,
    'member2',
    [target],
    options,
    new PodTracker(),
    new AbortController().signal,
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ ok: false, layer: 'probe', layers: null });
  expect(rows[0]!.reason).toMatch(
    /^probe pod karmada-mcs-probe-\w+ still Pending after .* \(not scheduled: 0\/1 nodes are available/,
  );
  expect(rows[0]!.hint).toContain('--pod');
  expect(client.deleted).toHaveLength(1);
});

test('an exec the API server refuses is a probe failure, and the pod is deleted', async () => {
  const client = fakeClient('exec-refused');
  const rows = await probeConsumer(
    { member: async () => client } as never,
    'member2',
    [target],
    options,
    new PodTracker(),
    new AbortController().signal,
  );
  expect(rows[0]).toMatchObject({
    ok: false,
    layer: 'probe',
    reason:
      'exec into the probe pod failed: cannot exec into pod default/p on cluster member2: the server answered 403',
  });
  expect(client.deleted).toHaveLength(1);
});

test('an image without curl on containerd (an exec error, not an exit code) names --image', async () => {
  const client = fakeClient('no-curl');
  const rows = await probeConsumer(
    { member: async () => client } as never,
    'member2',
    [target],
    options,
    new PodTracker(),
    signal(),
  );
  expect(rows[0]).toMatchObject({
    layer: 'probe',
    reason: 'the probe image has no curl (curlimages/curl:8.11.0: executable file not found in $PATH)',
    hint: expect.stringMatching(/^pass --image with an image that has curl/),
  });
});

test('waitRunning stops at the deadline for a Pending pod and says why it is pending', async () => {
  await expect(waitRunning(fakeClient('unschedulable'), 'default', 'p', 0)).rejects.toThrow(
    `probe pod p still Pending after 0ms (not scheduled: ${UNSCHEDULABLE})`,
  );
});
