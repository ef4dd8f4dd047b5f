// The simulator stands in for Karmada in every test: if it shared a rule with the plugin, a rule misread once would
// be confirmed by every test. So no file of src/sim/ may import the plugin's code.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const SIM = join(process.cwd(), 'src', 'sim');

test('src/sim imports only its own files, Node built-ins and npm packages', () => {
  const offending = readdirSync(SIM)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((file) => {
      const text = readFileSync(join(SIM, file), 'utf8');
      return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)]
        .map((m) => m[1]!)
        .filter((spec) => !spec.startsWith('./') && (spec.startsWith('.') || spec.startsWith('/')))
        .map((spec) => `${file}: ${spec}`);
    });
  expect(offending).toEqual([]);
});
