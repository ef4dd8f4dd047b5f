// How `doctor` looks: checks grouped by stage with ✔ ‼ ✘ –, a hint under each warning and failure,
// and a last line naming the first failing stage; or a DoctorReport document for -o json|yaml.
import { type Check, type Result, STAGES, STAGE_TITLES, firstFailure } from '../karmada/diagnosis/checks.js';
import type { Palette, Printer } from './printer.js';
import { DOCUMENT_API_VERSION } from '../defaults.js';

const MARKS: Record<Result, string> = { ok: '✔', warn: '‼', fail: '✘', skip: '–' };

const paint = (color: Palette, result: Result, text: string) =>
  result === 'ok'
    ? color.green(text)
    : result === 'warn'
      ? color.yellow(text)
      : result === 'fail'
        ? color.red(text)
        : color.dim(text);

export const doctorDocument = (checks: Check[]) => ({
  apiVersion: DOCUMENT_API_VERSION,
  kind: 'DoctorReport',
  ok: !checks.some((c) => c.result === 'fail'),
  checks,
});

export function printDoctor(out: Printer, checks: Check[], output?: 'json' | 'yaml'): void {
  if (output) {
    out.document(doctorDocument(checks), output);
    return;
  }
  const lines: string[] = [];
  const many = new Set(checks.filter((c) => c.mcs).map((c) => `${c.namespace}/${c.mcs}`)).size > 1;
  for (const stage of STAGES) {
    const mine = checks.filter((c) => c.id === stage);
    if (mine.length === 0) continue;
    lines.push(out.color.bold(STAGE_TITLES[stage]));
    for (const c of mine) {
      const where = many && c.mcs ? `${c.namespace}/${c.mcs}: ` : '';
      lines.push(`  ${paint(out.color, c.result, MARKS[c.result])} ${where}${c.message}`);
      if (c.hint && (c.result === 'warn' || c.result === 'fail'))
        lines.push(`      ${out.color.cyan('hint:')} ${c.hint}`);
    }
    lines.push('');
  }
  const failed = firstFailure(checks);
  const warnings = checks.filter((c) => c.result === 'warn').length;
  if (failed) {
    const count = checks.filter((c) => c.result === 'fail').length;
    // Every diagnosis hint is a kubectl command; an error's hint (the API did not answer) is advice, not a command.
    const hint = failed.hint;
    // A hint that is commands (one, or several each in backquotes) is to be run; one in words is said as it is.
    const next = hint?.startsWith('kubectl ')
      ? `run \`${hint}\``
      : hint?.startsWith('`kubectl ')
        ? `run ${hint}`
        : (hint ?? failed.message);
    lines.push(
      `${out.color.red(MARKS.fail)} ${count} check${count === 1 ? '' : 's'} failed; ` +
        `the first failing stage is ${failed.id}: ${next}`,
    );
  } else {
    const noted = warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : '';
    lines.push(`${out.color.green(MARKS.ok)} no check failed${noted}`);
  }
  // One write: a fleet's report is thousands of lines, and each write is a system call.
  out.line(lines.join('\n'));
}
