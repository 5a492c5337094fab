import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/cli/ingest.js';
import { formatIngestSummary, type IngestDeps, type IngestOptions } from '../../src/library/ingest.js';
import { countArticles, getArticle } from '../../src/store/articles.js';
import { getChecks, listGaps } from '../../src/store/completeness.js';
import { getTopicStates } from '../../src/store/ingest-state.js';
import { openStore } from '../../src/store/open.js';
import { type EutilsServer, type ServerRecord, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { type RecordSpec, makeRecord } from '../support/make-record.js';
import { ingestAt } from './ingest-at.js';

const TOPICS = [
  { name: 'alpha', query: 'alphazine[tiab]' },
  { name: 'beta', query: 'betazine[tiab]' },
];

function rec(spec: RecordSpec & { modified?: string }): ServerRecord {
  return { pmid: spec.pmid, xml: makeRecord(spec), entrezDate: spec.entrez, modifiedDate: spec.modified ?? spec.entrez };
}

/** 40 records entered in October 2026 (every third also matches beta) and 10 entered in 2025. */
function corpus(): ServerRecord[] {
  const recent = Array.from({ length: 40 }, (_, i) => {
    const pmid = String(1000 + i);
    const title = i % 3 === 0 ? `Betazine and alphazine kinetics ${pmid}` : `Alphazine receptor binding ${pmid}`;
    return rec({ pmid, title, entrez: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}` });
  });
  const old = Array.from({ length: 10 }, (_, i) => rec({ pmid: String(500 + i), title: `Alphazine in 2025 ${500 + i}`, entrez: `2025-0${1 + (i % 9)}-10` }));
  return [...old, ...recent];
}

/** PMIDs the server lists for a topic word (the corpus as served, unchanged). */
function upstream(word: string): string[] {
  return corpus()
    .filter((r) => r.xml.toLowerCase().includes(word))
    .map((r) => r.pmid)
    .sort();
}

function stored(db: Database.Database, topic: string): string[] {
  return (db.prepare('SELECT t.pmid FROM article_topics t JOIN articles a USING (pmid) WHERE t.topic = ? AND a.deleted = 0 ORDER BY t.pmid').all(topic) as Array<{ pmid: string }>).map(
    (r) => r.pmid,
  );
}

describe('completeness audit against the loopback E-utilities server', () => {
  let server: EutilsServer;
  let db: Database.Database;

  const ingest = (now: string, opts: IngestOptions = {}, over: Partial<IngestDeps> = {}) => ingestAt({ server, db, topics: TOPICS, batchSize: 10 }, now, opts, over);

  beforeEach(async () => {
    server = await startEutilsServer({ records: corpus(), rateLimit: null });
    db = openStore(':memory:');
  });
  afterEach(async () => {
    db.close();
    await server.close();
  });

  it('converges to the upstream set after a first run with --since, which never counts as a backfill', async () => {
    const first = await ingest('2026-11-01T03:00:00Z', { since: '2026-10-15' });
    expect(first.status).toBe('ok');
    // It checks nothing against PubMed's counts, and its summary says so (status keeps the last check).
    expect(formatIngestSummary(first)).toContain('; not checked against PubMed (a --since run only narrows the window; a plain ingest or --audit checks): alpha, beta');
    expect(stored(db, 'alpha').length).toBeLessThan(upstream('alphazine').length);
    expect(getTopicStates(db).get('alpha')?.completeThrough ?? null).toBeNull();
    await ingest('2026-11-02T03:00:00Z');
    await ingest('2026-11-03T03:00:00Z');
    expect(stored(db, 'alpha')).toEqual(upstream('alphazine'));
    expect(stored(db, 'beta')).toEqual(upstream('betazine'));
    expect(getChecks(db).get('alpha')).toMatchObject({ upstream: 50, local: 50 });
  });

  it('keeps a withheld PMID as a named gap for five runs (exit 3), then stores it once efetch returns it', async () => {
    server.withhold('1005');
    const nights = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'];
    for (const [i, day] of nights.entries()) {
      const s = await ingest(`${day}T03:00:00Z`);
      expect(s.status).toBe('ok');
      expect(s.gaps).toEqual(['1005']);
      expect(exitCodeOf(s)).toBe(3);
      expect(formatIngestSummary(s)).toContain('1 gap (PubMed lists, efetch did not return): 1005; retried on the next run');
      expect(listGaps(db)).toEqual([{ pmid: '1005', topic: 'alpha', firstMissingAt: '2026-11-01T03:00:00.000Z', lastAttemptAt: `${day}T03:00:00.000Z`, attempts: i + 1, rejected: null }]);
      // No full audit while the count of PubMed equals what the library holds plus its gaps.
      if (i > 0) expect(s.topics.map((t) => t.check)).toEqual(['count', 'count']);
    }
    server.release('1005');
    const s = await ingest('2026-11-06T03:00:00Z');
    expect(s.gaps).toEqual([]);
    expect(exitCodeOf(s)).toBe(0);
    expect(getArticle(db, '1005')?.topics).toEqual(['alpha']);
    expect(listGaps(db)).toEqual([]);
    const asked = server.requests.filter((r) => r.utility === 'efetch' && r.params['id']!.split(',').includes('1005'));
    expect(asked).toHaveLength(6);
    expect(getChecks(db).get('alpha')).toMatchObject({ upstream: 50, local: 50 });
  });

  it('names a gap the parser rejected as rejected, with its reason, not as one efetch did not return', async () => {
    // efetch returns 1005, but without its Article element: the normalizer rejects it (the topic word stays
    // in a keyword, so esearch still lists it).
    const broken = makeRecord({ pmid: '1005', title: 'Alphazine receptor binding 1005', entrez: '2026-10-06' })
      .replace(/<Article[\s>][\s\S]*<\/Article>/, '<KeywordList><Keyword>alphazine</Keyword></KeywordList>');
    server.upsert({ pmid: '1005', xml: broken, entrezDate: '2026-10-06', modifiedDate: '2026-10-06' });
    server.withhold('1007');
    const s = await ingest('2026-11-01T03:00:00Z');
    expect(s.gaps).toEqual(['1005', '1007']);
    expect(s.rejected).toEqual([{ pmid: '1005', reason: 'no Article element: the record has no title, journal or date' }]);
    const line = formatIngestSummary(s);
    expect(line).toContain('\n1 gap (PubMed lists, efetch did not return): 1007; retried on the next run');
    expect(line).toContain('\n1 gap (efetch returned, the parser rejected): 1005 (no Article element: the record has no title, journal or date); retried on the next run');
    expect(line).not.toMatch(/did not return\): [^\n]*1005/);
    expect(listGaps(db).map((g) => [g.pmid, g.rejected])).toEqual([['1005', 'no Article element: the record has no title, journal or date'], ['1007', null]]);
    // Fixed upstream but withheld the next night: the gap stays, now for the reason it has now.
    server.upsert(rec({ pmid: '1005', title: 'Alphazine receptor binding 1005', entrez: '2026-10-06', modified: '2026-11-01' }));
    server.withhold('1005');
    await ingest('2026-11-02T03:00:00Z');
    expect(listGaps(db).map((g) => [g.pmid, g.rejected])).toEqual([['1005', null], ['1007', null]]);
  });

  it('detaches a topic from a record its query no longer matches upstream, and keeps the record under its other topic', async () => {
    await ingest('2026-11-01T03:00:00Z');
    expect(getArticle(db, '1000')?.topics).toEqual(['alpha', 'beta']);
    // 1000 no longer mentions alphazine; 1001 matches neither topic any more; 1002 is deleted from PubMed.
    server.upsert(rec({ pmid: '1000', title: 'Betazine kinetics 1000', abstract: 'Betazine only.', entrez: '2026-10-01', modified: '2026-11-01' }));
    server.upsert(rec({ pmid: '1001', title: 'Unrelated receptor binding', abstract: 'Nothing here.', entrez: '2026-10-02', modified: '2026-11-01' }));
    server.remove('1002');
    const s = await ingest('2026-11-02T03:00:00Z');
    expect(s.status).toBe('ok');
    expect(s.topics.find((t) => t.topic === 'alpha')).toMatchObject({ check: 'full', upstream: 47 });
    expect(s.detached).toBe(2);
    expect(s.deleted).toBe(1);
    expect(getArticle(db, '1000')?.topics).toEqual(['beta']);
    expect(getArticle(db, '1001')).toMatchObject({ deleted: false, topics: [] });
    expect(getArticle(db, '1002')?.deleted).toBe(true);
    expect(countArticles(db).byTopic['alpha']).toBe(47);
    expect(getChecks(db).get('alpha')).toMatchObject({ upstream: 47, local: 47, check: 'full' });
  });

  it('does not record as deleted from PubMed a record efetch returned and the parser rejected after its query stopped listing it', async () => {
    await ingest('2026-11-01T03:00:00Z');
    expect(getArticle(db, '1001')?.deleted).toBe(false);
    // 1001 changes upstream: it no longer matches alphazine, and its new version has no Article element.
    const broken = makeRecord({ pmid: '1001', title: 'Unrelated 1001', entrez: '2026-10-02' }).replace(/<Article[\s>][\s\S]*<\/Article>/, '');
    server.upsert({ pmid: '1001', xml: broken, entrezDate: '2026-10-02', modifiedDate: '2026-11-01' });
    server.remove('1002');
    const s = await ingest('2026-11-02T03:00:00Z');
    expect(s.rejected.map((r) => r.pmid)).toEqual(['1001']);
    // 1002 is gone from PubMed; 1001 is not (efetch returned it): it keeps the version the library had.
    expect(getArticle(db, '1002')?.deleted).toBe(true);
    expect(getArticle(db, '1001')).toMatchObject({ deleted: false, title: expect.stringContaining('1001') });
    expect(s.deleted).toBe(1);
  });

  it('runs the full audit at once when the nightly count differs, and fetches a record entered before the window', async () => {
    await ingest('2026-11-01T03:00:00Z');
    // A record PubMed lists now with an entry date long before the nightly window (late indexing).
    server.upsert(rec({ pmid: '700', title: 'Alphazine, indexed late', entrez: '2024-05-05' }));
    const before = server.requests.length;
    const s = await ingest('2026-11-02T03:00:00Z');
    const night = server.requests.slice(before).filter((r) => r.utility === 'esearch');
    const countIdx = night.findIndex((r) => r.params['retmax'] === '0' && r.params['term'] === 'alphazine[tiab]');
    expect(countIdx).toBeGreaterThan(-1);
    // The full set (no date window) is asked right after the mismatching count.
    expect(night[countIdx + 1]?.params).toMatchObject({ term: 'alphazine[tiab]', usehistory: 'y' });
    expect(night[countIdx + 1]?.params['datetype']).toBeUndefined();
    expect(s.topics.find((t) => t.topic === 'alpha')).toMatchObject({ check: 'full', auditReason: 'count mismatch (PubMed 51, library 50)', upstream: 51 });
    expect(s.topics.find((t) => t.topic === 'beta')).toMatchObject({ check: 'count', auditReason: null });
    expect(s).toMatchObject({ new: 1, lacking: 1 });
    // The summary says the mismatch started the audit, and what PubMed listed; not a hole left open.
    expect(formatIngestSummary(s)).toContain('; checked whole against PubMed (full audit): alpha (51 in PubMed; run because of a count mismatch (PubMed 51, library 50))');
    expect(getArticle(db, '700')?.topics).toEqual(['alpha']);
  });

  it('costs one esearch per topic more than its date windows on a nightly run that finds nothing', async () => {
    await ingest('2026-11-01T03:00:00Z');
    const before = server.requests.length;
    const s = await ingest('2026-11-02T03:00:00Z');
    const night = server.requests.slice(before);
    expect(night.filter((r) => r.utility === 'efetch')).toHaveLength(0);
    expect(night.filter((r) => r.params['datetype'] !== undefined)).toHaveLength(4);
    expect(night.filter((r) => r.params['retmax'] === '0').map((r) => r.params['term'])).toEqual(['alphazine[tiab]', 'betazine[tiab]']);
    expect(night).toHaveLength(6);
    expect(s.topics.map((t) => t.check)).toEqual(['count', 'count']);
  });

  it('audits weekly by default, every auditEveryDays when configured, and on request', async () => {
    await ingest('2026-11-01T03:00:00Z');
    const day6 = await ingest('2026-11-07T03:00:00Z');
    expect(day6.topics.map((t) => t.check)).toEqual(['count', 'count']);
    const day8 = await ingest('2026-11-08T03:00:00Z');
    expect(day8.topics.map((t) => t.auditReason)).toEqual(['weekly', 'weekly']);
    const requested = await ingest('2026-11-09T03:00:00Z', { audit: true });
    expect(requested.topics.map((t) => t.auditReason)).toEqual(['requested', 'requested']);
    const everyTwo = await ingest('2026-11-11T03:00:00Z', {}, { auditEveryDays: 2 });
    expect(everyTwo.topics.map((t) => t.auditReason)).toEqual(['weekly', 'weekly']);
  });

  it('drops a gap once PubMed no longer lists the PMID', async () => {
    server.withhold('1003');
    await ingest('2026-11-01T03:00:00Z');
    // 1003 matches both topics: one gap per topic.
    expect(listGaps(db).map((g) => `${g.pmid} ${g.topic}`)).toEqual(['1003 alpha', '1003 beta']);
    server.remove('1003');
    const s = await ingest('2026-11-02T03:00:00Z');
    expect(s.gaps).toEqual([]);
    expect(listGaps(db)).toEqual([]);
    expect(getArticle(db, '1003')).toBeNull();
  });
});
