import { describe, expect, it } from 'vitest';
import { formatExplain } from '../../src/cli/search.js';
import { MATCH_WEIGHTS } from '../../src/search/index-options.js';
import { PROXIMITY } from '../../src/search/proximity.js';
import type { SearchHit } from '../../src/search/types.js';
import { makeArticle, memoryLibrary, pmids } from './helpers.js';

/** Records with the same title and abstracts of the same index length, so only the tested signal differs. */
const rec = (pmid: string, abstract: string) => makeArticle(pmid, { title: 'Outcomes after treatment', abstract });

describe('proximity', () => {
  const lib = memoryLibrary([
    rec('1', 'Patients reported that sleep was poor before the trial, and later the quality of meals improved.'),
    rec('2', 'Patients reported better quality of sleep during the trial, and meals improved before later visits.'),
    rec('3', 'Patients reported better sleep quality during the trial, and meals improved before later visits.'),
    rec('4', 'Patients reported sleep of rather low quality during the trial, and meals improved before later visits.'),
  ]);

  it('ranks adjacent in order above reversed nearby above far apart, without quotes', () => {
    const hits = lib.search('sleep quality', { explain: true });
    expect(pmids(hits)).toEqual(['3', '4', '2', '1']);
    const closeness = hits.map((h) => h.explain?.proximity.closeness);
    // 3: adjacent in order; 4: in order with 4 words between; 2: reversed with one word between; 1: far.
    expect(closeness).toEqual([1, PROXIMITY.WINDOWED, PROXIMITY.WINDOWED * PROXIMITY.REVERSED, 0]);
  });

  it('counts the stop words typed between two words as adjacency', () => {
    expect(pmids(lib.search('quality of sleep'))[0]).toBe('2');
  });

  it('leaves one-word queries and quoted phrases without a proximity raise', () => {
    for (const q of ['sleep', '"sleep quality"']) {
      for (const h of lib.search(q, { explain: true })) expect(h.explain?.proximity).toEqual({ closeness: 0, contribution: 0 });
    }
  });
});

describe('literal above expanded', () => {
  const lib = memoryLibrary([
    rec('1', 'Regular kratom drinkers were followed for two years in three villages.'),
    rec('2', 'Regular ketum drinkers were followed for two years in three villages.'),
    rec('3', 'Regular ketumi drinkers were followed for two years in three villages.'),
    rec('4', 'Regular antinociception drinkers were followed for two years in three villages.'),
    rec('5', 'Regular analgesia drinkers were followed for two years in three villages.'),
  ]);

  it('puts the typed word before its synonym and before a fuzzy match', () => {
    const hits = lib.search('ketum', { explain: true });
    expect(pmids(hits)).toEqual(['2', '1']);
    const kinds = (h: SearchHit | undefined) => [...new Set(h?.explain?.terms.map((t) => t.match))];
    expect(kinds(hits[0])).toEqual(['literal']);
    expect(kinds(hits[1])).toEqual(['synonym']);
    expect(pmids(lib.search('analgesia'))).toEqual(['5', '4']);
    const typed = lib.search('ketumi', { explain: true });
    expect(pmids(typed)).toEqual(['3', '2']);
    expect([kinds(typed[0]), kinds(typed[1])]).toEqual([['literal'], ['fuzzy']]);
  });

  it('keeps the order of the named weights', () => {
    expect(MATCH_WEIGHTS.literal).toBeGreaterThan(MATCH_WEIGHTS.synonym);
    expect(MATCH_WEIGHTS.synonym).toBeGreaterThan(MATCH_WEIGHTS.stem);
    expect(MATCH_WEIGHTS.stem).toBeGreaterThan(MATCH_WEIGHTS.prefix);
    expect(MATCH_WEIGHTS.prefix).toBeGreaterThan(MATCH_WEIGHTS.fuzzy);
  });

  it('counts a synonym phrase once: the concept or the literal words, whichever scores more', () => {
    const hits = memoryLibrary([
      rec('1', 'Patients with opioid use disorder took kratom; opioid use disorder was diagnosed by clinicians.'),
      rec('2', 'Patients with OUD took kratom daily; the OUD diagnosis was made by clinicians at intake.'),
    ]).search('opioid use disorder', { explain: true });
    expect(pmids(hits)).toEqual(['1', '2']);
    const first = hits[0]?.explain;
    expect(first?.terms.map((t) => t.term).sort()).toEqual(['disorder', 'opioid', 'use']);
    expect(hits[1]?.explain?.terms.map((t) => [t.term, t.match])).toEqual([['syn:oud', 'synonym']]);
  });
});

describe('the stem level', () => {
  const lib = memoryLibrary([
    rec('1', 'Binding to the receptor was measured in cells taken from three donors.'),
    rec('2', 'Binding to the receptors was measured in cells taken from three donors.'),
    rec('3', 'Binding to the receptorome was measured in cells taken from three donors.'),
    rec('4', 'Binding to the receptor and receptors was measured in cells from three donors.'),
    // Other records, so that a word in one record and a word in three have near the same IDF, as in a library.
    ...Array.from({ length: 200 }, (_, i) => rec(String(100 + i), `Sleep was measured in ${i} volunteers.`)),
  ]);
  const kinds = (h: SearchHit | undefined) => [...new Set(h?.explain?.terms.map((t) => t.match))];

  it('ranks the typed word above another form of its stem above a prefix expansion, and explain names each level', () => {
    // Explicit `*`: three records know the word, too many for the implicit prefix of a last word.
    const hits = lib.search('receptor*', { explain: true });
    expect(pmids(hits)).toEqual(['4', '1', '2', '3']);
    expect(hits.map(kinds)).toEqual([['literal'], ['literal'], ['stem'], ['prefix']]);
    const abstract = (h: SearchHit | undefined) => h?.explain?.terms.find((t) => t.field === 'abstract');
    // Same BM25 (one occurrence, same length): the stem-only record keeps the stem share of the literal one.
    expect(abstract(hits[2])?.contribution).toBeCloseTo((abstract(hits[1])?.contribution ?? 0) * (MATCH_WEIGHTS.stem / MATCH_WEIGHTS.literal), 9);
    expect(abstract(hits[2])?.weight).toBeCloseTo(MATCH_WEIGHTS.stem, 9);
  });

  it('follows the form typed: the plural asked for is literal, the singular then a stem match', () => {
    const hits = lib.search('receptors', { explain: true });
    expect(pmids(hits).slice(0, 3)).toEqual(['4', '2', '1']);
    expect(hits.slice(0, 3).map(kinds)).toEqual([['literal'], ['literal'], ['stem']]);
  });

  it('applies within a longer query and with a filter, scores still adding up', () => {
    for (const [q, opts] of [['measured receptor', {}], ['receptor', { since: '2000' }]] as const) {
      const hits = lib.search(q, { ...opts, explain: true });
      expect(pmids(hits).indexOf('1'), q).toBeLessThan(pmids(hits).indexOf('2'));
      for (const h of hits) {
        const e = h.explain;
        const sum = (e?.terms ?? []).reduce((s, t) => s + t.contribution, 0) + (e?.proximity.contribution ?? 0);
        expect(sum, `${q} ${h.pmid}`).toBeCloseTo(e?.score ?? -1, 9);
      }
    }
  });
});

describe('prefix completions', () => {
  it('share one IDF, so a rare completion does not outrank a common one by rarity alone', () => {
    const lib = memoryLibrary([
      rec('1', 'Mitragynine was given to mice.'),
      rec('2', 'Mitragynine was given to rats.'),
      rec('3', 'Mitragynine was given to dogs.'),
      rec('4', 'Mitragyna was given to cats.'),
    ]);
    const hits = lib.search('mitragyn', { explain: true });
    const perWeight = (pmid: string) => {
      const t = hits.find((h) => h.pmid === pmid)?.explain?.terms.find((x) => x.field === 'abstract');
      return t ? t.contribution / t.weight : NaN;
    };
    // Same tf and length: per unit of weight the rare completion (1 record) scores what the common one (3) does.
    expect(perWeight('4')).toBeCloseTo(perWeight('1'), 9);
    expect(hits.every((h) => h.explain?.terms.every((t) => t.match === 'prefix'))).toBe(true);
  });
});

describe('explain', () => {
  const lib = memoryLibrary([
    makeArticle('1', { title: 'Kratom withdrawal in daily users', abstract: 'Withdrawal from kratom began within a day.', keywords: ['kratom'] }),
    makeArticle('2', { title: 'Ketum and sleep', abstract: 'Ketum users reported withdrawal when stopping.', publicationTypes: ['Review'] }),
    makeArticle('3', { title: 'Mitragynine metabolism', abstract: 'Metabolism of mitragynine by liver enzymes.' }),
  ]);

  it('lists per hit the postings that counted, adding up to the score', () => {
    for (const q of ['kratom withdrawal', 'ketum', 'mitragyn*', 'mitragynin metabolism', 'kratom OR metabolism']) {
      const hits = lib.search(q, { explain: true });
      expect(hits.length, q).toBeGreaterThan(0);
      for (const h of hits) {
        const e = h.explain;
        if (!e) throw new Error(`${q}: ${h.pmid} has no explain`);
        const sum = e.terms.reduce((s, t) => s + t.contribution, 0) + e.proximity.contribution;
        expect(sum, `${q} ${h.pmid}`).toBeCloseTo(e.score, 9);
        expect(h.score).toBe(Math.round(e.score * 1000) / 1000);
      }
    }
  });

  it('has the documented shape', () => {
    const [hit] = lib.search('kratom withdrawal', { explain: true });
    expect(Object.keys(hit?.explain ?? {}).sort()).toEqual(['names', 'prior', 'proximity', 'score', 'terms', 'wordsMatched']);
    expect(hit?.explain?.wordsMatched).toBe(2);
    const term = hit?.explain?.terms.find((t) => t.term === 'withdrawal' && t.field === 'title');
    expect(Object.keys(term ?? {}).sort()).toEqual(['contribution', 'field', 'from', 'match', 'term', 'tf', 'weight']);
    expect(term).toMatchObject({ from: 'withdrawal', match: 'literal', tf: 1, weight: 3 });
    const prefix = lib.search('mitragyn*', { explain: true })[0]?.explain?.terms[0];
    expect(prefix).toMatchObject({ from: 'mitragyn', term: 'mitragynin', match: 'prefix' });
  });

  it('is absent unless asked for', () => {
    expect(lib.search('kratom').every((h) => h.explain === undefined)).toBe(true);
  });

  it('prints one line per contribution and one for proximity on the CLI', () => {
    const [hit] = lib.search('kratom withdrawal', { explain: true });
    const lines = formatExplain(hit?.explain ?? { score: 0, prior: 1, wordsMatched: 0, terms: [], proximity: { closeness: 0, contribution: 0 }, names: [] }).split('\n');
    expect(lines).toHaveLength(2 + (hit?.explain?.terms.length ?? 0));
    expect(lines[0]).toContain(`score ${hit?.explain?.score.toFixed(3)}`);
    expect(lines.at(-1)).toMatch(/proximity, closeness 1\.00$/);
  });
});
