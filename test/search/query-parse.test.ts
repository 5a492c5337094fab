import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { MAX_CLAUSES, lookupPmids, parseQuery } from '../../src/search/query-parse.js';

describe('parseQuery', () => {
  it('splits OR groups, keeps AND implicit and collects exclusions', () => {
    const q = parseQuery('kratom withdrawal OR ketum AND tea -review NOT "case report"');
    expect(q.groups.map((g) => g.map((c) => c.text))).toEqual([['kratom', 'withdrawal'], ['ketum', 'tea']]);
    expect(q.excluded).toEqual([
      { kind: 'term', text: 'review', field: null, prefix: false },
      { kind: 'phrase', text: 'case report', field: null },
    ]);
  });

  it('reads field prefixes with words and quoted phrases, and explicit prefixes', () => {
    const q = parseQuery('author:Kruegel mesh:"Receptors, Opioid, mu" title:analges* chemical:naloxone');
    expect(q.groups[0]).toEqual([
      { kind: 'term', text: 'Kruegel', field: 'authors', prefix: false },
      { kind: 'phrase', text: 'Receptors, Opioid, mu', field: 'mesh' },
      { kind: 'term', text: 'analges', field: 'title', prefix: true },
      { kind: 'term', text: 'naloxone', field: 'chemicals', prefix: false },
    ]);
  });

  it('reads filters: year forms, type, topic, retracted, pmid', () => {
    expect(parseQuery('x year:2019..2024').filters).toMatchObject({ yearFrom: 2019, yearTo: 2024 });
    expect(parseQuery('x year:2020').filters).toMatchObject({ yearFrom: 2020, yearTo: 2020 });
    expect(parseQuery('x year:2020..').filters).toMatchObject({ yearFrom: 2020, yearTo: null });
    expect(parseQuery('x year:..2015').filters).toMatchObject({ yearFrom: null, yearTo: 2015 });
    const f = parseQuery('type:Review -type:erratum topic:Mitragynine retracted:false pmid:0012345').filters;
    expect(f).toMatchObject({ types: ['review'], excludedTypes: ['erratum'], topics: ['mitragynine'], retracted: false, pmids: ['12345'] });
  });

  it('accepts a filter-only query', () => {
    expect(parseQuery('year:2020').groups).toEqual([]);
  });

  it('refuses an unknown letters:value prefix by name, with the nearest field and the list of fields', () => {
    const fields = 'the fields are title: abstract: author: journal: mesh: chemical: keyword: year: type: topic: retracted: pmid: design: theme:';
    const cases: Array<[string, string]> = [
      ['auther:Hargreaves', `query: unknown field "auther:" in "auther:Hargreaves" (did you mean "author:"?); ${fields}`],
      ['kratom -Tpye:review', `query: unknown field "Tpye:" in "Tpye:review" (did you mean "type:"?); ${fields}`],
      ['mh:"Receptors, Opioid"', `query: unknown field "mh:" in "mh:\"Receptors, Opioid\"" (did you mean "mesh:"?); ${fields}`],
      ['tiab:kratom', `query: unknown field "tiab:" in "tiab:kratom" (PubMed's title/abstract tag: words without a field search titles, abstracts and more); ${fields}`],
      ['kratom (-auther:x)', `query: unknown field "auther:" in "auther:x" (did you mean "author:"?); ${fields}`],
      ['doi:10.1/x', `query: unknown field "doi:" in "doi:10.1/x" (DOIs are not searched: use words of the title, or pmid:); ${fields}`],
      ['kratom sort:date', `query: sort:date is not a query field; sort with the search's sort option (kratomlit search --sort date, the web's sort=date, the MCP search tool's sort argument)`],
    ];
    for (const [q, message] of cases) {
      expect(() => parseQuery(q), q).toThrow(UsageError);
      expect(() => parseQuery(q), q).toThrow(message);
    }
  });

  it('keeps a colon before a space, after non-letters, at the end, or in a URL as part of plain words', () => {
    const words = (q: string) => parseQuery(q).groups.flat().map((c) => c.text);
    expect(words('Kratom: a review')).toEqual(['Kratom:', 'a', 'review']);
    expect(words('5-HT2A:x kratom')).toEqual(['5-HT2A:x', 'kratom']);
    expect(words('kratom 10:30')).toEqual(['kratom', '10:30']);
    expect(words('kratom note:')).toEqual(['kratom', 'note:']);
    expect(words('https://pubmed.ncbi.nlm.nih.gov/41900012/')).toEqual(['https://pubmed.ncbi.nlm.nih.gov/41900012/']);
    expect(words('"auther:Hargreaves"')).toEqual(['auther:Hargreaves']);
    // A name no field is near is text, as ratios and units are: only a misspelt field or a PubMed tag is refused.
    expect(words('CBD:THC ratio')).toEqual(['CBD:THC', 'ratio']);
    expect(words('pH:7.4 IL:6 ratio:high')).toEqual(['pH:7.4', 'IL:6', 'ratio:high']);
  });

  it('survives an unterminated quote and stray parentheses', () => {
    expect(parseQuery('"mu opioid').groups[0]).toEqual([{ kind: 'phrase', text: 'mu opioid', field: null }]);
    expect(parseQuery('(kratom OR ketum)').groups.map((g) => g[0]?.text)).toEqual(['kratom', 'ketum']);
    expect(parseQuery('(author:Kruegel OR -(title:mice) author:Grundmann)')).toMatchObject({
      groups: [[{ kind: 'term', text: 'Kruegel', field: 'authors' }], [{ kind: 'term', text: 'Grundmann', field: 'authors' }]],
      excluded: [{ kind: 'term', text: 'mice', field: 'title' }],
    });
    expect(() => parseQuery('(auther:Kruegel OR ketum)')).toThrow('unknown field "auther:"');
    // A minus inside the parenthesis excludes, as one before it does.
    expect(parseQuery('kratom (-title:mice)')).toMatchObject({ groups: [[{ kind: 'term', text: 'kratom', field: null }]], excluded: [{ kind: 'term', text: 'mice', field: 'title' }] });
  });

  it('throws UsageError naming the problem for bad input', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty/],
      ['OR AND', /no search terms/],
      ['-kratom', /no search terms/],
      ['💊', /^query: "💊" has no letters or digits to search for$/],
      ['💊 OR ?!', /^query: "💊 OR \?!" has no letters or digits to search for$/],
      ['-💊 -kratom', /^query: "-💊 -kratom" has no search terms, only operators or exclusions$/],
      ['a'.repeat(1001), /too long/],
      ['x year:2020-2024', /year:2020-2024/],
      ['x year:2024..2019', /ends before/],
      ['x retracted:maybe', /retracted:maybe/],
      ['pmid:12ab', /pmid:12ab/],
      [Array.from({ length: MAX_CLAUSES + 1 }, (_, i) => `w${i}`).join(' '), /more than 32 terms/],
    ];
    for (const [q, message] of cases) {
      expect(() => parseQuery(q)).toThrow(UsageError);
      expect(() => parseQuery(q)).toThrow(message);
    }
  });

  it('tells a PMID lookup (pmid: terms only) from a search, so an empty answer can say why per PMID', () => {
    expect(lookupPmids(parseQuery('pmid:41900033'))).toEqual(['41900033']);
    expect(lookupPmids(parseQuery('pmid:0041900033 OR pmid:12 pmid:12'))).toEqual(['41900033', '12']);
    for (const q of ['pmid:12 kratom', 'pmid:12 year:2020', 'pmid:12 -review', 'pmid:12 retracted:true', 'kratom', 'year:2020']) {
      expect(lookupPmids(parseQuery(q)), q).toBeNull();
    }
  });
});
