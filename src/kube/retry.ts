// When to send a request again. client-go (rest/request.go checkWait, rest/with_retry.go) retries any verb, up to
// 10 times, when a 429 or a 5xx carries Retry-After (whole seconds), waiting what the server asks. A 429 without
// it (a proxy or a server that forgot it) still means the request was not handled: retried after an exponential
// backoff, fewer times.
const MAX_RETRIES = 10;
const MAX_BACKOFF_RETRIES = 5;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8000;

/** Milliseconds to wait before attempt `attempt + 1`, or undefined: do not retry. */
export function retryDelay(
  status: number,
  retryAfter: string | string[] | undefined,
  attempt: number,
): number | undefined {
  if (status !== 429 && (status < 500 || status > 599)) return undefined;
  const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  if (header !== undefined && /^\s*\d+\s*$/.test(header)) {
    return attempt < MAX_RETRIES ? Number(header) * 1000 : undefined;
  }
  if (status !== 429 || attempt >= MAX_BACKOFF_RETRIES) return undefined;
  return Math.min(FIRST_BACKOFF_MS * 2 ** attempt, MAX_BACKOFF_MS);
}
