/**
 * A start-spacing rate limiter: every request (retries included) takes the next free slot, slots are
 * `intervalMs` apart. Spacing starts evenly keeps any one-second window at or below the limit, which is
 * how NCBI counts (3 requests/s without an api_key, 10 with one).
 */

/** Sleeps `ms`, rejecting early with the signal's reason when it aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RateLimiterOptions {
  /** Minimum gap between two request starts. See {@link intervalFor}. */
  intervalMs: number;
  now: () => number;
  sleep: Sleep;
}

/** One per client instance; shared by every call the client makes. */
export interface RateLimiter {
  /** Resolves when the caller may start one request; reserves that slot. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Pushes every future slot to at least `ms` from now (after a 429 the whole client backs off). */
  defer(ms: number): void;
  readonly intervalMs: number;
}

/**
 * Gap between starts for a requests-per-second limit, with a margin: pacing exactly at 333 ms still
 * draws 429s from NCBI on bursts (network jitter bunches arrivals), so 3/s -> 367 ms, 10/s -> 110 ms.
 */
export function intervalFor(requestsPerSecond: number): number {
  if (!(requestsPerSecond > 0)) throw new RangeError(`rate-limit: requestsPerSecond must be > 0, got ${requestsPerSecond}`);
  return Math.ceil(1100 / requestsPerSecond);
}

/** Creates a limiter. Slots are reserved synchronously, so concurrent callers queue in call order. */
export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  let nextSlot = -Infinity;
  return {
    intervalMs: opts.intervalMs,
    async acquire(signal) {
      signal?.throwIfAborted();
      const now = opts.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + opts.intervalMs;
      if (slot > now) await opts.sleep(slot - now, signal);
    },
    defer(ms) {
      nextSlot = Math.max(nextSlot, opts.now() + ms);
    },
  };
}

/** Real-timer sleep honouring an AbortSignal; leaves no timer behind when aborted. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
