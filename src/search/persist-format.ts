/**
 * Constants and types shared by the index file writer (persist.ts) and reader (persist-read.ts).
 * Layout (little-endian):
 *   "KLSIDX01" | chunk* | trailer JSON | u32 trailer length | "KLSIDXEND"
 *   chunk = u32 byte length | u32 crc32 | bytes | zero padding to 4
 * Chunks: meta, docs (v8.serialize); priors (f64 per record); stored-field offsets (u32, records + 1) and
 * stored fields (one JSON text per record, back to back); terms (utf8); term offsets, postings (u32);
 * phrase sequence bounds (u32 start/end per record) and phrase sequences (u16), see phrase-index.ts;
 * block crcs: one crc32 (u32) per BLOCK_SIZE bytes of each of the LAZY_CHUNKS, in that order.
 * The small chunks are read and checked whole at open; the lazy ones (most of the file) are read a block
 * at a time when a query first needs them, each block checked against its crc before any byte is used.
 */
import type { SearchEngine } from './engine.js';

/**
 * Bumped whenever the layout or chunk contents change; other versions are rebuilt, never read. 3: phrase
 * sequences split words before folding (phrase-index.ts), so version 2 sequences could wrongly rule out
 * records whose text has `™`, `℃` and similar symbols. 4: stored fields as JSON per record and priors
 * apart, so opening an index decodes no record until it is shown. 5: per-block crcs of the stored fields,
 * postings and phrase sequences, so opening an index reads and checks only its small chunks.
 */
export const FORMAT_VERSION = 5;
/** Chunk numbers (order in the file) of the chunks read on demand, block by block. */
export const LAZY_CHUNKS = [4, 7, 9] as const;
/**
 * Bytes per checked block of a lazy chunk (a multiple of 4, so reads stay aligned for u32 postings and
 * u16 sequences): small, because a proximity ranking reads the phrase sequences of up to 3,000 records
 * scattered over the file (64 KiB blocks read nearly all of a 52 MB chunk at 100,000 records), while a
 * long postings list is still one read; the crc table is 0.1% of the file.
 */
export const BLOCK_SIZE = 4 * 1024;
/** Phrase sequence bounds of a record that has none (phrase-index.ts): its phrases are checked in full. */
export const NO_SEQUENCE = 0xffffffff;
export const MAGIC = Buffer.from('KLSIDX01');
export const END = Buffer.from('KLSIDXEND');

/** What the trailer promises about the file. */
export interface IndexStamp {
  format: 'kratomlit-search-index';
  formatVersion: number;
  optionsHash: string;
  /** Store change sequence (getChangeSeq) the index reflects. */
  changeSeq: number;
  records: number;
  createdAt: string;
}

/** Outcome of reading an index file: the index, or why it cannot be used. */
export type ReadResult =
  | { ok: true; engine: SearchEngine; stamp: IndexStamp }
  | { ok: false; reason: string };
