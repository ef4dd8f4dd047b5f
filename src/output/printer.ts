// Everything the user sees goes through here: results on stdout (tables, kubectl-style lines,
// -o json|yaml documents), and warnings, progress and errors on stderr, so machine output is
// never mixed with progress text. Colour and spinners only on a TTY, never with NO_COLOR.
import { CliError } from '../errors.js';
import { toYaml } from './yaml.js';
import type { KubeObject } from '../kube/objects.js';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

export interface Progress {
  update(text: string): void;
  done(text?: string): void;
  fail(text?: string): void;
}

export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml';

/** The styles the views use: chalk's when colouring, else the text unchanged. */
export type Palette = { level: number } & Record<
  'red' | 'green' | 'yellow' | 'cyan' | 'dim' | 'bold',
  (text: string) => string
>;

const same = (text: string) => text;
const PLAIN: Palette = { level: 0, red: same, green: same, yellow: same, cyan: same, dim: same, bold: same };

export class Printer {
  private readonly tty: boolean;

  /** chalk is loaded only when the output will be coloured. */
  static async create(io: Io, options: { color?: boolean; verbose?: boolean } = {}): Promise<Printer> {
    // no-color.org: NO_COLOR turns colour off when present and not an empty string.
    const colour = options.color !== false && !io.env.NO_COLOR && Boolean(io.stdout.isTTY);
    return new Printer(io, colour ? new (await import('chalk')).Chalk({ level: 1 }) : PLAIN, options.verbose);
  }

  constructor(
    readonly io: Io,
    readonly color: Palette = PLAIN,
    readonly verbose = false,
  ) {
    this.tty = Boolean(io.stderr.isTTY);
  }

  /** One result line on stdout. */
  line(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  warn(text: string): void {
    this.io.stderr.write(`${this.color.yellow('Warning:')} ${text}\n`);
  }

  /** Informational text on stderr (never mixed into stdout documents). */
  note(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** A verbose log line (-v): one per API request. */
  debug(text: string): void {
    if (this.verbose) this.io.stderr.write(`${this.color.dim(text)}\n`);
  }

  error(error: unknown): number {
    if (error instanceof CliError) {
      this.io.stderr.write(`${this.color.red('error:')} ${error.message}\n`);
      if (error.hint) this.io.stderr.write(`${this.color.cyan('hint:')} ${error.hint}\n`);
      if (this.verbose && error.cause instanceof Error && error.cause.stack)
        this.io.stderr.write(`${error.cause.stack}\n`);
      return error.exitCode;
    }
    // Whatever was thrown: its message when it has one, else the thing itself as text.
    this.io.stderr.write(`${this.color.red('error:')} ${String(field(error, 'message') ?? error)}\n`);
    const stack = field(error, 'stack');
    if (this.verbose && typeof stack === 'string' && stack) this.io.stderr.write(`${stack}\n`);
    return 1;
  }

  /** A spinner where one can be drawn; elsewhere one plain line per distinct update. */
  spins(): boolean {
    const { env, stderr } = this.io;
    // Not in CI logs nor on a dumb terminal (ora's own rules, but read from our env); and not on a
    // terminal that reports no width (`script` without a size): ora's line count goes to infinity.
    return this.tty && this.color.level > 0 && (stderr.columns ?? 0) > 0 && env.CI === undefined && env.TERM !== 'dumb';
  }

  progress(text: string): Progress {
    if (this.spins()) {
      let current = text;
      let finished = false;
      let spinner: { text: string; succeed(t?: string): unknown; fail(t?: string): unknown } | undefined;
      const finish = (ok: boolean, t?: string) => {
        finished = true;
        if (spinner && ok) spinner.succeed(t ?? current);
        else if (spinner) spinner.fail(t ?? current);
        // Over before ora was loaded (a fast wait): its last line as ora would leave it, in its place among the rest.
        else this.note(`${ok ? this.color.green('✔') : this.color.red('✖')} ${t ?? current}`);
      };
      // ora is loaded only when a spinner is shown; updates before it arrives are kept.
      void import('ora').then(({ default: ora }) => {
        if (!finished) spinner = ora({ text: current, stream: this.io.stderr, isEnabled: true }).start();
      });
      return {
        update: (t) => {
          current = t;
          if (spinner) spinner.text = t;
        },
        done: (t) => {
          finish(true, t);
        },
        fail: (t) => {
          finish(false, t);
        },
      };
    }
    let last = '';
    const say = (t: string) => {
      if (t !== last) this.note(t);
      last = t;
    };
    say(text);
    const sayIf = (t?: string) => {
      if (t) say(t);
    };
    return { update: say, done: sayIf, fail: sayIf };
  }

  /**
   * How far a long read has come ("read 37/100 clusters"): a spinner on a TTY, erased when stopped so that
   * only the result remains; nothing at all elsewhere (logs, pipes, CI).
   */
  counter(text: (done: number, of: number) => string): { tick(done: number, of: number): void; stop(): void } {
    if (!this.spins()) return { tick: () => undefined, stop: () => undefined };
    let current = '';
    let stopped = false;
    let spinner: { text: string; stop(): unknown } | undefined;
    void import('ora').then(({ default: ora }) => {
      if (stopped) return;
      spinner = ora({ text: current, stream: this.io.stderr, isEnabled: true }).start();
    });
    return {
      tick: (done, of) => {
        current = text(done, of);
        if (spinner) spinner.text = current;
      },
      stop: () => {
        stopped = true;
        spinner?.stop();
      },
    };
  }

  table(headers: string[], rows: Array<Array<string | number>>): void {
    const cells = [headers.map((h) => h.toUpperCase()), ...rows.map((r) => r.map(String))];
    const widths = headers.map((_, i) => Math.max(...cells.map((r) => visibleLength(r[i] ?? ''))));
    const pad = (c: string, i: number, last: boolean) =>
      last ? c : c + ' '.repeat((widths[i] ?? 0) - visibleLength(c) + 3);
    const line = (row: string[]) =>
      row
        .map((c, i) => pad(c, i, i === row.length - 1))
        .join('')
        .trimEnd();
    // One write for the whole table, as for the doctor report: each write is a system call.
    this.line(cells.map(line).join('\n'));
  }

  /** Objects as kubectl prints them: a v1 List in JSON, YAML documents separated by `---`, or `kind.group/name`. */
  objects(items: object[], format: 'json' | 'yaml' | 'name'): void {
    if (format === 'name') {
      const name = (o: KubeObject) => {
        const group = o.apiVersion?.includes('/') ? `.${o.apiVersion.split('/')[0]}` : '';
        return `${String(o.kind).toLowerCase()}${group}/${String(o.metadata?.name)}`;
      };
      if (items.length) this.line((items as KubeObject[]).map(name).join('\n'));
    } else if (format === 'json')
      this.document(items.length === 1 ? items[0] : { apiVersion: 'v1', kind: 'List', items }, 'json');
    else this.io.stdout.write(items.map(toYaml).join('---\n'));
  }

  document(value: unknown, format: 'json' | 'yaml'): void {
    this.io.stdout.write(format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : toYaml(value));
  }
}

/** A property of whatever was thrown, when it has one. */
function field(thrown: unknown, name: 'message' | 'stack'): unknown {
  return typeof thrown === 'object' && thrown !== null && name in thrown
    ? (thrown as Record<typeof name, unknown>)[name]
    : undefined;
}

// eslint-disable-next-line no-control-regex
const visibleLength = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
