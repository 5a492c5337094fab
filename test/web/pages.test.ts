import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceBody } from '../../src/web/pages/evidence.js';
import { evidenceMap } from '../../src/evidence/summary.js';
import { designLabel } from '../../src/evidence/types.js';
import { makeArticle } from '../search/helpers.js';
import { completenessLine, completenessReport } from '../../src/completeness.js';
import { statusBody } from '../../src/web/pages/status.js';
import { urls } from '../../src/web/urls.js';
import type { EvidenceMap } from '../../src/index.js';
import { get, startWorld, type WebWorld } from './fixture.js';

const server = { indexedSeq: 5, storeSeq: 7, records: 2, startedAt: '2026-12-06T10:00:00.000Z', searchThreads: 0 };

const now = new Date('2026-12-06T12:00:00.000Z');

describe('status page', () => {
  it('shows each topic\'s completeness against PubMed with the line status prints, gaps named', () => {
    const completeness = completenessReport(
      ['mitragynine', '7-hydroxymitragynine'],
      new Map([['mitragynine', { topic: 'mitragynine', upstream: 41, local: 40, checkedAt: '2026-12-06T09:00:00.000Z', check: 'full' as const }]]),
      [{ pmid: '39000001', topic: 'mitragynine', firstMissingAt: '2026-12-05T03:00:00.000Z', lastAttemptAt: '2026-12-06T03:00:00.000Z', attempts: 2, rejected: null }],
    );
    const body = statusBody({ report: { completeness }, server, now }).value;
    expect(body).toMatch(/<th scope="row">mitragynine<\/th><td>2026-12-06 09:00 UTC<\/td><td class="num">41<\/td><td class="num">40<\/td><td class="num">1<\/td><td>full<\/td><td>incomplete<\/td>/);
    expect(body).toContain('<th scope="col">Listed by PubMed then</th><th scope="col">Stored then</th>');
    expect(body).toContain(completenessLine('mitragynine', completeness['mitragynine']!, now));
    expect(body).toContain('39000001');
    expect(body).toMatch(/<th scope="row">7-hydroxymitragynine<\/th><td>—<\/td><td class="num">—<\/td><td class="num">—<\/td><td class="num">0<\/td><td>—<\/td><td>not checked<\/td>/);
    expect(body).toContain('catching up (at change 5 of 7)');
  });

  it('says a complete topic whose last check is stale is complete only as of that day, not verified since', () => {
    const later = new Date('2026-12-30T12:00:00.000Z');
    const completeness = completenessReport(
      ['mitragynine'],
      new Map([['mitragynine', { topic: 'mitragynine', upstream: 41, local: 41, checkedAt: '2026-12-06T09:00:00.000Z', check: 'full' as const }]]),
      [],
      { now: later },
    );
    const body = statusBody({ report: { completeness }, server, now: later }).value;
    expect(body).toMatch(/<td>full<\/td><td>complete as of 2026-12-06, not verified since<\/td>/);
    expect(body).toContain('mitragynine: complete as of 2026-12-06 09:00 UTC (24 days ago), not verified since: all 41 records PubMed listed then were stored');
  });

  it('says when no topic was checked yet', () => {
    expect(statusBody({ report: {}, server, now }).value).toContain('No topic has been checked against PubMed yet.');
  });
});

describe('evidence page', () => {
  it('says the matrix is empty when the library has no records, and draws no year', () => {
    const body = evidenceBody(evidenceMap([], { since: null, topic: null }), urls('')).value;
    expect(body).toContain('No records yet');
    expect(body).not.toContain('<th scope="row"><a href="/?since=');
  });

  it('draws the map it is given: each cell, row total and year from the library map, cells linking to their search', () => {
    const ev = (design: 'rct' | 'animal', themes: Array<'pain' | 'toxicity'>) => ({ design, designAlso: [], themes, cues: [], source: 'override' as const, version: 1 });
    const year = (y: number) => ({ year: y, month: null, day: null, season: null, raw: String(y) });
    const m = evidenceMap([
      makeArticle('1', { evidence: ev('rct', ['pain']), pubDate: year(2015) }),
      makeArticle('2', { evidence: ev('rct', ['pain', 'toxicity']), pubDate: year(2015) }),
      makeArticle('3', { evidence: ev('animal', ['toxicity']), pubDate: year(2020) }),
    ], { since: null, topic: null });
    const body = evidenceBody(m, urls('')).value;
    expect(body).toContain('3 records');
    expect(body).toMatch(/>RCT<\/a><\/th><td class="num"><a [^>]*>1<\/a><\/td><td class="num"><a href="\/\?design=rct&amp;theme=pain" aria-label="2 RCT papers on pain">2<\/a><\/td><td class="num">2<\/td><\/tr>/);
    expect(body).toMatch(/>Animal<\/a><\/th><td class="num"><a [^>]*>1<\/a><\/td><td class="num">0<\/td><td class="num">1<\/td><\/tr>/);
    expect(body).toMatch(/<th scope="row">All designs<\/th><td class="num"><a href="\/\?theme=toxicity">2<\/a><\/td><td class="num"><a href="\/\?theme=pain">2<\/a><\/td><td class="num">3<\/td>/);
    // Papers per year by design (RCT, Animal, all), as kratomlit evidence prints them.
    expect(body).toContain('<thead><tr><th scope="col">Year</th><th scope="col">RCT</th><th scope="col">Animal</th><th scope="col">All designs</th>');
    expect(body).toMatch(/<a href="\/\?since=2015&amp;until=2015">2015<\/a><\/th><td class="num"><a href="\/\?design=rct&amp;since=2015&amp;until=2015" aria-label="2 RCT papers from 2015">2<\/a><\/td><td class="num">0<\/td><td class="num">2<\/td>/);
    expect(body).toMatch(/<a href="\/\?since=2020&amp;until=2020">2020<\/a><\/th><td class="num">0<\/td><td class="num"><a href="\/\?design=animal&amp;since=2020&amp;until=2020" aria-label="1 Animal papers from 2020">1<\/a><\/td><td class="num">1<\/td>/);
  });
});

/** The numbers of an HTML table row's cells, tags stripped. */
const cellNumbers = (row: string) => [...row.matchAll(/<td class="num">(.*?)<\/td>/g)].map((m) => Number((m[1] as string).replace(/<[^>]*>/g, '')));

describe('evidence page of a running server', () => {
  let w: WebWorld;
  beforeAll(async () => {
    w = await startWorld();
  });
  afterAll(async () => {
    await w.close();
  });

  it('shows in every cell, row total and year the numbers /evidence.json gives', async () => {
    const page = (await get(`${w.base}/evidence`)).body;
    const doc = JSON.parse((await get(`${w.base}/evidence.json`)).body) as EvidenceMap;
    const table = /<caption[^>]*>Papers by study design[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    const themes = [...(/<thead>([\s\S]*?)<\/thead>/.exec(table)?.[1] ?? '').matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1] as string).slice(1, -1);
    const rows = [...table.matchAll(/<tr><th scope="row"><a href="\/\?design=([^"]+)">[\s\S]*?<\/tr>/g)];
    expect(themes.length).toBeGreaterThan(1);
    expect(rows.map((r) => r[1])).toEqual(Object.keys(doc.byDesign).filter((d) => doc.byDesign[d as keyof typeof doc.byDesign] > 0));
    for (const [row, design] of rows) {
      const m = doc.matrix[design as keyof typeof doc.matrix];
      expect(cellNumbers(row), design).toEqual([...themes.map((t) => m[t as keyof typeof m]), doc.byDesign[design as keyof typeof doc.byDesign]]);
    }
    const all = /<tr><th scope="row">All designs[\s\S]*?<\/tr>/.exec(table)?.[0] ?? '';
    expect(cellNumbers(all)).toEqual([...themes.map((t) => doc.byTheme[t as keyof typeof doc.byTheme]), doc.total]);
    // Papers per year by design: the designs the map counts, then all designs, the numbers of doc.years.
    const perYear = /<caption[^>]*>Papers per publication year by study design[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    const designs = Object.keys(doc.byDesign).filter((d) => doc.byDesign[d as keyof typeof doc.byDesign] > 0) as Array<keyof typeof doc.byDesign>;
    const labels = [...(/<thead>([\s\S]*?)<\/thead>/.exec(perYear)?.[1] ?? '').matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1] as string);
    expect(labels).toEqual(['Year', ...designs.map((d) => designLabel(d)), 'All designs']);
    const years = [...perYear.matchAll(/<tr><th scope="row"><a href="\/\?since=(\d+)&amp;until=\1">\d+<\/a><\/th>[\s\S]*?<\/tr>/g)].map((m) => ({ year: Number(m[1]), cells: cellNumbers(m[0]) }));
    expect(years).toEqual(doc.years.map((y) => ({ year: y.year, cells: [...designs.map((d) => y.byDesign[d]), y.total] })));
    expect(years.length).toBeGreaterThan(1);
  });
});
