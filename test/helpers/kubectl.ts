// Real kubectl: the one on PATH, and the version-pinned builds that sit beside the real binary.
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type CliResult, exec } from './cli.js';

export function kubectlPath(): string {
  // Fail, never skip, when kubectl is missing: these tests prove the simulator's fidelity.
  const found = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
  if (!found) throw new Error('kubectl is not on PATH');
  return found;
}

export function pinnedKubectls(): string[] {
  const dir = dirname(realpathSync(kubectlPath()));
  return ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33']
    .map((v) => join(dir, `kubectl.${v}`))
    .filter((p) => existsSync(p));
}

export function kubectl(
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: string,
  binary = kubectlPath(),
): Promise<CliResult> {
  return exec(binary, args, { env, input });
}
