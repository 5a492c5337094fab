/**
 * Bulk building, the engine's second half: a whole index from a stream of articles without MiniSearch's
 * `add`. Adding records one by one spent 60% of `index --rebuild` inserting every posting into the term
 * radix tree and a Map per term and field (17.5 of 27.6 s profiled at 10,000 real-sized records), only
 * for persist.ts to flatten it all again. This writes the postings straight into flat typed arrays in the
 * index file's own layout (postings.ts) and hands them to `SearchEngine.restore`, exactly as reading the
 * file would. It reproduces MiniSearch 7's `add` arithmetic (short ids in order, field length = distinct
 * terms, running mean of field lengths, stored fields copied when defined): engine-pin.test.ts pins that
 * arithmetic and test/search/bulk.test.ts checks a bulk build against one made with `add`.
 *
 * Each field's text is analyzed once for both the postings and the phrase sequence (phrase-index.ts), and
 * each distinct word once per build (words repeat: Zipf), which is most of the remaining time.
 */
import type { Options } from 'minisearch';
import type { Article } from '../types.js';
import { FIELDS, SYNONYM_FIELDS, fieldText, toIndexDoc, type IndexDoc } from './documents.js';
import { priorOf, type EngineParts, type TermData } from './engine.js';
import { rawWords } from './normalize.js';
import { FIELD_BREAK, wordCodes } from './phrase-index.js';
import { LazyTermData, U32Builder } from './postings.js';
import { documentPrior } from './prior.js';
import { findSynonyms, unitOf, unitTerms, type SynonymMatcher, type Unit } from './tokenize.js';

/** What one distinct word contributes, computed once per build. */
interface WordInfo { unit: Unit | null; terms: readonly string[]; hashes: readonly number[] }
/** Distinct words remembered before starting afresh, so memory stays bounded on huge vocabularies. */
const MEMO_LIMIT = 500_000;

/** Accumulates records and produces the parts of an engine (engine.ts `EngineParts`). */
export class BulkBuilder {
  readonly #storeFields: readonly string[];
  readonly #synonyms: SynonymMatcher | null;
  readonly #memo = new Map<string, WordInfo>();
  readonly #termIds = new Map<string, number>();
  readonly #terms: string[] = [];
  // One row per (record, field, term): term id, short id x 8 + field id, term frequency.
  readonly #pTerm = new U32Builder();
  readonly #pDocField = new U32Builder();
  readonly #pTf = new U32Builder();
  readonly #pmids: string[] = [];
  readonly #stored: Array<Record<string, unknown>> = [];
  readonly #fieldLength = new U32Builder();
  readonly #avg: number[] = FIELDS.map(() => 0);
  readonly #phrases = new Map<string, Uint16Array>();

  /** `options` are the index options (index-options.ts): their stored fields are kept per record. */
  constructor(options: Options<IndexDoc>, synonyms: SynonymMatcher | null) {
    if (FIELDS.length > 8) throw new Error('bulk build packs a field id in 3 bits');
    this.#storeFields = options.storeFields ?? [];
    this.#synonyms = synonyms;
  }

  /** Whether `pmid` was added already (the caller replaces it through the engine afterwards). */
  has(pmid: string): boolean { return this.#seen.has(pmid); }
  readonly #seen = new Set<string>();

  /** Adds one live article as the next record. */
  add(article: Article): void {
    const doc = toIndexDoc(article, documentPrior);
    const shortId = this.#pmids.length;
    this.#seen.add(doc.pmid);
    this.#pmids.push(doc.pmid);
    const stored: Record<string, unknown> = {};
    for (const name of this.#storeFields) {
      const value = (doc as unknown as Record<string, unknown>)[name];
      if (value !== undefined) stored[name] = value;
    }
    this.#stored.push(stored);
    const seq: number[] = [];
    FIELDS.forEach((field, fieldId) => {
      if (fieldId > 0) seq.push(FIELD_BREAK);
      const length = this.#addField(fieldText(article, field), fieldId, shortId, SYNONYM_FIELDS.has(field), seq);
      this.#fieldLength.push(length);
      // MiniSearch's running mean over the records added so far (`addFieldLength`).
      this.#avg[fieldId] = ((this.#avg[fieldId] as number) * shortId + length) / (shortId + 1);
    });
    this.#phrases.set(doc.pmid, Uint16Array.from(seq));
  }

  #word(text: string): WordInfo {
    let info = this.#memo.get(text);
    if (!info) {
      if (this.#memo.size > MEMO_LIMIT) this.#memo.clear();
      const unit = unitOf({ text, start: 0, end: text.length });
      info = { unit, terms: unit ? unitTerms(unit) : [], hashes: unit ? wordCodes(text) : [] };
      this.#memo.set(text, info);
    }
    return info;
  }

  /** Postings of one field; returns its length (distinct terms, as MiniSearch counts it). */
  #addField(text: string, fieldId: number, shortId: number, synonymField: boolean, seq: number[]): number {
    const tf = new Map<string, number>();
    // The analyzer reads only the parts of a unit, so memoized units stand in for each occurrence.
    const units: Unit[] = [];
    for (const word of rawWords(text)) {
      const info = this.#word(word.text);
      for (const h of info.hashes) seq.push(h);
      if (!info.unit) continue;
      units.push(info.unit);
      for (const term of info.terms) tf.set(term, (tf.get(term) ?? 0) + 1);
    }
    if (synonymField && this.#synonyms) {
      for (const span of findSynonyms(units, this.#synonyms)) tf.set(span.concept, (tf.get(span.concept) ?? 0) + 1);
    }
    for (const [term, count] of tf) {
      let id = this.#termIds.get(term);
      if (id === undefined) {
        id = this.#terms.push(term) - 1;
        this.#termIds.set(term, id);
      }
      this.#pTerm.push(id);
      this.#pDocField.push(shortId * 8 + fieldId);
      this.#pTf.push(count);
    }
    return tf.size;
  }

  /** The engine parts: postings grouped by term (counting sort), each term's fields in order of first use. */
  parts(): EngineParts {
    const n = this.#pmids.length;
    const postings = this.#encodePostings();
    const names = new Map<string, TermData | number>();
    this.#terms.forEach((term, i) => names.set(term, i));
    const at = (i: number): TermData => new LazyTermData(() => postings.data.subarray(postings.offsets[i] as number, postings.offsets[i + 1] as number));
    return {
      meta: {
        documentCount: n, nextId: n, fieldIds: Object.fromEntries(FIELDS.map((f, i) => [`${f}Text`, i])),
        averageFieldLength: n === 0 ? [] : [...this.#avg], dirtCount: 0,
      },
      docs: {
        shortIds: Uint32Array.from({ length: n }, (_, i) => i), pmids: this.#pmids, fieldLength: this.#fieldLength.view(),
        priors: Float64Array.from(this.#stored, priorOf), stored: (row) => this.#stored[row] ?? null,
      },
      terms: { names, at },
      phrases: () => (row) => this.#phrases.get(this.#pmids[row] as string),
    };
  }

  #encodePostings(): { data: Uint32Array; offsets: Uint32Array } {
    const rows = this.#pTerm.length;
    const nTerms = this.#terms.length;
    const pTerm = this.#pTerm.view();
    const start = new Uint32Array(nTerms + 1);
    for (let r = 0; r < rows; r += 1) {
      const t = (pTerm[r] as number) + 1;
      start[t] = (start[t] as number) + 1;
    }
    for (let t = 0; t < nTerms; t += 1) start[t + 1] = (start[t + 1] as number) + (start[t] as number);
    // Stable counting sort of rows by term: within a term, rows stay in record order.
    const order = new Uint32Array(rows);
    const fill = start.slice(0, nTerms);
    for (let r = 0; r < rows; r += 1) {
      const t = pTerm[r] as number;
      const at = fill[t] as number;
      order[at] = r;
      fill[t] = at + 1;
    }
    const out = new U32Builder();
    const offsets = new Uint32Array(nTerms + 1);
    for (let t = 0; t < nTerms; t += 1) {
      offsets[t] = out.length;
      this.#encodeTerm(out, order.subarray(start[t] as number, start[t + 1] as number));
    }
    offsets[nTerms] = out.length;
    return { data: out.view(), offsets };
  }

  /** One term in the postings.ts layout: nFields, then per field: fieldId, count, (shortId, tf) pairs. */
  #encodeTerm(out: U32Builder, rows: Uint32Array): void {
    const docField = this.#pDocField.view();
    const tfs = this.#pTf.view();
    const fields: number[] = [];
    const counts = new Uint32Array(8);
    for (const r of rows) {
      const f = (docField[r] as number) & 7;
      if (counts[f] === 0) fields.push(f);
      counts[f] = (counts[f] as number) + 1;
    }
    out.push(fields.length);
    for (const f of fields) {
      out.push(f);
      out.push(counts[f] as number);
      for (const r of rows) {
        const df = docField[r] as number;
        if ((df & 7) !== f) continue;
        out.push(df >>> 3);
        out.push(tfs[r] as number);
      }
    }
  }
}
