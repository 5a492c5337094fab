import { Command } from 'commander';
import { EXIT, ReportedError, UsageError } from '../errors.js';
import { parseWeek } from '../digest/week.js';
import type { DeliveryReport, DigestReport } from '../library/types.js';
import type { CommandContext } from './context.js';
import { counted } from './counted.js';

interface DigestFlags {
  week?: string;
  out?: string;
  send?: boolean;
  resend?: boolean;
  json?: boolean;
}

/** `kratomlit digest [--week YYYY-Www] [--out DIR] [--send [--resend]] [--json]`. */
export function digestCommand(ctx: () => CommandContext): Command {
  return new Command('digest')
    .description('write the weekly digest (.md, .html, .json) and update feed.atom (default: last complete ISO week)')
    .option('--week <week>', 'ISO week, e.g. 2026-W47')
    .option('--out <dir>', 'output folder (default from config: digests/)')
    .option('--send', 'then e-mail it to delivery.email.to (once per week and recipient list; only a week that has ended)')
    .option('--resend', 'with --send: send again a week whose previous send was cut off and may have been delivered')
    .option('--json', 'print the week, counts and files written as JSON on stdout')
    .action(async (o: DigestFlags) => {
      if (o.resend && !o.send) throw new UsageError('digest: --resend needs --send');
      // Checked before the library opens, naming the flag the user typed.
      if (o.week !== undefined) parseWeek(o.week, '--week');
      await runDigestCommand(ctx(), o);
    });
}

async function runDigestCommand(c: CommandContext, o: DigestFlags): Promise<void> {
  const lib = await c.library();
  try {
    const r = await lib.digest({ ...(o.week ? { week: o.week } : {}), ...(o.out ? { out: o.out } : {}), send: o.send === true, resend: o.resend === true });
    printReport(c, r, o.json === true);
    process.exitCode = EXIT.OK;
  } catch (err) {
    // The digest was written but the e-mail failed: print what was done, then the error line decides the exit.
    if (err instanceof ReportedError) printReport(c, err.report as DigestReport, o.json === true, false);
    throw err;
  } finally {
    lib.close();
  }
}

function printReport(c: CommandContext, r: DigestReport, json: boolean, withEmail = true): void {
  if (json) return c.out(JSON.stringify(r, null, 2));
  c.say(`digest ${r.week}: ${r.summary} -> ${r.files.join(', ')}`);
  if (r.email && withEmail) c.say(emailLine(r.email));
}

function emailLine(e: DeliveryReport): string {
  const what = {
    sent: `sent to ${counted(e.to.length, 'recipient')} ("${e.subject}")${e.attempts > 1 ? ` after ${e.attempts} attempts` : ''}`,
    partial: e.reason ?? 'sent to some recipients only',
    failed: e.reason ?? 'not sent',
    'already-sent': 'already sent to this recipient list; not sent again',
    'in-progress': 'another process is sending it now',
    'in-doubt': 'a previous send was cut off and may have been delivered; not sent again (--resend to send anyway)',
    'quiet-not-sent': 'quiet week, not sent (delivery.email.sendQuietWeeks is false)',
  }[e.status];
  return `e-mail ${e.week}: ${what}`;
}
