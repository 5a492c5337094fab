/**
 * Reading the index file written by persist.ts, checking everything before trusting it: magic, end
 * marker, trailer, chunk sizes and crc32s, format version, options hash, record count. Every failure is a
 * reason string (for the "rebuilding because ..." message), never an exception and never a wrong index.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import type { Options } from 'minisearch';
import type { IndexDoc } from './documents.js';
import { SearchEngine, type EngineMeta, type TermData } from './engine.js';
import { END, FORMAT_VERSION, MAGIC, NO_SEQUENCE, type IndexStamp, type ReadResult } from './persist-format.js';
import { LazyTermData } from './postings.js';

type Trailer = IndexStamp & { chunks: number[] };

function readTrailer(buf: Buffer): Trailer | string {
  if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return 'not a kratomlit search index (foreign file)';
  if (buf.length < MAGIC.length + END.length + 4 || !buf.subarray(buf.length - END.length).equals(END)) {
    return 'the file is truncated (no end marker)';
  }
  const len = buf.readUInt32LE(buf.length - END.length - 4);
  const start = buf.length - END.length - 4 - len;
  if (start < MAGIC.length) return 'the file is truncated (trailer cut)';
  try {
    const trailer = JSON.parse(buf.subarray(start, start + len).toString('utf8')) as Trailer;
    if (trailer.format !== 'kratomlit-search-index' || !Array.isArray(trailer.chunks)) return 'not a kratomlit search index (foreign trailer)';
    return trailer;
  } catch {
    return 'the file is corrupt (unreadable trailer)';
  }
}

/** Byte views of each chunk, after checking sizes and crc32s. */
function readChunks(buf: Buffer, sizes: readonly number[]): Buffer[] | string {
  const out: Buffer[] = [];
  let pos = MAGIC.length;
  for (const size of sizes) {
    if (pos + 8 + size > buf.length) return 'the file is truncated (chunk cut)';
    const len = buf.readUInt32LE(pos);
    const crc = buf.readUInt32LE(pos + 4);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (len !== size || crc32(body) !== crc) return 'the file is corrupt (checksum mismatch)';
    out.push(body);
    pos += 8 + len + ((4 - (len % 4)) % 4);
  }
  return out;
}

/** Zero-copy Uint32Array over a chunk when aligned (it is for files read whole), else a copy. */
function u32View(body: Buffer): Uint32Array {
  if (body.byteOffset % 4 === 0) return new Uint32Array(body.buffer, body.byteOffset, body.length / 4);
  return new Uint32Array(new Uint8Array(body).buffer);
}

interface Docs {
  shortIds: Uint32Array;
  pmids: string;
  fieldLength: Uint32Array;
}

/** Zero-copy Uint16Array over a chunk when aligned (chunks start 4-aligned in a file read whole), else a copy. */
function u16View(body: Buffer): Uint16Array {
  if (body.byteOffset % 2 === 0) return new Uint16Array(body.buffer, body.byteOffset, body.length / 2);
  return new Uint16Array(new Uint8Array(body).buffer);
}

/** Float64Array of a chunk (copied: chunks are 4-aligned, a Float64Array view needs 8). */
function f64Copy(body: Buffer): Float64Array {
  if (body.length % 8 !== 0) throw new Error('priors cut');
  return new Float64Array(new Uint8Array(body).buffer);
}

/** Decodes one record's stored fields from its JSON text when asked. */
function storedReader(n: number, offsets: Uint32Array, json: Buffer): (row: number) => Record<string, unknown> | null {
  if (offsets.length !== n + 1 || offsets[n] !== json.length) throw new Error('stored fields and records disagree');
  return (row) => JSON.parse(json.toString('utf8', offsets[row] as number, offsets[row + 1] as number)) as Record<string, unknown> | null;
}

/** Each record's phrase sequence as a view into the file buffer (no copy, no decode). */
function phrasesOf(pmids: readonly string[], bounds: Uint32Array, data: Uint16Array): Map<string, Uint16Array> {
  if (bounds.length !== 2 * pmids.length) throw new Error('phrase sequences and records disagree');
  const seqs = new Map<string, Uint16Array>();
  for (let i = 0; i < pmids.length; i += 1) {
    const start = bounds[2 * i] as number;
    const end = bounds[2 * i + 1] as number;
    if (start === NO_SEQUENCE) continue;
    if (start > end || end > data.length) throw new Error('phrase sequence out of range');
    seqs.set(pmids[i] as string, data.subarray(start, end));
  }
  return seqs;
}

/** The engine from the chunks: small parts eagerly, postings as lazy per-term views (postings.ts). */
function restore(chunks: Buffer[], options: Options<IndexDoc>): SearchEngine {
  const [metaBuf, docsBuf, priorsBuf, storedAtBuf, storedBuf, termsBuf, offsetsBuf, postingsBuf, boundsBuf, phraseBuf] = chunks;
  if (!metaBuf || !docsBuf || !priorsBuf || !storedAtBuf || !storedBuf || !termsBuf || !offsetsBuf || !postingsBuf || !boundsBuf || !phraseBuf) {
    throw new Error('missing chunks');
  }
  const meta = deserialize(metaBuf) as EngineMeta;
  const docs = deserialize(docsBuf) as Docs;
  const pmids = docs.pmids.length > 0 ? docs.pmids.split('\n') : [];
  const terms = termsBuf.length > 0 ? termsBuf.toString('utf8').split('\n') : [];
  const offsets = u32View(offsetsBuf);
  const postings = u32View(postingsBuf);
  if (offsets.length !== terms.length + 1) throw new Error('term table and offsets disagree');
  const names = new Map<string, TermData | number>();
  for (let i = 0; i < terms.length; i += 1) names.set(terms[i] as string, i);
  if (names.size !== terms.length) throw new Error('a term appears twice');
  const at = (i: number): TermData => new LazyTermData(postings, offsets[i] as number, offsets[i + 1] as number);
  return SearchEngine.restore({
    meta,
    docs: { shortIds: docs.shortIds, pmids, fieldLength: docs.fieldLength, priors: f64Copy(priorsBuf), stored: storedReader(pmids.length, u32View(storedAtBuf), storedBuf) },
    terms: { names, at },
    phrases: phrasesOf(pmids, u32View(boundsBuf), u16View(phraseBuf)),
  }, options);
}

/**
 * Reads and validates an index file. `expectedHash` is the current options hash; a file built with other
 * options (fields, tokenizer, synonym list...) is refused because MiniSearch would load it silently.
 */
export function readIndexFile(path: string, options: Options<IndexDoc>, expectedHash: string): ReadResult {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? 'no index file yet' : `cannot read the index file (${code ?? 'error'})` };
  }
  const trailer = readTrailer(buf);
  if (typeof trailer === 'string') return { ok: false, reason: trailer };
  if (trailer.formatVersion !== FORMAT_VERSION) {
    return { ok: false, reason: `index format version ${trailer.formatVersion} is not the supported ${FORMAT_VERSION}` };
  }
  if (trailer.optionsHash !== expectedHash) {
    return { ok: false, reason: 'the index was built with other options, tokenizer or synonym list' };
  }
  const chunks = readChunks(buf, trailer.chunks);
  if (typeof chunks === 'string') return { ok: false, reason: chunks };
  try {
    const engine = restore(chunks, options);
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
    const size = fstatSync(fd).size;
    const tailLength = Math.min(size, 64 * 1024);
    const tail = Buffer.alloc(tailLength);
    readSync(fd, tail, 0, tailLength, size - tailLength);
    const head = Buffer.alloc(Math.min(size, MAGIC.length));
    readSync(fd, head, 0, head.length, 0);
    const trailer = readTrailer(Buffer.concat([head, tail]));
    if (typeof trailer === 'string') return null;
    const { chunks: _chunks, ...stamp } = trailer;
    return { ...stamp, highWater: stamp.changeSeq };
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
