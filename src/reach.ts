// A hint is a command to copy: it must reach the clusters the command that printed it reached. Whatever the user
// passed to choose them (--kubeconfig, the Karmada context, --host-context) goes into every hint that lacks it, in
// the spelling of the tool the hint runs: this plugin, karmadactl's `kubectl karmada`, or kubectl itself (whose
// --context is the Karmada API's unless the hint names another, such as the host's).
import { DEFAULT_HOST_CONTEXT } from './defaults.js';

/** The choices a command was run with; undefined when left to the kubeconfig's defaults. */
export interface Reach {
  kubeconfig?: string;
  karmadaContext?: string;
  /** how the user named it to this plugin: kubectl's --context or --karmada-context (the default) */
  karmadaFlag?: '--context' | '--karmada-context';
  /** --host-context, when not the default */
  hostContext?: string;
  /** each --cluster-context CLUSTER=CONTEXT, for this plugin's hints */
  clusterContexts?: string[];
}

/** The reach of a command's global flags (src/cli.ts). */
export function reachOf(globals: {
  kubeconfig?: string;
  karmadaContext?: string;
  context?: string;
  hostContext?: string;
  clusterContext?: string[];
}): Reach {
  const { kubeconfig, karmadaContext, context, hostContext, clusterContext } = globals;
  return {
    kubeconfig,
    // --context is kubectl's name for --karmada-context: a hint repeats the one given.
    karmadaContext: karmadaContext ?? context,
    karmadaFlag: karmadaContext || !context ? '--karmada-context' : '--context',
    hostContext: hostContext && hostContext !== DEFAULT_HOST_CONTEXT ? hostContext : undefined,
    clusterContexts: clusterContext,
  };
}

/** `--name value` pairs a tool takes for the reach, by the name it spells them with. */
function flagsFor(hint: string, reach: Reach): Array<[string, string | undefined]> {
  // The simulated Karmada reads no kubeconfig: it writes its own (--write-kubeconfig).
  if (/^kubectl karmada-mcs (playground|demo)\b/.test(hint)) return [];
  if (hint.startsWith('kubectl karmada-mcs '))
    return [
      ['--kubeconfig', reach.kubeconfig],
      [reach.karmadaFlag ?? '--karmada-context', reach.karmadaContext],
      ['--host-context', reach.hostContext],
      ...(reach.clusterContexts ?? []).map((pair): [string, string] => ['--cluster-context', pair]),
    ];
  if (hint.startsWith('kubectl karmada '))
    return [
      ['--kubeconfig', reach.kubeconfig],
      ['--karmada-context', reach.karmadaContext],
    ];
  return [
    ['--kubeconfig', reach.kubeconfig],
    ['--context', reach.karmadaContext],
  ];
}

/**
 * The hint with the reach's flags it lacks: after the command's words for this plugin, after `kubectl` else. A hint
 * in words gets them in each command it quotes (`…, then run \`kubectl …\``).
 */
export function withReach(hint: string, reach: Reach): string {
  if (!hint.startsWith('kubectl '))
    return hint.replace(/`(kubectl [^`]+)`/g, (_, command: string) => `\`${withReach(command, reach)}\``);
  // A flag the hint has (the host's --context, a suggested --host-context) is its own choice.
  const missing = flagsFor(hint, reach)
    .filter(([flag, value]) => value !== undefined && !has(hint, flag, value))
    .map(([flag, value]) => ` ${flag} ${quoted(value ?? '')}`)
    .join('');
  if (!missing) return hint;
  if (hint.startsWith('kubectl karmada-mcs ') || hint.startsWith('kubectl karmada ')) {
    // After the subcommand: `kubectl karmada-mcs enable --agents` → `… enable --karmada-context k --agents`.
    const words = /^kubectl karmada(?:-mcs)? \S+/.exec(hint)?.[0] ?? hint;
    return `${words}${missing}${hint.slice(words.length)}`;
  }
  return `kubectl${missing}${hint.slice('kubectl'.length)}`;
}

/**
 * Whether the hint sets the flag (the plugin takes either name for the Karmada context); a --cluster-context, for
 * the same cluster.
 */
function has(hint: string, flag: string, value: string | undefined): boolean {
  if (flag === '--cluster-context') return hint.includes(`--cluster-context ${(value ?? '').split('=')[0] ?? ''}=`);
  const names =
    hint.startsWith('kubectl karmada-mcs ') && flag.endsWith('context') && flag !== '--host-context'
      ? ['--context', '--karmada-context']
      : [flag];
  return names.some((name) => new RegExp(`(^| )${name}[ =]`).test(hint));
}

/** A value as a shell word: quoted when it holds anything but the characters paths and names are made of. */
const quoted = (value: string): string =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
