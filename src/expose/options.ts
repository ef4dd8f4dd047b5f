// expose's and unexpose's Complete + Validate steps on the flags alone (no API): everything here is a usage
// error (exit 2), caught before any request — for expose, the same rules Karmada's webhook applies.
import { parseDuration } from '../duration.js';
import { UsageError } from '../errors.js';
import { clusterNameError, dns1035Error } from '../karmada/validation.js';
import type { Flags } from '../cli.js';

/** expose's flags, typed from their one declaration in src/cli.ts. */
export type ExposeFlags = Flags<'expose'>;

export const DEFAULT_WAIT_TIMEOUT = '2m';

export interface Target {
  kind: 'deployment' | 'service';
  name: string;
  /** the user named the kind explicitly (deployment/x, service/x) */
  explicit: boolean;
}

export interface PortSpec {
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

export interface ExposeOptions {
  target: Target;
  /** MCS and Service name */
  name: string;
  /** empty = every registered cluster, only with --all-providers/--all-consumers */
  providers: string[];
  consumers: string[];
  port?: PortSpec;
  targetPort?: number | string;
  protocol?: string;
  selector?: Record<string, string>;
}

const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function parseTarget(arg: string | undefined): Target {
  if (!arg)
    throw new UsageError(
      'expose needs the name of a Deployment or Service, e.g. `expose nginx` or `expose service/nginx`',
    );
  const m = /^(?:(deployment|deployments|deploy|deployment\.apps|service|services|svc)\/)?([^/]+)$/.exec(arg);
  if (!m) throw new UsageError(`cannot expose "${arg}": expected NAME, deployment/NAME or service/NAME`);
  const [, given, name = ''] = m;
  const kind = given && /^s/.test(given) ? 'service' : 'deployment';
  return { kind, name, explicit: Boolean(given) };
}

function portNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535)
    throw new UsageError(`invalid value "${text}" for ${flag}: expected a port number from 1 to 65535`);
  return n;
}

function parseSelector(text: string): Record<string, string> {
  const pairs = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (pairs.length === 0) throw new UsageError('--selector must not be empty');
  return Object.fromEntries(
    pairs.map((pair) => {
      const m = /^([A-Za-z0-9][-A-Za-z0-9_./]*)=([-A-Za-z0-9_.]*)$/.exec(pair);
      if (!m)
        throw new UsageError(
          `invalid --selector "${text}": expected key=value[,key=value], ` +
            'as a Service selector only matches equality',
        );
      const [, key = '', value = ''] = m;
      return [key, value];
    }),
  );
}

function clusterList(list: string[], all: boolean | undefined, flag: 'provider' | 'consumer'): string[] {
  if (all && list.length) throw new UsageError(`--${flag} and --all-${flag}s cannot be used together`);
  if (!all && list.length === 0) {
    throw new UsageError(
      `--${flag} is required: name the ${flag} clusters, or pass --all-${flag}s ` +
        `(in Karmada an empty ${flag} list means every registered cluster)`,
    );
  }
  const unique = [...new Set(list)];
  unique.forEach((c, i) => {
    const error = clusterNameError(`--${flag}[${i}]`, c);
    if (error) throw new UsageError(`invalid cluster name: ${error}`);
  });
  return unique;
}

/** Flags that would do nothing are usage errors, so a user never believes one took effect. */
function checkFlagsApply(target: Target, flags: ExposeFlags): void {
  if (target.kind === 'service') {
    for (const [flag, given] of [
      ['--port', flags.port],
      ['--target-port', flags.targetPort],
      ['--protocol', flags.protocol],
      ['--selector', flags.selector],
    ] as const) {
      if (given !== undefined) {
        throw new UsageError(
          `${flag} cannot apply to service/${target.name}: ` +
            'expose uses an existing Service as it is and never changes it',
          'drop the flag, or expose the Deployment to have the Service derived',
        );
      }
    }
  }
  if (flags.wait && flags.dryRun !== 'none')
    throw new UsageError(`--wait cannot apply with --dry-run=${flags.dryRun}: nothing is written to wait for`);
  if (flags.timeout !== undefined && !flags.wait)
    throw new UsageError('--timeout only applies with --wait: without it expose does not wait');
}

export function completeExposeOptions(arg: string | undefined, flags: ExposeFlags): ExposeOptions {
  const target = parseTarget(arg);
  const name = flags.name ?? target.name;
  const nameError = dns1035Error('name', name);
  if (nameError)
    throw new UsageError(
      `invalid MultiClusterService name: ${nameError}`,
      flags.name ? undefined : 'pass --name with a DNS-1035 name',
    );
  if (target.kind === 'service' && flags.name && flags.name !== target.name) {
    throw new UsageError(
      '--name cannot rename an existing Service: a MultiClusterService must have the name of its Service',
    );
  }
  if (flags.output && flags.dryRun === 'none' && flags.wait) throw new UsageError('--wait cannot be combined with -o');
  checkFlagsApply(target, flags);
  const targetPort =
    flags.targetPort === undefined
      ? undefined
      : /^\d+$/.test(flags.targetPort)
        ? portNumber(flags.targetPort, '--target-port')
        : IANA_SVC_NAME.test(flags.targetPort) && flags.targetPort.length <= 15
          ? flags.targetPort
          : (() => {
              throw new UsageError(
                `invalid value "${flags.targetPort}" for --target-port: expected a port number or a port name`,
              );
            })();
  return {
    target,
    name,
    providers: clusterList(flags.provider, flags.allProviders, 'provider'),
    consumers: clusterList(flags.consumer, flags.allConsumers, 'consumer'),
    port:
      flags.port === undefined
        ? undefined
        : { port: portNumber(flags.port, '--port'), targetPort, protocol: flags.protocol },
    targetPort,
    protocol: flags.protocol,
    selector: flags.selector === undefined ? undefined : parseSelector(flags.selector),
  };
}

export interface UnexposeOptions {
  name: string;
  keepService: boolean;
  dryRun: Flags<'unexpose'>['dryRun'];
  output?: 'name';
  /** how long to wait for Karmada to release the MultiClusterService (not at all in a dry run) */
  timeoutMs: number;
}

export function completeUnexposeOptions(name: string | undefined, flags: Flags<'unexpose'>): UnexposeOptions {
  if (!name) throw new UsageError('unexpose needs the name of a MultiClusterService');
  if (flags.timeout !== undefined && flags.dryRun !== 'none')
    throw new UsageError(`--timeout cannot apply with --dry-run=${flags.dryRun}: nothing is deleted to wait for`);
  return {
    name,
    keepService: flags.keepService ?? false,
    dryRun: flags.dryRun,
    output: flags.output,
    timeoutMs: parseDuration(flags.timeout ?? DEFAULT_WAIT_TIMEOUT),
  };
}
