/**
 * Constants and types shared by the index file writer (persist.ts) and reader (persist-read.ts).
 * Layout (little-endian):
 *   "KLSIDX01" | chunk* | trailer JSON | u32 trailer length | "KLSIDXEND"
 *   chunk = u32 byte length | u32 crc32 | bytes | zero padding to 4
 * Chunks: meta, docs (v8.serialize); priors (f64 per record); stored-field offsets (u32, records + 1) and
 * stored fields (one JSON text per record, back to back); terms (utf8); term offsets, postings (u32);
 * phrase sequence bounds (u32 start/end per record) and phrase sequences (u16), see phrase-index.ts.
 */
import type { SearchEngine } from './engine.js';

/**
 * Bumped whenever the layout or chunk contents change; other versions are rebuilt, never read. 3: phrase
 * sequences split words before folding (phrase-index.ts), so version 2 sequences could wrongly rule out
 * records whose text has `™`, `℃` and similar symbols. 4: stored fields as JSON per record and priors
 * apart, so opening an index decodes no record until it is shown.
 */
export const FORMAT_VERSION = 4;
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
