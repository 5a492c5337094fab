import { describe, expect, it } from 'vitest';
import { evidenceBody, evidenceMap } from '../../src/web/pages/evidence.js';
import { completenessLine, completenessReport } from '../../src/completeness.js';
import { statusBody } from '../../src/web/pages/status.js';
import { urls } from '../../src/web/urls.js';

const server = { indexedSeq: 5, storeSeq: 7, records: 2, startedAt: '2026-12-06T10:00:00.000Z' };

const now = new Date('2026-12-06T12:00:00.000Z');

describe('status page', () => {
  it('shows each topic\'s completeness against PubMed with the line status prints, gaps named', () => {
    const completeness = completenessReport(
      ['mitragynine', '7-hydroxymitragynine'],
      new Map([['mitragynine', { topic: 'mitragynine', upstream: 41, local: 40, checkedAt: '2026-12-06T09:00:00.000Z', check: 'full' as const }]]),
      [{ pmid: '39000001', topic: 'mitragynine', firstMissingAt: '2026-12-05T03:00:00.000Z', lastAttemptAt: '2026-12-06T03:00:00.000Z', attempts: 2 }],
    );
    const body = statusBody({ report: { completeness }, server, now }).value;
    expect(body).toMatch(/<th scope="row">mitragynine<\/th><td class="num">40<\/td><td class="num">41<\/td><td class="num">1<\/td><td>full<\/td><td>incomplete<\/td>/);
    expect(body).toContain(completenessLine('mitragynine', completeness['mitragynine']!, now));
    expect(body).toContain('39000001');
    expect(body).toMatch(/<th scope="row">7-hydroxymitragynine<\/th><td class="num">—<\/td><td class="num">—<\/td><td class="num">0<\/td><td>—<\/td><td>not checked<\/td>/);
    expect(body).toContain('catching up (at change 5 of 7)');
  });

  it('says when no topic was checked yet', () => {
    expect(statusBody({ report: {}, server, now }).value).toContain('No topic has been checked against PubMed yet.');
  });
});

describe('evidence page', () => {
  it('says "not classified yet" when no record carries evidence, and still counts papers per year', () => {
    const body = evidenceBody(evidenceMap([], 2, [['2015', 2]]), urls('')).value;
    expect(body).toContain('Not classified yet');
    expect(body).toMatch(/<a href="\/\?since=2015&amp;until=2015">2015<\/a><\/th><td class="num">2<\/td>/);
  });
});
