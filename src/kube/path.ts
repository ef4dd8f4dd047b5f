// Whether a command runs on this machine, found as kubectl finds its plugins: an executable file of that name in a
// directory of PATH (on Windows, with one of PATHEXT's extensions).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const windows = process.platform === 'win32';
  const extensions = windows ? (env.PATHEXT ?? '.EXE;.BAT;.CMD').split(';') : [''];
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => extensions.some((ext) => executable(join(dir, command + ext), windows)));
}

function executable(file: string, windows: boolean): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (!windows) accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
