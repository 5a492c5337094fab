/**
 * Sending one message over SMTP with nodemailer (the only nodemailer importer), retrying transient failures
 * with a doubling delay. Which failures are transient follows RFC 5321 reply classes (4yz transient, 5yz
 * permanent), as nodemailer reports them in `permanent`; with no reply at all, a connection that failed or
 * broke is transient, anything else (authentication, TLS, configuration) permanent.
 */
import nodemailer from 'nodemailer';
import type { NodemailerError } from 'nodemailer';
import { errorMessage } from '../errors.js';
import { type EmailConfig, emailPort } from './config.js';
import type { DigestMail } from './message.js';

/** Errors without an SMTP reply that a later attempt may not meet (the server was unreachable or went away). */
const TRANSIENT_CODES: ReadonlySet<string> = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A failed attempt in one line (never containing the password) and whether to try again. */
export interface SmtpFailure {
  transient: boolean;
  reason: string;
}

/** Classifies a nodemailer error; `secret` is cut from the reason should a server ever echo it. */
export function classifySmtpError(err: unknown, secret: string | null): SmtpFailure {
  const e = (err ?? {}) as NodemailerError;
  const transient = typeof e.responseCode === 'number' ? e.permanent !== true : TRANSIENT_CODES.has(e.code ?? '');
  const raw = e.response ?? errorMessage(err);
  let reason = raw.replace(/\s*\r?\n\s*/g, ' ').trim();
  if (secret) reason = reason.split(secret).join('***');
  return { transient, reason: e.code && !reason.includes(e.code) ? `${reason} (${e.code})` : reason };
}

/** What the sender reports to its caller around each attempt (the ledger hooks in here). */
export interface AttemptHooks {
  /** Before attempt `n` (1-based) opens a connection. */
  beforeAttempt(n: number): void;
  /** After attempt `n` failed without the message being accepted; `delayMs` until the next, or null. */
  afterFailure(n: number, failure: SmtpFailure, delayMs: number | null): void;
}

export type SendOutcome = { ok: true; attempts: number; response: string } | { ok: false; attempts: number; failure: SmtpFailure };

/** The nodemailer transport for the configuration; one connection per message, no pool. */
function transportOf(c: EmailConfig, password: string | null) {
  return nodemailer.createTransport({
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
  const transport = transportOf(c, password);
  try {
    for (let n = 1; ; n++) {
      hooks.beforeAttempt(n);
      try {
        const info = await transport.sendMail(mail);
        return { ok: true, attempts: n, response: String(info.response ?? '') };
      } catch (err) {
        const failure = classifySmtpError(err, password);
        const delay = failure.transient && n <= c.retries ? c.retryDelayMs * 2 ** (n - 1) : null;
        hooks.afterFailure(n, failure, delay);
        if (delay === null) return { ok: false, attempts: n, failure };
        await sleep(delay);
      }
    }
  } finally {
    transport.close();
  }
}
