import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPubmedClient, type PubmedClient, type PubmedClientOptions } from '../../src/pubmed/client.js';
import { EutilsError } from '../../src/errors.js';
import { startEutilsServer, type EutilsServer } from '../../src/loopback/eutils-server.js';
import { makeRecord, makeRecords } from '../../src/loopback/eutils-records.js';
import { efetchXml } from '../../src/loopback/eutils-render.js';

let server: EutilsServer;

function client(overrides: Partial<PubmedClientOptions> = {}): PubmedClient {
  return createPubmedClient({
    baseUrl: server.url,
    tool: 'kratomlit-test',
    email: 'dev@example.org',
    apiKey: null,
    requestsPerSecond: 1000,
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4 },
    ...overrides,
  });
}

async function failure(p: Promise<unknown>): Promise<EutilsError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EutilsError);
  return err as EutilsError;
}

beforeEach(async () => {
  const records = [
    ...makeRecords(5, 30000001, ['2024-01-10', '2024-02-20']),
    makeRecord({ pmid: '30000100', title: 'Unrelated cardiology paper', abstract: 'Heart rate.', entrezDate: '2024-03-01' }),
  ];
  server = await startEutilsServer({ records, rateLimit: null });
});
afterEach(async () => {
  await server.close();
});

describe('esearch', () => {
  it('returns the count, the ids in PMID-descending order and the history handles', async () => {
    const r = await client().esearch({ term: 'mitragynine[tiab]', usehistory: true, retmax: 3 });
    expect(r.count).toBe(5);
    expect(r.ids).toEqual(['30000005', '30000004', '30000003']);
    expect(r.retmax).toBe(3);
    expect(r.webEnv).toMatch(/^MCID_/);
    expect(r.queryKey).toBe('1');
    expect(r.queryTranslation).toBe('mitragynine[tiab]');
    expect(r.warnings).toEqual([]);
  });

  it('limits results to an inclusive entry-date window', async () => {
    const r = await client().esearch({ term: 'mitragynine', datetype: 'edat', mindate: '2024/02/20', maxdate: '2024/02/20' });
    expect(r.ids).toEqual(['30000004', '30000002']);
  });

  it('treats PhraseNotFound as zero results, not as an error', async () => {
    const c = client();
    const r = await c.esearch({ term: 'zzyzxnotaword' });
    expect(r.count).toBe(0);
    expect(r.ids).toEqual([]);
    expect(r.warnings).toContain('PhraseNotFound: zzyzxnotaword');
    expect(c.stats.requests).toBe(1);
  });

  it('fails a syntactically bad term with ESEARCH_ERROR and does not retry it', async () => {
    const c = client();
    const err = await failure(c.esearch({ term: '(mitragynine OR kratom' }));
    expect(err.code).toBe('ESEARCH_ERROR');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('(mitragynine OR kratom');
    expect(c.stats.requests).toBe(1);
  });

  it('fails past the retstart cap with RETSTART_CAP and does not retry it', async () => {
    await server.close();
    server = await startEutilsServer({ records: makeRecords(12, 1000, ['2024-01-01']), idCap: 10, rateLimit: null });
    const c = client();
    const err = await failure(c.esearch({ term: 'mitragynine', retstart: 10, retmax: 5 }));
    expect(err.code).toBe('RETSTART_CAP');
    expect(c.stats.requests).toBe(1);
  });

  it('sends a very long term as a POST form instead of an over-long URL', async () => {
    const term = Array.from({ length: 300 }, (_, i) => `word${i}[tiab]`).join(' OR ') + ' OR mitragynine';
    expect(term.length).toBeGreaterThan(2000);
    const r = await client().esearch({ term });
    expect(r.count).toBe(5);
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', utility: 'esearch' });
    expect(server.requests.at(-1)?.params.term).toBe(term);
  });

  it('reports the true count above the cap but lists at most cap ids', async () => {
    await server.close();
    server = await startEutilsServer({ records: makeRecords(12, 1000, ['2024-01-01']), idCap: 10, rateLimit: null });
    const r = await client().esearch({ term: 'mitragynine', retmax: 50 });
    expect(r.count).toBe(12);
    expect(r.ids).toHaveLength(10);
  });
});

describe('efetch', () => {
  it('POSTs db=pubmed, retmode=xml, tool, email and api_key with no rettype', async () => {
    await client({ apiKey: 'k3y-abc' }).efetchByIds(['30000001', '30000002']);
    const req = server.requests.at(-1);
    expect(req?.method).toBe('POST');
    expect(req?.utility).toBe('efetch');
    expect(req?.params).toEqual({
      db: 'pubmed',
      tool: 'kratomlit-test',
      email: 'dev@example.org',
      api_key: 'k3y-abc',
      retmode: 'xml',
      id: '30000001,30000002',
    });
  });

  it('sends tool and email on esearch too, and no api_key when there is none', async () => {
    await client().esearch({ term: 'mitragynine' });
    const params = server.requests.at(-1)?.params ?? {};
    expect(params).toMatchObject({ db: 'pubmed', tool: 'kratomlit-test', email: 'dev@example.org' });
    expect(params).not.toHaveProperty('api_key');
  });

  it('returns the body untouched, silently missing unknown PMIDs as NCBI does', async () => {
    const body = await client().efetchByIds(['30000003', '99999999', '30000001']);
    const byId = (id: string) => makeRecords(5, 30000001, ['2024-01-10', '2024-02-20']).find((r) => r.pmid === id)?.xml ?? '';
    expect(body).toBe(efetchXml([byId('30000003'), byId('30000001')]));
  });

  it('refuses more than 500 ids or a non-numeric id before sending anything', async () => {
    const c = client();
    const many = Array.from({ length: 501 }, (_, i) => String(i + 1));
    expect((await failure(c.efetchByIds(many))).code).toBe('INVALID_BATCH');
    expect((await failure(c.efetchByIds(['12', '1 OR 2']))).code).toBe('INVALID_BATCH');
    expect(server.requests).toHaveLength(0);
  });

  it('fetches a page of a search from the history server', async () => {
    const c = client();
    const s = await c.esearch({ term: 'mitragynine', usehistory: true, retmax: 0 });
    const body = await c.efetchFromHistory({ webEnv: s.webEnv ?? '', queryKey: s.queryKey ?? '', retstart: 1, retmax: 2 });
    expect([...body.matchAll(/<PMID Version="1">(\d+)<\/PMID>/g)].map((m) => m[1])).toEqual(['30000004', '30000003']);
  });

  it('reports a lost WebEnv as WEBENV_EXPIRED without retrying', async () => {
    const c = client();
    const err = await failure(c.efetchFromHistory({ webEnv: 'MCID_gone', queryKey: '1', retstart: 0, retmax: 5 }));
    expect(err.code).toBe('WEBENV_EXPIRED');
    expect(c.stats.requests).toBe(1);
  });

  it('counts requests and received bytes', async () => {
    const c = client();
    const body = await c.efetchByIds(['30000001']);
    expect(c.stats).toEqual({ requests: 1, retries: 0, rateLimited: 0, bytes: Buffer.byteLength(body) });
  });
});
