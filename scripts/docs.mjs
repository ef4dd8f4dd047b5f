// npm run docs: regenerates the example outputs in docs/*.md by running the real commands against
// a fresh simulated Karmada per example. Blocks look like
//   <!-- example:ID -->  ...  <!-- /example -->
// and everything between the markers is rewritten. --check verifies that every marker has an example, every example
// has a marker, every command exits as expected, and its output equals the page's once what changes from run to run
// (times, ages, generated names, column padding) is masked (used by the tests).
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { run } from '../dist/cli.js';
import { startSimulator } from '../dist/sim/index.js';

const DOCS = fileURLToPath(new URL('../docs', import.meta.url));
const EXPOSE = ['expose', 'nginx', '--provider', 'member1', '--consumer', 'member2'];
const OFFLINE = [...EXPOSE, '--port', '80', '--selector', 'app=nginx', '--dry-run=client', '-o', 'yaml'];

// id → { sim options, setup commands (not shown), shown commands with their expected exit codes }
const EXAMPLES = {
  enable: {
    setup: [],
    show: [
      [['enable'], 0],
      [['enable'], 0],
    ],
  },
  'enable-dry-run': { setup: [], show: [[['enable', '--dry-run=client'], 0]] },
  'enable-controllers': {
    sim: { extraFlags: ['--controllers=*,-endpointsliceDispatch'] },
    setup: [],
    show: [[['enable', '--no-wait'], 0]],
  },
  'enable-operator': {
    sim: { layout: 'operator' },
    setup: [],
    show: [
      [['enable', '--dry-run=client'], 0],
      [['enable', '--no-wait'], 0],
    ],
  },
  'enable-pull': { sim: { pullMembers: ['member3'] }, setup: [['enable']], show: [[['enable'], 0]] },
  expose: {
    setup: [['enable', '--no-wait']],
    show: [
      [[...EXPOSE, '--wait'], 0],
      [EXPOSE, 0],
    ],
  },
  'expose-gate-off': { setup: [], show: [[EXPOSE, 0]] },
  'expose-offline': { setup: [], show: [[OFFLINE, 0]] },
  'expose-errors': {
    setup: [['enable', '--no-wait']],
    show: [
      [['expose', 'nginx', '--provider', 'member1', '--consumer', 'member9'], 1],
      [['expose', 'nginx', '--provider', 'member1'], 2],
    ],
  },
  'expose-wait-timeout': {
    setup: [['enable', '--no-wait']],
    show: [[[...EXPOSE, '--selector', 'app=ngnix', '--wait', '--timeout', '3s'], 1]],
  },
  unexpose: {
    setup: [['enable', '--no-wait'], EXPOSE],
    show: [
      [['unexpose', 'nginx', '--dry-run=server'], 0],
      [['unexpose', 'nginx'], 0],
    ],
  },
  'unexpose-controllers-off': {
    setup: [['enable', '--no-wait'], EXPOSE],
    show: [
      [['disable', '--no-wait'], 0],
      [['unexpose', 'nginx'], 1],
    ],
  },
  status: {
    setup: [['enable', '--no-wait'], EXPOSE],
    show: [
      [['status'], 0],
      [['status', 'nginx'], 0],
    ],
  },
  'status-gate-off': { setup: [EXPOSE], show: [[['status', 'nginx'], 1]] },
  probe: { setup: [['enable', '--no-wait'], EXPOSE], show: [[['probe', 'nginx'], 0]] },
  'probe-gate-off': { setup: [EXPOSE], show: [[['probe'], 1]] },
  ...doctorExamples(),
};

/** `doctor nginx` on each playground scenario (src/sim/scenarios.ts), with --probe where only a probe shows it. */
function doctorExamples() {
  const exits = {
    'gate-off': 1,
    'agent-gate-off': 1,
    'controllers-off': 1,
    'no-pod-network': 1,
    'cidr-overlap': 1,
    'wrong-target-port': 1,
    'tainted-consumer': 1,
    'stale-provider': 1,
    loadbalancer: 0,
    healthy: 0,
  };
  return Object.fromEntries(
    Object.entries(exits).map(([scenario, code]) => [
      `doctor-${scenario}`,
      {
        sim: { scenario },
        setup: [],
        show: [[['doctor', 'nginx', ...(scenario === 'no-pod-network' ? ['--probe'] : [])], code]],
      },
    ]),
  );
}

class Capture extends Writable {
  text = '';
  _write(chunk, _enc, done) {
    this.text += chunk;
    done();
  }
}

async function generate(id) {
  const example = EXAMPLES[id];
  const sim = await startSimulator({ tickMs: 20, ...example.sim });
  const dir = mkdtempSync(join(tmpdir(), 'kmcs-docs-'));
  const kubeconfig = join(dir, 'kubeconfig');
  sim.writeKubeconfig(kubeconfig);
  const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig };
  const quiet = new Capture();
  try {
    for (const args of example.setup) await run(args, { stdout: quiet, stderr: quiet, env });
    sim.settle();
    const lines = [];
    for (const [args, expected] of example.show) {
      // One stream for both, so warnings land where a terminal shows them.
      const both = new Capture();
      const code = await run(args, { stdout: both, stderr: both, env });
      sim.settle();
      if (code !== expected)
        throw new Error(
          `docs example ${id}: \`kubectl karmada-mcs ${args.join(' ')}\` exited ${code}, expected ${expected}:\n${both.text}`,
        );
      lines.push(`$ kubectl karmada-mcs ${args.join(' ')}`, both.text.trimEnd(), '');
    }
    return lines
      .join('\n')
      .trimEnd()
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:6443');
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const MARKER = /<!-- example:([\w-]+) -->\n([\s\S]*?)<!-- \/example -->/g;

/** What differs between two runs of the same example: durations and ages, random name suffixes, UIDs, padding. */
export function normalise(text) {
  return text
    .replace(/^```console\n|```\n?$/g, '')
    .replace(/^(Waiting for|Still waiting|waiting for) .*(\n|$)/gm, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>')
    .replace(/\b(karmada-mcs-probe|nginx|curl)-[a-z0-9]{5,10}(-[a-z0-9]{5,10})?\b/g, '$1-<id>')
    .replace(/\b\d+(\.\d+)?(ms|s|m|h|d)\b/g, '<t>')
    .replace(/\b\d+\/\d+\/\d+<t>/g, '<t>')
    .replace(/[ \t]+/g, ' ')
    .replace(/ +$/gm, '')
    .trim();
}
const check = process.argv.includes('--check');
const used = new Set();
for (const file of readdirSync(DOCS).filter((f) => f.endsWith('.md'))) {
  const path = join(DOCS, file);
  const text = readFileSync(path, 'utf8');
  const blocks = [...text.matchAll(MARKER)];
  const ids = blocks.map((m) => m[1]);
  if (ids.length === 0) continue;
  const outputs = {};
  const stale = [];
  for (const [, id, shown] of blocks) {
    if (!EXAMPLES[id]) throw new Error(`${file}: no example named ${id}`);
    used.add(id);
    outputs[id] = await generate(id);
    if (check && normalise(shown) !== normalise(outputs[id])) {
      stale.push(id);
      if (process.env.DOCS_DEBUG) console.error(`--- page\n${normalise(shown)}\n--- run\n${normalise(outputs[id])}`);
    }
  }
  if (stale.length)
    throw new Error(`${file}: examples ${stale.join(', ')} no longer match a real run: run npm run docs`);
  if (!check) {
    writeFileSync(
      path,
      text.replace(
        MARKER,
        (_m, id) => `<!-- example:${id} -->\n\`\`\`console\n${outputs[id]}\n\`\`\`\n<!-- /example -->`,
      ),
    );
    console.log(`${file}: ${ids.join(', ')}`);
  }
}
const unused = Object.keys(EXAMPLES).filter((id) => !used.has(id));
if (unused.length) throw new Error(`examples without a marker in docs/: ${unused.join(', ')}`);
if (check) console.log(`${used.size} docs examples ran as expected`);
