/**
 * `kratomlit digest --send` end to end: the real binary mails to a real SMTP server on 127.0.0.1 (the
 * smtp-server package). Structure and headers of the message, both parts equal to the files written,
 * once-only across re-runs and a SIGKILL after the server took the message, retry on 421, failure on 535
 * (and the next week still sent), and the password in no output and no ledger row.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, type CliResult, type Sandbox, articleSet, assertBuilt, sandbox } from '../cli/run-cli.js';
import { parseMail } from '../support/mime.js';
import { type ReceivedMail, type TestSmtpServer, startSmtpServer } from '../support/smtp-server.js';

const PASSWORD = 'pw-7f3c9e1a-never-logged';
const ENV = { KRATOMLIT_TEST_SMTP_PW: PASSWORD };
let sb: Sandbox;
let smtp: TestSmtpServer;
let config: string;

function writeConfig(extra: Record<string, unknown> = {}): string {
  const email = {
    host: '127.0.0.1', port: smtp.port, security: 'none', user: 'digest', passwordEnv: 'KRATOMLIT_TEST_SMTP_PW',
    from: 'kratomlit@lab.example.org', to: ['ana@example.org', 'ben@example.org'], retryDelayMs: 5, retries: 3, ...extra,
  };
  return sb.write('kratomlit.config.json', JSON.stringify({ digest: { outDir: 'digests' }, delivery: { email } }));
}

const send = (week: string, more: string[] = [], env: Record<string, string> = ENV): Promise<CliResult> =>
  sb.run(['--config', config, '--verbose', 'digest', '--week', week, '--send', ...more], env);

function emailRuns(): Array<{ status: string; details: Record<string, unknown>; error: string | null }> {
  const db = new Database(sb.db, { readonly: true });
  try {
    const rows = db.prepare("SELECT status, details_json, error FROM runs WHERE kind = 'email' ORDER BY id").all() as Array<{ status: string; details_json: string; error: string | null }>;
    return rows.map((r) => ({ status: r.status, details: JSON.parse(r.details_json) as Record<string, unknown>, error: r.error }));
  } finally {
    db.close();
  }
}

/** The error lines (`--verbose` adds stack traces after them). */
const errorLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('kratomlit:'));

function expectNoPassword(...texts: string[]): void {
  for (const t of texts) expect(t).not.toContain(PASSWORD);
  expect(JSON.stringify(emailRuns())).not.toContain(PASSWORD);
}

/** The library every test starts from, imported once: each test gets a copy of its closed database folder. */
let template: Sandbox;

beforeAll(async () => {
  assertBuilt();
  template = sandbox();
  template.write('a.xml', articleSet([
    { pmid: '101', entrez: '2026-11-17', title: 'Kratom withdrawal in adults' },
    { pmid: '102', entrez: '2026-11-18', title: 'Mitragynine in urine' },
    { pmid: '103', entrez: '2026-11-19', title: 'A retracted kratom study', retractionIn: '999', publicationTypes: ['Journal Article', 'Retracted Publication'] },
    { pmid: '201', entrez: '2026-11-25', title: 'Kratom use in the next week' },
  ]));
  expect((await template.run(['import', 'a.xml'])).code).toBe(0);
});

afterAll(() => template.cleanup());

beforeEach(async () => {
  sb = sandbox();
  cpSync(dirname(template.db), dirname(sb.db), { recursive: true });
  smtp = await startSmtpServer({ user: 'digest', pass: PASSWORD });
  config = writeConfig();
});

afterEach(async () => {
  await smtp.close();
  sb.cleanup();
});

describe('digest --send', () => {
  it('sends one multipart/alternative message whose parts are the .md and .html files, with date, Message-ID and a counting subject', async () => {
    const r = await send('2026-W47');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('e-mail 2026-W47: sent to 2 recipients');
    expect(smtp.received).toHaveLength(1);
    const got = smtp.received[0] as ReceivedMail;
    expect([got.from, got.to]).toEqual(['kratomlit@lab.example.org', ['ana@example.org', 'ben@example.org']]);
    const mail = parseMail(got.raw);
    expect(mail.headers.subject).toBe('kratomlit: 2026-W47, 3 new papers, 1 retraction');
    expect(mail.headers['content-type']).toMatch(/^multipart\/alternative;/);
    expect(mail.headers['message-id']).toMatch(/^<kratomlit\.2026-W47\.[0-9a-f]{16}@lab\.example\.org>$/);
    expect(Number.isNaN(Date.parse(mail.headers.date ?? ''))).toBe(false);
    expect(mail.parts.map((p) => p.headers['content-type'])).toEqual(['text/plain; charset=utf-8', 'text/html; charset=utf-8']);
    expect(mail.parts[0]?.body).toBe(readFileSync(join(sb.dir, 'digests', '2026-W47.md'), 'utf8'));
    expect(mail.parts[1]?.body).toBe(readFileSync(join(sb.dir, 'digests', '2026-W47.html'), 'utf8'));
    expect(emailRuns().map((x) => [x.status, x.details.week, x.details.attempts])).toEqual([['ok', '2026-W47', 1]]);
    expectNoPassword(r.stderr, r.stdout);
  });

  it('never sends the same week to the same list twice; a changed list gets it', async () => {
    expect((await send('2026-W47')).code).toBe(0);
    const again = await send('2026-W47');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('e-mail 2026-W47: already sent to this recipient list; not sent again');
    const json = await send('2026-W47', ['--json']);
    expect((JSON.parse(json.stdout) as { email: unknown }).email).toMatchObject({ week: '2026-W47', status: 'already-sent', to: ['ana@example.org', 'ben@example.org'], attempts: 0 });
    expect(smtp.received).toHaveLength(1);
    config = writeConfig({ to: ['ana@example.org', 'cy@example.org'] });
    expect((await send('2026-W47')).code).toBe(0);
    expect(smtp.received.map((m) => m.to)).toEqual([['ana@example.org', 'ben@example.org'], ['ana@example.org', 'cy@example.org']]);
  });

  it('retries after a 421 and delivers once, saying so in the log', async () => {
    smtp.refuseMail(421, 2);
    const r = await send('2026-W47');
    expect(r.code, r.stderr).toBe(0);
    expect(smtp.refusals).toBe(2);
    expect(smtp.received).toHaveLength(1);
    expect(r.stderr.match(/transient SMTP failure, retrying/g)).toHaveLength(2);
    expect(r.stderr).toContain('e-mail 2026-W47: sent to 2 recipients ("kratomlit: 2026-W47, 3 new papers, 1 retraction") after 3 attempts');
    expect(r.stderr).toContain('421 4.3.2 Service shutting down');
    expect(emailRuns().map((x) => [x.status, x.details.attempts])).toEqual([['ok', 3]]);
    expectNoPassword(r.stderr, r.stdout);
  });

  it('gives up on transient failures after the configured retries, with one line naming the week and server', async () => {
    smtp.refuseMail(421, 10);
    const r = await send('2026-W47');
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([`kratomlit: digest: e-mail for 2026-W47 not sent via 127.0.0.1:${smtp.port}: 421 4.3.2 Service shutting down, try again later (EENVELOPE) (gave up after 4 attempts)`]);
    expect(smtp.refusals).toBe(4);
  });

  it('fails on a 535 with one clear line and no password anywhere; the next week is still sent', async () => {
    smtp.refuseLogins();
    const r = await send('2026-W47');
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(new RegExp(`^kratomlit: digest: e-mail for 2026-W47 not sent via 127\\.0\\.0\\.1:${smtp.port}: .*535 5\\.7\\.8 Authentication credentials invalid`))]);
    expect(smtp.received).toHaveLength(0);
    expectNoPassword(r.stderr, r.stdout);
    await smtp.close();
    smtp = await startSmtpServer({ user: 'digest', pass: PASSWORD });
    config = writeConfig();
    const next = await send('2026-W48');
    expect(next.code, next.stderr).toBe(0);
    expect(parseMail((smtp.received[0] as ReceivedMail).raw).headers.subject).toBe('kratomlit: 2026-W48, 1 new paper');
    expect(emailRuns().map((x) => [x.status, x.details.week])).toEqual([['failed', '2026-W47'], ['ok', '2026-W48']]);
  });

  it('never falls back to plain text when starttls is configured and the server offers no STARTTLS', async () => {
    config = writeConfig({ security: 'starttls' });
    const r = await send('2026-W47');
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(new RegExp(`^kratomlit: digest: e-mail for 2026-W47 not sent via 127\\.0\\.0\\.1:${smtp.port}: .*\\(ETLS\\)$`))]);
    expect(r.stderr).not.toContain('retrying');
    expect(smtp.received).toHaveLength(0);
  });

  it('does not send again after the sender was killed right after the server accepted the message', async () => {
    const child = spawn(process.execPath, [BIN, '--config', config, 'digest', '--week', '2026-W47', '--send'], { cwd: sb.dir, env: { PATH: process.env.PATH ?? '', KRATOMLIT_DB: sb.db, ...ENV }, stdio: 'ignore' });
    const exited = once(child, 'exit');
    await once(smtp.events, 'accepted');
    child.kill('SIGKILL');
    await exited;
    const again = await send('2026-W47');
    expect(again.code).toBe(0);
    expect(smtp.received).toHaveLength(1);
    expect(again.stderr).toMatch(/e-mail 2026-W47: (already sent|a previous send was cut off and may have been delivered)/);
  });

  it('treats a send cut off before the server replied as in doubt: not resent, until --resend, with the same Message-ID', async () => {
    smtp.hold();
    const child = spawn(process.execPath, [BIN, '--config', config, 'digest', '--week', '2026-W47', '--send'], { cwd: sb.dir, env: { PATH: process.env.PATH ?? '', KRATOMLIT_DB: sb.db, ...ENV }, stdio: 'ignore' });
    const exited = once(child, 'exit');
    const [, release] = (await once(smtp.events, 'holding')) as [ReceivedMail, () => void];
    child.kill('SIGKILL');
    await exited;
    release();
    const again = await send('2026-W47');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('e-mail 2026-W47: a previous send was cut off and may have been delivered; not sent again (--resend to send anyway)');
    expect(smtp.received).toHaveLength(1);
    const forced = await send('2026-W47', ['--resend']);
    expect(forced.code, forced.stderr).toBe(0);
    const ids = smtp.received.map((m) => parseMail(m.raw).headers['message-id']);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect((await send('2026-W47', ['--resend'])).stderr).toContain('already sent to this recipient list');
    expect(smtp.received).toHaveLength(2);
  });

  it('fails before writing anything when the password variable is missing, naming the setting and the variable', async () => {
    const r = await send('2026-W47', [], {});
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual(['kratomlit: digest: delivery.email.passwordEnv: environment variable KRATOMLIT_TEST_SMTP_PW is not set (it must hold the SMTP password of digest)']);
    expect(existsSync(join(sb.dir, 'digests'))).toBe(false);
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses a password in the configuration file by name, without echoing it', async () => {
    config = writeConfig({ password: PASSWORD });
    const r = await send('2026-W47');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('delivery.email.password: the password never goes in the file');
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it('sends a quiet week as a quiet-week message, or not at all when sendQuietWeeks is off', async () => {
    expect((await send('2026-W40')).code).toBe(0);
    expect(parseMail((smtp.received[0] as ReceivedMail).raw).headers.subject).toBe('kratomlit: 2026-W40, quiet week');
    config = writeConfig({ sendQuietWeeks: false });
    const r = await send('2026-W41');
    expect(r.stderr).toContain('e-mail 2026-W41: quiet week, not sent');
    expect(smtp.received).toHaveLength(1);
  });
});
