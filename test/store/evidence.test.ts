import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseOverrides } from '../../src/evidence/overrides.js';
import { EVIDENCE_VERSION } from '../../src/evidence/types.js';
import { getArticle, getChangeSeq, upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { reclassifyAll } from '../../src/store/reclassify.js';
import { rec } from '../evidence/records.js';

const T1 = new Date('2026-11-20T02:00:00Z');
const T2 = new Date('2026-11-21T02:00:00Z');

const caseReport = rec({ pmid: '501', title: 'Seizures after kratom: a case report', pt: ['Case Reports'], abstract: 'A 27-year-old man had seizures. He recovered.' });
const ratStudy = rec({ pmid: '502', title: 'Tolerance to mitragynine in rats', abstract: 'Rats received mitragynine (10 mg/kg, p.o.) twice daily. Tolerance and withdrawal developed.' });

describe('evidence in the store', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = openStore(':memory:');
    upsertParsed(db, [{ article: caseReport, raw: '<x/>' }, { article: ratStudy, raw: '<x/>' }], { source: 'import', now: T1 });
  });
  afterEach(() => db.close());

  it('classifies records as they are stored and returns the stored classification', () => {
    expect(getArticle(db, '501')?.evidence).toMatchObject({ design: 'case-report', themes: ['toxicity'], source: 'rules', version: EVIDENCE_VERSION });
    expect(getArticle(db, '502')?.evidence).toMatchObject({ design: 'animal', source: 'rules' });
    const rows = db.prepare('SELECT pmid, theme FROM article_themes ORDER BY pmid, theme').all();
    expect(rows).toContainEqual({ pmid: '501', theme: 'toxicity' });
  });

  it('applies an override given to the store and keeps it out of the record JSON', () => {
    const overrides = parseOverrides('{"501": {"design": "observational", "themes": ["use-patterns"]}}', 'ov.json');
    const revised = { ...caseReport, title: 'Seizures after kratom extract: a case report', dateRevised: '2026-11-21' };
    upsertParsed(db, [{ article: revised, raw: '<x/>' }], { source: 'import', now: T2, evidenceOverrides: overrides });
    expect(getArticle(db, '501')?.evidence).toMatchObject({ design: 'observational', themes: ['use-patterns'], source: 'override' });
    const json = (db.prepare('SELECT record_json FROM articles WHERE pmid = ?').get('501') as { record_json: string }).record_json;
    expect(json).not.toContain('evidence');
  });

  it('reclassifies every record from the store, applying overrides and moving the change mark of changed records', () => {
    const before = getChangeSeq(db);
    const overrides = parseOverrides('{"502": {"themes": ["pain"]}, "12": {"design": "rct"}, "10000009": {"design": "review"}}', 'ov.json');
    const r = reclassifyAll(db, { now: T2, overrides });
    // The two PMIDs no stored record has are named (sorted), not silently ignored.
    expect(r).toEqual({ total: 2, withdrawn: 0, changed: 1, overridden: 1, unmatchedOverrides: ['10000009', '12'] });
    expect(getArticle(db, '502')?.evidence).toMatchObject({ design: 'animal', themes: ['pain'], source: 'override' });
    expect(getChangeSeq(db)).toBe(before + 1);
    expect(reclassifyAll(db, { now: T2, overrides })).toEqual({ total: 2, withdrawn: 0, changed: 0, overridden: 1, unmatchedOverrides: ['10000009', '12'] });
  });

  it('classifies a record stored before the evidence table on read without writing, and stores it on reclassify', () => {
    db.prepare('DELETE FROM article_evidence').run();
    db.prepare('DELETE FROM article_themes').run();
    expect(getArticle(db, '501')?.evidence?.design).toBe('case-report');
    expect(db.prepare('SELECT count(*) AS n FROM article_evidence').get()).toEqual({ n: 0 });
    expect(reclassifyAll(db, { now: T2 }).changed).toBe(2);
    expect(db.prepare('SELECT count(*) AS n FROM article_evidence').get()).toEqual({ n: 2 });
  });
});
