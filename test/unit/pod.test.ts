// The probe pod's spec against the restricted Pod Security Standard, why a pod is not running, and
// which dispatched endpoints a probe requests.
import { PROBE_RUN, PROBE_SELECTOR, pendingCause, probePodSpec } from '../../src/probe/pods.js';
import { MAX_ENDPOINTS, dispatchedEndpoints } from '../../src/probe/service.js';
import { restrictedViolations } from './pss-restricted.js';

const spec = () => probePodSpec('karmada-mcs-probe-abc123', 'default', 'curlimages/curl:8.11.0', 'run1', 300);

test('the probe pod passes the restricted Pod Security Standard', () => {
  expect(restrictedViolations(spec())).toEqual([]);
});

test('the restricted check is not vacuous: each loosening of the probe pod is caught', () => {
  const loosen = (change: (pod: any) => void) => {
    const pod = spec();
    change(pod);
    return restrictedViolations(pod);
  };
  const c = (pod: any) => pod.spec.containers[0]!.securityContext;
  expect(
    loosen((p) => {
      delete c(p).allowPrivilegeEscalation;
    }),
  ).toEqual(['allowPrivilegeEscalation != false']);
  expect(
    loosen((p) => {
      delete c(p).runAsNonRoot;
      delete p.spec.securityContext.runAsNonRoot;
    }),
  ).toEqual(['runAsNonRoot != true']);
  expect(
    loosen((p) => {
      c(p).runAsUser = 0;
    }),
  ).toEqual(['runAsUser=0']);
  expect(
    loosen((p) => {
      delete c(p).seccompProfile;
      delete p.spec.securityContext.seccompProfile;
    }),
  ).toEqual(['seccompProfile']);
  expect(
    loosen((p) => {
      c(p).capabilities = { drop: ['NET_RAW'] };
    }),
  ).toEqual(['capabilities must drop ALL']);
  expect(
    loosen((p) => {
      c(p).capabilities.add = ['NET_ADMIN'];
    }),
  ).toEqual(['non-default capabilities', 'capabilities added']);
  expect(
    loosen((p) => {
      p.spec.volumes = [{ name: 'h', hostPath: { path: '/' } }];
    }),
  ).toEqual(['hostPath volumes', 'restricted volume types']);
  expect(
    loosen((p) => {
      p.spec.hostNetwork = true;
    }),
  ).toEqual(['host namespaces']);
});

test('hardened beyond the standard: no token, read-only root, limits, a deadline, labels for --cleanup', () => {
  const pod = spec();
  expect(pod.spec).toMatchObject({
    automountServiceAccountToken: false,
    activeDeadlineSeconds: 300,
    restartPolicy: 'Never',
  });
  expect(pod.spec!.securityContext!.runAsUser).toEqual(expect.any(Number));
  const container = pod.spec!.containers[0]!;
  expect(container.securityContext!.readOnlyRootFilesystem).toBe(true);
  expect(container.resources).toEqual({
    requests: { cpu: '10m', memory: '16Mi' },
    limits: { cpu: '100m', memory: '32Mi' },
  });
  expect(container.command).toEqual(['sleep', '300']);
  expect(pod.metadata!.labels![PROBE_RUN]).toBe('run1');
  // The selector --cleanup uses matches the labels the pod carries.
  for (const term of PROBE_SELECTOR.split(',')) {
    const [key, value] = term.split('=');
    expect(pod.metadata!.labels![key!]).toBe(value);
  }
});

test('why a pod is Pending: image errors end the wait, a scheduler message is carried', () => {
  const waiting = (reason: string, message?: string) => ({
    status: {
      phase: 'Pending',
      containerStatuses: [
        {
          name: 'curl',
          image: 'curl',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason, message } },
        },
      ],
    },
  });
  expect(pendingCause(waiting('ErrImagePull', 'pull access denied'))).toEqual({
    fatal: true,
    text: 'ErrImagePull: pull access denied',
  });
  expect(pendingCause(waiting('ContainerCreating'))).toEqual({ fatal: false, text: 'ContainerCreating' });
  const unschedulable = {
    status: {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }.',
        },
      ],
    },
  };
  expect(pendingCause(unschedulable)).toEqual({
    fatal: false,
    text: 'not scheduled: 0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }.',
  });
  expect(pendingCause({ status: { phase: 'Pending' } })).toBeUndefined();
});

test('dispatched endpoints: ready ones of the matching port, spread over the providers, at most MAX_ENDPOINTS', () => {
  const slice = (name: string, provider: string, ips: string[], ports = [{ name: '', port: 80, protocol: 'TCP' }]) => ({
    metadata: { name, annotations: { 'endpointslice.karmada.io/provision-cluster': provider } },
    addressType: 'IPv4',
    ports,
    endpoints: ips.map((ip, i) => ({ addresses: [ip], conditions: { ready: i !== 2 } })),
  });
  const slices = [
    slice('member1-nginx-abc', 'member1', ['10.1.0.1', '10.1.0.2', '10.1.0.3', '10.1.0.4', '10.1.0.5']),
    slice('member3-nginx-def', 'member3', ['10.3.0.1']),
    slice('member4-nginx-ghi', 'member4', ['10.4.0.1'], [{ name: 'https', port: 443, protocol: 'TCP' }]),
  ];
  const { endpoints, total } = dispatchedEndpoints(slices, '');
  expect(total).toBe(5);
  expect(endpoints).toHaveLength(MAX_ENDPOINTS);
  expect(endpoints.map((e) => `${e.provider} ${e.ip}:${e.port}`)).toEqual([
    'member1 10.1.0.1:80',
    'member3 10.3.0.1:80',
    'member1 10.1.0.2:80',
    'member1 10.1.0.4:80',
  ]);
  expect(dispatchedEndpoints(slices, 'https').endpoints).toEqual([{ provider: 'member4', ip: '10.4.0.1', port: 443 }]);
  // Slices and their endpoints come in any order: the same ones are picked, in the same order.
  const shuffled = [
    slice('m3', 'member3', ['10.3.0.1']),
    slice('m1', 'member1', ['10.1.0.10', '10.1.0.9', '', '10.1.0.1']),
  ];
  expect(dispatchedEndpoints(shuffled, '').endpoints.map((e) => e.ip)).toEqual([
    '10.1.0.1',
    '10.3.0.1',
    '10.1.0.9',
    '10.1.0.10',
  ]);
});
