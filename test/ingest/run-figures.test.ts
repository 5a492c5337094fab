/**
 * An ingest run's request figures: saved with every batch (a run killed with SIGKILL keeps what it did up to
 * its last saved batch), and counted by one rule (a batch asked again is a retry, in the log and the summary).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EutilsServer, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { type Workspace, makeWorkspace, runCli } from '../support/cli.js';
import { faultCorpus, ledgerRuns } from '../support/oracle.js';

describe('ingest request figures', () => {
  let server: EutilsServer;
  let ws: Workspace;

  beforeAll(async () => {
    server = await startEutilsServer({ records: faultCorpus(40), rateLimit: null });
  });
  afterAll(async () => {
    await server.close();
  });
  const fresh = () => {
    ws?.remove();
    ws = makeWorkspace({ serverUrl: server.url, batchSize: 10 });
    server.clearFaults();
    server.requests.length = 0;
  };
  afterAll(() => ws?.remove());

  it('a run killed after its batches keeps the requests and retries it made up to its last saved batch', async () => {
    fresh();
    server.inject({ kind: '500', utility: 'efetch', times: 1 });
    const r = await runCli(['ingest'], ws.env({ KRATOMLIT_CRASH_AT: 'ingest:before-finish' }));
    expect(r.signal).toBe('SIGKILL');
    const [run] = ledgerRuns(ws.db, 1);
    expect(run).toMatchObject({ kind: 'ingest', status: 'running' });
    // The last batch's ledger update follows the last efetch; every request up to it is in the row.
    const lastFetch = server.requests.map((q) => q.utility).lastIndexOf('efetch');
    expect(lastFetch).toBeGreaterThan(0);
    expect(run?.details).toMatchObject({ requests: lastFetch + 1, retries: 1, fetched: 40 });
  }, 60_000);

  it('counts a batch asked again after an answer holding none of its PMIDs as a retry, as the log says', async () => {
    fresh();
    server.inject({ kind: 'huge', utility: 'efetch', times: 2, sizeMb: 0.1 });
    const r = await runCli(['ingest', '--json'], ws.env());
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { requests: number; retries: number; fetched: number };
    expect(summary).toMatchObject({ requests: server.requests.length, retries: 2, fetched: 40 });
    expect(r.stderr).toContain('asking again (retry 1 of 2)');
    expect(r.stderr).toContain('asking again (retry 2 of 2)');
  }, 60_000);
});
