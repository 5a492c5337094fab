import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll } from 'vitest';
import { emptyArticle } from '../../src/types.js';
import { buildIndex } from '../../src/search/build.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { indexOptions, optionsHash } from '../../src/search/index-options.js';
import { writeIndexFile } from '../../src/search/persist.js';
import { FORMAT_VERSION, type IndexStamp } from '../../src/search/persist-format.js';
import { readIndexFile } from '../../src/search/persist-read.js';
import { runSearch, type SearchContext } from '../../src/search/query.js';
import { compileSynonyms, parseSynonyms, type SynonymMatcher } from '../../src/search/synonyms.js';
import { openStore } from '../../src/store/open.js';
import { upsertParsed } from '../../src/store/articles.js';
import type { SearchOptions } from '../../src/search/types.js';
import type { Article } from '../../src/types.js';

/** A complete record with neutral values; a test overrides what it is about. */
export function makeArticle(pmid: string, over: Partial<Article> = {}): Article {
  return {
    ...emptyArticle(pmid),
    status: 'MEDLINE',
    title: `Neutral record ${pmid}`,
    titleHtml: `Neutral record ${pmid}`,
    abstract: 'Nothing of interest was measured here.',
    journal: { title: 'Journal of Tests', isoAbbreviation: 'J Tests', issn: null, volume: '1', issue: '1', nlmUniqueId: null },
    pubDate: { year: 2015, month: 6, day: 1, season: null, raw: '2015 Jun 1' },
    languages: ['eng'],
    publicationTypes: ['Journal Article'],
    doi: `10.1000/${pmid}`,
    history: { entrez: '2015-06-01' },
    ...over,
  };
}

/** A person author as the normalizer produces it. */
export function person(lastName: string, initials: string): Article['authors'][number] {
  return { lastName, foreName: initials.charAt(0), initials, suffix: null, collectiveName: null, orcid: null, affiliations: [], equalContrib: false };
}

/** The synonym list the tests rely on (independent of the shipped file, which users may edit). */
export const TEST_SYNONYMS = compileSynonyms(
  parseSynonyms(
    JSON.stringify({
      version: 1,
      groups: [
        { id: 'kratom', terms: ['kratom', 'Mitragyna speciosa', 'ketum', 'biak-biak', 'krathom', 'thang'] },
        { id: '7-oh', terms: ['7-hydroxymitragynine', '7-OH', '7-OH-MG', '7-OHMG'] },
        { id: 'mor', terms: ['mu-opioid receptor', 'MOR'] },
        { id: 'analgesia', terms: ['analgesia', 'antinociception'] },
        { id: 'oud', terms: ['opioid use disorder', 'OUD'] },
      ],
    }),
    'test synonyms',
  ),
);

/** An in-memory index over `articles` with a search function reading texts from the same list. */
export function memoryLibrary(articles: Article[]): { ctx: SearchContext; search: (q: string, o?: SearchOptions) => ReturnType<typeof runSearch> } {
  const byPmid = new Map(articles.map((a) => [a.pmid, a]));
  const ctx: SearchContext = {
    engine: buildIndex(articles, TEST_SYNONYMS),
    synonyms: TEST_SYNONYMS,
    fetchArticles: (pmids) => pmids.map((p) => byPmid.get(p)).filter((a): a is Article => a !== undefined),
  };
  return { ctx, search: (q, o) => runSearch(ctx, q, o) };
}

/** PMIDs of hits, in order. */
export function pmids(hits: Array<{ pmid: string }>): string[] {
  return hits.map((h) => h.pmid);
}

/** A real migrated in-memory store holding `articles`. */
export function storeWith(articles: Article[], now = new Date('2026-11-20T10:00:00Z')): Database.Database {
  const db = openStore(':memory:');
  upsertParsed(db, articles.map((a) => ({ article: a, raw: `<PubmedArticle><PMID>${a.pmid}</PMID></PubmedArticle>` })), { source: 'import', now });
  return db;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** The stamp of a current index file of `engine` built with `synonyms`; `over` changes fields. */
export function testStamp(engine: SearchEngine, synonyms: SynonymMatcher | null, over: Partial<IndexStamp> = {}): IndexStamp {
  return {
    format: 'kratomlit-search-index', formatVersion: FORMAT_VERSION, optionsHash: optionsHash(synonyms), changeSeq: 1,
    records: engine.documentCount, createdAt: '2026-11-20T10:00:00.000Z', ...over,
  };
}

/** Writes `engine` as an index file in a fresh temporary directory and reads it back. */
export function reloadIndex(engine: SearchEngine, synonyms: SynonymMatcher | null, over: Partial<IndexStamp> = {}): SearchEngine {
  const path = join(tempDir('kl-reload-'), 'lib.index');
  writeIndexFile(path, engine, testStamp(engine, synonyms, over));
  const read = readIndexFile(path, indexOptions(synonyms), optionsHash(synonyms));
  if (!read.ok) throw new Error(read.reason);
  return read.engine;
}
