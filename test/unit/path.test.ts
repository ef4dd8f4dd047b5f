// Whether a hint may use karmadactl: its kubectl plugin found on PATH as kubectl finds plugins.
import { chmodSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { onPath } from '../../src/kube/path.js';

test('an executable file of that name in a PATH directory; not a plain file, a directory, or another name', () => {
  const root = mkdtempSync(join(tmpdir(), 'kmcs-path-'));
  try {
    const [a, b] = [join(root, 'a'), join(root, 'b')];
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(a, 'kubectl-karmada'), '#!/bin/sh\n');
    mkdirSync(join(a, 'kubectl-dir'));
    const PATH = [a, b].join(delimiter);
    expect(onPath('kubectl-karmada', { PATH })).toBe(false);
    chmodSync(join(a, 'kubectl-karmada'), 0o755);
    expect(onPath('kubectl-karmada', { PATH })).toBe(true);
    expect(onPath('kubectl-karmada', { PATH: b })).toBe(false);
    expect(onPath('kubectl-dir', { PATH })).toBe(false);
    expect(onPath('kubectl-karmada', {})).toBe(false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
