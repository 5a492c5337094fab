/**
 * A departure-measured rate limiter: every request (retries included) waits until it is at least
 * `intervalMs` after the moment the previous request actually left, and until no more than
 * `perWindow` requests have left in the last `windowMs`. NCBI counts arrivals per second (3 requests/s
 * without an api_key, 10 with one).
 *
 * Why measured and not planned: a limiter that reserves slots ahead (slot n = slot n-1 + interval)
 * sends bursts when the event loop is late. A request whose timer fires 250 ms late leaves 250 ms
 * after its slot, and the next one, already due, leaves right behind it: four arrivals inside one
 * second on a busy machine. Here the clock is read again after every sleep, the departure recorded is
 * the instant the caller is released, and {@link RateLimiter.left} moves it to the instant the request was
 * really handed to the network (after socket connect and any event-loop delay on the way).
 */

/** Sleeps `ms`, rejecting early with the signal's reason when it aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RateLimiterOptions {
  /** Minimum gap between two departures. See {@link intervalFor}. */
  intervalMs: number;
  /** At most this many departures in any `windowMs` (NCBI's per-second count). Default: no window rule. */
  perWindow?: number;
  /** Default 1000 ms. */
  windowMs?: number;
  now: () => number;
  sleep: Sleep;
}

/** One per client instance; shared by every call the client makes. */
export interface RateLimiter {
  /** Resolves when the caller may send one request now; that instant is recorded as its departure. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Pushes every future departure to at least `ms` from now (after a 429 the whole client backs off). */
  defer(ms: number): void;
  /**
   * The request released last really left at `at` (its bytes were flushed to the socket): later requests
   * are spaced from that instant. Moving a departure later only makes the limiter more careful.
   */
  left(at: number): void;
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

/** Creates a limiter. Callers are served one at a time in call order. */
export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const windowMs = opts.windowMs ?? 1000;
  const perWindow = opts.perWindow ?? Infinity;
  const departures: number[] = [];
  let deferredUntil = -Infinity;
  let turn: Promise<void> = Promise.resolve();

  /** Earliest instant the next request may leave, from what really left before. */
  function earliest(): number {
    const last = departures.at(-1) ?? -Infinity;
    const nthBack = departures.length >= perWindow ? (departures[departures.length - perWindow] as number) + windowMs : -Infinity;
    return Math.max(last + opts.intervalMs, nthBack, deferredUntil);
  }

  async function waitAndDepart(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = opts.now();
      const due = earliest();
      if (now >= due) {
        departures.push(now);
        if (departures.length > Math.max(1, Math.min(perWindow, 64))) departures.shift();
        return;
      }
      // A timer may fire late (busy event loop); the loop reads the clock again instead of trusting it.
      await opts.sleep(due - now, signal);
    }
  }

  return {
    intervalMs: opts.intervalMs,
    acquire(signal) {
      const mine = turn.then(() => waitAndDepart(signal));
      turn = mine.catch(() => undefined);
      return mine;
    },
    defer(ms) {
      deferredUntil = Math.max(deferredUntil, opts.now() + ms);
    },
    left(at) {
      const i = departures.length - 1;
      if (i >= 0) departures[i] = Math.max(departures[i] as number, at);
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
