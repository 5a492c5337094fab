/**
 * Writing the index file (layout in persist-format.ts). Postings go out as flat Uint32Arrays, never as one
 * JSON string (V8's 512 MB string limit: docs/pitfalls.md), and come back as a zero-copy view decoded lazily per
 * term (postings.ts), which is what makes a cold `kratomlit search` fast. The trailer stamps format
 * version, options hash, store change sequence and record count, and lists chunk sizes; a file cut
 * anywhere lacks the end marker or a chunk, and any flipped bit fails a crc.
 * Writes are atomic: temp file in the same directory, fsync, rename, fsync of the directory.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { removeStaleTemps, writeFileAtomicSync } from '../fs/atomic.js';
import { AppError, UsageError } from '../errors.js';
import type { EngineDocs, SearchEngine } from './engine.js';
import { BLOCK_SIZE, END, MAGIC, NO_SEQUENCE, type IndexStamp } from './persist-format.js';
import { encodeTermData, U32Builder } from './postings.js';

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/** Writes `u32 length | u32 crc32 | bytes | zero padding to 4` so typed arrays can be viewed in place. */
function writeChunk(fd: number, bytes: Uint8Array, sizes: number[]): void {
  writeSync(fd, Buffer.concat([u32(bytes.length), u32(crc32(bytes))]));
  writeSync(fd, bytes);
  const pad = (4 - (bytes.length % 4)) % 4;
  if (pad) writeSync(fd, Buffer.alloc(pad));
  sizes.push(bytes.length);
}

/** Writes a chunk read on demand (LAZY_CHUNKS), adding the crc32 of each of its blocks to `crcs`. */
function writeLazyChunk(fd: number, bytes: Uint8Array, sizes: number[], crcs: number[]): void {
  writeChunk(fd, bytes, sizes);
  for (let at = 0; at < bytes.length; at += BLOCK_SIZE) crcs.push(crc32(bytes.subarray(at, at + BLOCK_SIZE)));
}

function bytesOf(view: Uint32Array): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * Chunks in order: meta, docs (v8), priors (f64), stored-field offsets (u32) and JSON texts, terms (utf8),
 * term offsets and postings (raw u32),
 * phrase sequence bounds (u32 start/end per record, docs order) and phrase sequences (raw u16), and the
 * block crcs of the three chunks read on demand (stored fields, postings, phrase sequences).
 */
function writeBody(fd: number, engine: SearchEngine, stamp: IndexStamp): void {
  const sizes: number[] = [];
  const crcs: number[] = [];
  writeSync(fd, MAGIC);
  writeChunk(fd, serialize(engine.meta()), sizes);
  const docs = engine.docs();
  writeChunk(fd, serialize({ shortIds: docs.shortIds, pmids: docs.pmids.join('\n'), fieldLength: docs.fieldLength }), sizes);
  writeChunk(fd, new Uint8Array(docs.priors.buffer, docs.priors.byteOffset, docs.priors.byteLength), sizes);
  const stored = storedChunks(docs);
  writeChunk(fd, bytesOf(stored.offsets), sizes);
  writeLazyChunk(fd, stored.json, sizes, crcs);
  const terms: string[] = [];
  const offsets = new U32Builder();
  const postings = new U32Builder();
  // Sorted, so a reader's prefix and fuzzy lookups (term-map.ts) only check the order instead of sorting.
  for (const [term, data] of [...engine.terms()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    terms.push(term);
    offsets.push(postings.length);
    encodeTermData(postings, data);
  }
  offsets.push(postings.length);
  writeChunk(fd, Buffer.from(terms.join('\n'), 'utf8'), sizes);
  writeChunk(fd, bytesOf(offsets.view()), sizes);
  writeLazyChunk(fd, bytesOf(postings.view()), sizes, crcs);
  const phrases = phraseChunks(engine.phrases, docs.pmids);
  writeChunk(fd, bytesOf(phrases.bounds), sizes);
  writeLazyChunk(fd, new Uint8Array(phrases.data.buffer, phrases.data.byteOffset, phrases.data.byteLength), sizes, crcs);
  writeChunk(fd, bytesOf(Uint32Array.from(crcs)), sizes);
  const trailer = Buffer.from(JSON.stringify({ ...stamp, chunks: sizes }));
  writeSync(fd, Buffer.concat([trailer, u32(trailer.length), END]));
}

/**
 * Stored fields as one JSON text per record, back to back, with their byte offsets: a reader decodes only
 * the records it shows (a v8-serialized array of every record was a quarter of opening the index).
 */
function storedChunks(docs: EngineDocs): { offsets: Uint32Array; json: Buffer } {
  const parts: Buffer[] = [];
  const offsets = new Uint32Array(docs.pmids.length + 1);
  let at = 0;
  for (let row = 0; row < docs.pmids.length; row += 1) {
    const bytes = Buffer.from(JSON.stringify(docs.stored(row)), 'utf8');
    parts.push(bytes);
    offsets[row] = at;
    at += bytes.length;
  }
  offsets[docs.pmids.length] = at;
  return { offsets, json: Buffer.concat(parts, at) };
}

/** Phrase sequences in docs order; a record without one gets NO_SEQUENCE bounds (checked in full later). */
function phraseChunks(seqs: ReadonlyMap<string, Uint16Array>, pmids: readonly string[]): { bounds: Uint32Array; data: Uint16Array } {
  let total = 0;
  for (const pmid of pmids) total += seqs.get(pmid)?.length ?? 0;
  const bounds = new Uint32Array(2 * pmids.length);
  const data = new Uint16Array(total);
  let at = 0;
  pmids.forEach((pmid, i) => {
    const seq = seqs.get(pmid);
    bounds[2 * i] = seq ? at : NO_SEQUENCE;
    bounds[2 * i + 1] = seq ? at + seq.length : NO_SEQUENCE;
    if (seq) data.set(seq, at);
    at += seq?.length ?? 0;
  });
  return { bounds, data };
}

/** Writes the index atomically to `path`. Throws AppError INDEX_WRITE naming the file. */
export function writeIndexFile(path: string, engine: SearchEngine, stamp: IndexStamp): number {
  checkReplaceable(path);
  try {
    writeFileAtomicSync(path, (fd) => writeBody(fd, engine, stamp), { crashPoint: 'index:mid-write' });
    return stamp.records;
  } catch (err) {
    throw new AppError('INDEX_WRITE', `search: cannot write index ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Refuses to write the index over a file that is not one: only a kratomlit index (its magic bytes), an
 * empty file or no file at all may be replaced. `search.indexPath` pointing at the database, the
 * configuration or a note of the user's would otherwise be overwritten by a search (a read) that found
 * a "foreign file" and rebuilt the index there. Throws a UsageError naming the file; touches nothing.
 */
export function checkReplaceable(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return; // No file (or none readable): the write itself says what is wrong, if anything.
  }
  let ours: boolean;
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UsageError(`search: the index path ${path} is a folder; point search.indexPath at a file`);
    ours = looksLikeIndex(fd, stat.size);
  } finally {
    closeSync(fd);
  }
  if (!ours) {
    throw new UsageError(`search: ${path} is not a kratomlit search index, so it was left as it is and no index was written; move that file away, or point search.indexPath at a file of its own`);
  }
}

/**
 * Whether a file is (what is left of) an index of ours: empty, its start a prefix of the magic bytes (cut
 * short), the magic bytes, or the end marker at its end (a damaged start). Damaged indexes are rebuilt.
 */
function looksLikeIndex(fd: number, size: number): boolean {
  if (size === 0) return true;
  const head = Buffer.alloc(Math.min(size, MAGIC.length));
  readSync(fd, head, 0, head.length, 0);
  if (head.equals(MAGIC.subarray(0, head.length))) return true;
  if (size < END.length) return false;
  const tail = Buffer.alloc(END.length);
  readSync(fd, tail, 0, END.length, size - END.length);
  return tail.equals(END);
}

/** Removes temp files left by writers that died (their pid no longer runs). Returns how many. */
export function cleanStaleTemps(path: string): number {
  return removeStaleTemps(dirname(path), basename(path)).length;
}

