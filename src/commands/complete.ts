// kubectl's plugin completion protocol (cobra's __complete): print one candidate per line,
// optionally "value<TAB>description", then ":<directive>". Live names come from the API with a
// short timeout, so a slow or unreachable cluster never hangs the shell: it just offers nothing.
import type { Command, Option } from 'commander';
import type { Io } from '../output/printer.js';

const NO_FILE_COMPLETION = 4;

function flagsOf(cmd: Command): Option[] {
  const own = cmd.options as Option[];
  const parent = cmd.parent ? flagsOf(cmd.parent) : [];
  return [...own, ...parent];
}

function findFlag(cmd: Command, word: string): Option | undefined {
  return flagsOf(cmd).find((o) => o.long === word || o.short === word);
}

export async function complete(io: Io, root: Command, words: string[]): Promise<number> {
  const typed = words.slice(0, -1);
  const partial = words.at(-1) ?? '';
  let cmd = root;
  for (let i = 0; i < typed.length; i++) {
    const word = typed[i]!;
    const flag = word.startsWith('-') ? findFlag(cmd, word.split('=')[0]!) : undefined;
    if (flag && !word.includes('=') && (flag.required || flag.optional)) {
      i++;
      continue;
    }
    const sub = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub) cmd = sub;
  }
  const previous = typed.at(-1);
  const valueFlag = previous?.startsWith('-') ? findFlag(cmd, previous) : undefined;
  let candidates: string[];
  if (valueFlag && (valueFlag.required || valueFlag.optional)) {
    candidates = valueFlag.argChoices ?? [];
  } else if (partial.startsWith('-')) {
    candidates = flagsOf(cmd).filter((o) => !o.hidden && o.long).map((o) => `${o.long}\t${o.description}`);
  } else {
    candidates = cmd.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden).map((c) => `${c.name()}\t${c.description()}`);
  }
  for (const c of candidates.filter((c) => c.startsWith(partial))) io.stdout.write(`${c}\n`);
  io.stdout.write(`:${NO_FILE_COMPLETION}\n`);
  return 0;
}
