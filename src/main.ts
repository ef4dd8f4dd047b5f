// The process entry of the bundle that bin/ runs (scripts/bundle.mjs builds it; the tsc output
// of this file is not run). Two things keep start-up close to bare node:
// - a help request is answered with the text the build rendered through commander for exactly
//   these words (help.json), without loading the CLI;
// - cli.cjs is compiled with a V8 code cache, written after the first run where kubectl keeps its
//   caches ($KUBECACHEDIR, else ~/.kube/cache), named after cli.cjs's digest and the Node version
//   so that it never meets other code; V8 itself rejects a cache made with other flags.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Module } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { run as Run } from './cli.js';

declare const __CLI_DIGEST__: string;

/** help.json: the words of each help request (helpKey) → the index of its text. */
interface HelpTexts {
  requests: Record<string, number>;
  texts: string[];
}

/** What Module.wrap makes of a CommonJS file: a function of the module's free variables. */
type CommonJsWrapper = (
  exports: unknown,
  require: (id: string) => unknown,
  module: Module,
  filename: string,
  dirname: string,
) => void;

const EXIT_INTERRUPTED = 130;

export const helpKey = (argv: string[]) => argv.join(' ');

const here = dirname(fileURLToPath(import.meta.url));

export function main(argv: string[]): void {
  // A reader that goes away (`| head`) ends the output, as it ends kubectl's: quietly, not with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const help = JSON.parse(readFileSync(join(here, 'help.json'), 'utf8')) as HelpTexts;
  const key = helpKey(argv);
  // Own keys only: argv such as `constructor` must not find what every object inherits.
  const index = Object.hasOwn(help.requests, key) ? help.requests[key] : undefined;
  const text = index === undefined ? undefined : help.texts[index];
  if (text !== undefined) {
    process.stdout.write(text);
    return;
  }
  const cli = loadCli();
  void cli.run(argv).then((code) => {
    process.exitCode = code;
    // After Ctrl-C, requests and waits left behind must not keep the process alive.
    if (code === EXIT_INTERRUPTED) process.exit(code);
    cli.saveCache();
  });
}

/** cli.cjs as require() would load it, but compiled with the code cache when there is one. */
function loadCli(): { run: typeof Run; saveCache(): void } {
  const file = join(here, 'cli.cjs');
  const cacheDir = process.env.KUBECACHEDIR || join(homedir(), '.kube', 'cache');
  const cacheFile = join(cacheDir, 'karmada-mcs', `cli-${__CLI_DIGEST__}-${process.version}-${process.arch}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet (the first run) or an unreadable one: compiling without it is only slower.
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const module = new Module(file);
  module.filename = file;
  const load = script.runInThisContext() as CommonJsWrapper;
  load(module.exports, (id: string) => module.require(id), module, file, here);
  return {
    run: (module.exports as { run: typeof Run }).run,
    saveCache() {
      if (cachedData && !script.cachedDataRejected) return;
      // Made after the run, the cache also holds the functions the run compiled. A cache that
      // cannot be written (read-only home, full disk) only costs the next start its compile time.
      // Only the user may write it: V8 runs what a cache holds.
      try {
        mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
        writeFileSync(`${cacheFile}.${process.pid}`, script.createCachedData(), { mode: 0o600 });
        renameSync(`${cacheFile}.${process.pid}`, cacheFile);
      } catch {
        // start without a cache next time too
      }
    },
  };
}
