import { Command } from 'commander';
import { completenessLine } from '../completeness.js';
import { schedulerLine } from '../library/scheduler-line.js';
import type { StatusReport, StatusRun } from '../library/types.js';
import type { CommandContext } from './context.js';
import { counted } from './counted.js';
import { wholeNumber } from './whole-number.js';
import { nextRunText, runFiguresOf, utcMinute } from '../library/run-text.js';

/** `kratomlit status [--json] [--runs N]`. */
export function statusCommand(ctx: () => CommandContext): Command {
  return new Command('status')
    .description('counts, last runs, index freshness, whether a scheduler runs, and next scheduled runs')
    .option('--json', 'print as JSON on stdout (shape: docs/cli.md "status --json")')
    .option('--runs <n>', 'how many recent runs to list', '5')
    .action(async (opts: { json?: boolean; runs: string }) => {
      const limit = wholeNumber(opts.runs, 'status: --runs', 1, 1000);
      const c = ctx();
      const lib = await c.library();
      try {
        const report = await lib.statusReport({ runs: limit, nextRuns: await nextRuns(c) });
        c.out(opts.json ? JSON.stringify(report, null, 2) : formatStatus(report, c.now()));
      } finally {
        lib.close();
      }
    });
}

/** The next fire time of each scheduled job (the scheduler, and node-cron, load only here). */
export async function nextRuns(c: CommandContext): Promise<Record<string, string[]>> {
  return (await import('./next-runs.js')).nextRuns(c, 1);
}

/** The human-readable form of the report (stdout: it is what the user asked for); `now` dates the checks. */
export function formatStatus(s: StatusReport, now: Date): string {
  const r = s.records;
  const idx = s.index;
  const lines = [
    `Database: ${s.database}`,
    `Records: ${r.live} live (${counted(r.books, 'book')}, ${r.retracted} retracted), ${r.deleted} deleted`,
    `Topics: ${s.topics.map((t) => `${t.name} ${t.records}${t.configured ? '' : ' (not configured)'}`).join(', ') || 'none configured'}`,
    'Completeness against PubMed:',
    ...Object.entries(s.completeness).map(([topic, c]) => `  ${completenessLine(topic, c, now)}`),
    `Search index: ${idx.exists ? (idx.fresh ? 'up to date' : `stale (index at ${idx.highWater ?? '?'}, store at ${idx.storeHighWater})`) : 'not built (built on first search)'}`,
  ];
  lines.push(`Scheduler: ${schedulerLine(s.scheduler)}`);
  for (const [job, times] of Object.entries(s.nextRuns)) lines.push(`Next ${job}: ${times[0] === undefined ? 'unknown' : nextRunText(times[0])}`);
  lines.push('Recent runs:');
  if (s.runs.length === 0) lines.push('  none');
  for (const run of s.runs) lines.push(`  ${formatRun(run)}`);
  return lines.join('\n');
}

/** One run: its number, kind, outcome, start (UTC) and figures in words (run-text.ts, as the status page gives them). */
function formatRun(run: StatusRun): string {
  const figures = runFiguresOf(run);
  return `#${run.id} ${run.kind} ${run.status} ${utcMinute(run.startedAt)}${figures ? ` — ${figures}` : ''}${run.error ? ` — ${run.error}` : ''}`;
}
