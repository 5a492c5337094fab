/**
 * Reading the index file written by persist.ts, checking everything before trusting it: magic, end
 * marker, trailer, chunk sizes and crc32s, format version, options hash, record count. Every failure is a
 * reason string (for the "rebuilding because ..." message), never an exception and never a wrong index.
 * Only the small chunks are read here; stored fields, postings and phrase sequences are read and checked a
 * block at a time when a query needs them (persist-lazy.ts).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import type { Options } from 'minisearch';
import type { IndexDoc } from './documents.js';
import { SearchEngine, type EngineMeta, type TermData } from './engine.js';
import { END, FORMAT_VERSION, LAZY_CHUNKS, MAGIC, NO_SEQUENCE, type IndexStamp, type ReadResult } from './persist-format.js';
import { IndexDamagedError, IndexFileHandle, LazyChunk, blockCount, u32Of } from './persist-lazy.js';
import { LazyTermData } from './postings.js';

type Trailer = IndexStamp & { chunks: number[] };

/** Chunks in a version-5 file: ten of content and the block crcs (persist-format.ts). */
const CHUNK_COUNT = 11;
const NAMES = ['meta', 'docs', 'priors', 'stored-field offsets', 'stored fields', 'terms', 'term offsets', 'postings', 'phrase bounds', 'phrase sequences', 'block crcs'];

/** `length` bytes at `position` (fewer at the end of the file). */
function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafeSlow(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buf : buf.subarray(0, done);
}

/** The trailer of the file open as `fd` (`size` bytes) and where it starts, or why it is not usable. */
function readTrailer(fd: number, size: number): { trailer: Trailer; start: number } | string {
  if (size < MAGIC.length || !readAt(fd, 0, MAGIC.length).equals(MAGIC)) return 'not a kratomlit search index (foreign file)';
  if (size < MAGIC.length + END.length + 4) return 'the file is truncated (no end marker)';
  const tail = readAt(fd, size - END.length - 4, END.length + 4);
  if (!tail.subarray(4).equals(END)) return 'the file is truncated (no end marker)';
  const len = tail.readUInt32LE(0);
  const start = size - END.length - 4 - len;
  if (start < MAGIC.length) return 'the file is truncated (trailer cut)';
  try {
    const trailer = JSON.parse(readAt(fd, start, len).toString('utf8')) as Trailer;
    if (trailer.format !== 'kratomlit-search-index' || !Array.isArray(trailer.chunks)) return 'not a kratomlit search index (foreign trailer)';
    return { trailer, start };
  } catch {
    return 'the file is corrupt (unreadable trailer)';
  }
}

/** A chunk as the reader holds it: the bytes of a small one (checked), or where a lazy one lies. */
type Chunk = Buffer | { base: number; length: number };

/** Reads the small chunks whole (checking sizes and crc32s) and locates the lazy ones, which end before `end`. */
function readChunks(fd: number, sizes: readonly number[], end: number): Chunk[] | string {
  const lazy = new Set<number>(LAZY_CHUNKS);
  const out: Chunk[] = [];
  let pos = MAGIC.length;
  for (const [i, size] of sizes.entries()) {
    if (pos + 8 + size > end) return 'the file is truncated (chunk cut)';
    const head = readAt(fd, pos, lazy.has(i) ? 8 : 8 + size);
    const len = head.readUInt32LE(0);
    const body = head.subarray(8);
    if (len !== size || (!lazy.has(i) && crc32(body) !== head.readUInt32LE(4))) return 'the file is corrupt (checksum mismatch)';
    out.push(lazy.has(i) ? { base: pos + 8, length: len } : body);
    pos += 8 + len + ((4 - (len % 4)) % 4);
  }
  return out;
}

/** The lazy chunks, each with its share of the block-crc table. */
function lazyChunks(file: IndexFileHandle, chunks: Chunk[]): Map<number, LazyChunk> {
  const table = u32View(chunks[CHUNK_COUNT - 1] as Buffer);
  const out = new Map<number, LazyChunk>();
  let at = 0;
  for (const i of LAZY_CHUNKS) {
    const c = chunks[i] as { base: number; length: number };
    const n = blockCount(c.length);
    if (at + n > table.length) throw new Error('block crcs cut');
    // Postings are kept per term once read (postings.ts), so reading them whole would only move the cost:
    // the query that crossed a quarter of them paid for reading the other three (17 MB at 10,000 records).
    out.set(i, new LazyChunk(file, c.base, c.length, table.subarray(at, at + n), NAMES[i] as string, { promote: NAMES[i] !== 'postings' }));
    at += n;
  }
  if (at !== table.length) throw new Error('block crcs and chunks disagree');
  return out;
}

/** Zero-copy Uint32Array over a chunk when aligned (it is: chunk bodies start 8 bytes into a fresh buffer), else a copy. */
function u32View(body: Buffer): Uint32Array {
  if (body.byteOffset % 4 === 0) return new Uint32Array(body.buffer, body.byteOffset, body.length / 4);
  return new Uint32Array(new Uint8Array(body).buffer);
}

interface Docs {
  shortIds: Uint32Array;
  pmids: string;
  fieldLength: Uint32Array;
}

/** Float64Array of a chunk (copied: chunks are 4-aligned, a Float64Array view needs 8). */
function f64Copy(body: Buffer): Float64Array {
  if (body.length % 8 !== 0) throw new Error('priors cut');
  return new Float64Array(new Uint8Array(body).buffer);
}

/** Decodes one record's stored fields from its JSON text when asked (reading and checking its blocks). */
function storedReader(n: number, offsets: Uint32Array, json: LazyChunk): (row: number) => Record<string, unknown> | null {
  if (offsets.length !== n + 1 || offsets[n] !== json.length) throw new Error('stored fields and records disagree');
  return (row) => JSON.parse(json.bytes(offsets[row] as number, offsets[row + 1] as number).toString('utf8')) as Record<string, unknown> | null;
}

/** Checks the phrase bounds against the sequences' length at open, so reading them later cannot fail on them. */
function checkBounds(n: number, bounds: Uint32Array, words: number): void {
  if (bounds.length !== 2 * n) throw new Error('phrase sequences and records disagree');
  for (let i = 0; i < n; i += 1) {
    const start = bounds[2 * i] as number;
    const end = bounds[2 * i + 1] as number;
    if (start !== NO_SEQUENCE && (start > end || end > words)) throw new Error('phrase sequence out of range');
  }
}

/**
 * Each record's phrase sequence (by row), read and checked when first asked for: a proximity ranking looks
 * at up to a few thousand records, which at 100,000 records is a few percent of this chunk.
 */
function phrasesOf(n: number, bounds: Uint32Array, chunk: LazyChunk): () => (row: number) => Uint16Array | undefined {
  checkBounds(n, bounds, chunk.length / 2);
  return () => (row) => {
    const start = bounds[2 * row] as number;
    if (start === NO_SEQUENCE) return undefined;
    const bytes = chunk.bytes(2 * start, 2 * (bounds[2 * row + 1] as number));
    return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  };
}

/** Each term's postings, read from the file when first asked for (postings.ts). */
function termSource(terms: readonly string[], offsets: Uint32Array, postings: LazyChunk): { names: Map<string, TermData | number>; at: (i: number) => TermData } {
  if (offsets.length !== terms.length + 1 || (offsets[terms.length] as number) * 4 !== postings.length) throw new Error('term table and offsets disagree');
  const names = new Map<string, TermData | number>();
  for (let i = 0; i < terms.length; i += 1) names.set(terms[i] as string, i);
  if (names.size !== terms.length) throw new Error('a term appears twice');
  for (let i = 0; i < terms.length; i += 1) if ((offsets[i] as number) > (offsets[i + 1] as number)) throw new Error('term offsets out of order');
  return { names, at: (i) => new LazyTermData(() => u32Of(postings, (offsets[i] as number) * 4, (offsets[i + 1] as number) * 4)) };
}

/** The engine from the chunks: small parts eagerly, stored fields, postings and phrases on demand. */
function restore(chunks: Chunk[], lazy: Map<number, LazyChunk>, options: Options<IndexDoc>): SearchEngine {
  const [metaBuf, docsBuf, priorsBuf, storedAtBuf, , termsBuf, offsetsBuf, , boundsBuf] = chunks as Buffer[];
  const [stored, postings, phrases] = LAZY_CHUNKS.map((i) => lazy.get(i));
  if (!metaBuf || !docsBuf || !priorsBuf || !storedAtBuf || !termsBuf || !offsetsBuf || !boundsBuf || !stored || !postings || !phrases) {
    throw new Error('missing chunks');
  }
  const meta = deserialize(metaBuf) as EngineMeta;
  const docs = deserialize(docsBuf) as Docs;
  const pmids = docs.pmids.length > 0 ? docs.pmids.split('\n') : [];
  const terms = termsBuf.length > 0 ? termsBuf.toString('utf8').split('\n') : [];
  return SearchEngine.restore({
    meta,
    docs: { shortIds: docs.shortIds, pmids, fieldLength: docs.fieldLength, priors: f64Copy(priorsBuf), stored: storedReader(pmids.length, u32View(storedAtBuf), stored) },
    terms: termSource(terms, u32View(offsetsBuf), postings),
    phrases: phrasesOf(pmids.length, u32View(boundsBuf), phrases),
  }, options);
}

/**
 * Reads and validates an index file. `expectedHash` is the current options hash; a file built with other
 * options (fields, tokenizer, synonym list...) is refused because MiniSearch would load it silently.
 * The engine keeps the file open to read the rest on demand (closed when the engine is garbage).
 */
export function readIndexFile(path: string, options: Options<IndexDoc>, expectedHash: string): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? 'no index file yet' : `cannot read the index file (${code ?? 'error'})` };
  }
  const file = new IndexFileHandle(fd, path);
  let kept = false;
  try {
    const read = readOpen(file, options, expectedHash);
    kept = read.ok;
    return read;
  } catch (err) {
    return { ok: false, reason: err instanceof IndexDamagedError ? err.reason : `cannot read the index file (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    if (!kept) file.close();
  }
}

function readOpen(file: IndexFileHandle, options: Options<IndexDoc>, expectedHash: string): ReadResult {
  const fd = file.fd;
  const size = fstatSync(fd).size;
  const found = readTrailer(fd, size);
  if (typeof found === 'string') return { ok: false, reason: found };
  const { trailer } = found;
  if (trailer.formatVersion !== FORMAT_VERSION) {
    return { ok: false, reason: `index format version ${trailer.formatVersion} is not the supported ${FORMAT_VERSION}` };
  }
  if (trailer.optionsHash !== expectedHash) {
    return { ok: false, reason: 'the index was built with other options, tokenizer or synonym list' };
  }
  if (trailer.chunks.length !== CHUNK_COUNT) return { ok: false, reason: 'the file is corrupt (chunk list)' };
  const chunks = readChunks(fd, trailer.chunks, found.start);
  if (typeof chunks === 'string') return { ok: false, reason: chunks };
  try {
    const engine = restore(chunks, lazyChunks(file, chunks), options);
    if (engine.documentCount !== trailer.records) return { ok: false, reason: 'the file is corrupt (record count mismatch)' };
    const { chunks: _sizes, ...stamp } = trailer;
    return { ok: true, engine, stamp };
  } catch (err) {
    return { ok: false, reason: `the file is corrupt (${(err as Error).message})` };
  }
}

/**
 * The stamp of an index file, reading only its tail (for `status`): `highWater` is the store change
 * sequence it reflects. Null when the file is missing or its end is not a valid trailer. It does not
 * verify checksums or the options hash; opening the index does.
 */
export function readIndexStamp(path: string): (IndexStamp & { highWater: number }) | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const found = readTrailer(fd, fstatSync(fd).size);
    if (typeof found === 'string') return null;
    const { chunks: _chunks, ...stamp } = found.trailer;
    return { ...stamp, highWater: stamp.changeSeq };
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
