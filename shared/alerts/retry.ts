/** Retry with exponential backoff and full jitter, for delivery attempts that may fail transiently. */

export interface RetryOptions {
  /** Total attempts including the first (default 4). */
  attempts?: number;
  /** Delay before the first retry, doubled each time (default 500 ms). */
  baseDelayMs?: number;
  /** Upper bound for one delay (default 8 s). */
  maxDelayMs?: number;
  /** Injected for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Thrown by an attempt to stop retrying at once (e.g. HTTP 400: trying again cannot help). */
export class PermanentDeliveryError extends Error {
  override readonly name = "PermanentDeliveryError";
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Delay before retry number `retry` (1-based): random in [0, min(max, base * 2^(retry-1))]. */
export function backoffDelay(retry: number, opts: RetryOptions = {}): number {
  const base = opts.baseDelayMs ?? 500;
  const cap = Math.min(opts.maxDelayMs ?? 8_000, base * 2 ** (retry - 1));
  return Math.round(cap * (opts.random ?? Math.random)());
}

/**
 * Run `attempt` until it resolves, a PermanentDeliveryError is thrown, or attempts run out; then
 * rethrow the last error so the caller keeps the alert pending.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, opts.attempts ?? 4);
  const sleep = opts.sleep ?? defaultSleep;
  let lastError: unknown;
  for (let n = 1; n <= attempts; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      lastError = error;
      if (error instanceof PermanentDeliveryError || n === attempts) break;
      await sleep(backoffDelay(n, opts));
    }
  }
  throw lastError;
}
