/**
 * A search thread of `kratomlit serve`: a `node:worker_threads` worker that holds its own read-only
 * library (the persisted index loaded from its file, then following the store's change sequence like the
 * serving thread does) and renders search pages (`/` and `/search.json`) for the serving thread, which
 * keeps HTTP, routing, the page cache and every other page (search-threads.ts starts and stops these).
 * A new search page is mostly ranking; with 20 readers waiting on one thread, their wait is about 20
 * pages' worth of CPU, so a second thread ranking while the first parses and writes halves it.
 *
 * Loaded as a worker, this module serves the protocol below; imported anywhere else it only lends its
 * types and tag.
 */
import { isMainThread, type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../errors.js';
import { openLibrary } from '../index.js';
import { followStore } from './follow.js';
import type { Reply } from './routes.js';
import { render, routeContext, stateOf } from './server.js';

/** `workerData.tag` that marks a thread as a search thread (and nothing else that loads this module). */
export const SEARCH_THREAD_TAG = 'kratomlit:search-thread';

/** What a search thread is started with. */
export interface SearchThreadData {
  tag: typeof SEARCH_THREAD_TAG;
  /** The library's database and index file (the serving thread's). */
  db: string;
  indexPath: string;
  /** The configuration file the serving thread read (false: none), so a topic is known here as there. */
  config: string | false;
  basePath: string;
  /** How often to look for store changes, ms. */
  followMs: number;
}

/** Serving thread -> search thread. */
export type ToSearchThread = { type: 'page'; id: number; path: string; query: string } | { type: 'stop' };

/** Search thread -> serving thread. */
export type FromSearchThread =
  | { type: 'ready' }
  | { type: 'page'; id: number; reply: Omit<Reply, 'body'> & { body: Uint8Array }; state: string }
  | { type: 'failed'; message: string }
  | { type: 'log'; obj: object; msg?: string; level?: 'debug' };

/** Opens the library, then answers page requests until told to stop (it then closes the library and ends). */
async function serveThread(port: MessagePort, data: SearchThreadData): Promise<void> {
  let lib;
  try {
    // The serving thread's configuration (topics are checked against it) and its paths, given.
    lib = await openLibrary({ db: data.db, indexPath: data.indexPath, config: data.config, mustExist: true, loadIndex: true, followOnSearch: false });
  } catch (err) {
    port.postMessage({ type: 'failed', message: errorMessage(err) } satisfies FromSearchThread);
    port.close();
    return;
  }
  const library = lib;
  let lastRequest = -Infinity;
  const log = {
    error: (obj: object, msg?: string) => port.postMessage({ type: 'log', obj, ...(msg ? { msg } : {}) } satisfies FromSearchThread),
    // Written by the serving thread's log at its debug level (a 500's stack, shown with -v).
    debug: (obj: object, msg?: string) => port.postMessage({ type: 'log', level: 'debug', obj, ...(msg ? { msg } : {}) } satisfies FromSearchThread),
  };
  const c = routeContext(library, data.basePath, undefined, log);
  const stopFollowing = followStore(library, log, data.followMs, () => lastRequest);
  const encoder = new TextEncoder();
  port.on('message', (m: ToSearchThread) => {
    if (m.type === 'stop') {
      stopFollowing();
      library.close();
      port.close();
      return;
    }
    lastRequest = performance.now();
    // The state is read in the same turn as the page is rendered: no follower slice comes between.
    void render(c, m.path, new URLSearchParams(m.query)).then((reply) => {
      // The page travels as UTF-8 bytes handed over, not copied: cloning the string cost the thread as
      // much as ranking, and the serving thread no longer encodes it on the way to the socket.
      const bytes = encoder.encode(typeof reply.body === 'string' ? reply.body : reply.body.toString('utf8'));
      const page = { ...reply, body: bytes };
      port.postMessage({ type: 'page', id: m.id, reply: page, state: stateOf(library) } satisfies FromSearchThread, [bytes.buffer]);
    });
  });
  port.postMessage({ type: 'ready' } satisfies FromSearchThread);
}

const data = workerData as SearchThreadData | undefined;
if (!isMainThread && parentPort !== null && data?.tag === SEARCH_THREAD_TAG) void serveThread(parentPort, data);
