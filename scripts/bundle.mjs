// Builds the bundle that bin/ runs (dist/bundle/, no node_modules needed): CommonJS files (on
// Node 20 CommonJS starts several milliseconds sooner than ES modules), each loaded when first
// needed: main.cjs, cli.cjs and sim.cjs (PARTS below), one file per other dependency under
// vendor/, and help.json, the help texts src/main.ts answers with. With --krew it also packs the
// krew archive deterministically and writes its sha256 into plugins/karmada-mcs.yaml; with
// --out DIR bundle, archive and manifest go there instead (that is how the test checks that builds are
// reproducible and that the manifest carries its archive's sha256).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

// What each vendor file exports: what `import x from` / `import { x } from` the package gives under
// Node's rules (esbuild's interop treats a CommonJS default as module.exports, as Node does).
const VENDOR = {
  'js-yaml': "module.exports = require('js-yaml');",
  chalk: "module.exports = require('chalk');",
  ora: "module.exports = require('ora').default;",
  // Only what src/kube/client-node.ts takes: the whole library is five times the size.
  '@kubernetes/client-node': "export { Exec, KubeConfig } from '@kubernetes/client-node';",
  'node-forge': "module.exports = require('node-forge');",
  ws: "module.exports = require('ws');",
};
const vendorFile = (name) => `${name.split('/').pop()}.cjs`;

const COMMON = {
  absWorkingDir: ROOT,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // ws's optional native speed-ups: it works without them.
  external: ['bufferutil', 'utf-8-validate'],
  // commander's extra typings are types over commander's own classes: its runtime module only re-exports them (and
  // builds a global program we never use), so the bundle takes commander directly.
  alias: { '@commander-js/extra-typings': 'commander' },
  // ES module sources inside a CommonJS bundle: import.meta.url is the bundle file's.
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl', __PLUGIN_VERSION__: JSON.stringify(pkg.version) },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
};

/** Vendor packages resolve to their own files, so loading the CLI parses none of them. */
const vendorExternal = {
  name: 'vendor-external',
  setup(b) {
    const names = Object.keys(VENDOR).map((n) => n.replace(/[/.]/g, '\\$&'));
    b.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (a) => ({
      path: `./vendor/${vendorFile(a.path)}`,
      external: true,
    }));
  },
};

// The bundle's parts: main.cjs answers help without loading more; cli.cjs is our code and
// commander; sim.cjs is the simulated Karmada (playground, demo: 4 ms less to start everything
// else). sim.cjs has its own copies of the few modules it shares with the CLI (gate parsing,
// durations, resource names, the MCS rules): they keep no state, and the errors they can throw
// in the simulator's controllers never reach the CLI's instanceof checks.
const PARTS = { main: 'src/main.ts', cli: 'src/cli.ts', sim: 'src/sim/index.ts' };

/** An import of another part's entry (`./cli.js`, `../sim/index.js`) requires that part's file. */
const otherParts = (own) => ({
  name: 'other-parts',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (a) => {
      const source = relative(ROOT, join(a.resolveDir, a.path.replace(/\.js$/, '.ts')));
      const part = Object.keys(PARTS).find((p) => PARTS[p] === source && p !== own);
      return part ? { path: `./${part}.cjs`, external: true } : undefined;
    });
  },
});

/** commander requires child_process up front for subcommands run as executables, which we have none of. */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (a) => {
      const eager = "const childProcess = require('node:child_process');";
      const source = readFileSync(a.path, 'utf8');
      if (!source.includes(eager)) throw new Error(`${a.path} no longer has: ${eager}`);
      return {
        contents: source.replace(
          eager,
          "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };",
        ),
        loader: 'js',
      };
    });
  },
};

/** Renders every help request's output with commander (the tsc build of the same sources), in
 * the shape src/main.ts reads: the words of each request → the index of its text. */
async function helpTexts() {
  const { helpRequests, run } = await import(join(ROOT, 'dist', 'cli.js'));
  const { helpKey } = await import(join(ROOT, 'dist', 'main.js'));
  const help = { requests: {}, texts: [] };
  for (const argv of helpRequests()) {
    let out = '';
    let err = '';
    const sink = (add) =>
      new Writable({
        write: (c, _e, done) => {
          add(String(c));
          done();
        },
      });
    const code = await run(argv, { stdout: sink((c) => (out += c)), stderr: sink((c) => (err += c)), env: {} });
    if (code !== 0 || err) throw new Error(`help for "${argv.join(' ')}" exited ${code}: ${err}`);
    if (!help.texts.includes(out)) help.texts.push(out);
    help.requests[helpKey(argv)] = help.texts.indexOf(out);
  }
  return help;
}

export async function bundle(outdir) {
  rmSync(outdir, { recursive: true, force: true });
  const part = (name, define = {}) =>
    build({
      ...COMMON,
      entryPoints: { [name]: PARTS[name] },
      outdir,
      outExtension: { '.js': '.cjs' },
      define: { ...COMMON.define, ...define },
      plugins: [otherParts(name), vendorExternal, lazyChildProcess],
      supported: { 'dynamic-import': false },
    });
  await Promise.all([part('cli'), part('sim')]);
  // main names its code cache for cli.cjs after this digest: a cache never meets other code.
  const digest = createHash('sha256')
    .update(readFileSync(join(outdir, 'cli.cjs')))
    .digest('hex')
    .slice(0, 16);
  await part('main', { __CLI_DIGEST__: JSON.stringify(digest) });
  await Promise.all(
    Object.entries(VENDOR).map(([name, contents]) =>
      build({
        ...COMMON,
        stdin: { contents, resolveDir: ROOT, loader: 'js', sourcefile: `vendor-${vendorFile(name)}` },
        outfile: join(outdir, 'vendor', vendorFile(name)),
      }),
    ),
  );
  writeFileSync(join(outdir, 'help.json'), `${JSON.stringify(await helpTexts())}\n`);
}

// CommonJS launchers (the archive's package.json says so), as bin/ has.
const launcher = (args) => `#!/usr/bin/env node\nrequire('./lib/main.cjs').main(${args});\n`;

/** Files under dir, recursively, as paths relative to it. */
const walk = (dir, prefix = '') =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? walk(join(dir, f), `${prefix}${f}/`) : [`${prefix}${f}`],
  );

/** A ustar archive with fixed owners and times, entries sorted: the same input gives the same bytes. */
function tar(entries) {
  const blocks = [];
  for (const { name, data, mode } of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
    const header = Buffer.alloc(512);
    const field = (offset, length, value) => header.write(value, offset, length, 'ascii');
    const octal = (offset, length, value) => field(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
    field(0, 100, name);
    octal(100, 8, mode);
    octal(108, 8, 0);
    octal(116, 8, 0);
    octal(124, 12, data.length);
    octal(136, 12, 0);
    field(148, 8, '        ');
    field(156, 1, '0');
    field(257, 6, 'ustar\0');
    field(263, 2, '00');
    field(265, 32, 'root');
    field(297, 32, 'root');
    const sum = header.reduce((n, b) => n + b, 0);
    field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export function krewArchive(bundleDir) {
  const entries = [
    { name: 'kubectl-karmada_mcs', data: Buffer.from(launcher('process.argv.slice(2)')), mode: 0o755 },
    {
      name: 'kubectl_complete-karmada_mcs',
      data: Buffer.from(launcher("['__complete', ...process.argv.slice(2)]")),
      mode: 0o755,
    },
    { name: 'package.json', data: Buffer.from('{ "type": "commonjs" }\n'), mode: 0o644 },
    { name: 'LICENSE', data: readFileSync(join(ROOT, 'LICENSE')), mode: 0o644 },
    ...walk(bundleDir).map((f) => ({ name: `lib/${f}`, data: readFileSync(join(bundleDir, f)), mode: 0o644 })),
  ];
  return gzipSync(tar(entries), { level: 9 });
}

export const archiveName = () => `kubectl-karmada-mcs-v${pkg.version}.tar.gz`;

export function manifest(sha256, releaseUrl) {
  return `# krew plugin manifest (written by \`npm run bundle\`; the sha256 is that of ${archiveName()}).
# Replace the uri's location with the release you publish the archive at.
apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: karmada-mcs
spec:
  version: v${pkg.version}
  shortDescription: Publish Services across Karmada member clusters
  description: |
    Makes a Service in one Karmada member cluster reachable from other member
    clusters with a MultiClusterService: turns on the feature gate safely,
    derives and applies the Service + MultiClusterService pair, shows what
    Karmada did per cluster, and probes reachability from each consumer.
    Needs Node.js 20 or later on PATH.
  caveats: |
    Requires Node.js >= 20. Try it without a cluster: kubectl karmada-mcs demo
  platforms:
  - selector:
      matchExpressions:
      - key: os
        operator: In
        values: [linux, darwin]
    uri: ${releaseUrl}/${archiveName()}
    sha256: ${sha256}
    bin: kubectl-karmada_mcs
    files:
    - from: "*"
      to: "."
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // --out keeps everything (bundle included) in that folder, so checking never touches dist/.
  const out = option('--out');
  const bundleDir = out ? join(out, 'bundle') : join(ROOT, 'dist', 'bundle');
  await bundle(bundleDir);
  if (args.includes('--krew')) {
    const archiveDir = out ?? join(ROOT, 'build', 'krew');
    mkdirSync(archiveDir, { recursive: true });
    const archive = krewArchive(bundleDir);
    const path = join(archiveDir, archiveName());
    writeFileSync(path, archive);
    const sha = createHash('sha256').update(archive).digest('hex');
    // The release step writes the committed manifest; a build into --out writes its own beside the archive.
    const releaseUrl =
      process.env.KREW_RELEASE_URL ?? `https://example.com/kubectl-karmada-mcs/releases/v${pkg.version}`;
    writeFileSync(
      out ? join(out, 'karmada-mcs.yaml') : join(ROOT, 'plugins', 'karmada-mcs.yaml'),
      manifest(sha, releaseUrl),
    );
    console.log(`${relative(ROOT, path)}  sha256 ${sha}  ${archive.length} bytes`);
  }
}
