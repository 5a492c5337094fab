import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestDeps, IngestOptions } from '../../src/library/ingest.js';
import { LockedError } from '../../src/errors.js';
import { countArticles, getArticle, listRevisionsBetween } from '../../src/store/articles.js';
import { acquireLock } from '../../src/store/lock.js';
import { openStore } from '../../src/store/open.js';
import { lastRuns } from '../../src/store/runs.js';
import { type EutilsServer, type ServerRecord, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { type RecordSpec, makeRecord } from '../support/make-record.js';
import { ingestAt } from './ingest-at.js';

const TOPICS = [
  { name: 'alpha', query: 'alphazine[tiab]' },
  { name: 'beta', query: '"beta-alphazine"[tiab] OR betazine[tiab]' },
];

function rec(spec: RecordSpec & { modified?: string }): ServerRecord {
  return { pmid: spec.pmid, xml: makeRecord(spec), entrezDate: spec.entrez, modifiedDate: spec.modified ?? spec.revised ?? spec.entrez };
}

function corpus(n: number, start = 1000): ServerRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const pmid = String(start + i);
    const day = String(1 + (i % 28)).padStart(2, '0');
    const title = i % 3 === 0 ? `Betazine and alphazine kinetics ${pmid}` : `Alphazine receptor binding ${pmid}`;
    return rec({ pmid, title, entrez: `2026-10-${day}` });
  });
}

describe('ingest job against the loopback E-utilities server', () => {
  let server: EutilsServer;
  let db: Database.Database;

  const ingest = (now: string, opts: IngestOptions = {}, over: Partial<IngestDeps> = {}) => ingestAt({ server, db, topics: TOPICS, batchSize: 25 }, now, opts, over);

  beforeEach(async () => {
    server = await startEutilsServer({ records: corpus(60), rateLimit: null });
    db = openStore(':memory:');
  });
  afterEach(async () => {
    db.close();
    await server.close();
  });

  it('backfills every matching record on the first run and attaches the topics that matched', async () => {
    const s = await ingest('2026-11-01T03:00:00Z');
    expect(s.status).toBe('ok');
    expect(s.new).toBe(60);
    expect(countArticles(db)).toMatchObject({ live: 60, byTopic: { alpha: 60, beta: 20 } });
    expect(getArticle(db, '1000')?.topics).toEqual(['alpha', 'beta']);
    expect(getArticle(db, '1001')?.topics).toEqual(['alpha']);
    // efetch by POSTed id lists of at most batchSize.
    const fetches = server.requests.filter((r) => r.utility === 'efetch');
    expect(fetches.every((r) => r.method === 'POST' && r.params['id']!.split(',').length <= 25)).toBe(true);
    expect(fetches.every((r) => r.params['retmode'] === 'xml' && r.params['rettype'] === undefined)).toBe(true);
    expect(lastRuns(db, { kind: 'ingest' })[0]).toMatchObject({ status: 'ok' });
  });

  it('asks only for entry- and modification-date windows on the next night, and fetches nothing when nothing changed', async () => {
    await ingest('2026-11-01T03:00:00Z');
    const before = server.requests.length;
    const s = await ingest('2026-11-02T03:00:00Z');
    const night = server.requests.slice(before);
    expect(s.status).toBe('ok');
    expect(night.filter((r) => r.utility === 'efetch')).toHaveLength(0);
    const windows = night.filter((r) => r.utility === 'esearch' && r.params['datetype']);
    expect(new Set(windows.map((r) => r.params['datetype']))).toEqual(new Set(['edat', 'mdat']));
    // The window reaches back overlapDays before the day the last run started.
    expect(windows.every((r) => r.params['mindate'] === '2026/10/29')).toBe(true);
    expect(s.new + s.updated).toBe(0);
  });

  it('brings revisions and retractions into the store and records what changed', async () => {
    await ingest('2026-11-01T03:00:00Z');
    server.upsert(rec({ pmid: '1003', title: 'Alphazine receptor binding (corrected)', entrez: '2026-10-04', revised: '2026-11-01', modified: '2026-11-01' }));
    server.upsert(
      rec({
        pmid: '1004',
        title: 'Alphazine receptor binding 1004',
        entrez: '2026-10-05',
        revised: '2026-11-01',
        publicationTypes: ['Journal Article', 'Retracted Publication'],
        retractionIn: '2000',
      }),
    );
    server.upsert(rec({ pmid: '2000', title: 'Retraction: alphazine receptor binding', entrez: '2026-11-01', publicationTypes: ['Retraction of Publication'] }));
    const s = await ingest('2026-11-02T03:00:00Z');
    expect(s).toMatchObject({ status: 'ok', new: 1, updated: 2 });
    expect(getArticle(db, '1003')?.title).toBe('Alphazine receptor binding (corrected)');
    expect(getArticle(db, '1004')).toMatchObject({ retracted: true });
    expect(getArticle(db, '2000')).toMatchObject({ retractionNotice: true });
    const revs = listRevisionsBetween(db, '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z');
    expect(revs.map((r) => [r.article.pmid, r.revision.changed.includes('retracted') || r.revision.changed.includes('title')])).toEqual([
      ['1003', true],
      ['1004', true],
    ]);
  });

  it('reports ids that efetch leaves out instead of retrying them, and marks records PubMed deleted', async () => {
    await ingest('2026-11-01T03:00:00Z');
    // 1010 vanishes from PubMed entirely; a full run reconciles it as deleted.
    server.remove('1010');
    // 3000 is found by esearch but efetch leaves it out (an empty record body).
    // 3000 is found by esearch but left out by efetch (the loopback server's rule for an empty body).
    server.upsert({ pmid: '3000', xml: '', entrezDate: '2026-11-01', modifiedDate: '2026-11-01' });
    const s = await ingest('2026-11-02T03:00:00Z', { full: true });
    expect(s.status).toBe('ok');
    expect(s.missing).toEqual(['3000']);
    expect(s.deleted).toBe(1);
    expect(getArticle(db, '1010')?.deleted).toBe(true);
    expect(countArticles(db).live).toBe(59);
    const efetched = server.requests.filter((r) => r.utility === 'efetch').flatMap((r) => r.params['id']!.split(','));
    expect(efetched.filter((id) => id === '3000')).toHaveLength(1);
  });

  it('splits a query whose count exceeds the id cap and still gets every record', async () => {
    await server.close();
    server = await startEutilsServer({ records: corpus(60), rateLimit: null, idCap: 20 });
    const s = await ingest('2026-11-01T03:00:00Z', {}, { idCap: 20 });
    expect(s.status).toBe('ok');
    expect(countArticles(db).live).toBe(60);
  });

  it('refuses to run while another process holds the writer lock', async () => {
    db.prepare("INSERT INTO locks (name, pid, proc_start, host, command, acquired_at) VALUES ('writer', 1, NULL, ?, 'import', 'x')").run(
      (await import('node:os')).hostname(),
    );
    await expect(ingest('2026-11-01T03:00:00Z')).rejects.toBeInstanceOf(LockedError);
    db.prepare('DELETE FROM locks').run();
    const lock = acquireLock(db, 'test');
    lock.release();
  });

  it('ends a run cut by a permanent failure as failed and retries its window next time', async () => {
    server.inject({ kind: '503', utility: 'efetch', times: 100 });
    // The client gives up after 4 attempts; the run must end failed, not hang.
    const failed = await ingest('2026-11-01T03:00:00Z', {}, {});
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/efetch/);
    const stored = countArticles(db).live;
    expect(stored).toBeLessThan(60);
    server.clearFaults();
    server.requests.length = 0;
    const s = await ingest('2026-11-02T03:00:00Z');
    expect(s.status).toBe('ok');
    expect(countArticles(db).live).toBe(60);
    // The topics never finished, so the retry is again a full backfill (no date windows).
    expect(server.requests.filter((r) => r.utility === 'esearch').every((r) => r.params['datetype'] === undefined)).toBe(true);
  });
});
