// kubectl's plugin completion protocol (cobra's __complete): print one candidate per line,
// optionally "value<TAB>description", then ":<directive>". Live names come from the API with a
// short timeout, so a slow or unreachable cluster never hangs the shell: it just offers nothing.
// A flag whose value is a file leaves it to the shell, as kubectl's own --kubeconfig does.
import type { CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import type { Io } from '../output/printer.js';
import { Printer } from '../output/printer.js';
import { Session } from '../session.js';
import { CLUSTERS, DEPLOYMENTS, MCS, NAMESPACES } from '../kube/resources.js';
import type { KubeObject } from '../kube/objects.js';
import { DEFAULT_HOST_CONTEXT, DEFAULT_MAX_CONCURRENT_REQUESTS } from '../defaults.js';
import { kubectlVerbosity } from '../verbosity.js';

/** cobra's ShellCompDirectiveDefault: the shell completes file names when nothing is offered. */
const FILE_COMPLETION = 0;
/** cobra's ShellCompDirectiveNoFileComp: nothing but the candidates. */
const NO_FILE_COMPLETION = 4;
const LIVE_TIMEOUT = '2s';

type Lister = (session: Session) => Promise<string[]>;

const names = (objects: KubeObject[]) => objects.flatMap((o) => o.metadata?.name ?? []);
const clusters: Lister = async (s) => names(await (await s.karmada()).list(CLUSTERS));
const inNamespace =
  (rt: typeof MCS): Lister =>
  async (s) =>
    names(await (await s.karmada()).list(rt, await s.namespace()));
const contexts: Lister = async (s) => s.contextNames();
const namespaces: Lister = async (s) => names(await (await s.karmada()).list(NAMESPACES));

/** Live values for flags, and for the positional argument of each command. */
const FLAG_VALUES: Partial<Record<string, Lister>> = {
  '--provider': clusters,
  '--consumer': clusters,
  '--karmada-context': contexts,
  '--context': contexts,
  '--host-context': contexts,
  '--namespace': namespaces,
};
const FILE_FLAGS = new Set(['--kubeconfig', '--write-kubeconfig']);
const ARGUMENTS: Partial<Record<string, Lister>> = {
  expose: inNamespace(DEPLOYMENTS),
  unexpose: inNamespace(MCS),
  status: inNamespace(MCS),
  doctor: inNamespace(MCS),
  probe: inNamespace(MCS),
};

function flagsOf(cmd: CommandUnknownOpts): readonly Option[] {
  return [...cmd.options, ...(cmd.parent ? flagsOf(cmd.parent) : [])];
}

const takesValue = (o: Option | undefined) => Boolean(o && (o.required || o.optional));

export async function complete(io: Io, root: CommandUnknownOpts, words: string[]): Promise<number> {
  // A bare -v takes no word that is not a level (src/verbosity.ts): read the words as the command will.
  const typed = kubectlVerbosity(words.slice(0, -1), root);
  const partial = words.at(-1) ?? '';
  const globals: Record<string, string> = {};
  const positionals: string[] = [];
  let cmd = root;
  for (let i = 0; i < typed.length; i++) {
    const word = typed[i] ?? '';
    if (word.startsWith('-')) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word : word.slice(0, eq);
      const flag = flagsOf(cmd).find((o) => o.long === name || o.short === name);
      const value = eq < 0 ? (takesValue(flag) ? typed.at(++i) : undefined) : word.slice(eq + 1);
      if (flag?.long && value !== undefined) globals[flag.long] = value;
      continue;
    }
    const sub = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub) cmd = sub;
    else positionals.push(word);
  }
  const previous = typed.at(-1);
  const valueFlag =
    previous?.startsWith('-') && !previous.includes('=')
      ? flagsOf(cmd).find((o) => o.long === previous || o.short === previous)
      : undefined;
  const argument = ARGUMENTS[cmd.name()];
  let candidates: string[] = [];
  let directive = NO_FILE_COMPLETION;
  if (valueFlag?.long && FILE_FLAGS.has(valueFlag.long)) directive = FILE_COMPLETION;
  else if (valueFlag && takesValue(valueFlag)) {
    const live = valueFlag.long === undefined ? undefined : FLAG_VALUES[valueFlag.long];
    candidates = valueFlag.argChoices ?? (live ? await liveNames(io, globals, live) : []);
  } else if (partial.startsWith('-')) {
    candidates = flagsOf(cmd)
      .filter((o) => !o.hidden && o.long)
      .map((o) => `${o.long}\t${o.description}`);
  } else if (cmd === root) {
    candidates = cmd.commands.map((c) => `${c.name()}\t${c.description()}`);
  } else if (positionals.length === 0 && argument) {
    candidates = await liveNames(io, globals, argument);
  }
  for (const c of candidates.filter((c) => c.startsWith(partial))) io.stdout.write(`${c}\n`);
  io.stdout.write(`:${directive}\n`);
  return 0;
}

async function liveNames(io: Io, flags: Record<string, string>, list: Lister): Promise<string[]> {
  const quiet: Io = { ...io, stderr: { write: () => true } as unknown as Io['stderr'] };
  const session = new Session(
    {
      kubeconfig: flags['--kubeconfig'],
      karmadaContext: flags['--karmada-context'] ?? flags['--context'],
      hostContext: flags['--host-context'] ?? DEFAULT_HOST_CONTEXT,
      namespace: flags['--namespace'],
      clusterContext: [],
      requestTimeout: LIVE_TIMEOUT,
      maxConcurrentRequests: String(DEFAULT_MAX_CONCURRENT_REQUESTS),
      color: false,
    },
    new Printer(quiet),
  );
  try {
    return await list(session);
  } catch {
    // Completion offers what it can: an unreachable or slow cluster, or a missing kubeconfig, offers nothing.
    return [];
  }
}
