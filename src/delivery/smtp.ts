/**
 * Sending one message over SMTP with nodemailer (the only nodemailer importer), retrying transient failures
 * with a doubling delay. Which failures are transient follows RFC 5321 reply classes (4yz transient, 5yz
 * permanent), as nodemailer reports them in `permanent`; with no reply at all, a connection that failed or
 * broke is transient, anything else (authentication, TLS, configuration) permanent. Two exceptions:
 * recipients refused one by one while others were accepted are reported, not retried (the message went to
 * the others, and a retry would send it to them again); and a failure with no reply after the whole
 * message was handed to the server is "in doubt" (the server may have taken it), never retried.
 */
import nodemailer from 'nodemailer';
import type { NodemailerError } from 'nodemailer';
import { errorMessage } from '../errors.js';
import { type EmailConfig, emailPort } from './config.js';
import { type DigestMail, addressOf } from './message.js';

/** Errors without an SMTP reply that a later attempt may not meet (the server was unreachable or went away). */
const TRANSIENT_CODES: ReadonlySet<string> = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A failed attempt in one line (never containing the password) and whether to try again. */
export interface SmtpFailure {
  transient: boolean;
  reason: string;
}

/** Classifies a nodemailer error; `secret` is cut from the reason should a server ever echo it. */
export function classifySmtpError(err: unknown, secret: string | null): SmtpFailure {
  const e = (err ?? {}) as NodemailerError & { library?: unknown; reason?: unknown };
  const tls = tlsProblem(e);
  const transient = tls === null && (typeof e.responseCode === 'number' ? e.permanent !== true : TRANSIENT_CODES.has(e.code ?? ''));
  const reason = oneLine(tls ?? e.response ?? errorMessage(err), secret);
  return { transient, reason: e.code && !reason.includes(e.code) ? `${reason} (${e.code})` : reason };
}

/** OpenSSL's reasons when the other end does not speak TLS at all (a plain SMTP greeting came back). */
const NOT_TLS = /wrong version number|packet length too long|unknown protocol|http request/i;

/**
 * TLS failures in words, or null: every attempt would meet them again, so they are permanent. nodemailer
 * passes STARTTLS refusals and OpenSSL's own error text (`error:0A00010B:SSL routines:...`) through.
 */
function tlsProblem(e: NodemailerError & { library?: unknown; reason?: unknown }): string | null {
  if (e.code === 'ETLS' && e.command === 'STARTTLS' && typeof e.responseCode === 'number') {
    return `the server does not offer STARTTLS (it answered STARTTLS with "${e.response ?? e.responseCode}")`;
  }
  if (e.library !== 'SSL routines') return null;
  const why = typeof e.reason === 'string' ? e.reason : 'handshake failed';
  return NOT_TLS.test(why)
    ? `the server does not speak TLS on this port (${why}): security "tls" is TLS from the first byte (usually port 465); use "starttls" for a port that starts in plain text (587)`
    : `TLS handshake failed (${why})`;
}

/** A server reply or message on one line, `secret` cut out should a server ever echo it. */
function oneLine(text: string, secret: string | null): string {
  const line = text.replace(/\s*\r?\n\s*/g, ' ').trim();
  return secret ? line.split(secret).join('***') : line;
}

/** What the sender reports to its caller around each attempt (the ledger hooks in here). */
export interface AttemptHooks {
  /** Before attempt `n` (1-based) opens a connection. */
  beforeAttempt(n: number): void;
  /** After attempt `n` failed without the message being accepted; `delayMs` until the next, or null. */
  afterFailure(n: number, failure: SmtpFailure, delayMs: number | null): void;
}

/** `accepted`: addresses (lower-cased) as the server took them; `refused`: those it refused, with its reply. */
export type SendOutcome =
  | { ok: true; attempts: number; response: string; accepted: string[]; refused: Array<{ to: string; reason: string }> }
  | { ok: false; attempts: number; failure: SmtpFailure; inDoubt: boolean };

/**
 * Tells when the message body has been handed to the server: nodemailer logs an info entry
 * `{ tnx: 'message', outByteCount }` when the DATA stream, final dot included, has been written out.
 */
function handOverWatch(): { logger: Record<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', (entry?: unknown) => void>; handed: { value: boolean } } {
  const handed = { value: false };
  const ignore = (): void => undefined;
  const info = (entry?: unknown): void => {
    const e = entry as { tnx?: unknown; outByteCount?: unknown } | undefined;
    if (e?.tnx === 'message' && typeof e.outByteCount === 'number') handed.value = true;
  };
  return { logger: { trace: ignore, debug: ignore, info, warn: ignore, error: ignore, fatal: ignore }, handed };
}

/** The nodemailer transport for the configuration; one connection per message, no pool. */
function transportOf(c: EmailConfig, password: string | null, logger: ReturnType<typeof handOverWatch>['logger']) {
  return nodemailer.createTransport({
    logger,
    host: c.host,
    port: emailPort(c),
    secure: c.security === 'tls',
    requireTLS: c.security === 'starttls',
    ignoreTLS: c.security === 'none',
    ...(c.user !== null ? { auth: { user: c.user, pass: password ?? '' } } : {}),
    connectionTimeout: c.timeoutMs,
    greetingTimeout: c.timeoutMs,
    socketTimeout: c.timeoutMs,
    // The message is built from our own strings only: never let a field read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

/** Accepted and refused recipients of a sent message, refusals with the server's reply for each. */
function recipientsOf(info: { accepted?: unknown[]; rejected?: unknown[]; rejectedErrors?: unknown[] }, secret: string | null): { accepted: string[]; refused: Array<{ to: string; reason: string }> } {
  // Compared as the ledger compares recipients (message.ts addressOf); nodemailer gives strings or { address }.
  const address = (a: unknown): string => addressOf(typeof a === 'string' ? a : String((a as { address?: unknown } | null)?.address ?? a));
  const errors = (info.rejectedErrors ?? []) as Array<NodemailerError & { recipient?: string }>;
  const refused = (info.rejected ?? []).map(address).map((to) => {
    const err = errors.find((e) => e.recipient !== undefined && addressOf(e.recipient) === to);
    return { to, reason: oneLine(err?.response ?? 'refused by the server', secret) };
  });
  return { accepted: (info.accepted ?? []).map(address), refused };
}

/**
 * Sends `mail`, retrying transient failures up to `config.retries` times after `retryDelayMs`, doubled
 * each time. Resolves with the outcome; never rejects for an SMTP failure.
 */
export async function sendWithRetry(
  c: EmailConfig,
  password: string | null,
  mail: DigestMail,
  hooks: AttemptHooks,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<SendOutcome> {
  const watch = handOverWatch();
  const transport = transportOf(c, password, watch.logger);
  try {
    for (let n = 1; ; n++) {
      hooks.beforeAttempt(n);
      watch.handed.value = false;
      try {
        const info = await transport.sendMail(mail);
        return { ok: true, attempts: n, response: String(info.response ?? ''), ...recipientsOf(info, password) };
      } catch (err) {
        const failure = classifySmtpError(err, password);
        // Handed over and no reply: the server may have queued it; retrying would risk a second copy.
        const inDoubt = watch.handed.value && typeof (err as NodemailerError | null)?.responseCode !== 'number';
        const delay = failure.transient && !inDoubt && n <= c.retries ? c.retryDelayMs * 2 ** (n - 1) : null;
        hooks.afterFailure(n, failure, delay);
        if (delay === null) return { ok: false, attempts: n, failure, inDoubt };
        await sleep(delay);
      }
    }
  } finally {
    transport.close();
  }
}
