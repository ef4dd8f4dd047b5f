// The process entry of the bundle that bin/ runs (scripts/bundle.mjs builds it; the tsc output
// of this file is not run). A help request is answered with the text the build rendered through
// commander for exactly these words (help.json), so `--help` does not load the CLI at all.
import { readFileSync } from 'node:fs';

/** help.json: the words of each help request (helpKey) → the index of its text. */
interface HelpTexts {
  requests: Record<string, number>;
  texts: string[];
}

export const helpKey = (argv: string[]) => argv.join(' ');

export function main(argv: string[]): void {
  const help = JSON.parse(readFileSync(new URL('./help.json', import.meta.url), 'utf8')) as HelpTexts;
  if (Object.hasOwn(help.requests, helpKey(argv))) {
    process.stdout.write(help.texts[help.requests[helpKey(argv)]!]!);
    return;
  }
  void import('./cli.js').then(async ({ run }) => {
    process.exitCode = await run(argv);
  });
}
