/**
 * `search` on a library that holds no record says so after "no hits" (with how the last ingest or import
 * ended), so an empty answer is not read as an answer about the literature; the exit code stays 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyLibraryNote } from '../../src/cli/search.js';
import { type EutilsServer, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { type Workspace, makeWorkspace, runCli } from '../support/cli.js';
import { ledgerRuns } from '../support/oracle.js';

describe('search on an empty library', () => {
  let server: EutilsServer;
  let ws: Workspace;

  beforeAll(async () => {
    server = await startEutilsServer({ records: [], rateLimit: null });
    ws = makeWorkspace({ serverUrl: server.url });
  });
  afterAll(async () => {
    await server.close();
    ws.remove();
  });

  it('after a failed first ingest, names the failure and points at status', async () => {
    server.inject({ kind: '400', utility: 'esearch', times: 50 });
    const ingest = await runCli(['ingest'], ws.env());
    expect(ingest.code).not.toBe(0);
    const [run] = ledgerRuns(ws.db, 1);
    expect(run).toMatchObject({ kind: 'ingest', status: 'failed' });
    const reason = (run?.error ?? '').split('\n')[0];
    expect(reason).not.toBe('');
    const r = await runCli(['search', 'kratom'], ws.env());
    // The note is the last line; the log lines before it are the index being built on first search.
    expect([r.code, r.stdout, r.stderr.trimEnd().split('\n').at(-1)]).toEqual([0, '', `no hits for "kratom": the library has no records yet (the last ingest failed: ${reason}; see kratomlit status)`]);
    // --json stays the bare answer: an empty array.
    const json = await runCli(['search', 'kratom', '--json'], ws.env());
    expect([json.code, JSON.parse(json.stdout)]).toEqual([0, []]);
  }, 60_000);

  it('says nothing more when the library has records, and says how to fill one that never ran', () => {
    expect(emptyLibraryNote({ records: { live: 3 }, runs: [] })).toBe('');
    expect(emptyLibraryNote({ records: { live: 0 }, runs: [] })).toBe(': the library has no records yet (nothing was ingested or imported yet; run kratomlit ingest)');
  });
});
