/**
 * Library capabilities beyond search/get/export that the faces (MCP server, e-mail, web) need: the store's
 * change sequence, a record's revision history in words, the stored weekly digests, and one status report.
 * Everything reads; nothing here writes the store or the digest folder.
 */
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { describeRevision } from '../digest/changes.js';
import { parseWeek } from '../digest/week.js';
import { readOutput } from '../digest/write.js';
import { countArticles, getArticle, getChangeSeq } from '../store/articles.js';
import { listRevisionsOf } from '../store/revisions.js';
import { lastRuns, lastSuccessfulRun, type RunRow } from '../store/runs.js';

/** Formats a stored weekly digest exists in. */
export type DigestFormat = 'json' | 'md' | 'html';

/** One revision of a record: when, from where, and what changed in words ("title corrected"). */
export interface PaperHistoryEntry {
  revision: number;
  at: string;
  source: 'import' | 'ingest';
  changes: string[];
}

/** The library's state in one document (what `status` tools and pages show). */
export interface LibraryReport {
  records: ReturnType<typeof countArticles>;
  /** Store change sequence: grows with every stored change; equal values mean nothing changed. */
  changeSeq: number;
  /** Live records per topic, configured topics first (0 when empty), then stored ones. */
  topics: Array<{ name: string; records: number }>;
  lastImport: RunRow | null;
  lastIngest: RunRow | null;
  lastDigest: RunRow | null;
  /** Latest runs of any kind, newest first (at most 10). */
  runs: RunRow[];
  /** Weeks with a stored digest, newest first. */
  digestWeeks: string[];
}

export interface LibraryExtras {
  /** The store's change sequence now (another process's ingest raises it). */
  changeSeq(): number;
  /** Revisions of `pmid`, oldest first; `[]` when it never changed or is unknown. */
  history(pmid: string): PaperHistoryEntry[];
  /** Weeks with a stored `<week>.json` in the digest folder, oldest first (`[]` when the folder is missing). */
  digestWeeks(): Promise<string[]>;
  /** A stored digest file's text, or null when that week was not written; UsageError for a malformed week. */
  readDigest(week: string, format: DigestFormat): Promise<string | null>;
  /** Counts, topics, last runs and stored digests. */
  report(): Promise<LibraryReport>;
}

/** Options of {@link libraryExtras}. */
export interface LibraryExtrasOptions {
  /** Folder of the weekly digests. Default `digests`. */
  digestDir?: string;
  /** Configured topic names, in order (listed even when empty). Default: none. */
  topics?: readonly string[];
}

/** Builds the extra capabilities over an open store connection. */
export function libraryExtras(db: Database.Database, opts: LibraryExtrasOptions = {}): LibraryExtras {
  // Resolved once: the digest reader refuses names that would leave the folder, compared as absolute paths.
  const dir = resolve(opts.digestDir ?? 'digests');
  const digestWeeks = async (): Promise<string[]> => {
    const names = await readdir(dir).catch(() => [] as string[]);
    return names.filter((n) => /^\d{4}-W\d{2}\.json$/.test(n)).map((n) => n.slice(0, -'.json'.length)).sort();
  };
  return {
    changeSeq: () => getChangeSeq(db),
    history: (pmid) => {
      const article = getArticle(db, pmid);
      if (!article) return [];
      return listRevisionsOf(db, pmid).map((r) => ({ revision: r.revision, at: r.at, source: r.source, changes: describeRevision(article, r) }));
    },
    digestWeeks,
    readDigest: async (week, format) => {
      parseWeek(week);
      return readOutput(dir, `${week}.${format}`).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
        throw err;
      });
    },
    report: async () => {
      const records = countArticles(db);
      const configured = opts.topics ?? [];
      const stored = Object.keys(records.byTopic).filter((t) => !configured.includes(t));
      return {
        records,
        changeSeq: getChangeSeq(db),
        topics: [...configured, ...stored].map((name) => ({ name, records: records.byTopic[name] ?? 0 })),
        lastImport: lastSuccessfulRun(db, 'import'),
        lastIngest: lastSuccessfulRun(db, 'ingest'),
        lastDigest: lastSuccessfulRun(db, 'digest'),
        runs: lastRuns(db, { limit: 10 }),
        digestWeeks: (await digestWeeks()).reverse(),
      };
    },
  };
}
