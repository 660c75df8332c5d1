/** Per-host concurrency limit, so one slow or rate-limiting site never has more than N requests in flight. */
export interface HostLimiter {
  run<T>(url: string, task: () => Promise<T>): Promise<T>;
  /** Requests currently running for a host (for tests and metrics). */
  active(host: string): number;
}

export function createHostLimiter(maxPerHost = 2): HostLimiter {
  const limit = Math.max(1, Math.floor(maxPerHost));
  const running = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();

  const hostOf = (url: string): string => {
    try {
      return new URL(url).host.toLowerCase();
    } catch {
      return url;
    }
  };

  const acquire = (host: string): Promise<void> => {
    const count = running.get(host) ?? 0;
    if (count < limit) {
      running.set(host, count + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = waiting.get(host) ?? [];
      queue.push(resolve);
      waiting.set(host, queue);
    });
  };

  const release = (host: string): void => {
    const queue = waiting.get(host);
    const next = queue?.shift();
    if (queue && queue.length === 0) waiting.delete(host);
    if (next) return next(); // hand the slot straight to the next waiter
    const count = (running.get(host) ?? 1) - 1;
    if (count <= 0) running.delete(host);
    else running.set(host, count);
  };

  return {
    async run<T>(url: string, task: () => Promise<T>): Promise<T> {
      const host = hostOf(url);
      await acquire(host);
      try {
        return await task();
      } finally {
        release(host);
      }
    },
    active: (host) => running.get(host.toLowerCase()) ?? 0,
  };
}
