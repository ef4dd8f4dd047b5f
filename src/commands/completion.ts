// `completion bash|zsh|fish`: prints the script (also shipped in completions/).
import { UsageError } from '../errors.js';
import { SHELLS, completionScript } from '../completion/scripts.js';
import type { Args } from '../cli.js';
import type { Session } from '../session.js';

export function completion(session: Session, _flags: object, [shell]: Args<'completion'>): number {
  const script = completionScript(shell);
  if (!script) throw new UsageError(`unsupported shell "${shell}": expected one of ${SHELLS.join(', ')}`);
  session.out.io.stdout.write(script);
  return 0;
}
