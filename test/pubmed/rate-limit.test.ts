import { describe, expect, it } from 'vitest';
import { createRateLimiter, intervalFor, type Sleep } from '../../src/pubmed/rate-limit.js';
import { maxInWindow } from '../../src/loopback/eutils-server.js';

/** A virtual clock: sleep advances time instead of waiting. */
function virtualClock() {
  let t = 1_000_000;
  const pending: Array<{ at: number; resolve: () => void }> = [];
  const sleep: Sleep = (ms) => new Promise<void>((resolve) => pending.push({ at: t + ms, resolve }));
  async function drain(): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      pending.sort((a, b) => a.at - b.at);
      const next = pending.shift();
      if (!next) return;
      t = Math.max(t, next.at);
      next.resolve();
    }
  }
  return { now: () => t, sleep, drain };
}

async function starts(requestsPerSecond: number, calls: number): Promise<number[]> {
  const clock = virtualClock();
  const limiter = createRateLimiter({ intervalMs: intervalFor(requestsPerSecond), now: clock.now, sleep: clock.sleep });
  const at: number[] = [];
  const all = Promise.all(Array.from({ length: calls }, () => limiter.acquire().then(() => at.push(clock.now()))));
  await clock.drain();
  await all;
  return at;
}

describe('rate limiter', () => {
  it('spaces starts 367 ms apart without a key and 110 ms with one (margin over 333/100 ms)', () => {
    expect(intervalFor(3)).toBe(367);
    expect(intervalFor(10)).toBe(110);
  });

  it('lets at most 3 of 20 concurrent calls start in any one-second window', async () => {
    const at = await starts(3, 20);
    expect(at).toHaveLength(20);
    expect(maxInWindow(at, 1000)).toBe(3);
    expect(at[19]! - at[0]!).toBe(19 * 367);
  });

  it('lets at most 10 of 20 concurrent calls start in any one-second window at 10/s', async () => {
    const at = await starts(10, 20);
    expect(maxInWindow(at, 1000)).toBe(10);
  });

  it('lets the first call start at once', async () => {
    const clock = virtualClock();
    const limiter = createRateLimiter({ intervalMs: 367, now: clock.now, sleep: clock.sleep });
    const t0 = clock.now();
    await limiter.acquire();
    expect(clock.now()).toBe(t0);
  });

  it('pushes every later start past a deferral (after a 429)', async () => {
    const clock = virtualClock();
    const limiter = createRateLimiter({ intervalMs: 100, now: clock.now, sleep: clock.sleep });
    const t0 = clock.now();
    await limiter.acquire();
    limiter.defer(5000);
    const next = limiter.acquire();
    await clock.drain();
    await next;
    expect(clock.now() - t0).toBe(5000);
  });

  it('rejects a waiting acquire when its signal aborts', async () => {
    const limiter = createRateLimiter({ intervalMs: 60_000, now: Date.now, sleep: (ms, s) => new Promise((_r, rej) => s?.addEventListener('abort', () => rej(s.reason))) });
    await limiter.acquire();
    const ctrl = new AbortController();
    const waiting = limiter.acquire(ctrl.signal);
    ctrl.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('counts the window half-open: starts exactly 1000 ms apart are in different windows', () => {
    expect(maxInWindow([0, 999, 1000, 1999], 1000)).toBe(2);
    expect(maxInWindow([0, 500, 999], 1000)).toBe(3);
  });
});

describe('rate limiter on a busy event loop', () => {
  it('spaces a request from the moment the previous one really left when its timer fired late', async () => {
    // The second sleep oversleeps by 250 ms (a busy event loop); sequential callers, as in ingest.
    let t = 0;
    let sleeps = 0;
    const sleep: Sleep = async (ms) => {
      sleeps += 1;
      t += ms + (sleeps === 1 ? 250 : 0);
    };
    const limiter = createRateLimiter({ intervalMs: 367, perWindow: 3, now: () => t, sleep });
    const left: number[] = [];
    for (let i = 0; i < 8; i++) {
      await limiter.acquire();
      left.push(t);
      t += 20; // the answer takes 20 ms
    }
    const gaps = left.slice(1).map((x, i) => x - (left[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(367);
    expect(maxInWindow(left, 1000)).toBeLessThanOrEqual(3);
  });

  it('never lets more than perWindow requests leave within one window even with a short interval', async () => {
    const clock = virtualClock();
    const limiter = createRateLimiter({ intervalMs: 10, perWindow: 3, windowMs: 1000, now: clock.now, sleep: clock.sleep });
    const at: number[] = [];
    const all = Promise.all(Array.from({ length: 9 }, () => limiter.acquire().then(() => at.push(clock.now()))));
    await clock.drain();
    await all;
    expect(maxInWindow(at, 1000)).toBe(3);
  });
});

describe('rate limiter told when a request really left', () => {
  it('spaces the next request from the moment the previous one was flushed, not from its release', async () => {
    const clock = virtualClock();
    const limiter = createRateLimiter({ intervalMs: 367, now: clock.now, sleep: clock.sleep });
    const t0 = clock.now();
    await limiter.acquire();
    limiter.left(t0 + 300); // socket connect and a busy event loop delayed the bytes by 300 ms
    const next = limiter.acquire();
    await clock.drain();
    await next;
    expect(clock.now() - t0).toBe(667);
  });
});
