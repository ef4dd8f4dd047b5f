// The "restricted" Pod Security Standard (baseline checks included), written from the checks in
// kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/ (latest version of each
// check). Returns the violations in the admission's own words; [] means the pod is admitted.
type Obj = Record<string, any>;

const containers = (spec: Obj): Obj[] => [
  ...(spec.initContainers ?? []),
  ...(spec.containers ?? []),
  ...(spec.ephemeralContainers ?? []),
];

// check_capabilities_baseline.go: the capabilities a baseline container may add.
const BASELINE_CAPS = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
// check_restrictedVolumes.go: the volume sources allowed under restricted.
const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
// check_sysctls.go: the safe sysctls (1.32 set).
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

/** A container's value of a securityContext field, falling back to the pod's where Kubernetes does. */
function effective(spec: Obj, c: Obj, field: string): unknown {
  return c.securityContext?.[field] ?? spec.securityContext?.[field];
}

export function restrictedViolations(pod: Obj): string[] {
  const spec = pod.spec ?? {};
  const all = containers(spec);
  const v: string[] = [];
  // --- baseline ---
  // check_hostNamespaces.go
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) v.push('host namespaces');
  // check_privileged.go
  if (all.some((c) => c.securityContext?.privileged)) v.push('privileged');
  // check_capabilities_baseline.go
  if (all.some((c) => (c.securityContext?.capabilities?.add ?? []).some((cap: string) => !BASELINE_CAPS.has(cap))))
    v.push('non-default capabilities');
  // check_hostPathVolumes.go
  if ((spec.volumes ?? []).some((vol: Obj) => vol.hostPath)) v.push('hostPath volumes');
  // check_hostPorts.go
  if (all.some((c) => (c.ports ?? []).some((p: Obj) => p.hostPort))) v.push('hostPort');
  // check_appArmorProfile.go: only RuntimeDefault or Localhost (or unset); annotations likewise
  const appArmor = [
    spec.securityContext?.appArmorProfile,
    ...all.map((c) => c.securityContext?.appArmorProfile),
  ].filter(Boolean);
  if (appArmor.some((p: Obj) => p.type === 'Unconfined')) v.push('forbidden AppArmor profile');
  // check_seLinuxOptions.go: type among the container types, no user or role
  const seLinux = [spec.securityContext?.seLinuxOptions, ...all.map((c) => c.securityContext?.seLinuxOptions)].filter(
    Boolean,
  );
  if (
    seLinux.some(
      (o: Obj) =>
        o.user ||
        o.role ||
        (o.type && !['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'].includes(o.type)),
    )
  ) {
    v.push('seLinuxOptions');
  }
  // check_procMount.go
  if (all.some((c) => c.securityContext?.procMount && c.securityContext.procMount !== 'Default')) v.push('procMount');
  // check_seccompProfile_baseline.go
  if (
    [spec.securityContext, ...all.map((c) => c.securityContext)].some((sc) => sc?.seccompProfile?.type === 'Unconfined')
  )
    v.push('seccompProfile Unconfined');
  // check_sysctls.go
  if ((spec.securityContext?.sysctls ?? []).some((s: Obj) => !SAFE_SYSCTLS.has(s.name))) v.push('forbidden sysctls');
  // check_windowsHostProcess.go
  if ([spec.securityContext, ...all.map((c) => c.securityContext)].some((sc) => sc?.windowsOptions?.hostProcess))
    v.push('hostProcess');
  // --- restricted ---
  // check_restrictedVolumes.go
  if (
    (spec.volumes ?? []).some(
      (vol: Obj) =>
        !Object.keys(vol)
          .filter((k) => k !== 'name')
          .every((k) => RESTRICTED_VOLUMES.has(k)),
    )
  )
    v.push('restricted volume types');
  // check_allowPrivilegeEscalation.go: every container sets it false explicitly (pod level has no such field)
  if (all.some((c) => c.securityContext?.allowPrivilegeEscalation !== false))
    v.push('allowPrivilegeEscalation != false');
  // check_runAsNonRoot.go: pod true (and no container false), or every container true
  if (spec.securityContext?.runAsNonRoot === false || all.some((c) => effective(spec, c, 'runAsNonRoot') !== true))
    v.push('runAsNonRoot != true');
  // check_runAsUser.go: runAsUser, where set, is not 0
  if (spec.securityContext?.runAsUser === 0 || all.some((c) => c.securityContext?.runAsUser === 0))
    v.push('runAsUser=0');
  // check_seccompProfile_restricted.go: RuntimeDefault or Localhost, at pod level or on every container
  if (
    all.some(
      (c) => !['RuntimeDefault', 'Localhost'].includes((effective(spec, c, 'seccompProfile') as Obj | undefined)?.type),
    )
  )
    v.push('seccompProfile');
  // check_capabilities_restricted.go: drop ALL, add nothing but NET_BIND_SERVICE
  if (all.some((c) => !(c.securityContext?.capabilities?.drop ?? []).includes('ALL')))
    v.push('capabilities must drop ALL');
  if (all.some((c) => (c.securityContext?.capabilities?.add ?? []).some((cap: string) => cap !== 'NET_BIND_SERVICE')))
    v.push('capabilities added');
  return v;
}
