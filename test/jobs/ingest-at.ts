import type Database from 'better-sqlite3';
import { runIngest as run, type IngestDeps, type IngestOptions, type IngestSummary } from '../../src/library/ingest.js';
import { silentLogger } from '../../src/log.js';
import { createPubmedClient } from '../../src/pubmed/client.js';
import type { EutilsServer } from '../../src/loopback/eutils-server.js';

/**
 * One ingest run at the fixed instant `now` against the loopback server, with a fresh fast client (the
 * server runs without a rate limit in these tests) and quick retries.
 */
export function ingestAt(
  env: { server: EutilsServer; db: Database.Database; topics: IngestDeps['topics']; batchSize: number },
  now: string,
  opts: IngestOptions = {},
  over: Partial<IngestDeps> = {},
): Promise<IngestSummary> {
  const client = createPubmedClient({
    baseUrl: env.server.url,
    tool: 'kratomlit-test',
    email: 'test@example.org',
    apiKey: null,
    requestsPerSecond: 50,
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4 },
  });
  const deps: IngestDeps = { db: env.db, client, topics: env.topics, overlapDays: 3, batchSize: env.batchSize, logger: silentLogger(), clock: () => new Date(now), ...over };
  return run(deps, new Date(now), opts);
}
