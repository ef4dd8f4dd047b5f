// kubectl's verbosity flag as its users type it: klog's `--v` (`-v`) takes a level: -v=6, -v 6, --v=6, -v6.
// The plugin has one thing to add when asked (a line per API request on stderr, and the stack of an unexpected
// error), so every level above 0 turns it on and 0 leaves it off; a bare -v or --verbose, which kubectl does not
// have, is level 1, as this plugin's -v always was. commander reads a single form, `--verbose=<level>`, that the
// others are rewritten to before it parses: a bare -v takes the next word only when that is a level, so that
// `-v expose` stays a command and `status -v web` a name.
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { UsageError } from './errors.js';

// klog's level is any int32: a negative one is as quiet as 0.
const LEVEL = /^-?\d+$/;
const SPELLINGS = ['-v', '--v', '--verbose'];
const PARSED = '--verbose=';

/** The flags whose value is the next word: a `-v` there is that value, as commander reads it. */
function valueFlags(root: CommandUnknownOpts): Set<string> {
  return new Set(
    [root, ...root.commands].flatMap((c) =>
      c.options.filter((o) => o.required).flatMap((o) => [o.long, o.short].filter((f) => f !== undefined)),
    ),
  );
}

/** argv with each verbosity flag in the form commander reads (`--verbose=<level>`); the rest unchanged. */
export function kubectlVerbosity(argv: string[], root: CommandUnknownOpts): string[] {
  const values = valueFlags(root);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? '';
    // After `--` every word is an argument.
    if (word === '--') return [...out, ...argv.slice(i)];
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    const next = argv[i + 1];
    const levelNext = next !== undefined && LEVEL.test(next);
    if (SPELLINGS.includes(name)) {
      if (eq >= 0) out.push(PARSED + word.slice(eq + 1));
      else out.push(PARSED + (levelNext ? next : '1'));
      if (eq < 0 && levelNext) i++;
    } else if (/^-v\d+$/.test(word)) out.push(PARSED + word.slice(2));
    else {
      out.push(word);
      if (eq < 0 && values.has(word) && next !== undefined) {
        out.push(next);
        i++;
      }
    }
  }
  return out;
}

/** commander's parser of --verbose's level: a whole number, as klog reads -v. */
export function verbosityLevel(text: string): number {
  if (!LEVEL.test(text))
    throw new UsageError(`invalid value "${text}" for -v: expected a verbosity level, a whole number such as 6`);
  return Number(text);
}

/** Whether rewritten argv turns verbosity on: for an error met before commander has parsed it. */
export function verboseIn(args: string[]): boolean {
  const end = args.indexOf('--');
  const flags = (end < 0 ? args : args.slice(0, end)).filter((a) => a.startsWith(PARSED));
  // The last one wins, as commander reads a repeated flag.
  const level = flags.at(-1)?.slice(PARSED.length);
  return level !== undefined && LEVEL.test(level) && Number(level) > 0;
}
