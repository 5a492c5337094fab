import { describe, expect, it } from 'vitest';
import { makeSnippet } from '../../src/search/snippet.js';
import { TEST_SYNONYMS } from './helpers.js';

const hl = { pre: '[', post: ']' };

describe('makeSnippet', () => {
  it('highlights stemmed, hyphenated and Greek forms of the matched terms', () => {
    expect(makeSnippet('Withdrawals after μ-opioid agonists.', new Set(['withdrawal', 'mu']), null, hl)).toBe(
      '[Withdrawals] after [μ-opioid] agonists.',
    );
  });

  it('highlights every word of a synonym phrase when the concept matched', () => {
    expect(makeSnippet('Leaves of Mitragyna speciosa were chewed.', new Set(['syn:kratom']), TEST_SYNONYMS, hl)).toBe(
      'Leaves of [Mitragyna speciosa] were chewed.',
    );
  });

  it('cuts a long text to the window with the most matches, marking the cuts', () => {
    const filler = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const text = `${filler} kratom tea and kratom leaves ${filler}`;
    const out = makeSnippet(text, new Set(['kratom']), null, hl, 10);
    expect(out).toBe('…word57 word58 word59 [kratom] tea and [kratom] leaves word0 word1…');
  });

  it('returns the start of the text when nothing matches, and empty for empty text', () => {
    expect(makeSnippet('one two three four', new Set(['zzz']), null, hl, 2)).toBe('one two…');
    expect(makeSnippet('', new Set(['x']), null, hl)).toBe('');
  });
});
