/**
 * The parsing side of `kratomlit import`: read + split + parse + normalize + prepare (column values, record
 * JSON, evidence, raw XML bytes), run in a `node:worker_threads` worker so the importing thread only writes
 * SQLite (issue #2: on 2 cores, parsing and storing each take about half the time of a record).
 *
 * Loaded as a worker, this module serves the protocol below; imported by the main thread, it only lends
 * {@link produceBatches} to the in-thread path (tests running the TypeScript source, where no `.js` worker
 * file exists). Flow control: a job starts with credits for {@link BATCHES_AHEAD} store batches of slices,
 * each slice posted spends one, and the writer returns one per slice it takes, so the worker is never more
 * than two batches ahead and memory stays flat whatever the file size.
 */
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { AppError, errorMessage, InputError } from './errors.js';
import { parseItems } from './pubmed/normalize.js';
import { readPubmedFile } from './pubmed/read-file.js';
import type { SplitItem } from './pubmed/split.js';
import { prepareRow, type ColumnValue, type PreparedRow } from './store/prepare.js';
import type { RecordText } from './evidence/text.js';
import type { Evidence } from './evidence/types.js';
import type { Deletion, RecordProblem } from './types.js';

/** `workerData` that marks a thread as an import parse worker (and nothing else that loads this module). */
export const PARSE_WORKER_TAG = 'kratomlit:import-parse-worker';

/**
 * Records per message. A store batch (a transaction, `batchSize` records) travels as slices of this size:
 * the worker's live set stays small, so its young-generation GC stays cheap (a 2,000-record batch of
 * parsed records outlived every scavenge and was copied into the old generation). Since the writer stores
 * each slice as it arrives, smaller slices also start it sooner; measured on 2 cores, 40,000 ~16 KB
 * records: 250 -> 2,338 rec/s, 50 -> 2,640, 25 -> 2,659 but peak RSS 445 -> 490 -> 570 MB.
 */
export const SLICE_RECORDS = 50;

/**
 * Every how many records one is deflated by the writer instead (its raw bytes travel instead of the
 * deflated ones). Deflate is the one step that needs nothing but the raw bytes, so it is what balances the
 * two threads. With generated 16 KB records, every second one evened them (issue #2). Since the worker also
 * classifies evidence and the writer no longer writes child-table rows (issue #17), the worker is the
 * busier thread on real-sized records: the writer deflates all of them.
 */
export const WRITER_DEFLATES_EVERY = 1;

/**
 * Every how many records one is classified by the writer instead (the rules' evidence classification,
 * run on the record's folded text that the worker sends with it: the writer parses no record JSON for
 * it). Profiled on 10,000 real-sized records (2 cores, busy machine), when the writer still parsed the
 * JSON of the records it classified: every fourth left the writer idle 27% of the time and the worker 4%,
 * every second the writer 6% and the worker 14%.
 */
export const WRITER_CLASSIFIES_EVERY = 3;

/**
 * The parse worker's young generation (MB). It allocates an element tree, a record and its JSON per record;
 * V8's default semi-spaces made it collect ~2.4 s per 10,000 real-sized records (profiled, busy machine),
 * 48 MB ~2.0 s, for ~5 MB more peak RSS.
 */
export const WORKER_YOUNG_GENERATION_MB = 48;

/** Batches a job may be ahead of the writer: bounded memory, parse kept ahead of the writer. */
export const BATCHES_AHEAD = 2;

/**
 * One batch of a file, ready to store: per record, what the writer binds (see `PreparedRow`), so that
 * the writer parses nothing. The raw XML of all records (UTF-8 bytes, or deflated) shares one
 * transferred buffer.
 */
export interface PreparedBatch {
  /** Split items read (records and DeleteCitation elements): the unit of `onProgress`. */
  items: number;
  /** This slice completes a store batch of `batchSize` split items: commit after it. */
  endsBatch: boolean;
  /** `articleColumns(article)`'s values of each accepted record, in file order. */
  columns: ColumnValue[][];
  /** `recordJson(article)` of each record. */
  jsons: string[];
  /**
   * The kept list forms of the records back to back, UTF-8 (store/listed-form.ts keptListed), in their
   * own transferred buffer: record i is bytes `[listedEnds[i-1] ?? 0, listedEnds[i])`.
   */
  listed: Uint8Array;
  listedEnds: number[];
  /**
   * The rules' evidence classification of each record (the writer applies the curator's overrides), or
   * `null` for the records the writer classifies itself (see {@link WRITER_CLASSIFIES_EVERY}).
   */
  evidence: Array<Evidence | null>;
  /** For the records the writer classifies, their `recordText` (what the rules read); `null` for the others. */
  texts: Array<RecordText | null>;
  /** Raw XML of the records back to back: record i is bytes `[ends[i-1] ?? 0, ends[i])`. */
  raw: Uint8Array;
  ends: number[];
  /** Whether record i's raw XML is deflated already (else the writer deflates it: {@link WRITER_DEFLATES_EVERY}). */
  deflated: boolean[];
  deletions: Deletion[];
  problems: RecordProblem[];
}

/** Main thread -> worker. */
export type ToParseWorker =
  | { type: 'file'; id: number; path: string; batchSize: number }
  | { type: 'next'; id: number };

/** Worker -> main thread. An error carries what is needed to rebuild the `InputError`. */
export type FromParseWorker =
  | { type: 'batch'; id: number; batch: PreparedBatch }
  | { type: 'end'; id: number }
  | { type: 'error'; id: number; name: string; code: string; message: string };

/** Parses and prepares one batch of split records. Bad records become problems, never exceptions. */
export function prepareBatch(items: SplitItem[], endsBatch = true): PreparedBatch {
  const parsed = parseItems(items);
  const rows = parsed.articles.map((p, i) =>
    prepareRow(p, i % WRITER_DEFLATES_EVERY !== 0, i % WRITER_CLASSIFIES_EVERY !== WRITER_CLASSIFIES_EVERY - 1),
  );
  const { raw, ends } = pack(rows.map((r) => r.raw));
  const listed = pack(rows.map((r) => r.listed ?? new Uint8Array(0)));
  return {
    items: items.length,
    endsBatch,
    columns: rows.map((r) => r.columns as ColumnValue[]),
    jsons: rows.map((r) => r.json),
    listed: listed.raw,
    listedEnds: listed.ends,
    evidence: rows.map((r) => r.evidence ?? null),
    texts: rows.map((r) => r.text ?? null),
    raw,
    ends,
    deflated: rows.map((r) => r.rawDeflated),
    deletions: parsed.deletions,
    problems: parsed.problems,
  };
}

/** The slice's records as {@link PreparedRow}s again, on the writer's side (views into the one raw buffer). */
export function preparedRows(batch: PreparedBatch): PreparedRow[] {
  const { buffer, byteOffset } = batch.raw;
  let start = 0;
  return batch.jsons.map((json, i): PreparedRow => {
    const end = batch.ends[i] ?? start;
    const raw = Buffer.from(buffer, byteOffset + start, end - start);
    start = end;
    const row: PreparedRow = { columns: batch.columns[i] ?? [], json, raw, rawDeflated: batch.deflated[i] ?? false };
    const from = batch.listedEnds[i - 1] ?? 0;
    const to = batch.listedEnds[i] ?? from;
    if (to > from) row.listed = Buffer.from(batch.listed.buffer, batch.listed.byteOffset + from, to - from);
    const evidence = batch.evidence[i];
    if (evidence) row.evidence = evidence;
    const text = batch.texts[i];
    if (text) row.text = text;
    return row;
  });
}

/** One fresh buffer (never Node's shared pool, which cannot be transferred) holding every part in order. */
function pack(parts: readonly Uint8Array[]): { raw: Uint8Array; ends: number[] } {
  const ends: number[] = [];
  let total = 0;
  for (const p of parts) ends.push((total += p.byteLength));
  const raw = new Uint8Array(total);
  parts.forEach((p, i) => raw.set(p, (ends[i] ?? 0) - p.byteLength));
  return { raw, ends };
}

/**
 * The prepared slices of one PubMed file, in file order: records read `sliceSize` at a time (so neither
 * the text nor the parsed records of a whole store batch are ever alive at once), cut so that every
 * `batchSize` split items a slice has `endsBatch` (the file's last slice may not: its end is the job's).
 * Throws the reader's `InputError`s, after the slices before the cut, as `readPubmedFile` does.
 */
export async function* produceBatches(path: string, batchSize: number, sliceSize = SLICE_RECORDS): AsyncGenerator<PreparedBatch> {
  let inBatch = 0;
  for await (const items of readPubmedFile(path, { batchSize: Math.min(sliceSize, batchSize) })) {
    for (let i = 0; i < items.length; ) {
      const take = Math.min(items.length - i, batchSize - inBatch);
      inBatch = (inBatch + take) % batchSize;
      yield prepareBatch(items.slice(i, i + take), inBatch === 0);
      i += take;
    }
  }
}

interface Job {
  id: number;
  credits: number;
  wake: (() => void) | null;
}

/** Runs one file job: waits for a credit BEFORE preparing the next slice, so at most two batches are ahead. */
async function runJob(port: MessagePort, job: Job, path: string, batchSize: number): Promise<void> {
  const batches = produceBatches(path, batchSize);
  try {
    for (;;) {
      while (job.credits === 0) await new Promise<void>((resolve) => (job.wake = resolve));
      const next = await batches.next();
      if (next.done) break;
      job.credits -= 1;
      const batch = next.value;
      port.postMessage({ type: 'batch', id: job.id, batch } satisfies FromParseWorker, [batch.raw.buffer as ArrayBuffer, batch.listed.buffer as ArrayBuffer]);
    }
    port.postMessage({ type: 'end', id: job.id } satisfies FromParseWorker);
  } catch (err) {
    const { name, code } = err as { name?: string; code?: string };
    const msg: FromParseWorker = { type: 'error', id: job.id, name: name ?? 'Error', code: code ?? 'IMPORT_FAILED', message: errorMessage(err) };
    port.postMessage(msg);
  }
}

/** The worker's message loop: one file job at a time (the writer asks for the next file after `end`). */
function serve(port: MessagePort): void {
  let job: Job | null = null;
  port.on('message', (msg: ToParseWorker) => {
    if (msg.type === 'file') {
      job = { id: msg.id, credits: BATCHES_AHEAD * Math.ceil(msg.batchSize / SLICE_RECORDS), wake: null };
      void runJob(port, job, msg.path, msg.batchSize);
    } else if (job !== null && msg.id === job.id) {
      job.credits += 1;
      job.wake?.();
      job.wake = null;
    }
  });
}


/** One file's batches, in order; `null` after the last. `close` ends the job early (error, abort). */
export interface ParseJob {
  next(): Promise<PreparedBatch | null>;
  close(): Promise<void>;
}

/** Where batches are parsed: a worker thread or the calling thread. One per import. */
export interface BatchParser {
  /** Starts parsing `path` at once (a worker runs ahead while the caller validates the file). */
  open(path: string, batchSize: number): ParseJob;
  close(): Promise<void>;
}

/**
 * The parser of one import. `inWorker` (the default path) needs this module as a `.js` file: under a
 * TypeScript-source test runner it silently falls back to parsing in this thread (tests that need the
 * real worker import the built `dist/` module).
 */
export function createParser(inWorker: boolean): BatchParser {
  const self = new URL(import.meta.url);
  if (!inWorker || !self.pathname.endsWith('.js')) return inThreadParser();
  return new WorkerParser(self);
}

function inThreadParser(): BatchParser {
  return {
    open(path, batchSize) {
      const batches = produceBatches(path, batchSize);
      return {
        next: async () => (await batches.next()).value ?? null,
        close: async () => void (await batches.return(undefined)),
      };
    },
    close: async () => undefined,
  };
}

/** Messages from one worker, taken in order; after the worker fails, `take` rejects once the queue is empty. */
class Inbox {
  private readonly queue: FromParseWorker[] = [];
  private waiter: { resolve: (m: FromParseWorker) => void; reject: (e: unknown) => void } | null = null;
  private failure: unknown = null;

  put(msg: FromParseWorker): void {
    if (this.waiter) this.settle().resolve(msg);
    else this.queue.push(msg);
  }

  fail(err: unknown): void {
    this.failure ??= err;
    if (this.waiter) this.settle().reject(err);
  }

  take(): Promise<FromParseWorker> {
    const msg = this.queue.shift();
    if (msg !== undefined) return Promise.resolve(msg);
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  private settle(): { resolve: (m: FromParseWorker) => void; reject: (e: unknown) => void } {
    const w = this.waiter as NonNullable<Inbox['waiter']>;
    this.waiter = null;
    return w;
  }
}

/** The worker's error as the writer throws it: same class family, same `code`, same message. */
function rebuildError(msg: { name: string; code: string; message: string }): AppError {
  return msg.name === 'InputError' ? new InputError(msg.code, msg.message) : new AppError(msg.code, msg.message);
}

/**
 * One worker thread serving the files of an import one after another. A job closed before its end (the
 * validating pass failed, abort) terminates the worker, which is mid-file; the next file spawns a new one.
 */
class WorkerParser implements BatchParser {
  private worker: Worker | null = null;
  private inbox = new Inbox();
  private lastId = 0;

  constructor(private readonly url: URL) {}

  open(path: string, batchSize: number): ParseJob {
    const worker = this.worker ?? this.spawn();
    const inbox = this.inbox;
    const id = ++this.lastId;
    worker.postMessage({ type: 'file', id, path, batchSize } satisfies ToParseWorker);
    let finished = false;
    const next = async (): Promise<PreparedBatch | null> => {
      while (!finished) {
        const msg = await inbox.take();
        if (msg.id !== id) continue;
        if (msg.type === 'batch') {
          // The credit: the worker may prepare one more slice (two batches stay ahead of this writer at most).
          worker.postMessage({ type: 'next', id } satisfies ToParseWorker);
          return msg.batch;
        }
        finished = true;
        if (msg.type === 'error') throw rebuildError(msg);
      }
      return null;
    };
    return { next, close: async () => (finished ? undefined : this.close()) };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private spawn(): Worker {
    const worker = new Worker(this.url, { workerData: PARSE_WORKER_TAG, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    const inbox = new Inbox();
    const lost = (err: AppError) => {
      if (this.worker === worker) this.worker = null;
      inbox.fail(err);
    };
    worker.on('message', (msg: FromParseWorker) => inbox.put(msg));
    worker.on('error', (err) => lost(new AppError('IMPORT_WORKER', `import: the parse worker failed: ${errorMessage(err)}`, { cause: err })));
    worker.on('exit', (code) => lost(new AppError('IMPORT_WORKER', `import: the parse worker exited (code ${code})`)));
    this.worker = worker;
    this.inbox = inbox;
    return worker;
  }
}

// Only a thread started by WorkerParser serves; the main thread (and any other worker) just imports.
if (!isMainThread && parentPort !== null && workerData === PARSE_WORKER_TAG) serve(parentPort);
