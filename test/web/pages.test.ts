import { describe, expect, it } from 'vitest';
import { evidenceBody, evidenceMap } from '../../src/web/pages/evidence.js';
import { statusBody } from '../../src/web/pages/status.js';
import { urls } from '../../src/web/urls.js';

const server = { indexedSeq: 5, storeSeq: 7, records: 2, startedAt: '2026-12-06T10:00:00.000Z' };

describe('status page', () => {
  it('shows every field of per-topic completeness when the status report carries it', () => {
    const topics = [{ name: 'mitragynine', records: 40, configured: true, completeness: '40/41 (97.6%)', missing: 1 }];
    const body = statusBody({ report: { topics } as never, server }).value;
    expect(body).toContain('<caption>Records and completeness per topic</caption>');
    expect(body).toContain('<th scope="col">completeness</th>');
    expect(body).toContain('<td>40/41 (97.6%)</td>');
    expect(body).toContain('catching up (at change 5 of 7)');
  });

  it('shows a separate completeness document as a table, and says when there is none', () => {
    const withDoc = statusBody({ report: { completeness: { mitragynine: { expected: 41, stored: 40 } } }, server }).value;
    expect(withDoc).toMatch(/<td>mitragynine<\/td><td>41<\/td><td>40<\/td>/);
    expect(statusBody({ report: {}, server }).value).toContain('Per-topic completeness is not reported by this version of the library.');
  });
});

describe('evidence page', () => {
  it('says "not classified yet" when no record carries evidence, and still counts papers per year', () => {
    const body = evidenceBody(evidenceMap([], 2, [['2015', 2]]), urls('')).value;
    expect(body).toContain('Not classified yet');
    expect(body).toMatch(/<a href="\/\?since=2015&amp;until=2015">2015<\/a><\/th><td class="num">2<\/td>/);
  });
});
