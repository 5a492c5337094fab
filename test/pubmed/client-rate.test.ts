import { afterEach, describe, expect, it } from 'vitest';
import { createPubmedClient } from '../../src/pubmed/client.js';
import { startEutilsServer, type EutilsServer } from '../../src/loopback/eutils-server.js';
import { makeRecords } from '../../src/loopback/eutils-records.js';

let server: EutilsServer | undefined;
afterEach(async () => {
  await server?.close();
});

// These run against the server's own NCBI-style limiter (3/s, 10/s with key) with the client's defaults.
describe('rate compliance measured by the server', () => {
  it('keeps a burst of concurrent calls, retries included, at <= 3 requests in any second without a key', async () => {
    server = await startEutilsServer({ records: makeRecords(3, 500, ['2024-01-01']) });
    server.inject({ kind: '503', times: 2 });
    const client = createPubmedClient({ baseUrl: server.url, tool: 't', email: null, apiKey: null, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
    const results = await Promise.all(Array.from({ length: 8 }, () => client.esearch({ term: 'mitragynine' })));
    expect(results.every((r) => r.count === 3)).toBe(true);
    expect(server.requests).toHaveLength(10);
    expect(client.stats).toMatchObject({ requests: 10, retries: 2, rateLimited: 0 });
    expect(server.maxRequestsInAnyWindow(1000)).toBeLessThanOrEqual(3);
    expect(server.requests.some((r) => r.status === 429)).toBe(false);
  });

  it('keeps 20 concurrent calls at <= 10 requests in any second with an api key', async () => {
    server = await startEutilsServer({ records: makeRecords(3, 500, ['2024-01-01']) });
    const client = createPubmedClient({ baseUrl: server.url, tool: 't', email: null, apiKey: 'key-1' });
    await Promise.all(Array.from({ length: 20 }, () => client.efetchByIds(['500', '501'])));
    expect(server.requests).toHaveLength(20);
    expect(server.maxRequestsInAnyWindow(1000)).toBeLessThanOrEqual(10);
    expect(server.maxRequestsInAnyWindow(1000)).toBeGreaterThanOrEqual(6);
    expect(server.requests.every((r) => r.status === 200)).toBe(true);
  });

  it('is answered 429 by the server when a client ignores the limit, and recovers by backing off', async () => {
    server = await startEutilsServer({ records: makeRecords(3, 500, ['2024-01-01']) });
    const client = createPubmedClient({
      baseUrl: server.url, tool: 't', email: null, apiKey: null, requestsPerSecond: 50,
      // Full jitter averages half the ceiling: with a 1 s ceiling five clients kept ~10 requests/s against the
      // server's 3 and could use up their attempts (seen once in CI). A 4 s ceiling lets them fall below 3/s.
      retry: { baseDelayMs: 400, maxDelayMs: 4000, maxAttempts: 12 },
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => client.esearch({ term: 'mitragynine' })));
    expect(results).toHaveLength(5);
    expect(client.stats.rateLimited).toBeGreaterThan(0);
    expect(server.requests.filter((r) => r.status === 429).length).toBe(client.stats.rateLimited);
  });
});
