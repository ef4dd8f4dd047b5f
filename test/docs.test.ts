// The examples in docs/ are regenerated from real runs (npm run docs); this checks that every marker
// has an example and every example still runs with the exit code and the output (times and generated names masked)
// that the page shows.
import { join } from 'node:path';
import { BIN_DIR, exec } from './helpers/cli.js';

test('every docs example runs against the simulated Karmada as documented', async () => {
  const r = await exec(process.execPath, [join(BIN_DIR, '..', 'scripts', 'docs.mjs'), '--check'], {
    timeoutMs: 120_000,
  });
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/^\d+ docs examples ran as expected\n$/);
  expect(r.code).toBe(0);
}, 150_000);
