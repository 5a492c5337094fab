import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/search/build.js';
import { FIELDS, SYNONYM_FIELDS, fieldText, type Field } from '../../src/search/documents.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { articleHasPhrase, textHasPhrase } from '../../src/search/phrase.js';
import { partHash, sequenceMayHavePhrase } from '../../src/search/phrase-index.js';
import { parseQuery } from '../../src/search/query-parse.js';
import { phraseCheck, planQuery, type PlanNode } from '../../src/search/query-plan.js';
import { matchAll } from '../../src/search/match.js';
import { runSearch, type SearchContext } from '../../src/search/query.js';
import { loadSynonymFile } from '../../src/search/synonyms-file.js';
import { analyzeUnits, indexTerms } from '../../src/search/tokenize.js';
import type { Article } from '../../src/types.js';
import { seededRandom } from '../support/random.js';
import { oracleMatches, randomCorpus, randomPhrase, tokenStream } from './corpus.js';
import { makeArticle, pmids, reloadIndex } from './helpers.js';

/** The shipped synonym list: the corpus uses its phrases (ketum, Mitragyna speciosa, 7-OH-MG, MOR, OUD). */
const synonyms = loadSynonymFile();
const QUERY_FIELD: Partial<Record<Field, string>> = { title: 'title', abstract: 'abstract', keywords: 'keyword' };

function contextOf(mini: SearchEngine, corpus: readonly Article[], reads: string[] = []): SearchContext {
  const byPmid = new Map(corpus.map((a) => [a.pmid, a]));
  return {
    engine: mini, synonyms, fetchArticles: (ids) => {
      reads.push(...ids);
      return ids.flatMap((p) => byPmid.get(p) ?? []);
    },
  };
}

/** Records whose index terms satisfy the term tree of `query` (what the phrase check starts from). */
function termMatches(corpus: readonly Article[], query: string): Set<string> {
  const plan = planQuery(parseQuery(query), synonyms);
  const holds = (terms: Map<Field, Set<string>>, node: PlanNode): boolean => {
    if ('op' in node) return node.op === 'AND' ? node.children.every((c) => holds(terms, c)) : node.children.some((c) => holds(terms, c));
    const fields: readonly Field[] = node.field === null ? FIELDS : typeof node.field === 'string' ? [node.field] : node.field;
    return fields.some((f) => terms.get(f)?.has(node.term));
  };
  return new Set(corpus.filter((a) => plan.groups.some((g) => g.node !== null && holds(termsOf(a), g.node))).map((a) => a.pmid));
}

const termSets = new WeakMap<Article, Map<Field, Set<string>>>();

/** Index terms of each field of a record, as the project's tokenizer makes them (computed once). */
function termsOf(a: Article): Map<Field, Set<string>> {
  let terms = termSets.get(a);
  if (!terms) {
    terms = new Map(FIELDS.map((f) => [f, new Set(indexTerms(fieldText(a, f), SYNONYM_FIELDS.has(f) ? synonyms : null))]));
    termSets.set(a, terms);
  }
  return terms;
}

describe('phrase screen (per-record word codes)', () => {
  it('never rules out a record whose text holds the phrase, in any field or the one asked (seeded corpora)', () => {
    let matches = 0;
    let ruledOut = 0;
    const missed: string[] = [];
    for (const seed of [11, 12, 13]) {
      const corpus = randomCorpus(seed, 300);
      const seqs = buildIndex(corpus, synonyms).phrases;
      const rnd = seededRandom(seed * 7);
      for (let q = 0; q < 60; q += 1) {
        const { text, field } = randomPhrase(rnd, corpus);
        for (const f of [null, field]) {
          const check = phraseCheck({ kind: 'phrase', text, field: f });
          const hashes = check.parts.map(partHash);
          const truth = new Set(oracleMatches(corpus, text, f));
          matches += truth.size;
          for (const a of corpus) {
            const pass = sequenceMayHavePhrase(seqs.get(a.pmid) as Uint16Array, check, hashes);
            if (truth.has(a.pmid) && !pass) missed.push(`seed ${seed} ${f ?? 'any'}:"${text}" ${a.pmid}`);
            if (!truth.has(a.pmid) && !pass) ruledOut += 1;
          }
        }
      }
    }
    expect(missed).toEqual([]);
    // Both sides are exercised: many true matches, and the screen does rule out most of the rest.
    expect(matches).toBeGreaterThan(1000);
    expect(ruledOut).toBeGreaterThan(50_000);
  });

  it('returns exactly the term matches whose text holds the phrase, from a built and from a reloaded index', () => {
    const corpus = randomCorpus(21, 300);
    const built = buildIndex(corpus, synonyms);
    const loaded = reloadIndex(built, synonyms);
    const rnd = seededRandom(2121);
    const wrong: string[] = [];
    let found = 0;
    for (let q = 0; q < 80; q += 1) {
      const { text, field } = randomPhrase(rnd, corpus);
      for (const query of [`"${text}"`, `${QUERY_FIELD[field]}:"${text}"`]) {
        const inField = query.startsWith('"') ? null : field;
        const terms = termMatches(corpus, query);
        const expected = oracleMatches(corpus, text, inField).filter((p) => terms.has(p)).sort();
        found += expected.length;
        for (const [name, mini] of [['built', built], ['loaded', loaded]] as const) {
          const got = pmids(runSearch(contextOf(mini, corpus), query, { limit: 1000 })).sort();
          if (got.join() !== expected.join()) wrong.push(`${name} ${query}: got ${got.join()} expected ${expected.join()}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(found).toBeGreaterThan(500);
  });

  it('verifies a record whose different word shares the 16-bit code, reading it but not returning it', () => {
    // A word whose code collides with `kratom`'s: a collision may only add a candidate, never hide one.
    let collider = '';
    for (let i = 0; !collider; i += 1) if (partHash(`zq${i.toString(36)}`) === partHash('kratom') && `zq${i.toString(36)}` !== 'kratom') collider = `zq${i.toString(36)}`;
    const corpus = [
      makeArticle('501', { title: 'Kratom extract', abstract: 'An extract of leaves.' }),
      makeArticle('502', { title: `The ${collider} extract`, abstract: 'Kratom was also sold.' }),
      makeArticle('503', { title: 'Extract of kratom', abstract: 'Kratom and extract apart.' }),
    ];
    const mini = buildIndex(corpus, synonyms);
    const check = phraseCheck({ kind: 'phrase', text: 'kratom extract', field: null });
    const seqs = mini.phrases;
    const passes = (pmid: string) => sequenceMayHavePhrase(seqs.get(pmid) as Uint16Array, check, check.parts.map(partHash));
    expect([passes('501'), passes('502'), passes('503')]).toEqual([true, true, false]);
    const reads: string[] = [];
    expect(pmids(runSearch(contextOf(mini, corpus, reads), '"kratom extract"'))).toEqual(['501']);
    expect(reads.sort()).toEqual(['501', '502']);
  });

  it('checks a record without a word-code list against its full text', () => {
    const corpus = randomCorpus(31, 120);
    const mini = buildIndex(corpus, synonyms);
    mini.phrases.clear();
    const rnd = seededRandom(3131);
    for (let q = 0; q < 20; q += 1) {
      const { text } = randomPhrase(rnd, corpus);
      const terms = termMatches(corpus, `"${text}"`);
      const expected = oracleMatches(corpus, text, null).filter((p) => terms.has(p)).sort();
      expect(pmids(runSearch(contextOf(mini, corpus), `"${text}"`, { limit: 1000 })).sort(), text).toEqual(expected);
    }
  });

  it('treats symbols that fold into letters (™, ℃) as word breaks, as the index does', () => {
    const corpus = [
      makeArticle('601', { title: 'Kratom™ extract sold online', abstract: 'Cells were kept at 37℃ overnight.' }),
      makeArticle('602', { title: 'Kratom extract', abstract: 'Kept at 37 overnight.' }),
    ];
    expect(tokenStream('Kratom™ extract')).toEqual(['kratom', 'extract']);
    const ctx = contextOf(buildIndex(corpus, synonyms), corpus);
    expect(pmids(runSearch(ctx, '"kratom extract"')).sort()).toEqual(['601', '602']);
    expect(pmids(runSearch(ctx, '"37 overnight"')).sort()).toEqual(['601', '602']);
  });

  it('answers as splitting the whole text into words does, for text outside ASCII too', () => {
    const rnd = seededRandom(5);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
    const words = [
      'lung', 'cancer', 'Lung', 'cancers', 'μ-opioid', 'opioid', 'receptor', 'anti', 'diabetic', 'anti-diabetic', 'café', 'naïve',
      'ﬁbrosis', 'fibrosis', 'ＬＵＮＧ', 'Ⅳ', 'x™', '℃', 'İstanbul', 'soft\u00ADware', 'software', 'e\u0301tude', 'étude', '7-OH',
      '𝛍g', 'κ-opioid', '—', '(', ')', ',', '.', 'lung‐cancer', 'Straße', 'STRASSE',
      // A word of the phrase right after a letter outside ASCII: inside one word, no match there.
      'élung', 'ßcancer', 'μreceptor', 'e\u0301lung', 'ﬁopioid',
    ];
    const parts = (text: string) => analyzeUnits(text).flatMap((u) => u.parts);
    const whole = (text: string, phrase: readonly string[]) => {
      const seq = parts(text);
      return seq.some((_, i) => phrase.every((p, k) => seq[i + k] === p));
    };
    let found = 0;
    for (let n = 0; n < 3000; n += 1) {
      const text = Array.from({ length: 3 + Math.floor(rnd() * 25) }, () => pick(words)).join(pick([' ', '  ', ' / ', '-']));
      const seq = parts(text);
      const at = Math.floor(rnd() * seq.length);
      const phrase = rnd() < 0.6 ? seq.slice(at, at + 1 + Math.floor(rnd() * 3)) : parts(`${pick(words)} ${pick(words)}`);
      if (phrase.length === 0) continue;
      const expected = whole(text, phrase);
      expect(textHasPhrase(text, phrase), `${JSON.stringify(text)} ${JSON.stringify(phrase)}`).toBe(expected);
      if (expected && /[^\x00-\x7f]/.test(text)) found += 1;
    }
    expect(found).toBeGreaterThan(1000);
  });

  it('finds a phrase whose words a long run of punctuation or a long word keeps apart in the text', () => {
    expect(textHasPhrase(`Kratom ${'.'.repeat(130)} extract was sold`, ['kratom', 'extract'])).toBe(true);
    expect(textHasPhrase(`the ${'x'.repeat(100)} of kratom`, ['the', 'x'.repeat(100), 'of', 'kratom'])).toBe(true);
    expect(textHasPhrase(`Kratom ${'.'.repeat(130)} tea extract`, ['kratom', 'extract'])).toBe(false);
  });

  it('never rules out a record naming the author asked for, in any of the name forms, and returns exactly those (seeded)', () => {
    const rnd = seededRandom(4242);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const lasts = ['Hargreaves', 'Smith', 'Nguyen', 'van der Berg', 'Sørensen', "O'Brien-Smith", 'Li', 'Thomas', 'Yağan', 'Pryt'];
    const fores = ['Thomas J', 'Anna', 'Karin', 'Minh Duc', 'Jane', 'Oliver P', 'Li', 'Özgür', 'Łukasz', 'Øystein'];
    const groups = ['Kratom Study Group UK', 'Study Group', 'Smith Study Group'];
    const author = () => {
      if (rnd() < 0.1) return { lastName: null, foreName: null, initials: null, suffix: null, collectiveName: pick(groups), orcid: null, affiliations: [], equalContrib: false };
      const foreName = pick(fores);
      const initials = foreName.split(' ').map((w) => w.charAt(0)).join('');
      return { lastName: pick(lasts), foreName, initials, suffix: null, collectiveName: null, orcid: null, affiliations: [], equalContrib: false };
    };
    const corpus = Array.from({ length: 200 }, (_, i) => makeArticle(String(700 + i), { authors: Array.from({ length: 1 + Math.floor(rnd() * 4) }, author) }));
    const engine = buildIndex(corpus, synonyms);
    const seqs = engine.phrases;
    const wrong: string[] = [];
    let named = 0;
    let extras = 0;
    for (let q = 0; q < 150; q += 1) {
      const a = pick(corpus.flatMap((r) => r.authors));
      const last = a.lastName ?? '';
      const fore = a.foreName ?? '';
      const forms = a.collectiveName
        ? ['Study Group', 'Kratom Study Group UK', 'Study Group UK', 'Smith Study']
        : [`${last} ${a.initials}`, `${last} ${(a.initials as string).charAt(0)}`, `${fore} ${last}`, `${last} ${fore}`, `${last} ${pick(['X', 'Q', 'K'])}`];
      const text = pick(forms);
      const check = phraseCheck({ kind: 'phrase', text, field: 'authors' });
      const truth = corpus.filter((r) => articleHasPhrase(r, check)).map((r) => r.pmid);
      named += truth.length;
      for (const pmid of truth) if (!sequenceMayHavePhrase(seqs.get(pmid) as Uint16Array, check, check.parts.map(partHash))) wrong.push(`screen ruled out ${pmid} for "${text}"`);
      const query = `author:"${text}"`;
      const expected = truth.filter((p) => termMatches(corpus, query).has(p)).sort();
      const got = pmids(runSearch(contextOf(engine, corpus), query, { limit: 1000 })).sort();
      if (got.join() !== expected.join()) wrong.push(`${query}: got ${got.join()} expected ${expected.join()}`);
      // Totals: the stored first authors rule most records out, the rest are read (names match few).
      const reads: string[] = [];
      const counted = matchAll(contextOf(engine, corpus, reads), query).map((d) => d.pmid).sort();
      if (counted.join() !== expected.join()) wrong.push(`${query} counted: ${counted.join()} expected ${expected.join()}`);
      extras += reads.length - expected.length;
    }
    expect(wrong).toEqual([]);
    expect(named).toBeGreaterThan(500);
    // The stored names rule out nearly all the rest before any is read (a screen saying "maybe" to every
    // record holding the words read about 4,000 more here).
    expect(extras).toBeLessThan(named / 10);
  });
});
