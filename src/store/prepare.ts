/**
 * A record's stored forms computed off the writer thread (the import's parse worker): the column values,
 * the record JSON, the raw XML bytes and the rules' evidence, so the writer only binds them. Pure but for
 * hashing and deflating (node:crypto, node:zlib).
 */
import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { classifyRecordText } from '../evidence/classify.js';
import { type RecordText, recordText } from '../evidence/text.js';
import type { Evidence } from '../evidence/types.js';
import type { ParsedArticle } from '../pubmed/normalize.js';
import { articleColumns, recordJson } from './article-rows.js';
import { keptListed } from './listed-form.js';

/** One value of an `articles` column. */
export type ColumnValue = string | number | null;

/**
 * A record as `upsertPrepared` stores it, everything computed off the writer thread (the import's parse
 * worker): the writer binds these values and parses nothing. `columns` are `articleColumns(article)`'s
 * values in its key order, `json` is `recordJson(article)` (the writer hashes it: the worker is the busier
 * thread); `raw` is the record's raw XML as UTF-8 bytes, or already deflated (raw, level 1) when
 * `rawDeflated`; `evidence` is `classifyByRules(article)`, or absent for the writer to compute from
 * `text`, the record's `recordText` (the rules read nothing else: the writer parses no record JSON for it).
 */
export interface PreparedRow {
  columns: readonly ColumnValue[];
  json: string;
  raw: Uint8Array;
  rawDeflated: boolean;
  evidence?: Evidence;
  text?: RecordText;
  /** The record's kept list form (listed-form.ts keptListed); the writer computes it when absent. */
  listed?: Buffer;
}

/**
 * The {@link PreparedRow} of a parsed record. `raw` is the record's UTF-8 bytes as read from the file when
 * known (`bytes`): stored as they are only if they are what encoding `raw` gives (valid UTF-8), so the
 * stored raw XML is the same either way.
 */
export function prepareRow(p: ParsedArticle, deflate: boolean, classify: boolean): PreparedRow {
  const json = recordJson(p.article);
  const bytes = p.bytes !== undefined && isUtf8(p.bytes) ? p.bytes : Buffer.from(p.raw, 'utf8');
  const row: PreparedRow = {
    columns: Object.values(articleColumns(p.article)), json, raw: deflate ? deflateRaw(bytes) : bytes, rawDeflated: deflate, listed: keptListed(p.article),
  };
  // The text is what the rules read; folding it here leaves the writer only the matching.
  const text = recordText(p.article);
  if (classify) row.evidence = classifyRecordText(text);
  else row.text = text;
  return row;
}

/** The content hash the store keeps: sha1 (hex) of the record JSON. */
export function sha1Hex(json: string): string {
  return hash('sha1', json, 'hex');
}

/**
 * The raw XML as the store keeps it: deflate-raw, level 1 (kept for re-derivation, not read on hot paths:
 * speed matters more than ratio; lower memory or window settings measured no faster on real records).
 */
export function deflateRaw(raw: string | Uint8Array): Buffer {
  return deflateRawSync(raw, { level: 1 });
}

