/**
 * Consumers probed at once (probe --parallel, doctor --probe): each runs a pod lifecycle whose time is mostly
 * waiting for the pod to start, so they overlap; their requests still go through the session's limiter.
 */
export const PROBE_PARALLELISM = 64;

/** Runs fn over items with at most `limit` in flight; results keep the input order, failures included. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<Array<PromiseSettledResult<R>>> {
  const results = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i] as T) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * At most `limit` tasks at once across everything that shares it: the plugin's API requests share one,
 * so work per cluster may start all at once while the API server sees a bounded number of requests.
 */
export class Limiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so the count never drops below what is running.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
