import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createPubmedClient } from '../../src/pubmed/client.js';
import { EutilsError } from '../../src/errors.js';
import { startEutilsServer, type EutilsServer } from '../../src/loopback/eutils-server.js';
import { makeRecord, makeRecords } from '../../src/loopback/eutils-records.js';

let server: EutilsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function fastClient(s: EutilsServer) {
  return createPubmedClient({ baseUrl: s.url, tool: 't', email: null, apiKey: null, requestsPerSecond: 1000, retry: { maxAttempts: 1 } });
}

/** Starts a raw request and resolves once response headers arrived (the body may never come). */
function openRequest(url: string): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url, (res) => {
      res.on('error', () => undefined);
      resolve();
    });
    req.on('error', () => resolve());
    req.end();
  });
}

describe('loopback E-utilities server', () => {
  it('listens on 127.0.0.1 only, on an ephemeral port', async () => {
    server = await startEutilsServer();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/entrez\/eutils\/$/);
    expect(server.url).not.toContain(':0/');
  });

  it('reflects upserts and removals between runs', async () => {
    server = await startEutilsServer({ records: makeRecords(3, 100, ['2024-01-01']), rateLimit: null });
    const client = fastClient(server);
    server.remove('101');
    server.upsert(makeRecord({ pmid: '200', title: 'Mitragynine revisited', entrezDate: '2024-01-02' }));
    expect((await client.esearch({ term: 'mitragynine' })).ids).toEqual(['200', '102', '100']);
    const body = await client.efetchByIds(['101', '200']);
    expect(body).not.toContain('<PMID Version="1">101</PMID>');
    expect(body).toContain('<PMID Version="1">200</PMID>');
  });

  it('forgets a WebEnv after its time to live, like NCBI', async () => {
    server = await startEutilsServer({ records: makeRecords(3, 100, ['2024-01-01']), rateLimit: null, webEnvTtlMs: 50 });
    const client = fastClient(server);
    const s = await client.esearch({ term: 'mitragynine', usehistory: true });
    await new Promise((r) => setTimeout(r, 80));
    const err = await client.efetchFromHistory({ webEnv: s.webEnv ?? '', queryKey: '1', retstart: 0, retmax: 3 }).catch((e: unknown) => e);
    expect((err as EutilsError).code).toBe('WEBENV_EXPIRED');
  });

  it('matches on filtered date types: mdat uses the modification date', async () => {
    const rec = { ...makeRecord({ pmid: '300', entrezDate: '2020-01-01' }), modifiedDate: '2024-06-01' };
    server = await startEutilsServer({ records: [rec], rateLimit: null });
    const client = fastClient(server);
    const window = { mindate: '2024/06/01', maxdate: '2024/06/30' };
    expect((await client.esearch({ term: 'mitragynine', datetype: 'mdat', ...window })).ids).toEqual(['300']);
    expect((await client.esearch({ term: 'mitragynine', datetype: 'edat', ...window })).count).toBe(0);
  });

  it('closes promptly with stalled and dripping answers in flight, leaving no timers behind', async () => {
    server = await startEutilsServer({ records: makeRecords(3, 100, ['2024-01-01']), rateLimit: null });
    server.inject({ kind: 'stall' });
    server.inject({ kind: 'drip', intervalMs: 50 });
    const url = `${server.url}efetch.fcgi?db=pubmed&id=100,101`;
    await Promise.all([openRequest(url), openRequest(url)]);
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const t0 = Date.now();
    await server.close();
    server = undefined;
    expect(Date.now() - t0).toBeLessThan(500);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThan(timersBefore);
  });

  it('drops queued faults on clearFaults, so a later run is served normally', async () => {
    server = await startEutilsServer({ records: makeRecords(1, 100, ['2024-01-01']), rateLimit: null });
    server.inject({ kind: '503', times: 100 });
    const client = fastClient(server);
    await expect(client.efetchByIds(['100'])).rejects.toMatchObject({ code: 'RETRIES_EXHAUSTED' });
    server.clearFaults();
    expect(await client.efetchByIds(['100'])).toContain('<PMID Version="1">100</PMID>');
  });

  it('logs each request with its arrival time, utility, method, params and status', async () => {
    server = await startEutilsServer({ records: makeRecords(1, 100, ['2024-01-01']), rateLimit: null });
    server.inject({ kind: '502' });
    await fastClient(server).efetchByIds(['100']).catch(() => undefined);
    expect(server.requests).toEqual([
      expect.objectContaining({ utility: 'efetch', method: 'POST', status: 502, params: expect.objectContaining({ id: '100' }) }),
    ]);
  });
});
