import { Command } from 'commander';
import { EXIT, UsageError } from '../errors.js';
import type { DeliveryReport } from '../library/types.js';
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
    .option('--send', 'then e-mail it to delivery.email.to (once per week and recipient list)')
    .option('--resend', 'with --send: send again a week whose previous send was cut off and may have been delivered')
    .option('--json', 'print the week, counts and files written as JSON on stdout')
    .action(async (o: DigestFlags) => {
      if (o.resend && !o.send) throw new UsageError('digest: --resend needs --send');
      await runDigestCommand(ctx(), o);
    });
}

async function runDigestCommand(c: CommandContext, o: DigestFlags): Promise<void> {
  const lib = await c.library();
  try {
    const r = await lib.digest({ ...(o.week ? { week: o.week } : {}), ...(o.out ? { out: o.out } : {}), send: o.send === true, resend: o.resend === true });
    if (o.json) c.out(JSON.stringify(r, null, 2));
    else c.say(`digest ${r.week}: ${r.counts.new} new, ${r.counts.updated} updated, ${counted(r.counts.notices, 'notice')} -> ${r.files.join(', ')}`);
    if (r.email && !o.json) c.say(emailLine(r.email));
    process.exitCode = EXIT.OK;
  } finally {
    lib.close();
  }
}

function emailLine(e: DeliveryReport): string {
  const what = {
    sent: `sent to ${e.to.length} recipient${e.to.length === 1 ? '' : 's'} ("${e.subject}")${e.attempts > 1 ? ` after ${e.attempts} attempts` : ''}`,
    'already-sent': 'already sent to this recipient list; not sent again',
    'in-progress': 'another process is sending it now',
    'in-doubt': 'a previous send was cut off and may have been delivered; not sent again (--resend to send anyway)',
    'quiet-not-sent': 'quiet week, not sent (delivery.email.sendQuietWeeks is false)',
  }[e.status];
  return `e-mail ${e.week}: ${what}`;
}
