/**
 * Mailing one week's digest exactly once per recipient list: read the files the digest job wrote, claim the
 * week in the ledger, send with retries, close the ledger row. See ledger.ts for what a crash leaves behind.
 */
import type Database from 'better-sqlite3';
import { parseDigestJson } from '../digest/render-json.js';
import { AppError, ReportedError } from '../errors.js';
import { plural } from '../digest/render-common.js';
import type { DeliveryReport, DigestArchive } from '../library/types.js';
import type { Logger } from '../log.js';
import { isProcessAlive } from '../store/lock.js';
import { type EmailConfig, emailPort, mailboxAddress } from './config.js';
import { type DeliveryDetails, claimDelivery, finishDelivery, markPhase } from './ledger.js';
import { type DigestMail, deliveryKey, digestMail, normalizedRecipients, refuseUnended } from './message.js';
import { isQuiet } from '../digest/render-common.js';
import { sendWithRetry } from './smtp.js';

export interface EmailDeliveryDeps {
  db: Database.Database;
  config: EmailConfig;
  /** The SMTP password, read by the caller from the variable `config.passwordEnv` names; null without auth. */
  password: string | null;
  /** Where the week's `.json` and `.html` are read from (the files the digest job wrote). */
  digests: Pick<DigestArchive, 'readDigest'>;
  logger?: Logger;
  isAlive?: (pid: number) => boolean;
  sleep?: (ms: number) => Promise<void>;
}

/** What one delivery did (the library's public shape). */
export type DeliveryResult = DeliveryReport;

/**
 * Sends the week's digest unless the ledger says it went (or may have gone) to this list already.
 * `force` re-sends an in-doubt delivery (same Message-ID). Sends only to the list's recipients who have
 * not got the week (after a partial send). Throws a ReportedError `EMAIL` (its report: this delivery)
 * naming the week, the server and the SMTP reason when the message was not accepted (after retries, for
 * transient failures), was refused for some recipients, or may have been delivered (no reply after the
 * whole message was handed over).
 */
export async function deliverDigest(deps: EmailDeliveryDeps, week: string, now: Date, opts: { force?: boolean } = {}): Promise<DeliveryResult> {
  const mail = await composeMail(deps, week, now);
  const base = { week, subject: mail.subject, messageId: mail.messageId, to: mail.to, attempts: 0 };
  if (mail.quiet && !deps.config.sendQuietWeeks) {
    deps.logger?.info({ week }, 'digest e-mail: quiet week not sent (delivery.email.sendQuietWeeks is false)');
    return { ...base, status: 'quiet-not-sent' };
  }
  const details = { key: deliveryKey(week, mail.to), week, to: mail.to, messageId: mail.messageId, subject: mail.subject };
  const claim = claimDelivery(deps.db, details, now, { isAlive: deps.isAlive ?? isProcessAlive, force: opts.force ?? false });
  if (!claim.claimed) {
    const { state, run } = claim.state;
    if (state === 'sent') deps.logger?.info({ week, run: run.id, sentAt: run.endedAt }, 'digest e-mail: already sent to this recipient list');
    else if (state === 'in-doubt') deps.logger?.warn({ week, run: run.id }, 'digest e-mail: a previous send was cut off and may have been delivered; not sending again (digest --send --resend to force)');
    else deps.logger?.warn({ week, run: run.id, pid: run.pid }, 'digest e-mail: another process is sending it now');
    return { ...base, status: state === 'sent' ? 'already-sent' : state };
  }
  // The header names the whole list; the envelope only those who have not got the week yet.
  const envelope = { from: mailboxAddress(mail.from) ?? mail.from, to: claim.to };
  return send(deps, claim.runId, { ...details, to: claim.to, phase: 'sending', attempts: 0 }, { ...mail, envelope });
}

async function send(deps: EmailDeliveryDeps, runId: number, details: DeliveryDetails, mail: DigestMail): Promise<DeliveryResult> {
  const c = deps.config;
  const server = `${c.host}:${emailPort(c)}`;
  const outcome = await sendWithRetry(c, deps.password, mail, {
    beforeAttempt: (n) => markPhase(deps.db, runId, { ...details, phase: 'sending', attempts: n }),
    afterFailure: (n, failure, delayMs) => {
      // Only a retry waits; without one the row is closed right after this with what happened.
      if (delayMs === null) return;
      markPhase(deps.db, runId, { ...details, phase: 'waiting', attempts: n });
      deps.logger?.warn({ week: details.week, server, attempt: n, retryInMs: delayMs, reason: failure.reason }, 'digest e-mail: transient SMTP failure, retrying');
    },
  }, deps.sleep);
  const closing = { deps, runId, server, details: { ...details, attempts: outcome.attempts } };
  const report = { week: details.week, subject: mail.subject, messageId: mail.messageId, to: details.to, attempts: outcome.attempts };
  if (outcome.ok) return closeSent(closing, report, outcome.refused);
  const { failure, inDoubt } = outcome;
  const { week } = details;
  const what = inDoubt
    ? `e-mail for ${week} may have been delivered via ${server}: the server took the whole message but sent no reply (${failure.reason}); not retried, so nobody gets it twice: \`digest --week ${week} --send --resend\` sends it again`
    : `e-mail for ${week} not sent via ${server}: ${failure.reason}${failure.transient ? ` (gave up after ${plural(outcome.attempts, 'attempt', 'attempts')})` : ''}`;
  finishDelivery(deps.db, runId, { now: new Date(), details: closing.details, outcome: inDoubt ? 'in-doubt' : 'failed', error: `digest: ${what}` });
  throw new ReportedError('EMAIL', `digest: ${what}`, { ...report, status: inDoubt ? 'in-doubt' : 'failed', reason: what } satisfies DeliveryResult);
}

/** Closes the row of a message the server took, for everyone (`ok`) or not for those it refused (`partial`, thrown). */
function closeSent(
  c: { deps: EmailDeliveryDeps; runId: number; server: string; details: DeliveryDetails },
  report: Omit<DeliveryResult, 'status'>,
  refused: Array<{ to: string; reason: string }>,
): DeliveryResult {
  const { week } = c.details;
  // Delivered = this row's recipients less those refused, not the server's spelling of the accepted ones:
  // an address spelt differently there must never look undelivered and be sent again each run.
  const refusedSet = new Set(refused.map((r) => r.to));
  const accepted = normalizedRecipients(c.details.to).filter((a) => !refusedSet.has(a));
  const what = refused.length === 0 ? null
    : `e-mail for ${week} sent via ${c.server} to ${accepted.join(', ')} but refused for ${refused.map((r) => `${r.to} (${r.reason})`).join(', ')}; those who got it never get it again: \`digest --week ${week} --send\` sends it to the others`;
  finishDelivery(c.deps.db, c.runId, { now: new Date(), details: { ...c.details, accepted, refused }, outcome: what ? 'partial' : 'ok', ...(what ? { error: `digest: ${what}` } : {}) });
  const fields = { week, server: c.server, to: accepted.length, refused: refused.length, attempts: report.attempts, messageId: report.messageId };
  const sent = { ...report, delivered: accepted, refused };
  if (what) {
    c.deps.logger?.warn(fields, 'digest e-mailed, but some recipients were refused');
    throw new ReportedError('EMAIL', `digest: ${what}`, { ...sent, status: 'partial', reason: what } satisfies DeliveryResult);
  }
  c.deps.logger?.info(fields, 'digest e-mailed');
  return { ...sent, status: 'sent' };
}

/** The message from the stored files; AppError when the week's digest was not written. */
async function composeMail(deps: EmailDeliveryDeps, week: string, now: Date): Promise<DigestMail & { quiet: boolean }> {
  const read = deps.digests.readDigest;
  // The text part is made from the JSON (the Markdown file is not a text mail); the HTML part is the file.
  const [json, html] = await Promise.all([read(week, 'json'), read(week, 'html')]);
  if (json === null || html === null) throw new AppError('EMAIL', `digest: e-mail for ${week}: the digest files of that week are missing`);
  const doc = parseDigestJson(json, `${week}.json`);
  refuseUnended(week, doc.range.end, now);
  return { ...digestMail(deps.config, doc, { html }, now), quiet: isQuiet(doc) };
}
