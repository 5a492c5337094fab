/**
 * The `delivery.email` configuration: where the weekly digest is mailed. The SMTP password is never in the
 * file (a `password` key is refused by name); the file names the environment variable that holds it.
 */
import type { z } from 'zod';

type Zod = typeof z;

/** Placeholders of `subject`: {week}, {summary} ("6 new papers, 1 retraction" or "quiet week"), {new}, {updated}, {notices}, {retractions}. */
export const DEFAULT_SUBJECT = 'kratomlit: {week}, {summary}';

/** The names a subject template may hold in braces (message.ts subjectOf fills each). */
export const SUBJECT_PLACEHOLDERS = ['week', 'summary', 'new', 'updated', 'notices', 'retractions'] as const;
export type SubjectPlaceholder = (typeof SUBJECT_PLACEHOLDERS)[number];

/** The `{name}`s of `template` that are not placeholders, each once (`{bogus}` would be mailed as it is). */
export function unknownPlaceholders(template: string): string[] {
  const known: readonly string[] = SUBJECT_PLACEHOLDERS;
  return [...new Set([...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '').filter((name) => !known.includes(name)))];
}

/** `unknown placeholder {bogus} (known: {week}, ...)`: why a subject template is refused. */
function placeholderProblem(template: string): string {
  const bad = unknownPlaceholders(template).map((n) => `{${n}}`);
  return `unknown placeholder${bad.length === 1 ? '' : 's'} ${bad.join(', ')} (known: ${SUBJECT_PLACEHOLDERS.map((n) => `{${n}}`).join(', ')})`;
}

/** `user@host` or `Display Name <user@host>` (the display name may be quoted). */
const MAILBOX = /^\s*(?:"?([^"<>]*?)"?\s*<([^<>\s]+)>|([^<>\s"]+))\s*$/;

/** The address part of a mailbox (`a@b` of `Name <a@b>`), or null when `mailbox` has neither form. */
export function mailboxAddress(mailbox: string): string | null {
  const m = MAILBOX.exec(mailbox);
  return m ? (m[2] ?? m[3] ?? null) : null;
}

/** A mailbox whose address zod accepts as an e-mail address. */
function mailboxOf(z: Zod) {
  const address = z.email();
  return z.string().refine((s) => {
    const a = mailboxAddress(s);
    return a !== null && address.safeParse(a).success;
  }, { error: 'not an e-mail address: give "user@host" or "Name <user@host>"' });
}

/** The `delivery.email` schema, built from a zod namespace (zod is loaded only when a config file is read). */
function emailSchemaOf(z: Zod) {
  return z
    .strictObject({
      host: z.string().min(1).describe('SMTP server host name'),
      port: z.number().int().min(1).max(65535).nullable().default(null).describe('Default: 587 for starttls, 465 for tls, 25 for none'),
      security: z.enum(['starttls', 'tls', 'none']).default('starttls').describe('starttls: plain connect then STARTTLS (required); tls: TLS from the start; none: no encryption (loopback relays only)'),
      user: z.string().min(1).nullable().default(null).describe('SMTP user; null for a relay without authentication'),
      passwordEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').nullable().default(null)
        .describe('Name of the environment variable holding the SMTP password (never the password itself)'),
      password: z.undefined({ error: 'the password never goes in the file: set passwordEnv to the name of an environment variable that holds it' }).optional(),
      from: mailboxOf(z).describe('Sender: "user@host" or "Name <user@host>"'),
      to: z.array(mailboxOf(z)).min(1).describe('Recipients ("user@host" or "Name <user@host>"); each week is sent once to this list'),
      subject: z.string().min(1).max(200)
        .refine((t) => unknownPlaceholders(t).length === 0, { error: (issue) => placeholderProblem(String(issue.input)) })
        .default(DEFAULT_SUBJECT).describe('Subject template: {week} {summary} {new} {updated} {notices} {retractions}'),
      sendQuietWeeks: z.boolean().default(true).describe('Send a short message for a week with nothing new'),
      retries: z.number().int().min(0).max(10).default(4).describe('Retries after a transient failure (4xx reply, connection refused)'),
      retryDelayMs: z.number().int().min(1).max(600_000).default(5_000).describe('First retry delay; doubled for each further retry'),
      timeoutMs: z.number().int().min(1_000).max(600_000).default(60_000).describe('Connection, greeting and socket timeout of one attempt'),
    })
    .refine((e) => e.user === null || e.passwordEnv !== null, { message: 'user is set, so passwordEnv must name the environment variable with the password', path: ['passwordEnv'] });
}

/** `delivery`: null when nothing is configured. */
export function deliverySchemaOf(z: Zod) {
  return z.strictObject({ email: emailSchemaOf(z).nullable().default(null) }).prefault({});
}

export type EmailConfig = z.infer<ReturnType<typeof emailSchemaOf>>;

/** The port used: the configured one, else the usual one for the security mode. */
export function emailPort(c: EmailConfig): number {
  return c.port ?? (c.security === 'tls' ? 465 : c.security === 'starttls' ? 587 : 25);
}
