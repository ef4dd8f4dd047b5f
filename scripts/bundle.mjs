// Builds the esbuild bundle that bin/ runs (dist/bundle/: an entry and lazily loaded chunks, no
// node_modules needed). With --krew it also packs the krew archive deterministically and writes
// its sha256 into plugins/karmada-mcs.yaml; with --out DIR bundle and archive go there instead,
// and the manifest is left alone (that is how the test checks the committed sha256).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

export async function bundle(outdir) {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'src/cli.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    // ws's optional native speed-ups: it works without them.
    external: ['bufferutil', 'utf-8-validate'],
    // CommonJS dependencies inside an ES module bundle need a require.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    define: { __PLUGIN_VERSION__: JSON.stringify(pkg.version) },
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

const launcher = (args) => `#!/usr/bin/env node\nimport { run } from './lib/cli.js';\n\nprocess.exitCode = await run(${args});\n`;

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
  const files = readdirSync(bundleDir).filter((f) => statSync(join(bundleDir, f)).isFile());
  const entries = [
    { name: 'kubectl-karmada_mcs', data: Buffer.from(launcher('process.argv.slice(2)')), mode: 0o755 },
    { name: 'kubectl_complete-karmada_mcs', data: Buffer.from(launcher("['__complete', ...process.argv.slice(2)]")), mode: 0o755 },
    { name: 'LICENSE', data: readFileSync(join(ROOT, 'LICENSE')), mode: 0o644 },
    ...files.map((f) => ({ name: `lib/${f}`, data: readFileSync(join(bundleDir, f)), mode: 0o644 })),
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
    if (!out) {
      writeFileSync(join(ROOT, 'plugins', 'karmada-mcs.yaml'), manifest(sha, process.env.KREW_RELEASE_URL ?? `https://example.com/kubectl-karmada-mcs/releases/v${pkg.version}`));
    }
    console.log(`${relative(ROOT, path)}  sha256 ${sha}  ${archive.length} bytes`);
  }
}
