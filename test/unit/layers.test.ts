// The layering of docs/architecture.md, checked on the import graph of src/ (type-only imports cost nothing at run
// time and are left out): no cycles; feature services never import each other; the shared Karmada layer, the kube
// adapter and the output layer import no service.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { LAYOUTS as PRODUCT_LAYOUTS } from '../../src/defaults.js';
import { LAYOUTS as SIM_LAYOUTS } from '../../src/sim/layouts.js';

const SRC = join(process.cwd(), 'src');
const SERVICES = ['enable', 'expose', 'status', 'probe', 'doctor'];
const SHARED = ['karmada', 'kube', 'output'];

function graph(): Map<string, string[]> {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const f of readdirSync(dir)) {
      const path = join(dir, f);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) files.push(path);
    }
  };
  walk(SRC);
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const specs = [
      ...text.matchAll(/^\s*(?:import|export)\s(?!type\b)[^;]*?from\s+'(\.[^']+)'/gm),
      ...text.matchAll(/import\('(\.[^']+)'\)/g),
    ].map((m) => m[1]!);
    edges.set(
      relative(SRC, file),
      specs.map((s) => relative(SRC, normalize(join(dirname(file), s.replace(/\.js$/, '.ts'))))),
    );
  }
  return edges;
}

const area = (file: string): string => (file.includes('/') ? file.split('/')[0]! : '');

test('src/ has no import cycle', () => {
  const edges = graph();
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]): void => {
    state.set(file, 'open');
    for (const next of edges.get(file) ?? []) {
      if (!edges.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next, [...path, next]);
    }
    state.set(file, 'done');
  };
  for (const file of edges.keys()) if (!state.has(file)) visit(file, [file]);
  expect(cycles).toEqual([]);
});

test('services never import each other; the shared layers import no service', () => {
  const wrong = [...graph()].flatMap(([file, deps]) =>
    deps
      .filter((dep) => {
        const [from, to] = [area(file), area(dep)];
        if (from === to || !SERVICES.includes(to)) return false;
        return SERVICES.includes(from) || SHARED.includes(from);
      })
      .map((dep) => `${file} -> ${dep}`),
  );
  expect(wrong).toEqual([]);
});

test('the playground offers the layouts the simulator has', () => {
  expect([...PRODUCT_LAYOUTS]).toEqual([...SIM_LAYOUTS]);
});
