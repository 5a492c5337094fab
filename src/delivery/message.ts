/**
 * The digest e-mail, decided without I/O: the subject from the template and the week's counts, the
 * deterministic Message-ID, the recipient-list key of the ledger, and the message fields nodemailer turns
 * into one multipart/alternative message (the digest as plain text, render-text.ts, as text/plain; the HTML
 * file as text/html). Pure.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';
import { noticeCounts, retractionCount } from '../digest/notices.js';
import { coverageGap, partlyCoveredTo, utc } from '../digest/coverage.js';
import { isQuiet, plural } from '../digest/render-common.js';
import { renderText } from '../digest/render-text.js';
import type { DigestDocument } from '../digest/types.js';
import { type EmailConfig, type SubjectPlaceholder, mailboxAddress } from './config.js';

/** What the subject and the quiet-week rule read of the week's document. */
export type MailDoc = Pick<DigestDocument, 'week' | 'counts' | 'notices' | 'range' | 'coverage' | 'inProgress' | 'asOf'>;

/**
 * `6 new papers, 2 updated, 1 retraction, 1 withdrawn from PubMed, 1 correction` (zero parts after the
 * first left out; notices counted by the paper they are about, as the digest's headline counts them), or
 * `quiet week`. A week not wholly covered by an ingest says so (naming the topics not covered, when only
 * some were not), and counts the ingests that failed in it: `0 new papers, not covered by an ingest yet,
 * 1 ingest did not complete` (failed, interrupted or deferred).
 */
export function summaryOf(doc: MailDoc): string {
  if (isQuiet(doc)) return 'quiet week';
  const failed = doc.coverage?.problems.length ?? 0;
  return [
    plural(doc.counts.new, 'new paper', 'new papers'),
    ...(doc.counts.updated > 0 ? [`${doc.counts.updated} updated`] : []),
    ...noticeCounts(doc.notices).map((n) => n.text),
    ...coverageNote(doc),
    ...(failed > 0 ? [plural(failed, 'ingest did not complete', 'ingests did not complete')] : []),
  ].join(', ');
}

/**
 * When the week was not wholly covered: `not covered by an ingest yet` (no topic was), the topics that were
 * not (`not covered by an ingest yet for 7-hydroxymitragynine`, or `1 of 5 topics not covered by an ingest
 * yet` when their names would make the subject long), or `covered up to 2026-12-03 03:30 UTC` (every
 * topic was, at least partly).
 */
function coverageNote(doc: MailDoc): string[] {
  if (coverageGap(doc) === null) return [];
  const topics = doc.coverage?.topics ?? [];
  const none = topics.filter((t) => t.covered === 'none').map((t) => t.topic);
  const partly = partlyCoveredTo(doc);
  if (none.length === 0 && partly !== null) return [`covered up to ${utc(partly)}`];
  if (none.length === 0 || none.length === topics.length) return ['not covered by an ingest yet'];
  const names = none.join(', ');
  return [names.length <= SUBJECT_TOPIC_CHARS ? `not covered by an ingest yet for ${names}` : `${none.length} of ${topics.length} topics not covered by an ingest yet`];
}

/** Longest list of topic names the subject spells out (a subject is read in one line of a mail list). */
const SUBJECT_TOPIC_CHARS = 40;

/** The subject: template placeholders replaced; line breaks removed (a header is one line). */
export function subjectOf(template: string, doc: MailDoc): string {
  const values: Record<SubjectPlaceholder, string> = {
    week: doc.week,
    summary: summaryOf(doc),
    new: String(doc.counts.new),
    updated: String(doc.counts.updated),
    notices: String(doc.counts.notices),
    retractions: String(retractionCount(doc.notices)),
  };
  // Config loading refuses any other {name} (unknownPlaceholders); one passed in directly is left as it is.
  const known: Record<string, string> = values;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => known[k] ?? m).replace(/[\r\n]+/g, ' ').trim();
}

/** A recipient as the ledger compares it: its address (no display name), lower-cased. */
export function addressOf(mailbox: string): string {
  return (mailboxAddress(mailbox) ?? mailbox).trim().toLowerCase();
}

/**
 * The recipient list with each address once, in the configured order, the first spelling kept: `Ana
 * <ana@lab.org>` and `ANA@Lab.org` are one recipient. RFC 5321 lets a local part be case-sensitive, but
 * mail systems treat addresses that differ only in case as one mailbox, and so does the ledger.
 */
export function uniqueRecipients(to: readonly string[]): string[] {
  const seen = new Set<string>();
  return to.filter((m) => {
    const a = addressOf(m);
    if (seen.has(a)) return false;
    seen.add(a);
    return true;
  });
}

/** Recipients as compared by the ledger: their addresses, lower-cased, de-duplicated, sorted. */
export function normalizedRecipients(to: readonly string[]): string[] {
  return uniqueRecipients(to).map(addressOf).sort();
}

/** Ledger key of one week to one recipient list: `2026-W48/3f9a...` (a changed list is a new key). */
export function deliveryKey(week: string, to: readonly string[]): string {
  const hash = createHash('sha256').update(normalizedRecipients(to).join('\n')).digest('hex').slice(0, 16);
  return `${week}/${hash}`;
}

/**
 * The same Message-ID for every attempt of one week to one list, so a mail store that collapses duplicates
 * by Message-ID (many do) shows a forced re-send or an SMTP-level duplicate only once.
 */
export function messageIdOf(key: string, from: string): string {
  const address = mailboxAddress(from) ?? from;
  const domain = address.slice(address.lastIndexOf('@') + 1) || 'kratomlit.invalid';
  return `<kratomlit.${key.replace('/', '.')}@${domain}>`;
}

/** nodemailer message fields for the week (html is the digest file, unchanged; text the digest as plain text). */
export interface DigestMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  date: Date;
  /** base64 keeps both parts byte-exact, whatever their line lengths or trailing spaces. */
  textEncoding: 'base64';
  /** SMTP envelope when it differs from the headers: after a partial send, only those still to reach. */
  envelope?: { from: string; to: string[] };
}

/**
 * The week's message. The text/plain part is rendered from the document as plain text (the Markdown file
 * read as raw `####`, `**` and `[text](url)` in a text mail reader); `files.md` is no longer sent.
 */
export function digestMail(c: Pick<EmailConfig, 'from' | 'to' | 'subject'>, doc: DigestDocument, files: { html: string }, now: Date): DigestMail {
  const key = deliveryKey(doc.week, c.to);
  return {
    from: c.from,
    // The To: header, the ledger row and the report name each recipient once (the envelope always did).
    to: uniqueRecipients(c.to),
    subject: subjectOf(c.subject, doc),
    text: renderText(doc),
    html: files.html,
    messageId: messageIdOf(key, c.from),
    date: now,
    textEncoding: 'base64',
  };
}

/**
 * Refuses to mail a week that has not ended at `now` (a UsageError: exit 2), naming the week and the instant
 * it ends: the library checks it before writing anything, the delivery again before its ledger (a week
 * mailed before its end would block the whole week's mail).
 */
export function refuseUnended(week: string, end: string, now: Date): void {
  if (now.getTime() < Date.parse(end)) {
    throw new UsageError(`digest: week ${week} is still in progress (it ends ${utc(end)}); it can be written now, but e-mailed only once it has ended`);
  }
}
