// One error hierarchy: every failure a user can meet is a CliError with a one-line message,
// an optional hint, and the exit code it maps to (1 operation failed, 2 usage).

export class CliError extends Error {
  readonly exitCode: number;
  /** completed where it is reported with the flags that reach the command's clusters (src/reach.ts) */
  hint?: string;

  constructor(message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 1;
    this.hint = options.hint;
  }
}

/** Bad flags, values or arguments: exit 2. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: 2 });
  }
}

/** The kubeconfig could not be read, or names no usable context. */
export class KubeconfigError extends CliError {}

/** The API server could not be reached at all. */
export class UnreachableError extends CliError {}

/** A wait ran out of time. */
export class TimeoutError extends CliError {}

/** A metav1.StatusCause: what the API server says about one field (a conflict's manager, a validation error). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** The API server answered with an error Status. */
export class ApiError extends CliError {
  readonly status: number;
  readonly reason: string;
  readonly causes: readonly StatusCause[];

  constructor(status: number, reason: string, message: string, hint?: string, causes: readonly StatusCause[] = []) {
    super(message, { hint });
    this.status = status;
    this.reason = reason;
    this.causes = causes;
  }

  get notFound(): boolean {
    return this.status === 404;
  }

  get conflict(): boolean {
    return this.status === 409;
  }
}

/** Ctrl-C: exit 130, as a shell reports a process stopped by SIGINT. The message says what was left. */
export class InterruptedError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: 130 });
  }
}

/** An exception nothing here expected: a bug in the plugin, not a problem with the cluster. */
export class BugError extends CliError {
  constructor(cause: unknown, version: string) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`unexpected ${reason}`, {
      cause,
      hint:
        `this is a bug in kubectl-karmada-mcs ${version}, not a problem with your cluster; please report it with the ` +
        'command you ran and its output with -v (which adds the stack trace)',
    });
  }
}

/** An error's message, or the thrown value as text when it is no Error. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
