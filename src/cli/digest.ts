import type { CommandContext } from '../../src/commands/context.js';
import type { DeliveryResult } from '../../src/delivery/send.js';
import { EXIT, UsageError } from '../../src/errors.js';
import { type DigestDeps, run } from '../digest.js';
import { closeStore } from '../../src/store/open.js';
import { emailDeps } from './email.js';

/** Digest dependencies from the configuration (and an optional `--out`). */
export function digestDeps(ctx: CommandContext, db: DigestDeps['db'], outDir?: string): DigestDeps {
  const d = ctx.config.digest;
  return {
    db,
    outDir: outDir ?? d.outDir,
    timeZone: d.timezone,
    perTopicCap: d.perTopicCap,
    feedWeeks: d.feedWeeks,
    topics: ctx.config.topics.map((t) => t.name),
    siteUrl: d.siteUrl,
    logger: ctx.logger,
  };
}

/** The `digest` command's work (loaded only when the command runs). */
export async function runDigestCommand(c: CommandContext, o: { week?: string; out?: string; send?: boolean; resend?: boolean; json?: boolean }): Promise<void> {
  const db = c.openDb();
  try {
    // Checked before the digest is written, so a missing password or section fails fast and changes nothing.
    const mail = o.send ? emailDeps(c, db, o.out) : null;
    if (o.send && mail === null) throw new UsageError(`digest: --send needs a delivery.email section in the configuration (${c.config.configPath ?? 'none in use'})`);
    const r = await run(digestDeps(c, db, o.out), c.now(), o.week ? { week: o.week } : {});
    let email: DeliveryResult | null = null;
    if (mail) {
      const { deliverDigest } = await import('../../src/delivery/send.js');
      email = await deliverDigest(mail, r.week, c.now(), { force: o.resend === true });
    }
    if (o.json) c.out(JSON.stringify(email ? { ...r, email } : r, null, 2));
    else c.say(`digest ${r.week}: ${r.counts.new} new, ${r.counts.updated} updated, ${r.counts.notices} notices -> ${r.files.join(', ')}`);
    if (email && !o.json) c.say(emailLine(email));
    process.exitCode = EXIT.OK;
  } finally {
    closeStore(db);
  }
}

function emailLine(e: DeliveryResult): string {
  const what = {
    sent: `sent to ${e.to.length} recipient${e.to.length === 1 ? '' : 's'} ("${e.subject}")${e.attempts > 1 ? ` after ${e.attempts} attempts` : ''}`,
    'already-sent': 'already sent to this recipient list; not sent again',
    'in-progress': 'another process is sending it now',
    'in-doubt': 'a previous send was cut off and may have been delivered; not sent again (--resend to send anyway)',
    'quiet-not-sent': 'quiet week, not sent (delivery.email.sendQuietWeeks is false)',
  }[e.status];
  return `e-mail ${e.week}: ${what}`;
}
