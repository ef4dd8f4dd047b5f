// Waiting on conditions, never on fixed times: polls until true (the test's own timeout bounds it).
import { spawn } from 'node:child_process';

export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

/** Runs a long-lived command (kubectl get -w…) until its output matches, then stops it; resolves with that output. */
export function streamUntil(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  done: (stdout: string) => boolean,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
      if (done(stdout)) child.kill();
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', () => {
      if (done(stdout)) resolve(stdout);
      else reject(new Error(`${file} ${args.join(' ')} ended first: ${stderr}${stdout}`));
    });
  });
}
