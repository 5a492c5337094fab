import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeRecordXml, parseItems, parsePubmedXml } from '../../src/pubmed/normalize.js';
import type { ParsedArticle } from '../../src/pubmed/normalize.js';
import type { RecordProblem } from '../../src/types.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/pubmed/${name}`, import.meta.url), 'utf8');

/** A minimal valid PubmedArticle around the given MedlineCitation/Article parts. */
function record(opts: { pmid?: string; article?: string; citation?: string; pubmedData?: string } = {}): string {
  return (
    `<PubmedArticle><MedlineCitation Status="MEDLINE"><PMID${opts.pmid ?? '>32000001'}</PMID>` +
    `<Article PubModel="Print"><Journal><Title>J</Title></Journal><ArticleTitle>T.</ArticleTitle>${opts.article ?? ''}` +
    `<Language>eng</Language></Article>${opts.citation ?? ''}</MedlineCitation>${opts.pubmedData ?? ''}</PubmedArticle>`
  );
}

function articleOf(result: ParsedArticle | RecordProblem): ParsedArticle['article'] {
  if (!('article' in result)) throw new Error(`expected an article, got problem: ${result.reason}`);
  return result.article;
}

describe('normalizeRecordXml: identity', () => {
  it('takes the PMID from MedlineCitation only, not from corrections or references', () => {
    const xml = record({
      pmid: ' Version="4">32000001',
      citation: '<CommentsCorrectionsList><CommentsCorrections RefType="CommentOn"><RefSource>X</RefSource><PMID Version="1">111</PMID></CommentsCorrections></CommentsCorrectionsList>',
      pubmedData: '<PubmedData><PublicationStatus>ppublish</PublicationStatus><ArticleIdList><ArticleId IdType="pubmed">32000001</ArticleId></ArticleIdList><ReferenceList><Reference><Citation>R</Citation><ArticleIdList><ArticleId IdType="pubmed">222</ArticleId></ArticleIdList></Reference></ReferenceList></PubmedData>',
    });
    const article = articleOf(normalizeRecordXml(xml));
    expect([article.pmid, article.version]).toEqual(['32000001', 4]);
    expect(article.ids).toEqual({ pubmed: '32000001' });
  });

  it('defaults the version to 1 when PMID has no Version attribute', () => {
    expect(articleOf(normalizeRecordXml(record())).version).toBe(1);
  });

  it('reports a record whose PMID is not numeric as a problem on field PMID', () => {
    expect(normalizeRecordXml(record({ pmid: '>12a' }))).toEqual({ pmid: null, field: 'PMID', reason: 'PMID "12a" is impossible (a PubMed id is 1 to 9 digits, not starting with 0)' });
  });
});

describe('normalizeRecordXml: repeating elements and flags', () => {
  it('returns arrays for a single author, keyword, MeSH heading and language', () => {
    const article = articleOf(
      normalizeRecordXml(
        record({
          article: '<AuthorList><Author><LastName>Solo</LastName></Author></AuthorList>',
          citation:
            '<MeshHeadingList><MeshHeading><DescriptorName UI="D1" MajorTopicYN="N">Only</DescriptorName></MeshHeading></MeshHeadingList>' +
            '<KeywordList><Keyword>one</Keyword></KeywordList>',
        }),
      ),
    );
    expect(article.authors.map((a) => a.lastName)).toEqual(['Solo']);
    expect(article.mesh.map((m) => m.descriptor)).toEqual(['Only']);
    expect(article.keywords).toEqual(['one']);
    expect(article.languages).toEqual(['eng']);
  });

  it('marks a record retracted when it has a RetractionIn link', () => {
    const xml = record({
      citation: '<CommentsCorrectionsList><CommentsCorrections RefType="RetractionIn"><RefSource>N</RefSource><PMID>5</PMID></CommentsCorrections></CommentsCorrectionsList>',
    });
    const article = articleOf(normalizeRecordXml(xml));
    expect([article.retracted, article.retractionNotice]).toEqual([true, false]);
    expect(article.commentsCorrections).toEqual([{ type: 'RetractionIn', pmid: '5', source: 'N' }]);
  });

  it('falls back to StartPage alone when there is no MedlinePgn nor EndPage', () => {
    const article = articleOf(normalizeRecordXml(record({ article: '<Pagination><StartPage>e123</StartPage></Pagination>' })));
    expect(article.pages).toBe('e123');
  });

  it('returns a problem, not an exception, for an element that is not a record', () => {
    expect(normalizeRecordXml('<Foo><PMID>7</PMID></Foo>')).toEqual({
      pmid: '7',
      field: null,
      reason: 'not a PubmedArticle, PubmedBookArticle or MedlineCitation element',
    });
  });
});

describe('normalizeRecordXml: abstract', () => {
  it('treats an empty Label as an unlabelled paragraph and skips empty AbstractText', () => {
    const article = articleOf(
      normalizeRecordXml(record({ article: '<Abstract><AbstractText Label="">First.</AbstractText><AbstractText/><AbstractText Label="END">Last.</AbstractText></Abstract>' })),
    );
    expect(article.abstractSections).toEqual([
      { label: null, category: null, text: 'First.' },
      { label: 'END', category: null, text: 'Last.' },
    ]);
    expect(article.abstract).toBe('First.\n\nEND: Last.');
  });
});

/** Paths of every `undefined` value inside `value`. */
function undefinedPaths(value: unknown, path = '$'): string[] {
  if (value === undefined) return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => undefinedPaths(v, `${path}.${key}`));
}

describe('normalized records never contain undefined', () => {
  it.each(['articles.xml', 'books.xml', 'medline-legacy.xml', 'malformed-among-good.xml'])('in %s', (name) => {
    const result = parsePubmedXml(fixture(name));
    expect(result.articles.length).toBeGreaterThan(0);
    expect(result.articles.flatMap((a) => undefinedPaths(a.article))).toEqual([]);
  });
});

describe('parsePubmedXml: document shapes', () => {
  it('reads a legacy MedlineCitationSet: bare citations, legacy Affiliation, and every deleted PMID', () => {
    const result = parsePubmedXml(fixture('medline-legacy.xml'));
    expect(result.problems).toEqual([]);
    const [first, second] = result.articles.map((a) => a.article);
    expect(first?.authors[0]?.affiliations).toEqual(['Old University.']);
    expect([first?.ids, first?.history, first?.languages, first?.dateRevised]).toEqual([
      { pubmed: '10000001' },
      {},
      ['ger'],
      '2015-11-16',
    ]);
    expect([second?.version, second?.pubDate]).toEqual([
      3,
      { year: 1975, month: null, day: null, season: null, raw: '1975-1976' },
    ]);
    expect(result.deletions).toEqual([
      { pmid: '10000099', version: 1 },
      { pmid: '10000098', version: 2 },
      { pmid: '10000097', version: null },
    ]);
  });

  it('applies a DeleteCitation that comes at the end of a PubmedArticleSet', () => {
    const xml = `<PubmedArticleSet>${record()}<DeleteCitation><PMID Version="1">123</PMID></DeleteCitation></PubmedArticleSet>`;
    const result = parsePubmedXml(xml);
    expect(result.articles.map((a) => a.article.pmid)).toEqual(['32000001']);
    expect(result.deletions).toEqual([{ pmid: '123', version: 1 }]);
  });

  it('reads an empty PubmedArticleSet, open/close or self-closed, as zero records', () => {
    const empty = { articles: [], deletions: [], problems: [] };
    expect(parsePubmedXml('<?xml version="1.0"?>\n<PubmedArticleSet></PubmedArticleSet>\n')).toEqual(empty);
    expect(parsePubmedXml('<PubmedArticleSet/>')).toEqual(empty);
  });

  it('throws XML_TRUNCATED naming the source when the closing root element is missing', () => {
    expect(() => parsePubmedXml(`<PubmedArticleSet>${record()}`, 'efetch?id=1')).toThrow(
      expect.objectContaining({ code: 'XML_TRUNCATED', message: expect.stringContaining('efetch?id=1') }),
    );
  });

  it('throws NOT_PUBMED for another root element', () => {
    expect(() => parsePubmedXml('<eSearchResult><Count>0</Count></eSearchResult>')).toThrow(
      expect.objectContaining({ code: 'NOT_PUBMED' }),
    );
  });
});

describe('parseItems: a bad record amid good ones', () => {
  it('rejects each malformed or hostile record with its PMID and reason, and imports the rest', () => {
    const result = parsePubmedXml(fixture('malformed-among-good.xml'));
    expect(result.articles.map((a) => a.article.pmid)).toEqual(['31000001', '31000004', '31000008']);
    expect(result.problems.map((p) => [p.pmid, p.field])).toEqual([
      ['31000002', 'PubmedArticle'],
      ['31000003', 'PubmedArticle'],
      ['31000005', 'PubmedArticle'],
      ['31000006', 'PubmedArticle'],
      [null, 'PMID'],
    ]);
    expect(result.problems[0]?.reason).toMatch(/closing tag <\/b> where <\/i> was expected/);
    expect(result.problems[1]?.reason).toMatch(/raw "<"/);
    expect(result.problems[2]?.reason).toMatch(/forbidden element name <__proto__>/);
    expect(result.problems[3]?.reason).toMatch(/bare "&"/);
  });

  it('rejects a citation without its Article (a bare PMID is not a paper), in every record kind that has one', () => {
    const bare = '<PubmedArticle><MedlineCitation Status="MEDLINE"><PMID Version="1">32000009</PMID></MedlineCitation></PubmedArticle>';
    const result = parsePubmedXml(`<PubmedArticleSet>${record()}${bare}</PubmedArticleSet>`);
    expect(result.articles.map((a) => a.article.pmid)).toEqual(['32000001']);
    expect(result.problems).toEqual([{ pmid: '32000009', field: 'MedlineCitation/Article', reason: 'no Article element: the record has no title, journal or date' }]);
    expect(normalizeRecordXml('<MedlineCitation><PMID>32000010</PMID><DateRevised><Year>2020</Year></DateRevised></MedlineCitation>')).toEqual(
      { pmid: '32000010', field: 'MedlineCitation/Article', reason: 'no Article element: the record has no title, journal or date' },
    );
  });

  it('never pollutes Object.prototype through __proto__ element names', () => {
    parsePubmedXml(fixture('malformed-among-good.xml'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leaves entities declared in a DOCTYPE (an entity bomb) unexpanded and inert', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
      `<PubmedArticleSet>${record({ article: '<Abstract><AbstractText>&lol3;</AbstractText></Abstract>' })}</PubmedArticleSet>`;
    const result = parsePubmedXml(bomb);
    expect(result.articles[0]?.article.abstract).toBe('&lol3;');
  });

  it('never resolves an external entity (no file or URL is read)', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      `<PubmedArticleSet>${record({ article: '<Abstract><AbstractText>x &xxe; y</AbstractText></Abstract>' })}</PubmedArticleSet>`;
    const abstract = parsePubmedXml(xxe).articles[0]?.article.abstract;
    expect(abstract).toBe('x &xxe; y');
    expect(abstract).not.toContain('root:');
  });

  it('rejects a DOCTYPE or ENTITY declaration inside a record', () => {
    const xml = record({ article: '<!DOCTYPE x [<!ENTITY a "b">]>' });
    expect(parseItems([{ kind: 'PubmedArticle', xml }]).problems).toEqual([
      { pmid: '32000001', field: 'PubmedArticle', reason: expect.stringMatching(/declaration/) },
    ]);
  });

  it('rejects 200-deep nesting as a problem with the record PMID', () => {
    const deep = `${'<x>'.repeat(200)}${'</x>'.repeat(200)}`;
    const result = parseItems([{ kind: 'PubmedArticle', xml: record({ citation: `<GeneralNote>${deep}</GeneralNote>` }) }]);
    expect(result.problems).toEqual([{ pmid: '32000001', field: 'PubmedArticle', reason: expect.stringMatching(/nested deeper than 100/) }]);
  });
});
