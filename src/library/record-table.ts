/**
 * What faces need about every record at once, kept in memory and following the store's change sequence:
 * each record's evidence (for facet counts), who links to whom in CommentsCorrections (for "linked
 * from" on a paper page), and each record as a result list shows it (listed.ts). Reading every
 * record once at start costs about as much as building the search index's stored fields; afterwards only
 * changed records are read.
 */
import type Database from 'better-sqlite3';
import { getArticles, getChangeSeq, iterateLiveArticles, listChangesSince } from '../store/articles.js';
import type { Article, ListedArticle } from '../types.js';
import { evidenceOf } from '../evidence/summary.js';
import { packListed, unpackedCache } from './listed.js';
import type { LinkingRecord, RecordEvidence } from './types.js';

/** The table as of some store change. */
export interface RecordFacts {
  evidence: ReadonlyMap<string, RecordEvidence>;
  /** Target PMID -> live records linking to it. */
  linkedFrom: ReadonlyMap<string, readonly LinkingRecord[]>;
  /** Live records packed as result lists and search pages read them (listed.ts), by PMID. */
  listed: ReadonlyMap<string, Buffer>;
  /** A record of `listed` unpacked, shared and frozen (the last few thousand are kept: listed.ts unpackedCache). */
  unpack: (packed: Buffer) => ListedArticle;
}

/** Evidence and links per live PMID. */
export interface RecordTable {
  /** Brings the table up to store change `upTo` (the search index's high-water mark). */
  current(upTo: number): RecordFacts;
}

/** A record table over `db`, filled on first use. */
export function recordTable(db: Database.Database): RecordTable {
  const evidence = new Map<string, RecordEvidence>();
  const linkedFrom = new Map<string, LinkingRecord[]>();
  const listed = new Map<string, Buffer>();
  const targets = new Map<string, string[]>();
  const unpack = unpackedCache();
  let seq = -1;
  const unlink = (pmid: string) => {
    for (const t of targets.get(pmid) ?? []) {
      const rest = (linkedFrom.get(t) ?? []).filter((l) => l.pmid !== pmid);
      if (rest.length) linkedFrom.set(t, rest);
      else linkedFrom.delete(t);
    }
    targets.delete(pmid);
  };
  const put = (a: Article) => {
    unlink(a.pmid);
    const ev = a.deleted ? null : evidenceOf(a);
    if (ev) evidence.set(a.pmid, ev);
    else evidence.delete(a.pmid);
    listed.delete(a.pmid);
    if (a.deleted) return;
    listed.set(a.pmid, packListed(a));
    const links = a.commentsCorrections.filter((c) => c.pmid && c.pmid !== a.pmid);
    for (const c of links) linkedFrom.set(c.pmid as string, [...(linkedFrom.get(c.pmid as string) ?? []), { pmid: a.pmid, type: c.type }]);
    if (links.length) targets.set(a.pmid, links.map((c) => c.pmid as string));
  };
  return {
    current(upTo) {
      if (seq === -1) {
        // Read the sequence first: a change stored during the scan is read again next time, never missed.
        seq = getChangeSeq(db);
        for (const a of iterateLiveArticles(db)) put(a);
      } else if (upTo > seq) {
        // Only as far as the index has come, so a request reads no more records than the follower did. A
        // record's row holds its latest change only, so (seq, upTo] holds at most upTo - seq of them: the
        // limit keeps a writer's changes beyond the index (thousands during an import) from being listed.
        const changed = listChangesSince(db, seq, upTo - seq).filter((c) => c.changeSeq <= upTo);
        getArticles(db, changed.map((c) => c.pmid)).forEach(put);
        seq = upTo;
      }
      return { evidence, linkedFrom, listed, unpack };
    },
  };
}
