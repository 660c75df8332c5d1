const DAY_MS = 24 * 60 * 60 * 1000;

export interface NextPollArgs {
  now: Date;
  /** The feed's normal polling interval. */
  intervalMinutes: number;
  /** 0 after a success. */
  consecutiveFailures: number;
  /** ISO instant from a 429/503 Retry-After. */
  retryAfter?: string;
  /** Source of jitter in [0, 1); injectable so the function stays pure. */
  random?: () => number;
}

/**
 * Pure: when to poll next. After a success: one interval. After n failures: interval × 2^n with ±20 %
 * jitter (so many failing feeds do not retry in lockstep), never before a server's Retry-After, and never
 * later than a day: a failing feed keeps being tried, it is never dropped.
 */
export function nextPollAt(args: NextPollArgs): Date {
  const now = args.now.getTime();
  const interval = Math.max(1, args.intervalMinutes) * 60_000;
  const failures = Math.max(0, Math.floor(args.consecutiveFailures));
  let delay = interval;
  if (failures > 0) {
    const random = args.random ?? Math.random;
    const exponential = interval * 2 ** Math.min(failures, 30);
    const jitter = 0.8 + 0.4 * clamp01(random());
    delay = exponential * jitter;
  }
  if (args.retryAfter) {
    const until = Date.parse(args.retryAfter);
    if (!Number.isNaN(until)) delay = Math.max(delay, until - now);
  }
  return new Date(now + Math.min(Math.max(delay, 60_000), DAY_MS));
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0.5;
}
