import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/search/build.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { indexOptions, optionsHash } from '../../src/search/index-options.js';
import { openSearchIndex } from '../../src/library/search-index.js';
import { writeIndexFile } from '../../src/search/persist.js';
import { BLOCK_SIZE, LAZY_CHUNKS, MAGIC } from '../../src/search/persist-format.js';
import { IndexDamagedError } from '../../src/search/persist-lazy.js';
import { readIndexFile } from '../../src/search/persist-read.js';
import { loadSynonymFile } from '../../src/search/synonyms-file.js';
import { getChangeSeq } from '../../src/store/articles.js';
import type { Article } from '../../src/types.js';
import { makeArticle, pmids, storeWith, TEST_SYNONYMS, tempDir, testStamp } from './helpers.js';

// Stored fields, postings and phrase sequences are read a block at a time when a query needs them
// (src/search/persist-lazy.ts); these tests flip bytes in each part of the file and check that no
// damaged byte is ever used: refused at open, or at the first read of its block, and then rebuilt.

/** Where each chunk's bytes lie in an index file (layout in src/search/persist-format.ts). */
function chunkBodies(file: Buffer): Array<{ start: number; length: number }> {
  const END = 9;
  const len = file.readUInt32LE(file.length - END - 4);
  const trailer = JSON.parse(file.subarray(file.length - END - 4 - len, file.length - END - 4).toString('utf8')) as { chunks: number[] };
  let pos = MAGIC.length;
  return trailer.chunks.map((size) => {
    const body = { start: pos + 8, length: size };
    pos += 8 + size + ((4 - (size % 4)) % 4);
    return body;
  });
}

/**
 * An index of 600 records written and read back with one byte flipped `back` bytes before the end of chunk
 * `chunk` (one of more than two blocks): the built engine, the read one, and where that chunk lies.
 */
function damagedNearEnd(chunk: number, back: number) {
  const path = join(tempDir('kl-blocks-'), 'lib.index');
  const engine = buildIndex(manyArticles(600), TEST_SYNONYMS);
  writeIndexFile(path, engine, testStamp(engine, TEST_SYNONYMS));
  const good = readFileSync(path);
  const body = chunkBodies(good)[chunk] as { start: number; length: number };
  expect(body.length).toBeGreaterThan(2 * BLOCK_SIZE);
  writeFileSync(path, flip(good, body.start + body.length - back));
  const read = readIndexFile(path, indexOptions(TEST_SYNONYMS), optionsHash(TEST_SYNONYMS));
  if (!read.ok) throw new Error(read.reason);
  return { engine, read, chunk: body, path };
}

/** Where the postings of `term` lie in an index file (absolute byte positions). */
function postingsOf(file: Buffer, term: string): { start: number; end: number } {
  const [, , , , , terms, offsets, postings] = chunkBodies(file) as Array<{ start: number; length: number }>;
  if (!terms || !offsets || !postings) throw new Error('chunks missing');
  const i = file.subarray(terms.start, terms.start + terms.length).toString('utf8').split('\n').indexOf(term);
  if (i < 0) throw new Error(`${term} not in the file`);
  const at = (k: number): number => postings.start + 4 * file.readUInt32LE(offsets.start + 4 * k);
  return { start: at(i), end: at(i + 1) };
}

/** Reads every lazily read part of `engine`: all postings, all stored fields, all phrase sequences. */
function readEverything(engine: SearchEngine): void {
  for (const [, data] of engine.terms()) void data.size;
  void engine.phrases.size;
  void engine.storedDocs();
}

const flip = (buf: Buffer, at: number): Buffer => {
  const out = Buffer.from(buf);
  out.writeUInt8(out.readUInt8(at) ^ 0x5a, at);
  return out;
};

const small = [
  makeArticle('101', { title: 'Kratom withdrawal in adults', abstract: 'Withdrawal from kratom was mild.' }),
  makeArticle('102', { title: 'Ketum tea', abstract: 'Ketum tea drinkers in Malaysia.' }),
  makeArticle('103', { title: '7-OH binding', abstract: 'μ-opioid receptor agonism.' }),
];

/** Records with many distinct words, so that the postings span several blocks. */
function manyArticles(n: number): Article[] {
  return Array.from({ length: n }, (_, i) => makeArticle(String(5000 + i), {
    title: `Record ${i} on compound${i} and alkaloid${i % 37}`,
    abstract: Array.from({ length: 40 }, (_, w) => `w${(i * 7 + w * 13) % 1500}x`).join(' '),
  }));
}

describe('index file blocks read on demand', () => {
  it('finds a flipped byte anywhere in every chunk: at open for the small chunks, at the first read of its block for the others', () => {
    const path = join(tempDir('kl-blocks-'), 'lib.index');
    const engine = buildIndex(small, TEST_SYNONYMS);
    writeIndexFile(path, engine, testStamp(engine, TEST_SYNONYMS));
    const good = readFileSync(path);
    const options = indexOptions(TEST_SYNONYMS);
    const hash = optionsHash(TEST_SYNONYMS);
    const lazy = new Set<number>(LAZY_CHUNKS);
    const bodies = chunkBodies(good);
    expect(bodies).toHaveLength(11);
    for (const [i, body] of bodies.entries()) {
      // Every 11th byte and the last one of each chunk (all of them took seconds).
      const positions = Array.from({ length: Math.ceil(body.length / 11) }, (_, k) => body.start + 11 * k);
      for (const at of [...positions, body.start + body.length - 1]) {
        writeFileSync(path, flip(good, at));
        const read = readIndexFile(path, options, hash);
        if (!lazy.has(i)) {
          expect(read.ok, `chunk ${i} byte ${at}`).toBe(false);
          continue;
        }
        // A lazy chunk is not read at open, so the damage shows when its block is read, never later.
        if (!read.ok) throw new Error(`chunk ${i} byte ${at}: refused at open (${read.reason})`);
        expect(() => readEverything(read.engine), `chunk ${i} byte ${at}`).toThrow(IndexDamagedError);
      }
    }
    writeFileSync(path, good);
    const read = readIndexFile(path, options, hash);
    if (!read.ok) throw new Error(read.reason);
    expect(() => readEverything(read.engine)).not.toThrow();
  });

  it('reads only the blocks a query needs, and a damaged block fails only the reads that touch it', () => {
    // Damage the last block of the postings: the terms written first (in block 0) still answer.
    const { engine, read, chunk: postings } = damagedNearEnd(7, 5);
    const terms = [...engine.terms()].map(([t]) => t).sort(); // written in this order
    const first = terms[0] as string;
    const last = terms.at(-1) as string;
    expect(read.engine.termData(first)?.size).toBe(engine.termData(first)?.size);
    const lastBlock = Math.floor((postings.length - 1) / BLOCK_SIZE);
    expect(() => read.engine.termData(last)?.size).toThrow(new RegExp(`checksum mismatch in postings block ${lastBlock}`));
  });

  it('keeps the postings lazy for good: every term outside the damaged block answers, however much was read', () => {
    // A chunk read whole once a quarter of it was read would check (and refuse) the damaged block too.
    const { engine, read, chunk: postings, path } = damagedNearEnd(7, 5);
    const file = readFileSync(path);
    const lastBlockStart = postings.start + Math.floor((postings.length - 1) / BLOCK_SIZE) * BLOCK_SIZE;
    const terms = [...engine.terms()].map(([t]) => t).sort();
    const clear = terms.filter((t) => postingsOf(file, t).end <= lastBlockStart);
    expect(clear.length).toBeGreaterThan(terms.length / 2);
    for (const t of clear) expect(read.engine.termData(t)?.size, t).toBe(engine.termData(t)?.size);
  });

  it('reads a record\'s phrase sequence when a ranking first looks at it, checked like the rest', () => {
    const { engine, read } = damagedNearEnd(9, 1);
    const seqs = read.engine.sequenceLookup();
    const built = engine.sequenceLookup();
    // The first record's sequence is in the first block; the last record's in the damaged last block.
    expect(Array.from(seqs(0) ?? [])).toEqual(Array.from(built(0) ?? []));
    expect(() => seqs(599)).toThrow(/checksum mismatch in phrase sequences block/);
  });

  it('a damaged block found by a search rebuilds the index from the store, says why, and answers as an undamaged index', async () => {
    const dir = tempDir('kl-blocks-');
    const indexPath = join(dir, 'lib.sqlite.index');
    const articles = manyArticles(600);
    const db = storeWith(articles);
    const synonyms = loadSynonymFile();
    const engine = buildIndex(articles, synonyms);
    writeIndexFile(indexPath, engine, testStamp(engine, synonyms, { changeSeq: getChangeSeq(db) }));
    const good = readFileSync(indexPath);
    // A word whose postings are written last, in the block the damage will be in.
    const query = [...engine.terms()].map(([t]) => t).filter((t) => /^w\d+x$/.test(t)).at(-1) as string;
    const expected = pmids((await openSearchIndex(db, { indexPath })).search(query, { limit: 50 }));
    expect(expected.length).toBeGreaterThan(0);
    writeFileSync(indexPath, flip(good, postingsOf(good, query).end - 3));
    const reasons: string[] = [];
    const index = await openSearchIndex(db, { indexPath, onRebuild: (r) => reasons.push(r) });
    expect(reasons).toEqual([]);
    expect(pmids(index.search(query, { limit: 50 }))).toEqual(expected);
    expect(reasons).toEqual([expect.stringMatching(/checksum mismatch in postings block/)]);
    // The rebuilt index was saved: a new process reads it without any rebuild.
    const again = await openSearchIndex(db, { indexPath, onRebuild: (r) => reasons.push(r) });
    expect(pmids(again.search(query, { limit: 50 }))).toEqual(expected);
    expect(reasons).toHaveLength(1);
  });

  it('an index built at open (no file yet) answers from the file it saved, not from the whole index built in memory', async () => {
    const dir = tempDir('kl-blocks-');
    const indexPath = join(dir, 'lib.sqlite.index');
    const db = storeWith(manyArticles(600));
    const reasons: string[] = [];
    const index = await openSearchIndex(db, { indexPath, onRebuild: (r) => reasons.push(r) });
    expect(reasons).toEqual(['no index file yet']);
    const good = readFileSync(indexPath);
    const query = [...buildIndex(manyArticles(600), loadSynonymFile()).terms()].map(([t]) => t).filter((t) => /^w\d+x$/.test(t)).at(-1) as string;
    // Damage to the saved file reaches this index only if it reads that file: a block it had not read yet
    // is checked when the search reads it, and the search still answers right (rebuilt from the store).
    writeFileSync(indexPath, flip(good, postingsOf(good, query).end - 3));
    const hits = pmids(index.search(query, { limit: 50 }));
    expect(reasons).toEqual(['no index file yet', expect.stringMatching(/checksum mismatch in postings block/)]);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits).toEqual(pmids((await openSearchIndex(db, { indexPath })).search(query, { limit: 50 })));
  });
});
