import { describe, expect, it } from 'vitest';
import { fold } from '../../src/evidence/text.js';

/** The folding rule written out in full: every run of white space becomes one space. */
const spelledOut = (s: string): string => s.toLowerCase().replace(/[\u2010-\u2015\u2212]/g, '-').replace(/\s+/g, ' ').trim();

describe('fold', () => {
  it.each([
    ['LC–MS/MS of Kratom', 'lc-ms/ms of kratom'],
    ['two  spaces', 'two spaces'],
    ['tab\there', 'tab here'],
    ['line\nbreak and\r\nCRLF', 'line break and crlf'],
    ['no\u00a0break space', 'no break space'],
    ['  Leading and trailing \u2003', 'leading and trailing'],
    ['single spaces only', 'single spaces only'],
    ['', ''],
  ])('folds %j to %j, as collapsing every white-space run does', (input, want) => {
    expect(fold(input)).toBe(want);
    expect(fold(input)).toBe(spelledOut(input));
  });
});
