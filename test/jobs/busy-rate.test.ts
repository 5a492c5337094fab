import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { runIngest as run } from '../../src/library/ingest.js';
import { silentLogger } from '../../src/log.js';
import { createPubmedClient } from '../../src/pubmed/client.js';
import { countArticles } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { type EutilsServer, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { makeRecords } from '../../src/loopback/eutils-records.js';

/** One spinning worker thread per core (plus one), each confirmed running before the ingest starts. */
async function saturateCores(): Promise<Worker[]> {
  const workers = Array.from({ length: availableParallelism() + 1 }, () => new Worker('for (;;) {}', { eval: true }));
  await Promise.all(workers.map((w) => new Promise<void>((resolve) => w.once('online', () => resolve()))));
  return workers;
}

/**
 * Blocks this thread's event loop for `ms` out of every `every` ms (another busy part of the process):
 * timers fire late, which is what makes a limiter that plans its slots ahead send bursts.
 */
function blockEventLoop(ms: number, every: number): () => void {
  const t = setInterval(() => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  }, every);
  return () => clearInterval(t);
}

describe('politeness with every core busy', () => {
  let server: EutilsServer;
  let db: Database.Database;
  let workers: Worker[] = [];

  beforeEach(async () => {
    // The server enforces NCBI's 3 requests/s (429 JSON beyond) and logs each arrival.
    server = await startEutilsServer({ records: makeRecords(40, 39_000_000, ['2026-10-01', '2026-10-02']) });
    db = openStore(':memory:');
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.terminate()));
    db.close();
    await server.close();
  });

  it('never lets the server count more than 3 requests in any second, retries included, and draws no 429', async () => {
    workers = await saturateCores();
    const unblock = blockEventLoop(180, 220);
    onTestFinished(unblock);
    server.inject({ kind: '503', utility: 'efetch', times: 2 });
    const client = createPubmedClient({ baseUrl: server.url, tool: 'kratomlit-test', email: 'test@example.org', apiKey: null, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    const topics = [
      { name: 'mitragynine', query: 'mitragynine' },
      { name: 'records', query: 'record' },
    ];
    for (const night of ['2026-11-01T03:00:00Z', '2026-11-02T03:00:00Z']) {
      const s = await run({ db, client, topics, overlapDays: 3, batchSize: 5, logger: silentLogger(), clock: () => new Date(night) }, new Date(night));
      expect(s.status).toBe('ok');
    }
    expect(countArticles(db).live).toBe(40);
    expect(client.stats.retries).toBeGreaterThanOrEqual(2);
    expect(server.requests.filter((r) => r.status === 429)).toHaveLength(0);
    // First night: 2 whole-set esearches, 8 efetch POSTs, 2 retries; second: 4 windows, 2 count checks.
    expect(server.requests).toHaveLength(18);
    expect(server.maxRequestsInAnyWindow(1000)).toBeLessThanOrEqual(3);
  }, 120_000);
});
