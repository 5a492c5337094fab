import { describe, expect, it } from 'vitest';
import { evidenceMatches, evidenceMatrix, evidenceOf } from '../../src/library/evidence.js';
import { cut, cutList } from '../../src/mcp/shape.js';
import type { Article } from '../../src/types.js';
import { makeArticle } from '../search/helpers.js';

const classified = (pmid: string, design: string, themes: string[]): Article =>
  ({ ...makeArticle(pmid), evidence: { design, designAlso: [], themes, cues: [], source: 'rules', version: 1 } }) as Article;

describe('evidence on records', () => {
  it('reads a classification when the record carries one, and null otherwise or for another shape', () => {
    expect(evidenceOf(classified('1', 'rct', ['pain']))?.design).toBe('rct');
    expect(evidenceOf(makeArticle('2'))).toBeNull();
    expect(evidenceOf({ ...makeArticle('3'), evidence: { design: 5 } } as unknown as Article)).toBeNull();
  });

  it('matches design and theme filters only on classified records', () => {
    const a = classified('1', 'case-report', ['toxicity', 'dependence']);
    expect([evidenceMatches(a, { design: 'case-report' }), evidenceMatches(a, { theme: 'dependence' }), evidenceMatches(a, { design: 'rct' })]).toEqual([true, true, false]);
    expect([evidenceMatches(makeArticle('2'), {}), evidenceMatches(makeArticle('2'), { theme: 'pain' })]).toEqual([true, false]);
  });

  it('counts the design x theme matrix, a paper once per theme, unclassified papers apart', () => {
    const m = evidenceMatrix([
      classified('1', 'case-report', ['toxicity', 'dependence']),
      classified('2', 'case-report', ['toxicity']),
      classified('3', 'animal', ['pharmacology', 'pharmacology']),
      makeArticle('4'),
    ]);
    expect(m).toEqual({
      designs: ['case-report', 'animal'],
      themes: ['toxicity', 'dependence', 'pharmacology'],
      cells: { 'case-report': { toxicity: 2, dependence: 1 }, animal: { pharmacology: 1 } },
      byDesign: { 'case-report': 2, animal: 1 },
      papers: 4,
      unclassified: 1,
    });
  });
});

describe('bounded tool output', () => {
  it('cuts long text at a word with a marker counting what is left, and leaves short text alone', () => {
    expect(cut('short text', 20)).toBe('short text');
    expect(cut('alpha beta gamma delta epsilon', 24)).toBe('alpha beta gamma delta [... cut: 8 more characters]');
    expect(cutList(['a', 'b', 'c'], 2)).toEqual(['a', 'b', '[... 1 more]']);
  });
});
