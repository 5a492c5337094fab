import { describe, expect, it } from 'vitest';
import { expandPages, pageBounds } from '../../src/export/pages.js';

describe('expandPages', () => {
  it.each([
    ['737-8', '737-738'],
    ['1123-34', '1123-1134'],
    ['10-7', '10-17'],
    ['103-114', '103-114'],
    ['S10-2', 'S10-S12'],
    ['S22-5', 'S22-S25'],
    ['E106-13', 'E106-E113'],
    ['OL1442-6', 'OL1442-OL1446'],
    ['1186.e1-5', '1186.e1-1186.e5'],
    ['S36-S41', 'S36-S41'],
    ['e0123456', 'e0123456'],
    ['1134-1146.e6', '1134-1146.e6'],
    ['120-2, 174', '120-122, 174'],
    ['21-5; discussion 26', '21-25; discussion 26'],
    ['919-23; discussion 923-4', '919-923; discussion 923-4'],
    ['W98; author reply W99', 'W98; author reply W99'],
    ['Doc03', 'Doc03'],
  ])('expands the MEDLINE page form %s to %s', (pgn, expected) => {
    expect(expandPages(pgn)).toBe(expected);
  });

  it('leaves a range alone when the expanded last page would precede the first', () => {
    expect(expandPages('95-3')).toBe('95-3');
  });

  it('uses the requested dash between expanded pages (BibTeX wants --)', () => {
    expect(expandPages('737-8; 740-1', '--')).toBe('737--738; 740--741');
  });

  it('gives null for missing or blank pagination', () => {
    expect(expandPages(null)).toBeNull();
    expect(expandPages('  ')).toBeNull();
  });
});

describe('pageBounds', () => {
  it('splits a single range into expanded first and last pages', () => {
    expect(pageBounds('737-8')).toEqual({ first: '737', last: '738' });
  });

  it('gives only a first page for an electronic article number', () => {
    expect(pageBounds('e0123456')).toEqual({ first: 'e0123456', last: null });
  });

  it('keeps several parts together in the first page so nothing is lost', () => {
    expect(pageBounds('120-2, 174')).toEqual({ first: '120-122, 174', last: null });
  });

  it('gives null without pagination', () => {
    expect(pageBounds(null)).toBeNull();
  });
});
