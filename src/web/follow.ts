/**
 * Following the store's change sequence off the request path: the in-memory index (of the serving thread,
 * or of a search thread) is brought up to date in slices, the event loop free between them, so a request
 * waits for at most one slice, and while requests keep coming the follower rests between slices
 * (restAfter).
 */
import { setImmediate as yieldTurn, setTimeout as sleep } from 'node:timers/promises';
import { errorMessage } from '../errors.js';
import type { Library } from '../index.js';

/**
 * A real-sized record costs 1-2 ms to read and index, so the slice size adapts to take about SLICE_MS,
 * between 1 and MAX_SLICE records.
 */
const SLICE_MS = 8;
const MAX_SLICE = 100;

/** A request answered this recently (ms) means readers are waiting on this thread. */
const BUSY_MS = 100;
/**
 * While readers wait, the follower rests this many times as long as its last slice took: a tenth of the
 * serving thread. Following costs about 1.1 ms a real-sized record (reading it, analyzing its text,
 * decoding the postings it joins), more than the importer spends writing it, so during a bulk import the
 * follower always has work; at a quarter of the thread (3) new search pages during an import cost 2.0 ms
 * of server CPU each against 1.3 ms at a tenth, measured side by side (docs/serve.md). The index lags
 * longer under a sustained load; when nobody reads it still follows at full speed.
 */
const REST_FACTOR = 9;

/**
 * How long the follower rests (ms) after a slice that took `took` ms: while requests are being answered
 * it takes at most a tenth of the serving thread, so a bulk import cannot make every reader queue behind
 * back-to-back slices; when no one is reading it follows at full speed (0: the next turn of the event loop).
 */
export function restAfter(took: number, busy: boolean): number {
  return busy ? took * REST_FACTOR : 0;
}

/**
 * The next slice size: scaled towards SLICE_MS from how long the last slice took to apply `applied`
 * records. Scaled by the records applied, not by the size asked: a follower that had caught up applied
 * a record or two per slice in no time, and growing its slices then made the first slice of the next
 * import batch a hundred records (300 ms) long.
 */
export function nextSlice(applied: number, ms: number): number {
  const scaled = ms <= 0 ? applied * 2 : Math.round((applied * SLICE_MS) / ms);
  return Math.max(1, Math.min(MAX_SLICE, scaled, applied * 2));
}

/** Where a follower reports a failed slice (it retries at the next tick). */
export interface FollowLog {
  error(obj: object, msg?: string): void;
}

/**
 * Looks for store changes every `every` ms and applies them in slices; `lastRequest` is when this thread
 * last took a request (performance.now()). Returns the function that stops it (no slice starts after).
 */
export function followStore(lib: Pick<Library, 'indexedSeq' | 'refresh'>, log: FollowLog, every: number, lastRequest: () => number): () => void {
  let busy = false;
  let stopped = false;
  let slice = 10;
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      // Stopping may come while the follower rests: no slice after it (the library may be closing).
      while (!stopped) {
        const started = performance.now();
        const from = lib.indexedSeq();
        const caughtUp = lib.refresh(slice);
        const took = performance.now() - started;
        // Each applied record advances the index's change by at least one.
        slice = nextSlice(Math.max(1, Math.min(slice, lib.indexedSeq() - from)), took);
        if (caughtUp) break;
        const rest = restAfter(took, started - lastRequest() < BUSY_MS);
        await (rest > 0 ? sleep(rest) : yieldTurn());
      }
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'serve: could not follow the store; will retry');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), every);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
