// Wiring only: flags and commands for commander. Each flag is declared once, below, and its type comes from that
// declaration (commander's extra typings): a command module takes `Flags<'status'>`, never an interface kept in step
// by hand. Each action imports its command module on demand, so parsing loads nothing but commander.
import { Command, CommanderError, Option, type OptionValues } from '@commander-js/extra-typings';
import {
  DEFAULT_HOST_CONTEXT,
  DEFAULT_MAX_CONCURRENT_REQUESTS,
  DEFAULT_PROBE_IMAGE,
  DEFAULT_ROLLOUT_TIMEOUT,
  DEFAULT_STATUS_TIMEOUT,
  LAYOUTS,
} from './defaults.js';
import type { Io } from './output/printer.js';
import type { Session } from './session.js';
import { kubectlVerbosity, verboseIn, verbosityLevel } from './verbosity.js';

export type { Io };

const EXIT_INTERRUPTED = 130;

const collect = (value: string, previous: string[]) => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

// An optional value: a bare --dry-run means client, as kubectl's deprecated form does.
const DRY_RUN = new Option(
  '--dry-run [mode]',
  'none: write; client (also a bare --dry-run): print what would change and write nothing; ' +
    'server: let the API server validate the write without persisting it',
)
  .choices(['none', 'client', 'server'] as const)
  .default('none' as const);
/** kubectl's words for the bare form (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go, GetDryRunStrategy). */
const BARE_DRY_RUN = '--dry-run is deprecated and can be replaced with --dry-run=client.';

function rootCommand(io: Io) {
  return (
    new Command('kubectl karmada-mcs')
      .description('Make a Service in one Karmada member cluster reachable from others with a MultiClusterService.')
      .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)')
      .option(
        '--karmada-context <context>',
        'kubeconfig context of the Karmada API server (default: the current context)',
      )
      .option('--context <context>', 'the same as --karmada-context, as kubectl names it')
      .option(
        '--host-context <context>',
        'kubeconfig context of the cluster that runs the Karmada control plane',
        DEFAULT_HOST_CONTEXT,
      )
      .option('-n, --namespace <namespace>', 'namespace (default: the context\'s namespace, else "default")')
      .option(
        '--cluster-context <cluster=context>',
        'reach a member cluster through this kubeconfig context instead of the Karmada cluster proxy (repeatable)',
        collect,
        [],
      )
      .option(
        '--request-timeout <duration>',
        'time limit of one API request: a duration (5s, 1m), a bare number of seconds, or 0 for none',
        '30s',
      )
      .option(
        '--max-concurrent-requests <n>',
        'API requests in flight at once, to all clusters together; lower it to spare a busy API server',
        String(DEFAULT_MAX_CONCURRENT_REQUESTS),
      )
      .option('--no-color', 'never colour the output (also NO_COLOR)')
      .option(
        '-v, --verbose [level]',
        "verbosity, as kubectl's -v=N (also -v N, --v=N; -v alone is 1): above 0, print one line per API request " +
          'on stderr, and stack traces of unexpected errors',
        verbosityLevel,
      )
      .showHelpAfterError('(add --help for usage)')
      .exitOverride()
      // Help wraps at 80 columns whatever the terminal, as kubectl's does not follow it either; that
      // also lets the build render it once (helpRequests below).
      .configureOutput({
        writeOut: (s) => io.stdout.write(s),
        writeErr: (s) => io.stderr.write(s),
        getOutHelpWidth: () => 80,
        getErrHelpWidth: () => 80,
      })
  );
}

type Root = ReturnType<typeof rootCommand>;
/** The global flags, as every command sees them. */
export type GlobalFlags = ReturnType<Root['opts']>;

const gateCommand = (root: Root, name: string, alias: string, enable: boolean) =>
  root
    .command(name)
    .alias(alias)
    .description(
      `${enable ? 'Turn on' : 'Turn off'} Karmada's MultiClusterService feature gate in karmada-controller-manager ` +
        '(on --host-context) and wait for the rollout',
    )
    .option(
      '--karmada-namespace <namespace>',
      'namespace of the Karmada control plane in the host cluster',
      'karmada-system',
    )
    .option(
      '--deployment <name>',
      'controller-manager Deployment (default: the one that runs karmada-controller-manager, whatever its name)',
    )
    .addOption(DRY_RUN)
    .option('--no-wait', 'do not wait for the rollout')
    .option('--timeout <duration>', `how long to wait for the rollout (default: ${DEFAULT_ROLLOUT_TIMEOUT})`)
    .option('--agents', `also ${enable ? 'enable' : 'disable'} the gate on the karmada-agent of every Pull-mode member`)
    .addOption(
      new Option('-o, --output <format>', 'name: print only the patched objects, as kubectl does').choices([
        'name',
      ] as const),
    );

/** Every command, in the order help lists them: its name, arguments and flags. */
const COMMANDS = {
  playground: (root: Root) =>
    root
      .command('playground')
      .description(
        'Run a simulated Karmada (API server, host and member clusters) on localhost to try the plugin ' +
          'without a cluster',
      )
      .option('--clusters <n>', 'number of member clusters', '2')
      .option('--latency <ms>', 'added latency of every API request, in milliseconds', '0')
      .addOption(
        new Option('--layout <install>', 'how the simulated Karmada was installed').choices(LAYOUTS).default('init'),
      )
      .option('--pull <cluster>', 'register this member in Pull mode, with a karmada-agent (repeatable)', collect, [])
      .option(
        '--write-kubeconfig <file>',
        'write the kubeconfig to this new file (refused if it exists) instead of a new private directory',
      )
      .option('--karmada-version <release>', 'the Karmada release to simulate, v1.8 to v1.18 (default: the latest)')
      .option(
        '--release <name>',
        'the Helm release name, with --layout helm: the controller-manager is <name>-controller-manager ' +
          '(default: karmada)',
      )
      .option(
        '--scenario <name>',
        'start in a situation users hit: gate-off, agent-gate-off, controllers-off, no-pod-network, ' +
          'cidr-overlap, wrong-target-port, tainted-consumer, stale-provider, loadbalancer, healthy ' +
          '(docs/playground.md)',
      ),
  demo: (root: Root) =>
    root
      .command('demo')
      .description(
        "Walk Karmada's MultiClusterService guide on a simulated Karmada: enable, expose, status, probe, doctor",
      ),
  enable: (root: Root) => gateCommand(root, 'enable', 'enable-feature', true),
  disable: (root: Root) => gateCommand(root, 'disable', 'disable-feature', false),
  expose: (root: Root) =>
    root
      .command('expose')
      .description(
        'Create the Service and MultiClusterService that make a Deployment in provider clusters reachable from ' +
          'consumer clusters',
      )
      .argument(
        '<NAME>',
        'a Deployment in the Karmada control plane (NAME or deployment/NAME), or an existing Service (service/NAME)',
      )
      .option(
        '--provider <clusters>',
        'cluster(s) whose endpoints are shared; repeatable or comma-separated',
        collect,
        [],
      )
      .option(
        '--consumer <clusters>',
        'cluster(s) that can reach the Service; repeatable or comma-separated',
        collect,
        [],
      )
      .option('--all-providers', "every registered cluster is a provider (Karmada's empty list)")
      .option('--all-consumers', "every registered cluster is a consumer (Karmada's empty list)")
      .option('--port <port>', "the Service port (default: the containers' ports)")
      .option('--target-port <port>', 'the port (number or name) the pods listen on (default: --port)')
      .addOption(new Option('--protocol <protocol>', 'the port protocol').choices(['TCP', 'UDP', 'SCTP'] as const))
      .option('--name <name>', "the Service and MultiClusterService name (default: the Deployment's)")
      // A parser, so that the type is a string: the typings read `,...>` as variadic, commander does not.
      .option(
        '--selector <key=value,...>',
        "the Service selector (default: the Deployment's matchLabels)",
        (value: string) => value,
      )
      .addOption(DRY_RUN)
      .addOption(
        new Option('-o, --output <format>', 'print the objects (or their names) instead of a summary').choices([
          'json',
          'yaml',
          'name',
        ] as const),
      )
      .option('--wait', 'wait until every consumer has the Service and ready endpoints from the providers')
      .option('--timeout <duration>', 'how long --wait waits (default: 2m)')
      .option(
        '--overwrite',
        'change a Service or MultiClusterService that expose did not write, and take over fields others set',
      )
      .option(
        '--overwrite-member-services',
        'let Karmada replace same-name Services in member clusters that it does not manage',
      ),
  unexpose: (root: Root) =>
    root
      .command('unexpose')
      .description('Delete a MultiClusterService, and the Service if expose created it')
      .argument('<NAME>', 'the MultiClusterService')
      .option('--keep-service', 'keep the Service in the control plane (and so its copies in the members)')
      .addOption(DRY_RUN)
      .addOption(
        new Option('-o, --output <format>', 'name: print only the deleted objects, as kubectl delete does').choices([
          'name',
        ] as const),
      )
      .option('--timeout <duration>', 'how long to wait for Karmada to release the MultiClusterService (default: 2m)'),
  status: (root: Root) =>
    root
      .command('status')
      .description('Show what Karmada did with each MultiClusterService, per cluster, with a verdict')
      .argument('[NAME]', 'one MultiClusterService (default: all in the namespace)')
      .option('-A, --all-namespaces', 'every namespace')
      .addOption(
        new Option('-o, --output <format>', 'output format')
          .choices(['table', 'wide', 'json', 'yaml', 'name'] as const)
          .default('table' as const),
      )
      .option('--wait', 'wait until everything shown is healthy')
      .option('--watch', 'print again whenever something changes, until Ctrl-C')
      .option('--timeout <duration>', `how long --wait waits (default: ${DEFAULT_STATUS_TIMEOUT})`),
  doctor: (root: Root) =>
    root
      .command('doctor')
      .description(
        "Check every stage from the feature gate to the consumers' endpoints, and say where MultiClusterService breaks",
      )
      .argument('[NAME]', 'one MultiClusterService (default: the install and every one in the namespace)')
      .option('-A, --all-namespaces', 'every namespace')
      .option('--probe', 'also run curl from a pod in each consumer cluster (creates and deletes a pod)')
      .addOption(
        new Option('-o, --output <format>', 'output format')
          .choices(['table', 'json', 'yaml'] as const)
          .default('table' as const),
      ),
  probe: (root: Root) =>
    root
      .command('probe')
      .description(
        'Prove reachability: run curl from a pod in each consumer cluster against the Service, then clean up',
      )
      .argument('[NAME]', 'one MultiClusterService (default: every one in the namespace)')
      .option(
        '--consumer <clusters>',
        'probe only from these consumer clusters; repeatable or comma-separated',
        collect,
        [],
      )
      .option('--pod <name>', 'an existing pod with curl to run from (no pod is created)')
      .option('--pod-namespace <namespace>', 'namespace of --pod or of the temporary pod (default: the MCS namespace)')
      .option('--image <image>', `image of the temporary pod (default: "${DEFAULT_PROBE_IMAGE}")`)
      .option('--port <port>', 'probe only this Service port')
      .option('--path <path>', 'URL path to request, starting with / (default: none)', '')
      .option('--url <url>', 'request this http(s):// URL instead of http://NAME.NAMESPACE:PORT')
      .option('--curl-timeout <duration>', 'time limit of each request', '10s')
      .option('--count <n>', 'requests per target', '1')
      .option('--expect-status <codes>', 'statuses that pass, e.g. 200, 2xx, 200,301', '2xx')
      .option('--expect-body <regex>', 'a pattern the body must match')
      .option('--parallel <n>', 'consumer clusters probed at once', '64')
      .option('--pod-timeout <duration>', 'how long to wait for the temporary pod to run', '2m')
      .option('--keep-pod', 'keep the temporary pods and print their names')
      .option('--cleanup', 'delete the probe pods that interrupted runs left in the member clusters, then exit')
      .addOption(
        new Option('-o, --output <format>', 'output format')
          .choices(['table', 'json', 'yaml'] as const)
          .default('table' as const),
      ),
  completion: (root: Root) =>
    root
      .command('completion')
      .description('Print a shell completion script for kubectl-karmada_mcs (bash, zsh or fish)')
      .argument('<shell>', 'bash, zsh or fish'),
  version: (root: Root) =>
    root
      .command('version')
      .description('Print the plugin, Node.js and Karmada API server versions')
      .option('--client', "print the plugin's and Node.js's versions only, without asking the server")
      .addOption(
        new Option('-o, --output <format>', 'output format')
          .choices(['table', 'json', 'yaml'] as const)
          .default('table' as const),
      ),
};

type Declared = typeof COMMANDS;
/** A bare --dry-run (commander's `true`) reaches a command as client: see `completeDryRun` below. */
type Completed<O> = { [K in keyof O]: K extends 'dryRun' ? Exclude<O[K], true> : O[K] };
/** The flags of a command, typed from its declaration above. */
export type Flags<K extends keyof Declared> = Completed<ReturnType<ReturnType<Declared[K]>['opts']>>;
/** The positional arguments of a command (`[NAME]` is `string | undefined`). */
export type Args<K extends keyof Declared> = ReturnType<Declared[K]>['processedArgs'];

type RunCommand<A, O> = (session: Session, flags: Completed<O>, args: A) => number | Promise<number>;

function completeDryRun<O extends OptionValues>(opts: O, session: Session): Completed<O> {
  if (opts.dryRun !== true) return opts as Completed<O>;
  session.out.warn(BARE_DRY_RUN);
  return { ...opts, dryRun: 'client' } as Completed<O>;
}

function program(io: Io, state: { session?: Session; code: number }): Root {
  const root = rootCommand(io);
  // The printer (chalk) and session load only when a command runs, not for --help.
  const session = async (globals: GlobalFlags): Promise<Session> => {
    const [{ Printer }, { Session }] = await Promise.all([import('./output/printer.js'), import('./session.js')]);
    const verbose = Number(globals.verbose ?? 0) > 0;
    state.session = new Session(globals, await Printer.create(io, { color: globals.color, verbose }));
    return state.session;
  };
  const wire = <A extends unknown[], O extends OptionValues>(
    cmd: Command<A, O, GlobalFlags>,
    load: () => Promise<RunCommand<A, O>>,
  ) =>
    cmd.action(async function () {
      const s = await session(this.optsWithGlobals());
      const runCommand = await load();
      state.code = await runCommand(s, completeDryRun(this.opts(), s), this.processedArgs);
    });

  wire(COMMANDS.playground(root), async () => (await import('./commands/playground.js')).playground);
  wire(COMMANDS.demo(root), async () => {
    const { demo } = await import('./commands/demo.js');
    return (s) => demo(s, run);
  });
  wire(COMMANDS.enable(root), async () => (await import('./commands/enable.js')).enable);
  wire(COMMANDS.disable(root), async () => (await import('./commands/enable.js')).disable);
  wire(COMMANDS.expose(root), async () => (await import('./commands/expose.js')).expose);
  wire(COMMANDS.unexpose(root), async () => (await import('./commands/unexpose.js')).unexpose);
  wire(COMMANDS.status(root), async () => (await import('./commands/status.js')).status);
  wire(COMMANDS.doctor(root), async () => (await import('./commands/doctor.js')).doctor);
  wire(COMMANDS.probe(root), async () => (await import('./commands/probe.js')).probe);
  wire(COMMANDS.completion(root), async () => (await import('./commands/completion.js')).completion);
  wire(COMMANDS.version(root), async () => (await import('./commands/version.js')).version);
  return root;
}

/** Every argument list that asks for nothing but help: the build renders each one's output for src/main.ts. */
export function helpRequests(): string[][] {
  const names = program({ stdout: process.stdout, stderr: process.stderr, env: {} }, { code: 0 }).commands.flatMap(
    (c) => [c.name(), ...c.aliases()],
  );
  return [
    [],
    ['--help'],
    ['-h'],
    ['help'],
    ...names.flatMap((n) => [
      [n, '--help'],
      [n, '-h'],
      ['help', n],
    ]),
  ];
}

/** Runs the CLI with argv (without node and script), returning the exit code. Never exits the process. */
export async function run(
  argv: string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  const state: { session?: Session; code: number } = { code: 0 };
  const root = program(io, state);
  // kubectl's -v=6, -v 6 and --v=6 as the one form commander reads.
  const args = kubectlVerbosity(argv, root);
  if (argv[0] === '__complete') {
    // kubectl's plugin completion protocol: the words typed so far, the last one being completed.
    const { complete } = await import('./commands/complete.js');
    return complete(io, root, argv.slice(1));
  }
  if (argv.length === 0) {
    root.outputHelp();
    return 0;
  }
  // Ctrl-C exits 130 in every command. A command with its own handler (to clean up or say what it left) gets the
  // signal and finishes; any other command is left behind at once, with one line saying so. A command that ever
  // handled it speaks for itself (a second Ctrl-C comes back here after it said what it left).
  const baseline = process.listenerCount('SIGINT');
  const sigint = { seen: false, claimed: false };
  const onListener = (event: string | symbol) => {
    if (event === 'SIGINT') sigint.claimed = true;
  };
  let stop = (_code: number) => {};
  const interrupted = new Promise<number>((resolve) => {
    stop = resolve;
  });
  const onSigint = () => {
    const first = !sigint.seen;
    sigint.seen = true;
    if (process.listenerCount('SIGINT') - 1 !== baseline) return;
    // Written now, as the command is left behind: nothing it prints later can come first.
    if (first && !sigint.claimed) io.stderr.write('error: interrupted\n');
    stop(EXIT_INTERRUPTED);
  };
  process.on('SIGINT', onSigint);
  // Only listeners added after ours: a command's own.
  process.on('newListener', onListener);
  let code: number;
  try {
    const parsed = root.parseAsync(args, { from: 'user' }).then(() => state.code);
    // The race below rethrows a failure; after Ctrl-C has won it, a later one must not be an unhandled rejection.
    parsed.catch(() => undefined);
    code = await Promise.race([parsed, interrupted]);
  } catch (error) {
    code = await report(error, io, args, state.session);
  } finally {
    process.off('SIGINT', onSigint);
    process.off('newListener', onListener);
  }
  return sigint.seen ? EXIT_INTERRUPTED : code;
}

async function report(error: unknown, io: Io, args: string[], session?: Session): Promise<number> {
  if (error instanceof CommanderError) {
    // commander has printed the message; help and version are successes, the rest are usage errors.
    return ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code) ? 0 : 2;
  }
  const [{ Printer }, { BugError, CliError }, { pluginVersion }] = await Promise.all([
    import('./output/printer.js'),
    import('./errors.js'),
    import('./version.js'),
  ]);
  const verbose = verboseIn(args);
  const printer = session?.out ?? (await Printer.create(io, { verbose, color: !args.includes('--no-color') }));
  if (session && error instanceof CliError && error.hint) error.hint = session.reached(error.hint);
  return printer.error(error instanceof CliError ? error : new BugError(error, pluginVersion()));
}
