import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { collectDigest } from '../../src/digest/collect.js';
import { withCompleteness } from '../../src/digest/completeness.js';
import { weekCoverage, withCoverage } from '../../src/digest/coverage.js';
import { completenessReport } from '../../src/completeness.js';
import type { DigestDocument } from '../../src/digest/types.js';
import { renderAtom } from '../../src/digest/render-atom.js';
import { renderHtml } from '../../src/digest/render-html.js';
import { parseDigestJson, renderJson } from '../../src/digest/render-json.js';
import { renderMarkdown } from '../../src/digest/render-md.js';
import { weekRange } from '../../src/digest/week.js';
import { TOPICS, newArticles, revisedArticles } from '../fixtures/digest/library.js';
import { evidenceMap } from '../../src/evidence/summary.js';
import { expectGolden } from './golden.js';

/** One topic complete, one with two PMIDs PubMed lists that efetch has not returned yet. */
const COMPLETENESS = completenessReport(
  TOPICS,
  new Map([
    ['mitragynine', { topic: 'mitragynine', upstream: 812, local: 812, checkedAt: '2026-11-23T03:00:12.000Z', check: 'count' as const }],
    ['7-hydroxymitragynine', { topic: '7-hydroxymitragynine', upstream: 214, local: 212, checkedAt: '2026-11-23T03:00:14.000Z', check: 'full' as const }],
  ]),
  ['39000001', '39000002'].map((pmid) => ({ pmid, topic: '7-hydroxymitragynine', firstMissingAt: '2026-11-20T03:00:00.000Z', lastAttemptAt: '2026-11-23T03:00:00.000Z', attempts: 4, rejected: null })),
);

/** The chart data of the whole fixture library, as the digest job computes it from the store. */
function libraryYears() {
  const all = new Map([...revisedArticles().map((r) => r.article), ...newArticles()].map((a) => [a.pmid, a]));
  return evidenceMap(all.values(), { since: null, topic: null }).years;
}

function fixtureDoc(perTopicCap = 25): DigestDocument {
  // Library-wide sizes: 7-hydroxymitragynine is the smaller, more specific topic.
  const topicSizes = { mitragynine: 790, '7-hydroxymitragynine': 241 };
  const doc = collectDigest({ week: weekRange('2026-W47', 'UTC'), entered: newArticles(), revisions: revisedArticles(), topics: TOPICS, perTopicCap, evidenceYears: libraryYears(), topicSizes });
  return withState(doc);
}

/** The completeness and coverage the goldens state: the week covered by the Monday-night ingest (as in the job test's ledger). */
function withState(doc: DigestDocument): DigestDocument {
  const ingest = { id: 1, status: 'ok' as const, startedAt: '2026-11-23T03:00:00.000Z', endedAt: '2026-11-23T03:00:20.000Z', topics: TOPICS, error: null };
  return withCoverage(withCompleteness(doc, COMPLETENESS), weekCoverage(doc.range, TOPICS, [ingest]));
}

describe('digest renderers on the fixture library', () => {
  it('match the golden Markdown, HTML, JSON and Atom files', () => {
    const doc = fixtureDoc();
    expectGolden('2026-W47.md', renderMarkdown(doc));
    expectGolden('2026-W47.html', renderHtml(doc));
    expectGolden('2026-W47.json', renderJson(doc));
    expectGolden('feed.atom', renderAtom([doc], { feedWeeks: 8, siteUrl: 'https://example.org/digests/' }));
  });

  it('state one completeness line per topic at the top of the Markdown and the feed, and after the papers in HTML with a line at the top', () => {
    const doc = fixtureDoc();
    const lines = [
      'mitragynine: complete as of 2026-11-23 03:00 UTC: all 812 records PubMed listed then were stored',
      '7-hydroxymitragynine: incomplete as of 2026-11-23 03:00 UTC: 212 of the 214 records PubMed listed then were stored, 2 missing (39000001, 39000002): they are retried on the next run',
    ];
    expect(doc.completeness).toEqual([
      { topic: 'mitragynine', complete: true, line: lines[0] },
      { topic: '7-hydroxymitragynine', complete: false, line: lines[1] },
    ]);
    const md = renderMarkdown(doc);
    const html = renderHtml(doc);
    const atom = renderAtom([doc], { feedWeeks: 8 });
    for (const l of lines) {
      // Before the first paper section in each format.
      expect(md.indexOf(`- ${l}`)).toBeGreaterThan(0);
      expect(md.indexOf(`- ${l}`)).toBeLessThan(md.indexOf('## '));
      // The HTML (the e-mail's HTML part) lists the week's papers first: a phone's first screen shows them.
      expect(html.indexOf(`<li>${l}</li>`)).toBeGreaterThan(html.indexOf('<article>'));
      expect(atom.indexOf(`<li>${l}</li>`)).toBeGreaterThan(0);
      expect(atom.indexOf(`<li>${l}</li>`)).toBeLessThan(atom.indexOf('<h3>'));
    }
    expect(html.slice(0, html.indexOf('</header>'))).toContain('Library completeness against PubMed: 1 of 2 topics complete (details after the papers).');
    expect(Object.keys(JSON.parse(renderJson(doc)) as object).slice(0, 5)).toEqual(['schemaVersion', 'week', 'range', 'counts', 'completeness']);
    expect(parseDigestJson(renderJson(doc), '2026-W47.json').completeness).toEqual(doc.completeness);
  });

  it('render a digest written before completeness existed without the lines', () => {
    const { completeness: _dropped, ...old } = fixtureDoc();
    expect(renderMarkdown(old)).not.toContain('Library completeness');
    expect(renderHtml(old)).not.toContain('class="completeness"');
  });

  it('are deterministic: two renders of a fresh collect are byte-identical', () => {
    const a = fixtureDoc();
    const b = collectDigest({
      week: weekRange('2026-W47', 'UTC'),
      entered: [...newArticles()].reverse(),
      revisions: revisedArticles(),
      topics: TOPICS,
      perTopicCap: 25,
      evidenceYears: libraryYears(),
      topicSizes: { mitragynine: 790, '7-hydroxymitragynine': 241 },
    });
    expect(renderMarkdown(withState(b))).toBe(renderMarkdown(a));
    expect(renderHtml(withState(b))).toBe(renderHtml(a));
    expect(renderJson(withState(b))).toBe(renderJson(a));
  });

  it('escape hostile titles, abstracts, journals and authors in Markdown', () => {
    const md = renderMarkdown(fixtureDoc());
    // Every "<" is escaped or starts an allowed inline tag; every link destination is one we built (https).
    expect(md).not.toMatch(/(?<!\\)<(?!\/?(i|b|sup|sub|u)>)/);
    expect(md).not.toMatch(/(?<!\\)\]\((?!https:\/\/(pubmed\.ncbi\.nlm\.nih\.gov|doi\.org)\/)/);
    expect(md).toContain('\\[x\\](javascript:alert(1))'); // no link: the brackets are literal
    expect(md).toContain('\\| # \\`code\\`'); // '#' only matters at a line start
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>'); // decoded, then escaped: no entity, no tag
    expect(md).toContain('<b>bold</b>'); // allowed inline markup survives
    expect(md).toContain('Kratom (<i>Mitragyna speciosa</i>) alkaloids');
    expect(md.split('\n').filter((l) => l.startsWith('#')).every((l) => /^#{1,4} /.test(l))).toBe(true);
  });

  it("escape hostile text in HTML so the only tags are the page's own and the allowed inline ones", () => {
    const html = renderHtml(fixtureDoc());
    expect(html).not.toMatch(/<script|<img|href="javascript:|<a href="http:\/\/evil/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    const tags = new Set([...html.matchAll(/<([a-z0-9]+)[\s>]/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(
      ['a', 'article', 'b', 'blockquote', 'body', 'h1', 'h2', 'h3', 'h4', 'head', 'header', 'html', 'i', 'li', 'line', 'main', 'meta', 'ol', 'p', 'rect', 'section', 'strong', 'style', 'sub', 'svg', 'text', 'title', 'ul'].sort(),
    );
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"`);
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain('@media print');
  });

  it('escape hostile text in the Atom feed and produce well-formed XML', () => {
    const xml = renderAtom([fixtureDoc()], { feedWeeks: 8 });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('<script');
    expect(xml).toContain('&lt;script&gt;');
  });
});

describe('digest content rules', () => {
  it('lists a paper matched by both topics once, under its most specific topic, naming both', () => {
    const doc = fixtureDoc();
    expect(doc.newPapers.filter((p) => p.pmid === '40000001')).toHaveLength(1);
    expect(doc.topics.map((t) => [t.name, t.pmids])).toEqual([
      ['mitragynine', ['40000002']],
      ['7-hydroxymitragynine', ['40000001', '40000003']], // the meta-analysis first (higher evidence tier)
    ]);
    expect(doc.newPapers.find((p) => p.pmid === '40000001')?.topics).toEqual(['mitragynine', '7-hydroxymitragynine']);
    expect(doc.newPapers.some((p) => p.pmid === '40000007')).toBe(false); // entered the day after the week
  });

  it('without library sizes, the topic with fewer papers this week is the more specific one', () => {
    const entered = newArticles().filter((a) => a.pmid !== '40000003');
    const doc = collectDigest({ week: weekRange('2026-W47', 'UTC'), entered, revisions: [], topics: TOPICS, perTopicCap: 25 });
    expect(doc.topics.map((t) => [t.name, t.pmids])).toEqual([['mitragynine', ['40000002']], ['7-hydroxymitragynine', ['40000001']]]);
  });

  it('lists a notice record (retraction notice, erratum, expression of concern) once, under notices only', () => {
    const doc = fixtureDoc();
    for (const pmid of ['40000004', '40000005', '40000006']) {
      expect(doc.newPapers.some((p) => p.pmid === pmid)).toBe(false);
      expect(doc.notices.filter((n) => n.paper.pmid === pmid)).toHaveLength(1);
    }
    expect(renderMarkdown(doc).split('Retraction notice: kratom and liver injury').length - 1).toBe(1);
  });

  it('labels an erratum as a correction and a retraction notice as a retraction, never one for the other', () => {
    const doc = fixtureDoc();
    const kinds = doc.notices.map((n) => [n.paper.pmid, n.kind, n.label, n.section]);
    expect(kinds).toEqual([
      ['39000001', 'retracted', 'Retracted', 'updated'],
      ['40000005', 'retraction-notice', 'Retraction notice', 'new'],
      ['40000006', 'concern-notice', 'Expression of concern', 'new'],
      ['39000002', 'corrected', 'Corrected (erratum published)', 'updated'],
      ['40000004', 'erratum', 'Erratum (correction notice)', 'new'],
    ]);
    expect(doc.notices.find((n) => n.paper.pmid === '40000004')?.paper.badges).toEqual(['Erratum']);
    expect(renderMarkdown(doc)).toContain('- **Erratum (correction notice)**: Erratum: Mitragynine pharmacokinetics');
  });

  it("says what changed in updated records and leaves an old correction out of this week's notices", () => {
    const doc = fixtureDoc();
    expect(doc.updated.map((u) => [u.pmid, u.changes])).toEqual([
      ['39000003', ['keyword added: opioid']],
      ['39000002', ['linked: ErratumIn PMID 39999999']],
      [
        '39000001',
        ['title corrected', 'MeSH added: Humans', 'publication type added: Retracted Publication', 'now retracted', 'linked: RetractionIn PMID 40000099'],
      ],
    ]);
    expect(doc.notices.some((n) => n.paper.pmid === '39000003')).toBe(false);
  });

  it('orders by evidence, shows three authors then et al., and previews conclusions sentence by sentence', () => {
    const doc = fixtureDoc();
    const meta = doc.newPapers.find((p) => p.pmid === '40000001');
    expect(meta?.authors).toEqual(['Lee K', 'Ng B', 'Ortiz M']);
    expect(meta?.moreAuthors).toBe(true);
    expect(meta?.badges).toEqual(['Meta-Analysis', 'Systematic Review']);
    expect(meta?.preview).toBe('Mitragynine binds mu-opioid receptors, i.e. it is a partial agonist. Risk is dose-dependent.');
    expect(meta?.doiUrl).toBe('https://doi.org/10.1016/S0000-0000%2826%2900001-X');
    const rct = doc.newPapers.find((p) => p.pmid === '40000002');
    expect(rct?.preview).toBe('Pain fell (p < 0.05). E.g. Doses above 10 mg were not tolerated.');
  });

  it('caps each topic and says how many more there are', () => {
    const doc = fixtureDoc(1);
    const md = renderMarkdown(doc);
    expect(md).toContain('*and 1 more in 7-hydroxymitragynine (all listed in 2026-W47.json)*');
    expect(md).not.toContain('more in mitragynine');
    expect(renderHtml(doc)).toContain('<p class="more">and 1 more in 7-hydroxymitragynine (all listed in 2026-W47.json)</p>');
    expect(doc.newPapers).toHaveLength(3); // the JSON keeps every paper
  });

  it('writes a quiet-week digest that says so', () => {
    const doc = collectDigest({ week: weekRange('2026-W53', 'America/New_York'), entered: [], revisions: [], topics: TOPICS, perTopicCap: 25 });
    expect(doc.counts).toEqual({ new: 0, updated: 0, notices: 0 });
    const md = renderMarkdown(doc);
    expect(md).toContain('A quiet week');
    expect(md).toContain('Monday 28 December 2026 to Sunday 3 January 2027 (America/New\\_York)');
    expectGolden('quiet-2026-W53.md', md);
    expect(renderHtml(doc)).toContain('No new papers entered PubMed');
  });

  it('round-trips its JSON and refuses JSON that is not its own week or schema', () => {
    const doc = fixtureDoc();
    expect(parseDigestJson(renderJson(doc), '2026-W47.json')).toEqual(doc);
    expect(() => parseDigestJson(renderJson(doc), '2026-W48.json')).toThrow(/not its own/);
    expect(() => parseDigestJson('{"schemaVersion":2}', '2026-W47.json')).toThrow(/schemaVersion 1/);
    expect(() => parseDigestJson('{', '2026-W47.json')).toThrow(/not valid JSON/);
    // A file an older version wrote for a week the archive now refuses stays out of the feed.
    for (const week of ['0001-W01', '2027-W53']) {
      expect(() => parseDigestJson(renderJson({ ...doc, week }), `${week}.json`)).toThrow(`digest: ${week}.json: week "${week}"`);
    }
  });
});

describe('Atom feed', () => {
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['entry', 'link', 'author'].includes(name) });

  it('has the RFC 4287 required elements, one entry per week newest first, dated by the weeks', () => {
    const w46 = collectDigest({ week: weekRange('2026-W46', 'UTC'), entered: [], revisions: [], topics: TOPICS, perTopicCap: 25 });
    const w45 = collectDigest({ week: weekRange('2026-W45', 'UTC'), entered: [], revisions: [], topics: TOPICS, perTopicCap: 25 });
    const xml = renderAtom([w45, fixtureDoc(), w46], { feedWeeks: 2 });
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = parser.parse(xml).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe('tag:kratomlit,2026:digest');
    expect(typeof feed.title).toBe('string');
    expect(feed.updated).toBe('2026-11-23T00:00:00.000Z');
    expect(feed.author[0].name).toBe('kratomlit');
    expect(feed.entry.map((e: { id: string }) => e.id)).toEqual(['tag:kratomlit,2026:digest:2026-W47', 'tag:kratomlit,2026:digest:2026-W46']);
    for (const e of feed.entry) {
      expect(e.title['#text'] ?? e.title).toBeTruthy();
      expect(e.updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(e.link[0]['@_href']).toMatch(/^2026-W4[67]\.html$/);
    }
  });

  it('gives the feed a rel="self" link: absolute with xml:base under a site URL, relative to the feed without', () => {
    const doc = fixtureDoc();
    const bare = renderAtom([doc], { feedWeeks: 1 });
    expect(bare).toContain('<link rel="self" href="feed.atom"/>');
    expect(bare).not.toContain('xml:base');
    const sited = renderAtom([doc], { feedWeeks: 1, siteUrl: 'https://example.org/digests' });
    expect(sited).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.org/digests/">');
    expect(sited).toContain('<link rel="self" href="https://example.org/digests/feed.atom"/>');
    expect(sited).toContain('<link href="https://example.org/digests/2026-W47.html"/>');
  });

  it('uses only http(s) site URLs, percent-encoded, and falls back to relative links otherwise', () => {
    const doc = fixtureDoc();
    expect(renderAtom([doc], { feedWeeks: 1, siteUrl: 'javascript:alert(1)' })).toContain('<link href="2026-W47.html"/>');
    expect(renderAtom([doc], { feedWeeks: 1, siteUrl: 'https://example.org/a"b c/' })).toContain(
      '<link href="https://example.org/a%22b%20c/2026-W47.html"/>',
    );
  });
});

describe('the evidence chart of the HTML digest', () => {
  it('draws papers per year by design as inline SVG with a legend, nothing remote and no script', () => {
    const html = renderHtml(fixtureDoc());
    const svg = /<svg class="chart"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(svg).toMatch(/^<svg class="chart" viewBox="0 0 360 \d+" width="100%" role="img" aria-label="Papers per publication year by study design, /);
    expect(svg).not.toMatch(/<script|href=|xlink|url\(|https?:/);
    const years = fixtureDoc().evidenceYears ?? [];
    expect(years.length).toBeGreaterThan(0);
    const bars = [...svg.matchAll(/<title>(\d{4}) ([^:]+): (\d+)<\/title>/g)].map((m) => [Number(m[1]), m[2], Number(m[3])]);
    const expected = years.flatMap((y) => Object.entries(y.byDesign).filter(([, n]) => n > 0).map(([d, n]) => [y.year, d, n]));
    expect(bars.length).toBe(expected.length);
    expect(bars.reduce((s, b) => s + Number(b[2]), 0)).toBe(years.reduce((s, y) => s + y.total, 0));
  });

  it('leaves the chart out when the document has no year data', () => {
    const { evidenceYears: _y, ...doc } = fixtureDoc();
    expect(renderHtml(doc)).not.toContain('<svg');
  });
});
