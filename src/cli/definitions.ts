import { Command } from 'commander';
import type { CommandContext } from '../../src/commands/context.js';
import { UsageError } from '../../src/errors.js';
import { addServeOptions, type ServeFlags } from '../../src/commands/serve-options.js';
import { isFilterDate } from '../../src/search/filters.js';

/** `schedule`'s own flags for its optional web server. */
type ScheduleServeFlags = ServeFlags & { serve?: boolean };

// The job commands' definitions (options, help) import nothing heavy; each action loads its module only when
// it runs, so `kratomlit search` does not pay for axios, node-cron or the feed writer at start-up.

/** `kratomlit ingest [--since DATE] [--topic NAME...] [--full] [--audit] [--json]`. */
export function ingestCommand(ctx: () => CommandContext): Command {
  return new Command('ingest')
    .description('bring the library up to date with PubMed (first run: full backfill; later: only what changed)')
    .option('--since <date>', "narrow this run's window to records entered or modified since this day (YYYY-MM-DD); never counts as a backfill")
    .option('--topic <name...>', 'only these configured topics')
    .option('--full', 'backfill every topic again and reconcile deletions')
    .option('--audit', "compare each topic's whole PubMed set with the library now (fetch what lacks, reconcile what PubMed dropped)")
    .option('--json', 'print the run summary as JSON on stdout (the summary line on stderr otherwise)')
    .action(async (opts: { since?: string; topic?: string[]; full?: boolean; audit?: boolean; json?: boolean }) => {
      if (opts.since !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(opts.since) && isFilterDate(opts.since))) {
        throw new UsageError(`ingest: --since must be a real calendar date YYYY-MM-DD, got "${opts.since}"`);
      }
      const { runIngestCommand } = await import('./ingest.js');
      process.exitCode = await runIngestCommand(ctx(), opts);
    });
}

/** `kratomlit digest [--week YYYY-Www] [--out DIR] [--send [--resend]] [--json]`. */
export function digestCommand(ctx: () => CommandContext): Command {
  return new Command('digest')
    .description('write the weekly digest (.md, .html, .json) and update feed.atom (default: last complete ISO week)')
    .option('--week <week>', 'ISO week, e.g. 2026-W47')
    .option('--out <dir>', 'output folder (default from config: digests/)')
    .option('--send', 'then e-mail it to delivery.email.to (once per week and recipient list)')
    .option('--resend', 'with --send: send again a week whose previous send was cut off and may have been delivered')
    .option('--json', 'print the week, counts and files written as JSON on stdout')
    .action(async (o: { week?: string; out?: string; send?: boolean; resend?: boolean; json?: boolean }) => {
      if (o.resend && !o.send) throw new UsageError('digest: --resend needs --send');
      const { runDigestCommand } = await import('./digest.js');
      await runDigestCommand(ctx(), o);
    });
}

/** `kratomlit schedule [--print] [--serve [--port N] [--host H] [--base-path P]]`. */
export function scheduleCommand(ctx: () => CommandContext): Command {
  const cmd = new Command('schedule')
    .description('run the nightly ingest and the weekly digest until SIGINT/SIGTERM (--print: next fire times)')
    .option('--print', 'print the next 5 fire times of each job in its time zone, then exit')
    .option('--serve', 'also serve the library as web pages in the same process (see `serve`)');
  return addServeOptions(cmd)
    .action(async (o: { print?: boolean } & ScheduleServeFlags) => {
      const { runScheduleCommand } = await import('./schedule.js');
      await runScheduleCommand(ctx(), o);
    });
}

/** `kratomlit demo [--dir DIR]`. */
export function demoCommand(ctx: () => CommandContext): Command {
  return new Command('demo')
    .description('show the whole pipeline working offline: loopback E-utilities server, two nightly ingests, search, digests, export')
    .option('--dir <dir>', 'where the demo database and digests go: a new or empty folder, or one an earlier demo made', 'demo-output')
    .action(async (opts: { dir: string }) => {
      const { runDemo } = await import('./demo.js');
      await runDemo(ctx(), opts.dir);
    });
}
