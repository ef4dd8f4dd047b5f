// Waiting as every --wait here does: read, say what is still pending (once per change), give up
// at the deadline with the caller's error for the last state.
import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions<T> {
  timeoutMs: number;
  intervalMs?: number;
  onPending?: (pending: string) => void;
  /** the error to throw when time is up, given the last value read and what was pending */
  timeout: (last: T, pending: string) => Error;
}

/** Reads until `pending` returns undefined; returns that last value. */
export async function poll<T>(
  read: () => Promise<T>,
  pending: (value: T) => string | undefined,
  options: PollOptions<T>,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  for (;;) {
    const value = await read();
    const now = pending(value);
    if (now === undefined) return value;
    if (now !== last) options.onPending?.(now);
    last = now;
    if (Date.now() >= deadline) throw options.timeout(value, now);
    await sleep(Math.min(options.intervalMs ?? 500, Math.max(0, deadline - Date.now())));
  }
}
