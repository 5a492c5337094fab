import { describe, expect, it } from 'vitest';
import { formatExplain } from '../../src/cli/search.js';
import { UsageError } from '../../src/errors.js';
import type { HitExplain } from '../../src/search/types.js';
import { matchAll, searchPage } from '../../src/search/match.js';
import { makeArticle, memoryLibrary, person, pmids } from './helpers.js';

const library = memoryLibrary([
  makeArticle('1', { title: 'Kratom use among adults', abstract: 'Kratom was used to manage pain.', pubDate: { year: 2019, month: 1, day: 1, season: null, raw: '2019' } }),
  makeArticle('2', { title: 'Ketum drinkers in Malaysia', abstract: 'A survey of ketum tea drinkers.', pubDate: { year: 2021, month: 1, day: 1, season: null, raw: '2021' } }),
  makeArticle('3', { title: '7-Hydroxymitragynine is a potent agonist', abstract: 'Binding at the μ-opioid receptor was measured.' }),
  makeArticle('4', { title: 'Potency of 7-OH in mice', abstract: 'The MOR agonist 7-OH produced antinociception.' }),
  makeArticle('5', { title: 'COVID-19 and substance use', abstract: 'Lockdown changed drug markets.' }),
  makeArticle('6', { title: 'Outcomes of 19 patients', abstract: 'A case series of 19 patients.' }),
  makeArticle('7', { title: 'Opioid withdrawals treated', abstract: 'Withdrawal symptoms resolved.', publicationTypes: ['Journal Article', 'Systematic Review'] }),
  makeArticle('8', { title: 'Receptor binding of alkaloids', abstract: 'The opioid system and the mu receptor were studied; opioid binding varied.' }),
  makeArticle('9', { title: 'Mitragynine pharmacokinetics', abstract: 'Plasma mitragynine was quantified.', authors: [person('Kruegel', 'AC'), person('Grundmann', 'O')] }),
  makeArticle('10', { title: 'Mitragynine metabolism', abstract: 'Metabolites of mitragynine.', retracted: true, mesh: [{ descriptor: 'Receptors, Opioid, mu', ui: null, major: false, qualifiers: [] }] }),
  makeArticle('12', { title: 'Sleep in the pandemic', abstract: 'COVID-19-related changes in use; IL-6-mediated inflammation.' }),
  makeArticle('11', { title: 'Mitragynines pseudo', abstract: 'Analogs.', journal: { title: 'Journal of Medicinal Chemistry', isoAbbreviation: 'J Med Chem', issn: null, volume: null, issue: null, nlmUniqueId: null } }),
]);
const search = library.search;

const names = memoryLibrary([
  makeArticle('21', { authors: [{ ...person('Hargreaves', 'TJ'), foreName: 'Thomas J' }, person('Grundmann', 'O')] }),
  makeArticle('22', { authors: [{ ...person('Hargreaves', 'AB'), foreName: 'Alice B' }] }),
  makeArticle('23', { authors: [{ ...person('Thomas', 'J'), foreName: 'Jane' }] }),
  makeArticle('24', { authors: [{ ...person('van der Berg', 'K'), foreName: 'Karin' }, { ...person('', ''), lastName: null, foreName: null, initials: null, collectiveName: 'Kratom Study Group' }] }),
  makeArticle('25', { authors: [{ ...person('Smith', 'TJ'), foreName: 'Thomas J' }, { ...person('Hargreaves', 'M'), foreName: 'Mary' }] }),
  makeArticle('26', { authors: [{ ...person('Yağan', 'Ö'), foreName: 'Özgür' }, { ...person('Pryt', 'Ł'), foreName: 'Łukasz' }] }),
  makeArticle('27', { authors: [{ ...person('', ''), lastName: null, foreName: null, initials: null, collectiveName: 'Kratom Study Group UK' }] }),
  makeArticle('28', { authors: [{ ...person('Peter', 'A'), foreName: 'Anna' }, { ...person('King', 'ML'), foreName: 'Martin L', suffix: 'Jr' }] }),
  makeArticle('29', { authors: [{ ...person('Peters', 'A'), foreName: 'Alan' }] }),
]);

describe('author names', () => {
  it('reads a name as PubMed does: last name and initials, an initial standing for the initials it begins', () => {
    expect(pmids(names.search('author:"Hargreaves TJ"'))).toEqual(['21']);
    expect(pmids(names.search('author:"Hargreaves T"'))).toEqual(['21']);
    expect(pmids(names.search('author:"Hargreaves A"'))).toEqual(['22']);
    // J is Hargreaves TJ's second initial, not the first.
    expect(pmids(names.search('author:"Hargreaves J"'))).toEqual([]);
  });

  it('reads forenames before or after the last name, within one author', () => {
    for (const q of ['author:"Hargreaves Thomas"', 'author:"Thomas Hargreaves"', 'author:"Thomas J Hargreaves"', 'author:"Hargreaves Thomas J"']) {
      expect(pmids(names.search(q)), q).toEqual(['21']);
    }
    // 25 has a Thomas J (Smith) and a Hargreaves (Mary): two authors are not one name.
    expect(pmids(names.search('author:"Hargreaves M"'))).toEqual(['25']);
    // A Thomas: not Hargreaves' forenames.
    expect(pmids(names.search('author:"Thomas J"'))).toEqual(['23']);
  });

  it('compares names as spelt, not stemmed: Peters is not Peter', () => {
    expect(pmids(names.search('author:"Peters A"'))).toEqual(['29']);
    expect(pmids(names.search('author:"Peter A"'))).toEqual(['28']);
    expect(searchPage(names.ctx, 'author:"Peters A"').matched?.map((d) => d.pmid)).toEqual(['29']);
    expect(pmids(names.search('author:"Hargreave T"'))).toEqual([]);
  });

  it('reads forenames the record spells, and a suffix anywhere', () => {
    // The record spells Thomas and has J only as an initial: a full middle name is a word it does not hold.
    expect(pmids(names.search('author:"Thomas J Hargreaves"'))).toEqual(['21']);
    expect(pmids(names.search('author:"Thomas James Hargreaves"'))).toEqual([]);
    // A spelt forename that is not the record's is another person.
    expect(pmids(names.search('author:"Tom Hargreaves"'))).toEqual([]);
    for (const q of ['author:"King ML Jr"', 'author:"King Jr ML"', 'author:"Martin L King Jr"', 'author:"King ML"']) {
      expect(pmids(names.search(q)), q).toEqual(['28']);
      expect(searchPage(names.ctx, q).matched?.map((d) => d.pmid), q).toEqual(['28']);
    }
  });

  it('explains which of the record\'s authors each name matched, as they are shown', () => {
    const one = names.search('author:"Hargreaves T"', { explain: true })[0]?.explain;
    expect(one?.names).toEqual([{ name: 'Hargreaves T', authors: ['Hargreaves TJ'] }]);
    expect(formatExplain(one as HitExplain).split('\n').at(-1)).toBe('     author "Hargreaves T" matched Hargreaves TJ');
    expect(names.search('author:"King ML"', { explain: true })[0]?.explain?.names).toEqual([{ name: 'King ML', authors: ['King ML Jr'] }]);
    expect(names.search('author:"Kratom Study Group UK"', { explain: true })[0]?.explain?.names).toEqual([{ name: 'Kratom Study Group UK', authors: ['Kratom Study Group UK'] }]);
    // One side of an OR names nobody in 22: only the side that did is told.
    const either = names.search('author:"Hargreaves A" OR author:"Thomas J"', { explain: true });
    expect(either.map((h) => [h.pmid, h.explain?.names])).toEqual(expect.arrayContaining([['22', [{ name: 'Hargreaves A', authors: ['Hargreaves AB'] }]], ['23', [{ name: 'Thomas J', authors: ['Thomas J'] }]]]));
    // No name asked for: nothing to tell.
    expect(names.search('Hargreaves', { explain: true })[0]?.explain?.names).toEqual([]);
  });

  it('reads one quoted word as a last name (or a group author\'s word), an unquoted one as any word of the field', () => {
    expect(pmids(names.search('author:"Thomas"'))).toEqual(['23']);
    expect(pmids(names.search('author:"TJ"'))).toEqual([]);
    expect(pmids(names.search('author:"Kratom"')).sort()).toEqual(['24', '27']);
    expect(pmids(names.search('author:Thomas')).sort()).toEqual(['21', '23', '25']);
  });

  it('folds initials and forenames outside ASCII as words are folded (Ö, Ł)', () => {
    for (const q of ['author:"Yağan Ö"', 'author:"Yagan O"', 'author:"Özgür Yağan"', 'author:"Pryt L"', 'author:"Pryt Łukasz"', 'author:"Lukasz Pryt"']) {
      expect(pmids(names.search(q)), q).toEqual(['26']);
      expect(searchPage(names.ctx, q).matched?.map((d) => d.pmid), q).toEqual(['26']);
    }
  });

  it('matches a group author whose name ends like initials as a phrase of its name', () => {
    for (const q of ['author:"Study Group"', 'author:"Study Group UK"', 'author:"Kratom Study Group UK"']) {
      expect(pmids(names.search(q)).filter((p) => p === '27'), q).toEqual(['27']);
      expect(searchPage(names.ctx, q).matched?.map((d) => d.pmid), q).toContain('27');
    }
  });

  it('keeps multi-word last names and group authors whole, and excludes by name', () => {
    expect(pmids(names.search('author:"van der Berg"'))).toEqual(['24']);
    expect(pmids(names.search('author:"van der Berg K"'))).toEqual(['24']);
    expect(pmids(names.search('author:"Karin van der Berg"'))).toEqual(['24']);
    expect(pmids(names.search('author:"Study Group"')).sort()).toEqual(['24', '27']);
    expect(pmids(names.search('author:Hargreaves -author:"Hargreaves T"')).sort()).toEqual(['22', '25']);
  });

  it('counts what it lists: totals, facet counts and the result set read the records a name needs', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ ...person(`Coauthor${'abcdefg'[i]}`, 'A'), foreName: 'Ann' }));
    const lib = memoryLibrary([
      makeArticle('31', { authors: [{ ...person('Hargreaves', 'TJ'), foreName: 'Thomas J' }] }),
      makeArticle('32', { authors: [{ ...person('Hargreaves', 'AB'), foreName: 'Alice B' }] }),
      makeArticle('33', { authors: [...many, { ...person('Hargreaves', 'TK'), foreName: 'Tove K' }] }),
      makeArticle('34', { authors: [...many, { ...person('Hargreaves', 'MB'), foreName: 'Mary B' }] }),
      makeArticle('35', { authors: [{ ...person('Smith', 'OP'), foreName: 'Oliver P' }, { ...person("O'Brien-Smith", 'L'), foreName: 'Liam' }] }),
    ]);
    const counted = (q: string) => searchPage(lib.ctx, q).matched?.map((d) => d.pmid).sort();
    // 33 and 34 name their Hargreaves after the six stored authors; 35's stored names cannot tell
    // Oliver from Otto nor O'Brien-Smith from Smith: each is read, and counted only if it is the name.
    for (const [q, want] of [['author:"Hargreaves T"', ['31', '33']], ['author:"Hargreaves A"', ['32']], ['author:"Hargreaves M"', ['34']], ['author:"Otto Smith"', []], ['author:"Smith L"', []], ['author:"Oliver Smith"', ['35']]] as const) {
      expect(pmids(lib.search(q)).sort(), q).toEqual(want);
      expect(counted(q), q).toEqual(want);
      expect(matchAll(lib.ctx, q).map((d) => d.pmid).sort(), q).toEqual(want);
    }
  });
});

describe('vocabulary', () => {
  it('finds records through synonyms in both directions', () => {
    expect(pmids(search('ketum'))).toEqual(expect.arrayContaining(['1', '2']));
    expect(pmids(search('kratom'))).toEqual(expect.arrayContaining(['1', '2']));
    expect(pmids(search('"Mitragyna speciosa"'))).toEqual([]);
    expect(pmids(search('Mitragyna speciosa'))).toEqual(expect.arrayContaining(['1', '2']));
  });

  it('matches 7-OH and 7-hydroxymitragynine with each other, and MOR with μ-opioid receptor', () => {
    expect(pmids(search('7-OH')).sort()).toEqual(['3', '4']);
    expect(pmids(search('7-hydroxymitragynine')).sort()).toEqual(['3', '4']);
    // A synonym phrase means the concept: records that merely contain its words scattered (8, 10) do not match.
    expect(pmids(search('mu-opioid receptor')).sort()).toEqual(['3', '4']);
    expect(pmids(search('mu receptor')).sort()).toEqual(['10', '3', '8']);
    expect(pmids(search('MOR')).sort()).toEqual(['3', '4']);
    expect(pmids(search('hydroxymitragynine'))).toEqual(['3']);
  });

  it('keeps COVID-19 apart from "19 patients"', () => {
    expect(pmids(search('COVID-19')).sort()).toEqual(['12', '5']);
    expect(pmids(search('19 patients'))).toEqual(['6']);
  });

  it('keeps a compound with a one-letter part whole: T-3 is not any record with a 3 in it', () => {
    const small = memoryLibrary([
      makeArticle('21', { title: 'Thyroid T-3 levels in kratom users', abstract: 'Free T-3 fell.' }),
      makeArticle('22', { title: 'Kratom use over 3 years', abstract: 'Follow-up at 24 months of 3 cohorts.' }),
    ]);
    expect(pmids(small.search('T-3'))).toEqual(['21']);
    expect(pmids(small.search('t-3 kratom'))).toEqual(['21']);
    expect(pmids(small.search('A-24'))).toEqual([]);
  });

  it('finds a compound inside a longer one (COVID-19-related, IL-6-mediated), also as a phrase', () => {
    expect(pmids(search('IL-6'))).toEqual(['12']);
    expect(pmids(search('"COVID-19 related"'))).toEqual(['12']);
    expect(pmids(search('"covid-19" inflammation'))).toEqual(['12']);
  });

  it('stems plurals and ranks exact above prefix and fuzzy matches', () => {
    expect(pmids(search('withdrawal'))).toEqual(['7']);
    const prefix = search('mitragyn');
    expect(pmids(prefix)).toEqual(expect.arrayContaining(['9', '10', '11']));
    const misspelt = search('mitragyine');
    expect(pmids(misspelt)).toEqual(expect.arrayContaining(['9', '10']));
    const exact = search('mitragynine');
    const typed = search('mitragyn*');
    expect(exact.find((h) => h.pmid === '9')?.score).toBeGreaterThan(typed.find((h) => h.pmid === '9')?.score ?? Infinity);
    const fuzzyScore = misspelt.find((h) => h.pmid === '9')?.score ?? Infinity;
    expect(exact.find((h) => h.pmid === '9')?.score).toBeGreaterThan(fuzzyScore);
  });
});

describe('query syntax', () => {
  it('ANDs terms, ORs groups and excludes with -term', () => {
    expect(pmids(search('mitragynine plasma'))).toEqual(['9']);
    expect(pmids(search('plasma OR metabolites')).sort()).toEqual(['10', '9']);
    expect(pmids(search('mitragynine -plasma'))).not.toContain('9');
    expect(pmids(search('mitragynine NOT plasma'))).not.toContain('9');
  });

  it('verifies phrases against the text: the words apart do not match', () => {
    expect(pmids(search('"mu receptor"'))).toEqual(['8']);
    expect(pmids(search('"opioid binding"'))).toEqual(['8']);
    expect(pmids(search('"binding opioid"'))).toEqual([]);
    expect(pmids(search('"receptor opioid"'))).toEqual(['10']);
    expect(pmids(search('"μ-opioid receptor"'))).toEqual(['3']);
  });

  it('restricts terms to fields', () => {
    expect(pmids(search('author:Kruegel'))).toEqual(['9']);
    expect(pmids(search('author:"Kruegel AC"'))).toEqual(['9']);
    expect(pmids(search('title:withdrawal'))).toEqual(['7']);
    expect(pmids(search('journal:medicinal'))).toEqual(['11']);
    expect(pmids(search('mesh:"Receptors, Opioid, mu"'))).toEqual(['10']);
    expect(pmids(search('abstract:pain'))).toEqual(['1']);
    expect(pmids(search('title:pain'))).toEqual([]);
  });

  it('filters by year, type, retraction and pmid', () => {
    expect(pmids(search('kratom year:2020..'))).toEqual(['2']);
    expect(pmids(search('kratom year:..2019'))).toEqual(['1']);
    expect(pmids(search('type:review'))).toEqual(['7']);
    expect(pmids(search('mitragynine retracted:true'))).toEqual(['10']);
    expect(pmids(search('mitragynine retracted:false'))).not.toContain('10');
    expect(pmids(search('pmid:9'))).toEqual(['9']);
  });

  it('applies API filters and date sort', () => {
    expect(pmids(search('kratom', { since: '2020' }))).toEqual(['2']);
    expect(pmids(search('kratom', { until: '2019-12-31' }))).toEqual(['1']);
    expect(pmids(search('kratom', { sort: 'date' }))).toEqual(['2', '1']);
    expect(pmids(search('withdrawal', { type: 'Systematic Review' }))).toEqual(['7']);
    expect(search('kratom', { limit: 1, offset: 1 })).toHaveLength(1);
  });

  it('rejects empty, operator-only, absurdly long and malformed queries with UsageError', () => {
    for (const q of ['', '   ', 'OR', '- OR AND', '-kratom', 'x'.repeat(10_000), 'year:20x', 'pmid:abc', 'the of', 'kratom year:2024..2019']) {
      expect(() => search(q), q.slice(0, 20)).toThrow(UsageError);
    }
    expect(() => search('kratom', { limit: -1 })).toThrow(UsageError);
    expect(() => search('kratom', { since: 'last week' })).toThrow(UsageError);
  });
});

describe('hits', () => {
  it('find a surname that is also a synonym (Thang) through the author field', () => {
    const lib = memoryLibrary([makeArticle('31', { authors: [person('Thang', 'N')] }), makeArticle('32', { title: 'Kratom leaves' })]);
    expect(pmids(lib.search('thang')).sort()).toEqual(['31', '32']);
    expect(pmids(lib.search('author:thang'))).toEqual(['31']);
  });

  it('carry string pmids, stored values, matched fields and a highlighted snippet', () => {
    const [hit] = search('ketum', { highlight: { pre: '[', post: ']' } });
    expect(hit).toMatchObject({ pmid: '2', title: 'Ketum drinkers in Malaysia', year: 2021, doi: '10.1000/2', retracted: false });
    expect(hit?.snippet).toBe('A survey of [ketum] tea drinkers.');
    expect(hit?.matchedFields.sort()).toEqual(['abstract', 'title']);
    const [synonymHit] = search('kratom abstract:tea', { highlight: { pre: '<', post: '>' } });
    expect(synonymHit?.snippet).toBe('A survey of <ketum tea> drinkers.');
  });

  it('ranks a page of a large result set exactly like the full ranking (top-k cut)', () => {
    const many = Array.from({ length: 150 }, (_, i) =>
      makeArticle(String(1000 + i), { title: `Alkaloid ${i}`, abstract: `${'alkaloid '.repeat(1 + (i % 7))}and ${'filler '.repeat(i % 11)}text.` }));
    const big = memoryLibrary(many);
    const all = pmids(big.search('alkaloid', { limit: 150 }));
    expect(all).toHaveLength(150);
    expect(pmids(big.search('alkaloid', { limit: 5 }))).toEqual(all.slice(0, 5));
    expect(pmids(big.search('alkaloid', { limit: 5, offset: 20 }))).toEqual(all.slice(20, 25));
  });

  it('never returns a record the store no longer has or has marked deleted', () => {
    const gone = memoryLibrary([makeArticle('21', { title: 'kratom one' }), makeArticle('22', { title: 'kratom two' })]);
    const fetch = gone.ctx.fetchArticles;
    gone.ctx.fetchArticles = (ids) => fetch(ids).filter((a) => a.pmid !== '21').map((a) => (a.pmid === '22' ? { ...a, deleted: true } : a));
    expect(gone.search('kratom')).toEqual([]);
  });
});
