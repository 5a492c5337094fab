import { describe, expect, it } from 'vitest';
import { loadJudgedEvidence } from '../../bench/evidence-judged.js';
import { DESIGNS, THEMES, isDesign, isTheme } from '../../src/evidence/types.js';

describe('the judged evidence set (bench/evidence-judged)', () => {
  const records = loadJudgedEvidence();

  it('has at least 150 records with valid, unique ids and labels', () => {
    expect(records.length).toBeGreaterThanOrEqual(150);
    expect(new Set(records.map((r) => r.article.pmid)).size).toBe(records.length);
    for (const r of records) {
      expect(isDesign(r.gold.design), r.article.pmid).toBe(true);
      expect(r.gold.themes.length, r.article.pmid).toBeGreaterThan(0);
      expect(r.gold.themes.every(isTheme) && (r.gold.designAlso ?? []).every(isDesign), r.article.pmid).toBe(true);
    }
  });

  it('has every design and every theme at least 8 times', () => {
    for (const d of DESIGNS) expect(records.filter((r) => r.gold.design === d).length, d).toBeGreaterThanOrEqual(8);
    for (const t of THEMES) expect(records.filter((r) => r.gold.themes.includes(t)).length, t).toBeGreaterThanOrEqual(8);
  });

  it('includes the whole sample corpus and records with neither publication types nor MeSH', () => {
    expect(records.filter((r) => r.origin === 'sample').length).toBe(62);
    expect(records.filter((r) => r.article.publicationTypes.length === 0 && r.article.mesh.length === 0).length).toBeGreaterThanOrEqual(30);
  });
});
