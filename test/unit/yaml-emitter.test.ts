// The -o yaml emitter's exact forms at its edges (test/yaml.test.ts checks that everything reads back): which
// quoting a string gets, how a literal block keeps trailing newlines, and numbers YAML spells its own way.
import { toYaml } from '../../src/output/yaml.js';

test('a document that is one scalar', () => {
  expect(toYaml('nginx')).toBe('nginx\n');
  expect(toYaml('yes')).toBe("'yes'\n");
  expect(toYaml(8080)).toBe('8080\n');
  expect(toYaml(null)).toBe('null\n');
  expect(toYaml(undefined)).toBe('null\n');
  expect(toYaml([])).toBe('[]\n');
  expect(toYaml({})).toBe('{}\n');
});

test('numbers JSON cannot hold are spelled as YAML does', () => {
  expect(toYaml([NaN, Infinity, -Infinity, -0.5])).toBe('- .nan\n- .inf\n- -.inf\n- -0.5\n');
});

test('quoting: single quotes (doubled inside) when printable, double quotes with escapes when not', () => {
  expect(toYaml({ a: "it's: here" })).toBe("a: 'it''s: here'\n");
  expect(toYaml({ a: 'bell\u0007' })).toBe('a: "bell\\u0007"\n');
  expect(toYaml({ 'key: x': 1 })).toBe("'key: x': 1\n");
  expect(toYaml({ '': 1 })).toBe("'': 1\n");
});

test('multi-line strings: a literal block whose chomping keeps the trailing newlines exactly', () => {
  expect(toYaml({ s: 'a\nb' })).toBe('s: |-\n  a\n  b\n');
  expect(toYaml({ s: 'a\nb\n' })).toBe('s: |\n  a\n  b\n');
  expect(toYaml({ s: 'a\n\nb\n\n' })).toBe('s: |+\n  a\n\n  b\n\n');
  // Where a literal block cannot say it exactly, a double-quoted string does.
  expect(toYaml({ s: ' lead\nx' })).toBe('s: " lead\\nx"\n');
  expect(toYaml({ s: 'trail \nx' })).toBe('s: "trail \\nx"\n');
  expect(toYaml('top\nlevel')).toBe('"top\\nlevel"\n');
});

test('sequences of mappings and of sequences, nested', () => {
  expect(toYaml({ items: [{ a: 1, b: [{ c: {} }] }, []] })).toBe('items:\n- a: 1\n  b:\n  - c: {}\n- []\n');
  expect(toYaml([{ only: undefined }])).toBe('- {}\n');
});
