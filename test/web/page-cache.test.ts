import { describe, expect, it } from 'vitest';
import { pageCache } from '../../src/web/page-cache.js';
import { nextSlice, restAfter } from '../../src/web/serve.js';

const reply = (body: string) => ({ status: 200, type: 'text/html; charset=utf-8', body });

describe('page cache', () => {
  it('reuses an answer only at the library state it was rendered at', () => {
    const cache = pageCache();
    cache.set('/?q=a', '5:5', reply('A'));
    expect(cache.get('/?q=a', '5:5')?.body).toBe('A');
    expect(cache.get('/?q=a', '6:5')).toBeUndefined();
    // A newer state dropped everything: going back to the old state finds nothing either.
    expect(cache.get('/?q=a', '5:5')).toBeUndefined();
  });

  it('drops the least recently used answers beyond its size, and keeps no oversized answer', () => {
    const cache = pageCache(10);
    cache.set('a', 's', reply('aaaa'));
    cache.set('b', 's', reply('bbbb'));
    cache.get('a', 's');
    cache.set('c', 's', reply('cccc'));
    expect([cache.get('a', 's')?.body, cache.get('b', 's'), cache.get('c', 's')?.body]).toEqual(['aaaa', undefined, 'cccc']);
    cache.set('huge', 's', reply('x'.repeat(600 * 1024)));
    expect(cache.get('huge', 's')).toBeUndefined();
  });
});

describe('following the store in slices', () => {
  it('sizes the next slice to take about 8 ms, between 1 and 100 records, growing at most twofold', () => {
    expect(nextSlice(10, 80)).toBe(1);
    expect(nextSlice(10, 8)).toBe(10);
    expect(nextSlice(10, 1)).toBe(20);
    expect(nextSlice(80, 0)).toBe(100);
    expect(nextSlice(1, 500)).toBe(1);
    // A slice that applied 2 records quickly (the follower had caught up) grows to 4, not to 100.
    expect(nextSlice(2, 0.1)).toBe(4);
  });

  it('rests nine times as long as a slice took while readers are being answered (a tenth of the thread), not at all when idle', () => {
    expect(restAfter(8, true)).toBe(72);
    expect(restAfter(2.5, true)).toBe(22.5);
    expect(restAfter(8, false)).toBe(0);
  });
});
