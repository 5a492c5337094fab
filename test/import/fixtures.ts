/**
 * Import fixtures written per test into a temp folder: generated `PubmedArticle` records (varied authors,
 * MeSH, a retraction link), the hand-written rich records of test/fixtures/pubmed/articles.xml, a record
 * that does not parse and a `DeleteCitation`, so every kind of outcome crosses the worker boundary.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openStore } from '../../src/store/open.js';
import { makeArticleSet, makeRecord } from '../support/make-record.js';

/** The three hand-written records of the shared parser fixture, as element texts. */
function richRecords(): string[] {
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'pubmed', 'articles.xml'), 'utf8');
  return text.match(/<PubmedArticle>[\s\S]*?<\/PubmedArticle>/g) ?? [];
}

/** `count` generated records with PMIDs `base`, `base + 1`, ... */
export function generated(count: number, base = 40_000_000): string[] {
  return Array.from({ length: count }, (_, i) =>
    makeRecord({
      pmid: String(base + i),
      entrez: `2026-0${1 + (i % 9)}-1${i % 10}`,
      title: `Mitragynine & 7-hydroxymitragynine study ${i} — “receptor” binding`,
      mesh: ['Mitragyna', i % 2 ? 'Analgesics, Opioid' : 'Humans'],
      authors: [['Kruegel', 'Andrew C'], ['Grundmann', 'Oliver'], ['Müller', 'Jürgen']].slice(0, 1 + (i % 3)) as Array<[string, string]>,
      retractionIn: i % 11 === 5 ? String(base + 900) : null,
    }),
  );
}

/** A record whose closing tag does not match: rejected with its PMID, the others still import. */
export const BROKEN = makeRecord({ pmid: '40000777', entrez: '2026-03-03' }).replace('</ArticleTitle>', '</Title>');

/** Withdraws one generated PMID (the splitter accepts `DeleteCitation` at the end of a set). */
export const DELETE = '<DeleteCitation><PMID Version="1">40000003</PMID></DeleteCitation>';

/** A fresh folder holding the files of one test. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'kratomlit-import-test-'));
}

/** Writes a PubMed file of these record texts; returns its path. */
export function writeSet(dir: string, name: string, records: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, makeArticleSet(records));
  return path;
}

/** The mixed fixture: rich records, generated ones, one broken record and a deletion. */
export function mixedRecords(count = 40): string[] {
  const gen = generated(count);
  return [...richRecords(), ...gen.slice(0, 10), BROKEN, ...gen.slice(10), DELETE];
}

/** A migrated store in `dir`. */
export function store(dir: string, name = 'store.sqlite'): Database.Database {
  return openStore(join(dir, name));
}
