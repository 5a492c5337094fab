/**
 * Mailing one week's digest exactly once per recipient list: read the files the digest job wrote, claim the
 * week in the ledger, send with retries, close the ledger row. See ledger.ts for what a crash leaves behind.
 */
import type Database from 'better-sqlite3';
import { parseDigestJson } from '../digest/render-json.js';
import { AppError } from '../errors.js';
import type { DeliveryReport, DigestArchive } from '../library/types.js';
import type { Logger } from '../log.js';
import { isProcessAlive } from '../store/lock.js';
import { type EmailConfig, emailPort } from './config.js';
import { type DeliveryDetails, claimDelivery, finishDelivery, markPhase } from './ledger.js';
import { type DigestMail, deliveryKey, digestMail, isQuietWeek } from './message.js';
import { sendWithRetry } from './smtp.js';

export interface EmailDeliveryDeps {
  db: Database.Database;
  config: EmailConfig;
  /** The SMTP password, read by the caller from the variable `config.passwordEnv` names; null without auth. */
  password: string | null;
  /** Where the week's `.json`, `.md` and `.html` are read from (the files the digest job wrote). */
  digests: Pick<DigestArchive, 'readDigest'>;
  logger?: Logger;
  isAlive?: (pid: number) => boolean;
  sleep?: (ms: number) => Promise<void>;
}

/** What one delivery did (the library's public shape). */
export type DeliveryResult = DeliveryReport;

/**
 * Sends the week's digest unless the ledger says it went (or may have gone) to this list already.
 * `force` re-sends an in-doubt delivery (same Message-ID). Throws AppError `EMAIL` naming the week, the
 * server and the SMTP reason when the message was not accepted (after retries, for transient failures).
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
  return send(deps, claim.runId, { ...details, phase: 'sending', attempts: 0 }, mail);
}

async function send(deps: EmailDeliveryDeps, runId: number, details: DeliveryDetails, mail: DigestMail): Promise<DeliveryResult> {
  const c = deps.config;
  const server = `${c.host}:${emailPort(c)}`;
  const outcome = await sendWithRetry(c, deps.password, mail, {
    beforeAttempt: (n) => markPhase(deps.db, runId, { ...details, phase: 'sending', attempts: n }),
    afterFailure: (n, failure, delayMs) => {
      markPhase(deps.db, runId, { ...details, phase: 'waiting', attempts: n });
      if (delayMs !== null) deps.logger?.warn({ week: details.week, server, attempt: n, retryInMs: delayMs, reason: failure.reason }, 'digest e-mail: transient SMTP failure, retrying');
    },
  }, deps.sleep);
  const end = { now: new Date(), details: { ...details, attempts: outcome.attempts } };
  if (outcome.ok) {
    finishDelivery(deps.db, runId, { ...end, ok: true });
    deps.logger?.info({ week: details.week, server, to: mail.to.length, attempts: outcome.attempts, messageId: mail.messageId }, 'digest e-mailed');
    return { week: details.week, status: 'sent', subject: mail.subject, messageId: mail.messageId, to: mail.to, attempts: outcome.attempts };
  }
  const { failure } = outcome;
  const tries = failure.transient ? ` (gave up after ${outcome.attempts} attempts)` : '';
  const line = `digest: e-mail for ${details.week} not sent via ${server}: ${failure.reason}${tries}`;
  finishDelivery(deps.db, runId, { ...end, ok: false, error: line });
  throw new AppError('EMAIL', line);
}

/** The message from the stored files; AppError when the week's digest was not written. */
async function composeMail(deps: EmailDeliveryDeps, week: string, now: Date): Promise<DigestMail & { quiet: boolean }> {
  const read = deps.digests.readDigest;
  const [json, md, html] = await Promise.all([read(week, 'json'), read(week, 'md'), read(week, 'html')]);
  if (json === null || md === null || html === null) throw new AppError('EMAIL', `digest: e-mail for ${week}: the digest files of that week are missing`);
  const doc = parseDigestJson(json, `${week}.json`);
  return { ...digestMail(deps.config, doc, { md, html }, now), quiet: isQuietWeek(doc) };
}
