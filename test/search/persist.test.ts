import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyChanges, buildIndex } from '../../src/search/build.js';
import { indexOptions, optionsHash } from '../../src/search/index-options.js';
import { cleanStaleTemps, writeIndexFile } from '../../src/search/persist.js';
import { FORMAT_VERSION, type IndexStamp } from '../../src/search/persist-format.js';
import { readIndexFile, readIndexStamp } from '../../src/search/persist-read.js';
import { runSearch } from '../../src/search/query.js';
import type { Article } from '../../src/types.js';
import { makeArticle, pmids, TEST_SYNONYMS, tempDir } from './helpers.js';

const articles = [
  makeArticle('101', { title: 'Kratom withdrawal in adults', abstract: 'Withdrawal from kratom was mild.' }),
  makeArticle('102', { title: 'Ketum tea', abstract: 'Ketum tea drinkers in Malaysia.' }),
  makeArticle('103', { title: '7-OH binding', abstract: 'μ-opioid receptor agonism.' }),
];
const hash = optionsHash(TEST_SYNONYMS);
const options = indexOptions(TEST_SYNONYMS);
const stamp = (records: number, over: Partial<IndexStamp> = {}): IndexStamp => ({
  format: 'kratomlit-search-index', formatVersion: FORMAT_VERSION, optionsHash: hash, changeSeq: 7, records,
  createdAt: '2026-11-20T10:00:00.000Z', ...over,
});

function tempPath(): string {
  return join(tempDir('kl-idx-'), 'lib.sqlite.index');
}

function written(): string {
  const path = tempPath();
  writeIndexFile(path, buildIndex(articles, TEST_SYNONYMS), stamp(articles.length));
  return path;
}

function searchWith(path: string, q: string, list: Article[] = articles): string[] {
  const read = readIndexFile(path, options, hash);
  if (!read.ok) throw new Error(read.reason);
  const byPmid = new Map(list.map((a) => [a.pmid, a]));
  const ctx = { engine: read.engine, synonyms: TEST_SYNONYMS, fetchArticles: (ids: string[]) => ids.flatMap((p) => byPmid.get(p) ?? []) };
  return pmids(runSearch(ctx, q));
}

describe('index file', () => {
  it('round-trips: the loaded index answers like the built one and keeps the stamp', () => {
    const path = written();
    const read = readIndexFile(path, options, hash);
    expect(read.ok && read.stamp).toEqual(stamp(3));
    expect(searchWith(path, 'kratom').sort()).toEqual(['101', '102']);
    expect(searchWith(path, 'MOR')).toEqual(['103']);
    expect(searchWith(path, 'withdraw')).toEqual(['101']);
  });

  it('reads the stamp from the tail alone, and null for a truncated file', () => {
    const path = written();
    expect(readIndexStamp(path)).toEqual({ ...stamp(3), highWater: 7 });
    writeFileSync(path, readFileSync(path).subarray(0, 50));
    expect(readIndexStamp(path)).toBeNull();
    expect(readIndexStamp(`${path}.missing`)).toBeNull();
  });

  it('detects truncation anywhere in the file', () => {
    const path = written();
    const full = readFileSync(path);
    for (const size of [0, 5, 40, Math.floor(full.length / 2), full.length - 12, full.length - 1]) {
      writeFileSync(path, full.subarray(0, size));
      const read = readIndexFile(path, options, hash);
      expect(read.ok, `cut at ${size}`).toBe(false);
      expect(!read.ok && read.reason, `cut at ${size}`).toMatch(/truncated|foreign/);
    }
  });

  it('detects a flipped byte, a foreign file, another format version and other options', () => {
    const path = written();
    const full = readFileSync(path);
    const flipped = Buffer.from(full);
    // A byte of a chunk read at open; bytes of the chunks read on demand: persist-blocks.test.ts.
    const at = 200;
    flipped.writeUInt8(flipped.readUInt8(at) ^ 0xff, at);
    writeFileSync(path, flipped);
    expect(readIndexFile(path, options, hash)).toEqual({ ok: false, reason: expect.stringMatching(/checksum|corrupt/) });
    writeFileSync(path, JSON.stringify({ documentCount: 3, index: [] }));
    expect(readIndexFile(path, options, hash)).toEqual({ ok: false, reason: expect.stringMatching(/foreign/) });
    // Never written over: a file that is not an index may be the user's (the database, the configuration).
    expect(() => writeIndexFile(path, buildIndex(articles, TEST_SYNONYMS), stamp(3))).toThrow(/is not a kratomlit search index, so it was left as it is/);
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify({ documentCount: 3, index: [] }));
    rmSync(path);
    writeIndexFile(path, buildIndex(articles, TEST_SYNONYMS), stamp(3, { formatVersion: 99 }));
    expect(readIndexFile(path, options, hash)).toEqual({ ok: false, reason: expect.stringMatching(/format version 99/) });
    writeIndexFile(path, buildIndex(articles, TEST_SYNONYMS), stamp(3));
    expect(readIndexFile(path, options, 'other-hash')).toEqual({ ok: false, reason: expect.stringMatching(/other options/) });
    expect(readIndexFile(`${path}.nope`, options, hash)).toEqual({ ok: false, reason: 'no index file yet' });
  });

  it('writes through a temp file and cleans temp files of dead writers only', () => {
    const path = written();
    const dead = `${path}.tmp-999999999-abc`;
    const alive = `${path}.tmp-${process.ppid}-abc`;
    writeFileSync(dead, 'partial');
    writeFileSync(alive, 'partial');
    expect(cleanStaleTemps(path)).toBe(1);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(alive)).toBe(true);
    expect(existsSync(path)).toBe(true);
  });

  it('updates a loaded (lazily decoded) index and writes it again without losing postings', () => {
    const path = written();
    const read = readIndexFile(path, options, hash);
    if (!read.ok) throw new Error(read.reason);
    const changed = makeArticle('102', { title: 'Biak-biak chewing', abstract: 'Leaves chewed by farmers.' });
    const added = makeArticle('104', { title: 'Kratom hepatotoxicity', abstract: 'Liver injury case.' });
    expect(applyChanges(read.engine, [changed, added], ['103'])).toEqual({ added: 1, replaced: 1, removed: 1 });
    writeIndexFile(path, read.engine, stamp(read.engine.documentCount));
    const list = [articles[0] as Article, changed, added];
    expect(searchWith(path, 'kratom', list).sort()).toEqual(['101', '102', '104']);
    expect(searchWith(path, 'tea', list)).toEqual([]);
    expect(searchWith(path, 'farmers', list)).toEqual(['102']);
    expect(searchWith(path, '7-OH', list)).toEqual([]);
  });

  it('refuses a duplicate add and an unknown discard by guarding with has()', () => {
    const mini = buildIndex(articles, TEST_SYNONYMS);
    expect(applyChanges(mini, [articles[0] as Article, { ...(articles[1] as Article), deleted: true }], ['999'])).toEqual({ added: 0, replaced: 1, removed: 1 });
    expect(mini.documentCount).toBe(2);
  });
});
