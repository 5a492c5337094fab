/**
 * The fetch step of an ingest run: the persistent queue drained in efetch batches, each batch stored with
 * its queue marks and gap bookkeeping in one transaction.
 */
import type Database from 'better-sqlite3';
import { crashPoint } from '../crash.js';
import type { Logger } from '../log.js';
import type { PubmedClient } from '../pubmed/client.js';
import { parsePubmedXml } from '../pubmed/normalize.js';
import { applyDeletions, upsertParsed } from '../store/articles.js';
import { closeGaps, recordGaps, removeTopic } from '../store/completeness.js';
import { markQueued, nextPending, queueCounts } from '../store/ingest-state.js';
import type { RecordProblem, UpsertResult } from '../types.js';
import type { AuditState } from './ingest-audit.js';
import type { IngestSummary } from './types.js';

/** The run figures the fetch step adds to. */
export type FetchTally = Pick<IngestSummary, 'fetched' | 'new' | 'updated' | 'unchanged' | 'older' | 'deleted' | 'detached' | 'missing' | 'rejected'>;

export interface FetchDeps {
  db: Database.Database;
  client: PubmedClient;
  batchSize: number;
  logger: Logger;
  clock: () => Date;
  throwIfAborted: () => void;
  /** A batch is asked again (an answer holding none of its PMIDs): the run counts it as a retry. */
  onAskAgain: () => void;
  onBatch: (done: number, total: number) => void;
}

/**
 * Fetches the pending queue in batches by POSTed id lists. efetch silently leaves out unknown or deleted
 * PMIDs: one that PubMed no longer lists anywhere this run saw is marked deleted; any other becomes (or
 * stays) a gap of its topics, retried by every later run.
 */
export async function drainQueue(d: FetchDeps, tally: FetchTally, audit: AuditState): Promise<void> {
  const counts = queueCounts(d.db);
  const total = counts.pending + counts.done + counts.missing;
  let emptyAnswers = 0;
  for (;;) {
    d.throwIfAborted();
    const batch = nextPending(d.db, d.batchSize);
    if (batch.length === 0) return;
    const xml = await d.client.efetchByIds(batch.map((b) => b.pmid));
    const parsed = parsePubmedXml(xml, `efetch ${batch[0]?.pmid}..${batch.at(-1)?.pmid}`);
    // A well-formed answer holding none of several PMIDs asked is far more likely a server hiccup than
    // that many deletions at once: ask again (twice) before counting them missing.
    if (parsed.articles.length === 0 && parsed.problems.length === 0 && batch.length > 1 && emptyAnswers < 2) {
      emptyAnswers += 1;
      d.onAskAgain();
      d.logger.warn(
        { first: batch[0]?.pmid, last: batch.at(-1)?.pmid, asked: batch.length },
        `ingest: efetch answered none of the PMIDs asked; asking again (retry ${emptyAnswers} of 2)`,
      );
      continue;
    }
    emptyAnswers = 0;
    const asked = new Map(batch.map((b) => [b.pmid, b.topics]));
    const articles = parsed.articles.filter((p) => asked.has(p.article.pmid));
    const returned = new Set(articles.map((p) => p.article.pmid));
    const missing = batch.map((b) => b.pmid).filter((p) => !returned.has(p));
    storeBatch(d.db, { articles, missing, asked, audit, problems: parsed.problems, now: d.clock() }, tally);
    const c = queueCounts(d.db);
    d.onBatch(c.done + c.missing, total);
  }
}

interface Batch {
  articles: ReturnType<typeof parsePubmedXml>['articles'];
  missing: string[];
  asked: Map<string, string[]>;
  audit: AuditState;
  problems: RecordProblem[];
  now: Date;
}

function storeBatch(db: Database.Database, b: Batch, tally: FetchTally): void {
  const left = (p: string) => b.audit.vanished.get(p) ?? new Set<string>();
  const topicsOf = (p: string) => (b.asked.get(p) ?? []).filter((t) => !left(p).has(t));
  // Returned but rejected by the parser is a gap too, with the parser's reason (not "efetch did not return").
  const rejected = new Map(b.problems.flatMap((p) => (p.pmid === null ? [] : [[p.pmid, p.reason] as const])));
  // Left out, and listed by no search of this run: PubMed no longer has it. Not one efetch returned (the
  // parser rejected it): PubMed has it, so the library keeps the version it holds.
  const gone = b.missing.filter((p) => b.audit.vanished.has(p) && !b.audit.seen.has(p) && !rejected.has(p));
  const gaps = b.missing.filter((p) => !gone.includes(p)).map((pmid) => ({ pmid, topics: topicsOf(pmid), rejected: rejected.get(pmid) ?? null }));
  db.transaction(() => {
    const results = upsertParsed(db, b.articles, { source: 'ingest', now: b.now, topicsFor: topicsOf });
    const deletions = applyDeletions(db, gone.map((pmid) => ({ pmid, version: null })), { source: 'ingest', now: b.now });
    for (const p of b.articles.map((a) => a.article.pmid)) for (const t of left(p)) tally.detached += removeTopic(db, [p], t);
    closeGaps(db, [...b.articles.map((p) => p.article.pmid), ...gone]);
    recordGaps(db, gaps, b.now);
    markQueued(db, [...b.articles.map((p) => p.article.pmid), ...gone], 'done');
    markQueued(db, gaps.map((g) => g.pmid), 'missing');
    tallyResults(tally, [...results, ...deletions]);
  }).immediate();
  crashPoint('ingest:after-commit');
  tally.fetched += b.articles.length;
  tally.missing.push(...gaps.map((g) => g.pmid));
  for (const p of b.problems) tally.rejected.push({ pmid: p.pmid, reason: p.reason });
}

function tallyResults(t: FetchTally, results: readonly UpsertResult[]): void {
  for (const r of results) {
    if (r.outcome === 'new' || r.outcome === 'undeleted') t.new += 1;
    else if (r.outcome === 'updated') t.updated += 1;
    else if (r.outcome === 'unchanged') t.unchanged += 1;
    else if (r.outcome === 'older') t.older += 1;
    else if (r.outcome === 'deleted') t.deleted += 1;
  }
}
