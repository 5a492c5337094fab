import { existsSync, statSync } from 'node:fs';
import { Command } from 'commander';
import { countArticles, getChangeSeq } from '../store/articles.js';
import { type RunRow, lastRuns, lastSuccessfulRun } from '../store/runs.js';
import type { CommandContext } from './context.js';

/** Next fire times per scheduled job, supplied by the entry point (only jobs/ knows node-cron). */
export type NextRunsProvider = (ctx: CommandContext, count: number) => Record<string, string[]>;

/** Reads an index file's store high-water stamp without loading it (supplied by the search module). */
export type IndexStampReader = (indexPath: string) => { highWater: number } | null;

/** `kratomlit status [--json]`. */
export function statusCommand(ctx: () => CommandContext, deps: { nextRuns?: NextRunsProvider; indexStamp?: IndexStampReader }): Command {
  return new Command('status')
    .description('counts, last runs, index freshness and next scheduled runs')
    .option('--json', 'print as JSON')
    .option('--runs <n>', 'how many recent runs to list', '5')
    .action((opts: { json?: boolean; runs: string }) => {
      const c = ctx();
      const db = c.openDb();
      try {
        const status = {
          database: c.config.db,
          records: countArticles(db),
          lastImport: brief(lastSuccessfulRun(db, 'import')),
          lastIngest: brief(lastSuccessfulRun(db, 'ingest')),
          lastDigest: brief(lastSuccessfulRun(db, 'digest')),
          runs: lastRuns(db, { limit: Math.max(1, Number.parseInt(opts.runs, 10) || 5) }).map(brief),
          index: indexStatus(c.config.indexPath, getChangeSeq(db), deps.indexStamp),
          nextRuns: deps.nextRuns ? deps.nextRuns(c, 1) : {},
        };
        c.out(opts.json ? JSON.stringify(status, null, 2) : formatStatus(status));
      } finally {
        db.close();
      }
    });
}

function brief(r: RunRow | null) {
  if (!r) return null;
  return { id: r.id, kind: r.kind, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt, details: r.details, error: r.error };
}

function indexStatus(path: string, storeSeq: number, read?: IndexStampReader) {
  if (!existsSync(path)) return { path, exists: false, fresh: false, highWater: null, storeHighWater: storeSeq, bytes: 0 };
  const stamp = read ? read(path) : null;
  return {
    path,
    exists: true,
    fresh: stamp !== null && stamp.highWater === storeSeq,
    highWater: stamp?.highWater ?? null,
    storeHighWater: storeSeq,
    bytes: statSync(path).size,
  };
}

type Status = {
  database: string;
  records: ReturnType<typeof countArticles>;
  runs: Array<ReturnType<typeof brief>>;
  index: ReturnType<typeof indexStatus>;
  nextRuns: Record<string, string[]>;
};

function formatStatus(s: Status): string {
  const r = s.records;
  const lines = [
    `Database: ${s.database}`,
    `Records: ${r.live} live (${r.books} books, ${r.retracted} retracted), ${r.deleted} deleted`,
    `Topics: ${Object.entries(r.byTopic).map(([t, n]) => `${t} ${n}`).join(', ') || 'none yet'}`,
    `Search index: ${s.index.exists ? (s.index.fresh ? 'up to date' : `stale (index at ${s.index.highWater ?? '?'}, store at ${s.index.storeHighWater})`) : 'not built (built on first search)'}`,
  ];
  for (const [job, times] of Object.entries(s.nextRuns)) lines.push(`Next ${job}: ${times[0] ?? 'unknown'}`);
  lines.push('Recent runs:');
  if (s.runs.length === 0) lines.push('  none');
  for (const run of s.runs) {
    if (!run) continue;
    const figures = Object.entries(run.details)
      .filter(([, v]) => typeof v === 'number')
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ');
    lines.push(`  #${run.id} ${run.kind} ${run.status} ${run.startedAt}${figures ? ` — ${figures}` : ''}${run.error ? ` — ${run.error}` : ''}`);
  }
  return lines.join('\n');
}
