// Ctrl-C during a pair of writes: the first SIGINT is remembered and the pair is finished (each write is one
// bounded request), so the user is never left with half of it; a second SIGINT exits at once and names what is
// left. Commands ask `stopped()` at the points where stopping leaves nothing half done.
import { CliError } from '../errors.js';

export const INTERRUPTED = 130;

export class Interrupts {
  private count = 0;
  private readonly listener = (signal: NodeJS.Signals): void => {
    this.onSignal(signal);
  };
  private wake?: () => void;
  /** resolves at the first SIGINT: races a wait so the wait can stop */
  readonly first: Promise<void>;

  constructor(
    private readonly texts: {
      /** what a first Ctrl-C does now, e.g. "finishing the writes in progress so nothing is left half done" */
      first: () => string;
      /** what the user has if the process ends now, e.g. "service/nginx exists without its MultiClusterService" */
      left: () => string;
    },
    private readonly say: (text: string) => void,
  ) {
    this.first = new Promise<void>((resolve) => {
      this.wake = resolve;
    });
    process.on('SIGINT', this.listener);
  }

  get interrupted(): boolean {
    return this.count > 0;
  }

  private onSignal(signal: NodeJS.Signals): void {
    this.count++;
    if (this.count === 1) {
      this.say(`${signal}: ${this.texts.first()} (press Ctrl-C again to exit at once)`);
      this.wake?.();
      return;
    }
    this.say(`exiting at once: ${this.texts.left()}`);
    this.dispose();
    process.kill(process.pid, signal);
  }

  /** The error that ends the command after a first Ctrl-C: exit 130 with what was done. */
  error(done: string, hint?: string): CliError {
    return new CliError(`interrupted: ${done}`, { exitCode: INTERRUPTED, hint });
  }

  dispose(): void {
    process.off('SIGINT', this.listener);
  }
}
