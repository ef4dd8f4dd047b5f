// `playground`: the simulated Karmada in the foreground, with a kubeconfig that points at it.
// The kubeconfig holds a token, so it goes to a new private directory of this playground, or to
// a --write-kubeconfig file that this playground creates itself: never through a symlink, never
// over a file someone else made. On exit it removes only what it created, so playgrounds side
// by side never touch each other's files.
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CliError, UsageError } from '../errors.js';
import { clusterNameError } from '../karmada/validation.js';
import { toYaml } from '../output/yaml.js';
import type { Flags } from '../cli.js';
import type { Session } from '../session.js';

type PlaygroundOptions = Flags<'playground'>;

const LAYOUT_NOTES = {
  init: 'karmadactl init (MultiClusterService gate off)',
  'local-up': 'hack/local-up-karmada.sh (gate on)',
  helm: 'Helm chart (gate off)',
  operator: 'karmada-operator (gate off)',
};

// Helm's release name rule (pkg/chartutil/validate_name.go in helm/helm v3): a DNS-1123 subdomain of at most 53.
const HELM_RELEASE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkRelease(name: string | undefined, layout: PlaygroundOptions['layout']): void {
  if (name === undefined) return;
  if (layout !== 'helm') throw new UsageError(`--release names a Helm release: it needs --layout helm, not ${layout}`);
  if (!HELM_RELEASE.test(name) || name.length > 53) {
    throw new UsageError(
      `invalid value "${name}" for --release: Helm release names are lower-case DNS names ` +
        'of at most 53 characters (letters, digits, "-" and ".")',
    );
  }
}

/** Every scenario exposes nginx from member1 to member2; gate-off needs an install whose gate is off. */
function checkScenario(scenario: string | undefined, members: number, layout: PlaygroundOptions['layout']): void {
  if (scenario === undefined) return;
  if (members < 2) {
    throw new UsageError(`--scenario ${scenario} needs --clusters 2 or more: member1 provides, member2 consumes`);
  }
  if (scenario === 'gate-off' && layout === 'local-up') {
    throw new UsageError('--scenario gate-off needs an install whose gate is off: --layout local-up turns it on');
  }
}

/** The simulator's own lists are the truth: the flags are checked against them once it is loaded. */
function checkChoice(value: string | undefined, flag: string, choices: readonly string[]): void {
  if (value !== undefined && !choices.includes(value)) {
    throw new UsageError(`invalid value "${value}" for ${flag}: expected one of ${choices.join(', ')}`);
  }
}

function count(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`invalid value "${text}" for ${flag}: expected a whole number from ${min} to ${max}`);
  return n;
}

/** A file this playground created, and the directories it made for it (innermost first). */
interface Owned {
  path: string;
  fd: number;
  /** dev, inode and change time once written: an inode number alone may be reused by a replacement */
  identity?: string;
  dirs: string[];
}

const identity = (s: { dev: number; ino: number; ctimeMs: number; size: number }) =>
  `${s.dev}:${s.ino}:${s.ctimeMs}:${s.size}`;

/** Creates the kubeconfig file exclusively (O_EXCL), never through a symlink (O_NOFOLLOW), mode 0600. */
function createOwned(path: string, dirs: string[]): Owned {
  let fd: number;
  try {
    // O_EXCL also refuses a symlink at the path, dangling or not (open(2)); O_NOFOLLOW says so twice.
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ELOOP') {
      throw new CliError(
        `refusing to write the kubeconfig to ${path}: it already exists${isSymlink(path) ? ' as a symlink' : ''}, ` +
          'and the playground writes only to a new file',
        {
          hint: 'name a path that does not exist yet, or leave out --write-kubeconfig to get a new private directory',
        },
      );
    }
    throw new CliError(`cannot write the kubeconfig to ${path}: ${(error as Error).message}`);
  }
  return { path, fd, dirs };
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    // Nothing at the path (any more): not a symlink.
    return false;
  }
}

/** Removes the file only while it is still the one created here, then the directory if it was made here. */
function removeOwned(owned: Owned): string[] {
  const removed: string[] = [];
  try {
    if (identity(lstatSync(owned.path)) === owned.identity) {
      unlinkSync(owned.path);
      removed.push(owned.path);
    }
  } catch {
    // already gone
  }
  for (const dir of owned.dirs) {
    try {
      rmdirSync(dir);
      removed.push(dir);
    } catch {
      // not empty: someone else put something there; leave it
      break;
    }
  }
  return removed;
}

/** Makes the missing parents of path (mode 0700); returns the ones it made, innermost first. */
function makeParents(path: string): string[] {
  const missing: string[] = [];
  for (let dir = dirname(path); !existsSync(dir) && dir !== dirname(dir); dir = dirname(dir)) missing.unshift(dir);
  for (const dir of missing) mkdirSync(dir, { mode: 0o700 });
  return missing.reverse();
}

function reserveKubeconfig(named: string | undefined): Owned {
  // mkdtemp makes a new directory with mode 0700 and a random name: one per playground.
  const path =
    named === undefined ? join(mkdtempSync(join(tmpdir(), 'karmada-mcs-playground-')), 'kubeconfig') : resolve(named);
  const dirs = named === undefined ? [dirname(path)] : makeParents(path);
  try {
    return createOwned(path, dirs);
  } catch (error) {
    for (const dir of dirs) rmdirSync(dir);
    throw error;
  }
}

/** A Pull member is named as Karmada names a cluster; one beyond member1…memberN is one more member. */
function checkPull(names: string[], own: readonly string[]): void {
  for (const name of names) {
    const invalid = clusterNameError('--pull', name);
    if (invalid) throw new UsageError(invalid);
    if (own.includes(name)) throw new UsageError(`--pull ${name}: that name is the playground's own ${name} cluster`);
  }
}

export async function playground(session: Session, options: PlaygroundOptions): Promise<number> {
  const members = count(options.clusters, '--clusters', 1, 500);
  const latencyMs = count(options.latency, '--latency', 0, 60_000);
  if (options.writeKubeconfig === '') throw new UsageError('--write-kubeconfig needs a file path');
  const [{ startSimulator, OWN_CLUSTERS }, { RELEASES }, { SCENARIOS, scenarioInstall }, { OPERATOR_CR }] =
    await Promise.all([
      import('../sim/index.js'),
      import('../sim/release.js'),
      import('../sim/scenarios.js'),
      import('../sim/layouts.js'),
    ]);
  const version = options.karmadaVersion?.replace(/^v?(\d+\.\d+)(\.\d+)?$/, 'v$1');
  checkChoice(version, '--karmada-version', RELEASES);
  checkChoice(options.scenario, '--scenario', Object.keys(SCENARIOS));
  checkScenario(options.scenario, members, options.layout);
  checkRelease(options.release, options.layout);
  checkPull(options.pull, OWN_CLUSTERS);
  const scenario = options.scenario as keyof typeof SCENARIOS | undefined;
  const owned = reserveKubeconfig(options.writeKubeconfig);
  const path = owned.path;
  let sim;
  try {
    sim = await startSimulator({
      members,
      latencyMs,
      recordRequests: false,
      layout: options.layout,
      karmadaVersion: version,
      scenario,
      ...(options.release ? { release: options.release } : {}),
      ...(options.pull.length ? { pullMembers: options.pull } : {}),
    });
    writeFileSync(owned.fd, toYaml(sim.kubeconfig()));
    owned.identity = identity(fstatSync(owned.fd));
  } catch (error) {
    await sim?.stop();
    removeOwned(owned);
    throw error;
  } finally {
    closeSync(owned.fd);
  }
  // However the process ends (a reader of the banner that went away ends it at the next line, main.ts), the
  // kubeconfig it wrote goes with it.
  const onExit = () => {
    removeOwned(owned);
  };
  process.once('exit', onExit);
  // Listening before the banner: a Ctrl-C as soon as the path shows must still clean up.
  const stopped = new Promise<string>((done) => {
    process.once('SIGINT', () => {
      done('SIGINT');
    });
    process.once('SIGTERM', () => {
      done('SIGTERM');
    });
  });
  const out = session.out;
  const install = scenario ? scenarioInstall(scenario, sim.memberNames, options.layout) : {};
  const pull = [...options.pull, ...(install.pullMembers ?? [])];
  const modes = sim.memberNames.map((m) => `${m}${pull.includes(m) ? ' (Pull)' : ''}`);
  const shown = modes.length > 6 ? `${modes.slice(0, 5).join(', ')}, ... (${modes.length})` : modes.join(', ');
  out.line(
    out.color.bold(
      'A simulated Karmada is running on 127.0.0.1 (a simulation for trying the plugin, not a real cluster):',
    ),
  );
  out.line(`  karmada-apiserver  ${sim.karmadaUrl}`);
  out.line(`  karmada-host       ${sim.hostUrl}`);
  out.line(`  Karmada release    ${sim.release.tag}${version ? '' : ' (the latest; --karmada-version picks another)'}`);
  out.line(`  member clusters    ${shown}`);
  const layout = options.release ? `Helm chart, release ${options.release} (gate off)` : LAYOUT_NOTES[options.layout];
  out.line(`  install layout     ${layout}`);
  out.line(`  seeded             nginx Deployment in member1, curl Deployment in member2 (Karmada's MCS guide)`);
  if (scenario) {
    out.line(`  scenario           ${scenario}: ${SCENARIOS[scenario]}`);
    const flags = install.extraFlags ?? [];
    if (flags.length) out.line(`  scenario flags     karmada-controller-manager ${flags.join(' ')}`);
    if (install.operatorSpec) {
      const { featureGates, extraArgs } = install.operatorSpec;
      const pairs = (o: object) =>
        Object.entries(o)
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
      out.line(
        `  scenario spec      Karmada ${OPERATOR_CR}: featureGates ${pairs(featureGates)}` +
          (Object.keys(extraArgs).length ? `; karmadaControllerManager.extraArgs ${pairs(extraArgs)}` : ''),
      );
    }
  }
  if (latencyMs) out.line(`  latency            ${latencyMs}ms per API request`);
  out.line();
  out.line('Use it from another shell:');
  out.line(`  export KUBECONFIG=${path}`);
  if (scenario) {
    out.line('  kubectl karmada-mcs doctor nginx');
    out.line('  kubectl karmada-mcs status nginx');
  } else {
    out.line('  kubectl karmada-mcs enable');
    out.line('  kubectl karmada-mcs expose nginx --provider member1 --consumer member2');
  }
  out.line();
  out.line('Press Ctrl-C to stop.');
  const signal = await stopped;
  await sim.stop();
  process.off('exit', onExit);
  const removed = removeOwned(owned);
  out.note(
    `playground stopped (${signal}); ` +
      (removed.length
        ? `removed ${removed.join(' and ')}`
        : `left ${path}: it is no longer the file this playground wrote`),
  );
  return 0;
}
