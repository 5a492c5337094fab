import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Library, openLibrary } from '../../src/index.js';
import { upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { rec } from './records.js';

describe('evidence through the library API', () => {
  let dir: string;
  let lib: Library;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-evidence-api-'));
    const db = openStore(join(dir, 'lib.sqlite'));
    upsertParsed(db, [
      { article: { ...rec({ pmid: '601', title: 'Kratom seizures: a case report', pt: ['Case Reports'], abstract: 'A 27-year-old man had seizures after kratom. He recovered.' }), history: { entrez: '2026-11-02' } }, raw: '<x/>' },
      { article: { ...rec({ pmid: '602', title: 'Kratom for chronic pain: a randomized trial', pt: ['Randomized Controlled Trial'], mesh: ['Chronic Pain'], abstract: 'Adults were randomly assigned to kratom or placebo. Kratom reduced pain.' }), history: { entrez: '2026-11-03' } }, raw: '<x/>' },
    ], { source: 'import', now: new Date('2026-11-20T00:00:00Z'), topics: ['mitragynine'] });
    db.close();
    lib = await openLibrary({ db: join(dir, 'lib.sqlite') });
  });
  afterAll(() => {
    lib.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns each record with its evidence', () => {
    expect(lib.get('601')?.evidence).toMatchObject({ design: 'case-report', source: 'rules' });
    expect(lib.get('602')?.evidence).toMatchObject({ design: 'rct', themes: ['pain'] });
  });

  it('filters search by the design and theme options and by design: in the query', () => {
    expect(lib.search('kratom', { design: 'rct' }).map((h) => h.pmid)).toEqual(['602']);
    expect(lib.search('kratom', { theme: 'toxicity' }).map((h) => h.pmid)).toEqual(['601']);
    expect(lib.search('kratom -design:case-report').map((h) => h.pmid)).toEqual(['602']);
    expect(() => lib.search('kratom', { design: 'trial' })).toThrow(/design "trial" is not a design/);
  });

  it('gives the evidence map of the library or of a topic', () => {
    const m = lib.evidence();
    expect(m.total).toBe(2);
    expect(m.byDesign).toMatchObject({ 'case-report': 1, rct: 1 });
    expect(() => lib.evidence({ topic: 'nope' })).toThrow(/^evidence: topic "nope" is not a configured topic and no stored paper has it/);
  });

  it('leaves retracted papers out or counts only them, checking the option as search checks it', () => {
    expect([lib.evidence().retracted, lib.evidence().filters.retracted]).toEqual([0, null]);
    expect([lib.evidence({ retracted: false }).total, lib.evidence({ retracted: false }).filters.retracted]).toEqual([2, false]);
    expect([lib.evidence({ retracted: true }).total, lib.evidence({ retracted: true }).filters.retracted]).toEqual([0, true]);
    expect(() => lib.evidence({ retracted: 'no' as unknown as boolean })).toThrow(/^evidence: retracted must be true \(only retracted papers\) or false \(leave them out\), got "no"$/);
  });
});
