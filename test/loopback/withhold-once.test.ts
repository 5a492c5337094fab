/**
 * The loopback server's withholdOnce (behind `demo --eutils --withhold`): efetch leaves a PMID out of the
 * first answer that would hold it, and of no later one; answers that do not ask for it do not use it up.
 */
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type EutilsServer, type Fault, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { createPubmedClient } from '../../src/pubmed/client.js';
import { getArticle } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { ingestAt } from '../jobs/ingest-at.js';
import { makeRecord } from '../support/make-record.js';

const record = (pmid: string) => ({ pmid, xml: makeRecord({ pmid, entrez: '2026-11-20' }), entrezDate: '2026-11-20', modifiedDate: '2026-11-20' });

/** The PMIDs of an efetch answer for `ids`, POSTed as the client does. */
async function efetch(server: EutilsServer, ids: string[]): Promise<string[]> {
  const res = await fetch(`${server.url}efetch.fcgi`, { method: 'POST', body: new URLSearchParams({ db: 'pubmed', id: ids.join(','), retmode: 'xml' }) });
  expect(res.status).toBe(200);
  return [...(await res.text()).matchAll(/<PMID[^>]*>(\d+)<\/PMID>/g)].map((m) => m[1] ?? '');
}

describe('withholdOnce', () => {
  let server: EutilsServer | undefined;
  afterEach(async () => server?.close());

  it('leaves a PMID out of the first answer that would hold it, then serves it', async () => {
    server = await startEutilsServer({ records: ['1001', '1002', '1003'].map(record), rateLimit: null });
    server.withholdOnce('1002');
    expect(await efetch(server, ['1001', '1003'])).toEqual(['1001', '1003']);
    expect(await efetch(server, ['1001', '1002', '1003'])).toEqual(['1001', '1003']);
    expect(await efetch(server, ['1001', '1002', '1003'])).toEqual(['1001', '1002', '1003']);
  });

  it('holds a PMID the server does not have yet until an answer could hold it', async () => {
    server = await startEutilsServer({ records: ['1001'].map(record), rateLimit: null });
    server.withholdOnce('1002');
    expect(await efetch(server, ['1001', '1002'])).toEqual(['1001']);
    server.upsert(record('1002'));
    expect(await efetch(server, ['1001', '1002'])).toEqual(['1001']);
    expect(await efetch(server, ['1001', '1002'])).toEqual(['1001', '1002']);
  });

  it('release() ends it before any answer used it, and withhold() still holds until released', async () => {
    server = await startEutilsServer({ records: ['1001', '1002'].map(record), rateLimit: null });
    server.withholdOnce('1001');
    server.release('1001');
    server.withhold('1002');
    expect(await efetch(server, ['1001', '1002'])).toEqual(['1001']);
    expect(await efetch(server, ['1001', '1002'])).toEqual(['1001']);
  });
});

describe('withholdOnce under a faulted efetch answer, with a real ingest', () => {
  let server: EutilsServer | undefined;
  let db: Database.Database | undefined;
  afterEach(async () => {
    db?.close();
    await server?.close();
  });

  const alpha = (pmid: string) => ({ pmid, xml: makeRecord({ pmid, title: `Alphazine binding ${pmid}`, entrez: '2026-11-20' }), entrezDate: '2026-11-20', modifiedDate: '2026-11-20' });

  /** One ingest of three alphazine records, 1002 withheld once, the first efetch answer damaged by `fault`. */
  async function ingestWith(fault: Fault, attemptTimeoutMs = 60_000) {
    server = await startEutilsServer({ records: ['1001', '1002', '1003'].map(alpha), rateLimit: null });
    db = openStore(':memory:');
    server.withholdOnce('1002');
    server.inject(fault);
    const client = createPubmedClient({
      baseUrl: server.url, tool: 'kratomlit-test', email: 'test@example.org', apiKey: null, requestsPerSecond: 50,
      retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4 }, attemptTimeoutMs,
    });
    return ingestAt({ server, db, topics: [{ name: 'alpha', query: 'alphazine[tiab]' }], batchSize: 10 }, '2026-11-21T03:00:00Z', {}, { client });
  }

  it.each<[string, Fault, number?]>([
    ['truncate', { kind: 'truncate', utility: 'efetch' }],
    ['reset-mid-body', { kind: 'reset-mid-body', utility: 'efetch' }],
    ['slow past the client timeout', { kind: 'slow', utility: 'efetch', delayMs: 600 }, 200],
  ])('keeps the gap it promised when the first answer is thrown away (%s)', async (_, fault, timeout) => {
    const s = await ingestWith(fault, timeout);
    const efetches = server!.requests.filter((r) => r.utility === 'efetch');
    expect(efetches.length).toBeGreaterThan(1);
    expect(s.gaps).toEqual(['1002']);
    expect(getArticle(db!, '1002')).toBeNull();
    expect(getArticle(db!, '1001')?.topics).toEqual(['alpha']);
  });

  it('uses the withhold up with a whole answer, slow or not, so the next run stores the record', async () => {
    const first = await ingestWith({ kind: 'slow', utility: 'efetch', delayMs: 50 });
    expect(first.gaps).toEqual(['1002']);
    const next = await ingestAt({ server: server!, db: db!, topics: [{ name: 'alpha', query: 'alphazine[tiab]' }], batchSize: 10 }, '2026-11-22T03:00:00Z');
    expect(next.gaps).toEqual([]);
    expect(getArticle(db!, '1002')?.topics).toEqual(['alpha']);
  });
});
