import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { foldText, forRawWords, rawWords, rawWordsByPattern } from '../../src/search/normalize.js';
import { parsePubmedXml } from '../../src/pubmed/normalize.js';
import { seededRandom } from '../support/random.js';
import { stem } from '../../src/search/stem.js';
import { analyzeUnits, indexTerms, unitOf } from '../../src/search/tokenize.js';
import { TEST_SYNONYMS } from './helpers.js';

describe('foldText', () => {
  it('maps the hyphen family to an ASCII hyphen and deletes soft hyphens', () => {
    for (const dash of ['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFF0D']) {
      expect(foldText(`7${dash}hydroxymitragynine`)).toBe('7-hydroxymitragynine');
    }
    expect(foldText('hydroxy\u00ADmitragynine')).toBe('hydroxymitragynine');
  });

  it('spells Greek letters out, including the micro sign and capitals', () => {
    expect(foldText('μ-opioid')).toBe('mu-opioid');
    expect(foldText('\u00B5-opioid')).toBe('mu-opioid');
    expect(foldText('κ δ β-arrestin Δ9')).toBe('kappa delta beta-arrestin delta9');
  });

  it('applies NFKC, lower case and diacritic folding', () => {
    expect(foldText('ＫＲＡＴＯＭ')).toBe('kratom');
    expect(foldText('ﬁndings')).toBe('findings');
    expect(foldText('Müller Gödel Ærø Straße')).toBe('muller godel aero strasse');
  });
});

describe('rawWords: the words of raw text, found by a scan', () => {
  // Characters around word edges: ASCII, every hyphen of the family, soft hyphen, combining marks, Greek,
  // symbols PubMed uses (micro, plus-minus, degree), letters outside the BMP, an emoji, lone surrogates.
  const ALPHABET = ['a', 'Z', '7', ' ', '-', '--', '\u2010', '\u2011', '\u2013', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D', '\u00AD',
    '\u0301', 'é', 'μ', 'Ω', '\u00B5', '±', '°', '.', ',', '(', ')', '/', '\u{1D465}', '\u{1F600}', '\uD835', '\uDC65', '\u3000', '中', '٣', '_', '\t', '\n'];

  it('finds exactly the words of the defining pattern, offsets included, in 5,500 random texts', () => {
    const rnd = seededRandom(41);
    for (let k = 0; k < 5500; k += 1) {
      let text = '';
      // Mostly short texts (every local pattern), some of up to 400 characters.
      const n = Math.floor(rnd() * (k < 5000 ? 30 : 400));
      for (let i = 0; i < n; i += 1) text += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
      expect(rawWords(text), JSON.stringify(text)).toEqual(rawWordsByPattern(text));
    }
  });

  it('finds exactly the words of the defining pattern in every field of the sample records', () => {
    const records = parsePubmedXml(readFileSync('data/sample/pubmed-sample.xml', 'utf8')).articles.map((p) => p.article);
    const texts = records.flatMap((a) => [a.title, a.abstract ?? '', ...a.authors.map((x) => `${x.lastName ?? ''} ${x.foreName ?? ''}`), ...a.keywords]);
    expect(texts.some((t) => /[^\x00-\x7f]/.test(t))).toBe(true);
    for (const t of texts) expect(rawWords(t)).toEqual(rawWordsByPattern(t));
    const offsets: number[] = [];
    forRawWords(texts[0] as string, (s, e) => offsets.push(s, e));
    expect(offsets).toEqual(rawWordsByPattern(texts[0] as string).flatMap((w) => [w.start, w.end]));
  });
});

describe('stem', () => {
  it('conflates plural and analgesic/analgesia forms but leaves short words and codes alone', () => {
    expect(stem('withdrawals')).toBe(stem('withdrawal'));
    expect(stem('analgesic')).toBe(stem('analgesia'));
    expect(stem('analgesics')).toBe(stem('analgesia'));
    expect(stem('studies')).toBe('study');
    expect(stem('analysis')).toBe('analysis');
    expect(stem('mor')).toBe('mor');
    expect(stem('5ht2a')).toBe('5ht2a');
    for (const form of ['inhibitor', 'inhibitors', 'inhibited', 'inhibits', 'inhibiting', 'inhibitory']) {
      expect(stem(form), form).toBe(stem('inhibition'));
    }
    expect(stem('Mitragynin'.toLowerCase())).toBe(stem('mitragynine'));
    expect(stem('factor')).not.toBe(stem('fact'));
    expect(stem('potency')).toBe(stem('potent'));
    expect(stem('dependence')).toBe(stem('dependent'));
  });
});

describe('indexTerms', () => {
  it('keeps a chemical name whole and also indexes its non-numeric part', () => {
    expect(indexTerms('7-hydroxymitragynine', null)).toEqual(['7-hydroxymitragynin', 'hydroxymitragynin']);
  });

  it('does not index the bare number of a hyphenated token (COVID-19 is not "19 patients")', () => {
    expect(indexTerms('COVID-19 outcomes', null)).toEqual(['covid-19', 'covid', 'outcom']);
    expect(indexTerms('COVID-19', null)).not.toContain('19');
    expect(indexTerms('19 patients', null)).toContain('19');
  });

  it('indexes the shorter runs of a long compound, so COVID-19-related is found by COVID-19', () => {
    const terms = indexTerms('COVID-19-related', null);
    expect(terms).toEqual(['covid-19-relat', 'covid-19', '19-relat', 'covid', 'relat']);
    expect(terms).not.toContain('19');
    expect(indexTerms('IL-6-mediated', null)).toContain('il-6');
    // Runs of at most 4 parts, and never a run of bare numbers.
    const long = indexTerms('2-chloro-4-fluoro-6-methyl-benzamide', null);
    expect(long).toContain('chloro-4-fluoro-6');
    expect(long).not.toContain('2-chloro-4-fluoro-6');
    expect(indexTerms('3-4-5-trimethoxy', null)).not.toContain('3-4');
  });

  it('gives the same terms for Greek, micro-sign and spelled-out forms', () => {
    const mu = indexTerms('mu-opioid receptor', null);
    expect(indexTerms('μ-opioid receptor', null)).toEqual(mu);
    expect(indexTerms('\u00B5\u2010opioid receptors', null)).toEqual(mu);
  });

  it('drops stop words and single letters', () => {
    expect(indexTerms('The effect of a dose in C', null)).toEqual(['effect', 'dose']);
  });

  it('adds the synonym concept wherever any phrase of a group occurs', () => {
    expect(indexTerms('Mitragyna speciosa leaves', TEST_SYNONYMS)).toContain('syn:kratom');
    expect(indexTerms('use of ketum', TEST_SYNONYMS)).toContain('syn:kratom');
    expect(indexTerms('7-OH-MG levels', TEST_SYNONYMS).filter((t) => t === 'syn:7-oh')).toHaveLength(1);
    expect(indexTerms('μ-opioid receptors', TEST_SYNONYMS)).toContain('syn:mor');
    expect(indexTerms('mitragynine', TEST_SYNONYMS)).not.toContain('syn:kratom');
  });

  it('reports word offsets in the original text', () => {
    const text = 'A μ‐opioid agonist';
    const units = analyzeUnits(text);
    expect(units.map((u) => text.slice(u.start, u.end))).toEqual(['A', 'μ‐opioid', 'agonist']);
  });
});

describe('unitOf (analyzed words are shared)', () => {
  it('gives each occurrence of a word the same frozen parts, so no caller can change another unit', () => {
    const a = unitOf({ start: 0, end: 9, text: 'Receptors' });
    const b = unitOf({ start: 20, end: 29, text: 'Receptors' });
    expect(a?.parts).toEqual(['receptor']);
    expect(b?.parts).toBe(a?.parts);
    expect([a?.start, b?.start]).toEqual([0, 20]);
    expect(Object.isFrozen(a?.parts)).toBe(true);
    expect(() => (a?.parts as string[]).push('x')).toThrow(TypeError);
  });
});
