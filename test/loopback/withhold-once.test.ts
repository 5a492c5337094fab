/**
 * The loopback server's withholdOnce (behind `demo --eutils --withhold`): efetch leaves a PMID out of the
 * first answer that would hold it, and of no later one; answers that do not ask for it do not use it up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type EutilsServer, startEutilsServer } from '../../src/loopback/eutils-server.js';
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
