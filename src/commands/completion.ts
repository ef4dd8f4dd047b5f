// `completion bash|zsh|fish`: prints the script (also shipped in completions/).
import { UsageError } from '../errors.js';
import { SHELLS, completionScript } from '../completion/scripts.js';
import type { Session } from '../session.js';

export async function completion(session: Session, _flags: object, args: string[]): Promise<number> {
  const script = completionScript(args[0] ?? '');
  if (!script) throw new UsageError(`unsupported shell "${args[0] ?? ''}": expected one of ${SHELLS.join(', ')}`);
  session.out.io.stdout.write(script);
  return 0;
}
