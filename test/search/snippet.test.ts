import { describe, expect, it } from 'vitest';
import { fieldText } from '../../src/search/documents.js';
import { makeSnippet } from '../../src/search/snippet.js';
import { analyzeUnits } from '../../src/search/tokenize.js';
import { seededRandom } from '../support/random.js';
import { randomCorpus } from './corpus.js';
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

/** `n` index terms of `text` (its words' wholes and parts) picked at random. */
function someTerms(text: string, rnd: () => number, n: number): string[] {
  const terms = analyzeUnits(text).flatMap((u) => [u.whole, ...u.parts]);
  return Array.from({ length: n }, () => terms[Math.floor(rnd() * terms.length)] ?? 'zzz');
}

/** The snippet as searches make it, after checking it equals the one made by analyzing every word. */
function checkedSnippet(text: string, matched: ReadonlySet<string>, words: number): string {
  const fast = makeSnippet(text, matched, TEST_SYNONYMS, hl, words);
  expect(fast, `${text} / ${[...matched].join(',')}`).toBe(makeSnippet(text, matched, TEST_SYNONYMS, hl, words, true));
  return fast;
}

describe('makeSnippet skipping words that cannot match', () => {
  it('cuts and marks exactly what analyzing every word gives, over 2,000 generated texts and term sets', () => {
    const rnd = seededRandom(15);
    const corpus = randomCorpus(15, 400);
    const extra = [
      'Kratom-induced hepatotoxicity: a 7-OH case', 'x-ray of the L4-L5 disc', 'a', 'I/O at 5-HT2A (p<0.05)',
      'İstanbul users: foo-bar kratom-tea', 'Müller-Lyer and 5‐HT2A at 37 °C ± 2', 'a \u00AD b\u0301 mu-opioid', 'Ⅻ ﬁbrosis ½ dose',
    ];
    let cut = 0;
    for (let i = 0; i < 2000; i += 1) {
      const a = corpus[i % corpus.length] as (typeof corpus)[number];
      const text = i % 5 === 0 ? `${extra[i % extra.length]} ${fieldText(a, 'abstract')}` : fieldText(a, i % 3 === 0 ? 'title' : 'abstract');
      const matched = new Set(someTerms(text, rnd, 1 + Math.floor(rnd() * 3)));
      if (i % 4 === 0) matched.add(['7', 'x', 'l4', 'syn:kratom', 'with'][i % 5] as string);
      if (checkedSnippet(text, matched, 4 + (i % 30)).includes('…')) cut += 1;
    }
    expect(cut).toBeGreaterThan(500);
  });

  it('gives a text seen before, asked with other terms, what analyzing every word gives (its words are kept per text)', () => {
    const rnd = seededRandom(43);
    const texts = [
      ...randomCorpus(43, 12).map((a) => fieldText(a, 'abstract')),
      'μ-opioid agonists: 7-OH-mitragynine at μ and κ sites; Müller-Lyer ½ dose, α-adrenergic 5‐HT2A',
      'ökologisch-kratom İstanbul x-ray a-μ b-ö: café users',
    ];
    let hits = 0;
    // Every text asked ten times in turns, each time with other terms (Greek and accented first letters among them).
    for (let round = 0; round < 10; round += 1) {
      for (const text of texts) {
        const matched = new Set(someTerms(text, rnd, 1 + Math.floor(rnd() * 3)));
        if (round % 3 === 0) matched.add(['μ', 'mu', 'o', 'a', 'x', 'caf'][round % 6] as string);
        if (checkedSnippet(text, matched, 6 + round).includes('[')) hits += 1;
      }
    }
    expect(hits).toBeGreaterThan(100);
  });

  it('cuts and marks what analyzing every word gives for pure-ASCII text (its own scan), hyphens at every place', () => {
    const rnd = seededRandom(31);
    const corpus = randomCorpus(31, 300);
    const odd = ['x-', '-x', 'a--b', 'a-b-c', 'L4-L5', '5-HT2A', 'k-', '-k', 'x-k', 'COVID-19-related', '7-OH', 'I', 'a', '--', 'I/O', 'A-B'];
    let marked = 0;
    for (let i = 0; i < 1500; i += 1) {
      const words = fieldText(corpus[i % corpus.length] as (typeof corpus)[number], i % 3 === 0 ? 'title' : 'abstract').replace(/[^\x00-\x7f]/g, 'e').split(' ');
      for (let k = 0; k < 1 + (i % 5); k += 1) words.splice(Math.floor(rnd() * (words.length + 1)), 0, odd[Math.floor(rnd() * odd.length)] as string);
      // Some texts end in a hyphen or a one-letter word: the scan's last character.
      const text = `${words.join(i % 7 === 0 ? '  ' : ' ')}${['', '-', ' x', ' k-', '.'][i % 5] as string}`;
      const matched = new Set(someTerms(text, rnd, 1 + Math.floor(rnd() * 3)));
      if (i % 3 === 0) matched.add(['k', 'x', 'l4', 'a', 'i', '5', 'ht2a'][i % 7] as string);
      if (checkedSnippet(text, matched, 4 + (i % 30)).includes('[')) marked += 1;
    }
    expect(marked).toBeGreaterThan(1000);
  });

  it('gives what analyzing every word gives for texts of thousands of words and every kind of whitespace run', () => {
    const rnd = seededRandom(29);
    const corpus = randomCorpus(29, 60);
    const spaces = [' ', '  ', '\t', '\n\n', ' \u00A0', '\u2009', '\r\n ', '\u3000'];
    for (let i = 0; i < 40; i += 1) {
      // 40-100 abstracts joined by whitespace runs: past the buffers' first size (512 words) and their doubling.
      const parts = Array.from({ length: 40 + (i % 3) * 30 }, (_, k) => fieldText(corpus[(i + k) % corpus.length] as (typeof corpus)[number], 'abstract'));
      const text = parts.map((t) => t.replace(/ /g, () => spaces[Math.floor(rnd() * spaces.length)] as string)).join(spaces[i % spaces.length]);
      expect(text.split(/\s+/).length).toBeGreaterThan(1000);
      const matched = new Set(someTerms(text, rnd, 1 + (i % 3)));
      const snippet = checkedSnippet(text, matched, 36);
      expect(snippet).not.toMatch(/[^\S ]|\s\s/);
    }
  });

  it('marks what analyzing every word gives when a synonym concept matched, over 1,500 texts holding its phrases', () => {
    const rnd = seededRandom(23);
    const corpus = randomCorpus(23, 300);
    const phrases = [
      'Mitragyna speciosa', 'ketum', 'biak-biak', 'Kratom-tea', 'mu-opioid receptor', 'MOR', 'opioid use disorder', 'OUD',
      '7-OH', '7-OH-MG users', 'antinociception', 'a-b', 'x-ray', 'mu- opioid', 'op-ioid use', 'k', 'ke-tum', 'speciosa-derived',
      'anti-kratom', 'non-OUD', 'pre-mu-opioid receptor', 'x-k', 'k-x', 'k-', '-k', 'a-7-OH',
    ];
    const concepts = ['syn:kratom', 'syn:mor', 'syn:oud', 'syn:7-oh', 'syn:analgesia'];
    let marked = 0;
    for (let i = 0; i < 1500; i += 1) {
      const abstract = fieldText(corpus[i % corpus.length] as (typeof corpus)[number], 'abstract');
      // Mostly pure-ASCII text (its own faster path), some as generated (Greek letters, accents).
      const words = (i % 4 === 0 ? abstract : abstract.replace(/[^\x00-\x7f]/g, 'e')).split(' ');
      for (let k = 0; k < 1 + (i % 4); k += 1) words.splice(Math.floor(rnd() * (words.length + 1)), 0, phrases[Math.floor(rnd() * phrases.length)] as string);
      const text = words.join(' ');
      const matched = new Set([concepts[i % concepts.length] as string, ...someTerms(text, rnd, i % 3)]);
      if (i % 3 === 0) matched.add(['k', '7', 'a-b', 'x', 'a'][i % 5] as string);
      if (checkedSnippet(text, matched, 4 + (i % 30)).includes('[')) marked += 1;
    }
    expect(marked).toBeGreaterThan(1000);
  });

  it('marks what analyzing every word gives when a text seen before is asked with a concept, then with other concepts and terms (its analyzed words are kept)', () => {
    const rnd = seededRandom(47);
    const phrases = ['Mitragyna speciosa', 'ketum', 'opioid use disorder', 'OUD', 'mu-opioid receptor', 'MOR', '7-OH', 'antinociception', 'op-ioid use'];
    const texts = randomCorpus(47, 20).map((a, i) => {
      const words = fieldText(a, 'abstract').split(' ');
      for (let k = 0; k < 3; k += 1) words.splice(Math.floor(rnd() * (words.length + 1)), 0, phrases[(i + k) % phrases.length] as string);
      return words.join(' ');
    });
    const concepts = ['syn:kratom', 'syn:oud', 'syn:mor', 'syn:7-oh', 'syn:analgesia'];
    let marked = 0;
    // Each text asked in turns: first with plain terms (its words kept, few analyzed), then with each concept.
    for (let round = 0; round < 12; round += 1) {
      for (const text of texts) {
        const matched = new Set(someTerms(text, rnd, round % 3));
        if (round > 0) matched.add(concepts[(round + texts.indexOf(text)) % concepts.length] as string);
        if (checkedSnippet(text, matched, 5 + round).includes('[')) marked += 1;
      }
    }
    expect(marked).toBeGreaterThan(150);
  });
});
