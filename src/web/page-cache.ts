/**
 * Whole answers kept per request target while the library stays as it was. A page is a function of its
 * URL and of the library's state, and that state is named by two numbers: the store's change sequence
 * (any write by `ingest`, `import` or `schedule` raises it) and the change the in-memory index reflects.
 * An answer is reused only while both are what they were when it was rendered, so a cached page is
 * byte for byte the page a fresh render would give; the first request after a write renders again.
 * Bounded by total size, least recently used dropped first. Pure (the caller reads the two numbers).
 */

/** What is kept: a route's answer. */
export interface CachedReply {
  status: number;
  type: string;
  /** A string, or UTF-8 bytes (counted as characters: a byte per character or fewer). */
  body: string | Buffer;
  headers?: Record<string, string>;
}

/** A size-bounded cache of answers valid for one library state. */
export interface PageCache {
  /** The answer for `key` rendered at library state `state`, or undefined. */
  get(key: string, state: string): CachedReply | undefined;
  /** Keeps `reply` for `key` at `state` (a new state drops every older answer). */
  set(key: string, state: string, reply: CachedReply): void;
  /** Answers kept now (for tests and the status page). */
  readonly size: number;
}

/** Answers larger than this are not kept (an export of the whole library, say). */
const MAX_ENTRY_CHARS = 512 * 1024;

/**
 * A page cache holding at most `maxChars` characters of bodies (default 8 Mi: ~16 MB of heap at worst,
 * some hundreds of result pages: what readers paging and toggling facets come back to; a larger cache
 * mostly kept pages nobody asked for again, and grew the server's heap by tens of megabytes).
 */
export function pageCache(maxChars = 8 * 1024 * 1024): PageCache {
  const entries = new Map<string, CachedReply>();
  let current = '';
  let chars = 0;
  const reset = (state: string) => {
    if (state === current) return;
    entries.clear();
    chars = 0;
    current = state;
  };
  return {
    get(key, state) {
      reset(state);
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit); // most recently used last
      }
      return hit;
    },
    set(key, state, reply) {
      reset(state);
      if (reply.body.length > MAX_ENTRY_CHARS) return;
      const old = entries.get(key);
      if (old) chars -= old.body.length;
      entries.set(key, reply);
      chars += reply.body.length;
      for (const [k, v] of entries) {
        if (chars <= maxChars) break;
        entries.delete(k);
        chars -= v.body.length;
      }
    },
    get size() {
      return entries.size;
    },
  };
}
