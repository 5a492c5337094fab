/**
 * The serving thread's side of the search threads (search-thread.ts): starts them, hands each new search
 * page to the least busy one that has loaded its index, and stops them. Until a thread is ready, or when
 * none can start (a TypeScript-source test run, where no `.js` module exists), or after a thread failed,
 * pages are rendered on the serving thread as before: a thread only ever takes work off it.
 */
import { Worker } from 'node:worker_threads';
import { errorMessage } from '../errors.js';
import type { ErrorLog, Reply } from './routes.js';
import { SEARCH_THREAD_TAG, type FromSearchThread, type SearchThreadData, type ToSearchThread } from './search-thread.js';
import type { Delegate } from './server.js';

/** Which library the threads open, and how many (`serve --search-threads`; 0 starts none). */
export interface SearchThreadsSpec {
  db: string;
  indexPath: string;
  /** The configuration file in use (false: none). */
  config: string | false;
  count: number;
}

/** The running search threads. */
export interface SearchThreads {
  /** Hands a search page to a ready thread; null (render it here) for other pages or when none is ready. */
  delegate: Delegate;
  /** Resolves with how many threads loaded their index and serve (the others failed to start). */
  readonly ready: Promise<number>;
  /** Threads whose end has not been seen yet. */
  readonly live: number;
  /** Threads that loaded their index and take pages now. */
  readonly serving: number;
  /** Pages the threads answered so far. */
  readonly answered: number;
  /** Tells every thread to stop; resolves when all have ended. */
  close(): Promise<void>;
}

type Answer = { reply: Reply; state: string } | null;

interface Thread {
  worker: Worker;
  ready: boolean;
  exited: boolean;
  pending: Map<number, (a: Answer) => void>;
  ended: Promise<void>;
}

const SEARCH_PATHS = new Set(['/', '/search.json']);

/**
 * A thread with this many pages waiting leaves the next one to the serving thread. With 20 readers on one
 * search thread the serving thread was idle two thirds of the time (parsing, routing and writing are the
 * cheaper part of a page); rendering there too keeps both busy.
 */
const BACKLOG = 2;


function spawn(url: URL, data: SearchThreadData, log: ErrorLog, onReady: (ok: boolean) => void, counter: () => void): Thread {
  const worker = new Worker(url, { workerData: data });
  const t: Thread = { worker, ready: false, exited: false, pending: new Map(), ended: Promise.resolve() };
  // A thread that ends or fails leaves its pages to the serving thread (null: render there).
  const lost = () => {
    t.ready = false;
    for (const done of t.pending.values()) done(null);
    t.pending.clear();
  };
  t.ended = new Promise((resolve) => worker.once('exit', () => {
    t.exited = true;
    lost();
    onReady(false);
    resolve();
  }));
  worker.on('error', (err) => log.error({ err: errorMessage(err) }, 'serve: a search thread failed; its pages are rendered by the serving thread'));
  worker.on('message', (m: FromSearchThread) => {
    if (m.type === 'ready') {
      t.ready = true;
      onReady(true);
    } else if (m.type === 'page') {
      counter();
      const body = Buffer.from(m.reply.body.buffer, m.reply.body.byteOffset, m.reply.body.byteLength);
      t.pending.get(m.id)?.({ reply: { ...m.reply, body }, state: m.state });
      t.pending.delete(m.id);
    } else if (m.type === 'failed') log.error({ err: m.message }, 'serve: a search thread could not open the library; the serving thread renders its pages');
    else if (m.level === 'debug') log.debug?.(m.obj, m.msg);
    else log.error(m.obj, m.msg);
  });
  return t;
}

/** Starts the search threads; null when this build has no thread module to start (TypeScript sources). */
export function startSearchThreads(spec: SearchThreadsSpec, basePath: string, followMs: number, log: ErrorLog): SearchThreads | null {
  const url = new URL('./search-thread.js', import.meta.url);
  if (!import.meta.url.endsWith('.js')) return null;
  const count = spec.count;
  const data: SearchThreadData = { tag: SEARCH_THREAD_TAG, db: spec.db, indexPath: spec.indexPath, config: spec.config, basePath, followMs };
  let settled = 0;
  let serving = 0;
  let answered = 0;
  let readyAll: (n: number) => void = () => {};
  const ready = new Promise<number>((resolve) => (readyAll = resolve));
  if (count <= 0) readyAll(0);
  const onReady = (ok: boolean) => {
    if (ok) serving += 1;
    if (++settled === count) readyAll(serving);
  };
  const threads = Array.from({ length: count }, () => {
    let seen = false;
    // Each thread settles once: ready, or ended before it was.
    return spawn(url, data, log, (ok) => {
      if (!seen) onReady(ok);
      seen = true;
    }, () => (answered += 1));
  });
  let nextId = 0;
  const delegate: Delegate = (path, query) => {
    if (!SEARCH_PATHS.has(path)) return null;
    let best: Thread | null = null;
    for (const t of threads) if (t.ready && (!best || t.pending.size < best.pending.size)) best = t;
    if (!best || best.pending.size >= BACKLOG) return null;
    const id = nextId++;
    const thread = best;
    return new Promise<Answer>((resolve) => {
      thread.pending.set(id, resolve);
      thread.worker.postMessage({ type: 'page', id, path, query } satisfies ToSearchThread);
    });
  };
  return {
    delegate,
    ready,
    get live() {
      return threads.filter((t) => !t.exited).length;
    },
    get serving() {
      return threads.filter((t) => t.ready).length;
    },
    get answered() {
      return answered;
    },
    close: async () => {
      for (const t of threads) {
        // A thread still loading its index is ended at once (its read-only connection goes with it).
        if (t.ready) t.worker.postMessage({ type: 'stop' } satisfies ToSearchThread);
        else void t.worker.terminate();
        t.ready = false;
      }
      await Promise.all(threads.map((t) => t.ended));
    },
  };
}
