/**
 * `kratomlit digest --send` end to end: the real binary mails to a real SMTP server on 127.0.0.1 (the
 * smtp-server package). Structure and headers of the message, both parts equal to the files written,
 * once-only across re-runs and a SIGKILL after the server took the message, retry on 421, failure on 535
 * (and the next week still sent), and the password in no output and no ledger row.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDigestJson } from '../../src/digest/render-json.js';
import { renderText } from '../../src/digest/render-text.js';
import { BIN } from '../cli/run-cli.js';
import { parseMail } from '../support/mime.js';
import type { ReceivedMail } from '../support/smtp-server.js';
import { ENV, PASSWORD, addIngestRun, errorLines, useEmailSandbox } from './email-sandbox.js';
import { weekContaining, weekRange } from '../../src/digest/week.js';

const t = useEmailSandbox();
const { send, emailRuns, writeConfig } = t;

function expectNoPassword(...texts: string[]): void {
  for (const x of texts) expect(x).not.toContain(PASSWORD);
  expect(JSON.stringify(emailRuns())).not.toContain(PASSWORD);
}

describe('digest --send', () => {
  it('sends one multipart/alternative message whose parts are the digest as plain text and the .html file, with date, Message-ID and a counting subject', async () => {
    const r = await send('2026-W47');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('e-mail 2026-W47: sent to 2 recipients');
    expect(t.smtp.received).toHaveLength(1);
    const got = t.smtp.received[0] as ReceivedMail;
    expect([got.from, got.to]).toEqual(['kratomlit@lab.example.org', ['ana@example.org', 'ben@example.org']]);
    const mail = parseMail(got.raw);
    expect(mail.headers.subject).toBe('kratomlit: 2026-W47, 3 new papers, 1 retraction');
    expect(mail.headers['content-type']).toMatch(/^multipart\/alternative;/);
    expect(mail.headers['message-id']).toMatch(/^<kratomlit\.2026-W47\.[0-9a-f]{16}@lab\.example\.org>$/);
    expect(Number.isNaN(Date.parse(mail.headers.date ?? ''))).toBe(false);
    expect(mail.parts.map((p) => p.headers['content-type'])).toEqual(['text/plain; charset=utf-8', 'text/html; charset=utf-8']);
    const doc = parseDigestJson(readFileSync(join(t.sb.dir, 'digests', '2026-W47.json'), 'utf8'), '2026-W47.json');
    expect(mail.parts[0]?.body).toBe(renderText(doc));
    expect(mail.parts[1]?.body).toBe(readFileSync(join(t.sb.dir, 'digests', '2026-W47.html'), 'utf8'));
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
    expect(t.smtp.received).toHaveLength(1);
    t.config = writeConfig({ to: ['ana@example.org', 'cy@example.org'] });
    expect((await send('2026-W47')).code).toBe(0);
    expect(t.smtp.received.map((m) => m.to)).toEqual([['ana@example.org', 'ben@example.org'], ['ana@example.org', 'cy@example.org']]);
  });

  it('names a recipient listed twice (in any case) once, in the To: header and in --json', async () => {
    t.config = writeConfig({ to: ['ana@example.org', 'Ben <ben@example.org>', 'ANA@Example.org'] });
    const r = await send('2026-W47', ['--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { email: unknown }).email).toMatchObject({ status: 'sent', to: ['ana@example.org', 'Ben <ben@example.org>'], delivered: ['ana@example.org', 'ben@example.org'] });
    expect(t.smtp.received.map((m) => m.to)).toEqual([['ana@example.org', 'ben@example.org']]);
    expect(parseMail((t.smtp.received[0] as ReceivedMail).raw).headers.to).toBe('ana@example.org, Ben <ben@example.org>');
  });

  it('retries after a 421 and delivers once, saying so in the log', async () => {
    t.smtp.refuseMail(421, 2);
    const r = await send('2026-W47');
    expect(r.code, r.stderr).toBe(0);
    expect(t.smtp.refusals).toBe(2);
    expect(t.smtp.received).toHaveLength(1);
    expect(r.stderr.match(/transient SMTP failure, retrying/g)).toHaveLength(2);
    expect(r.stderr).toContain('e-mail 2026-W47: sent to 2 recipients ("kratomlit: 2026-W47, 3 new papers, 1 retraction") after 3 attempts');
    expect(r.stderr).toContain('421 4.3.2 Service shutting down');
    expect(emailRuns().map((x) => [x.status, x.details.attempts])).toEqual([['ok', 3]]);
    expectNoPassword(r.stderr, r.stdout);
  });

  it('gives up on transient failures after the configured retries, with one line naming the week and server', async () => {
    t.smtp.refuseMail(421, 10);
    const r = await send('2026-W47');
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([`kratomlit: digest: e-mail for 2026-W47 not sent via 127.0.0.1:${t.smtp.port}: 421 4.3.2 Service shutting down, try again later (EENVELOPE) (gave up after 4 attempts)`]);
    expect(t.smtp.refusals).toBe(4);
  });

  it('fails on a 535 with one clear line and no password anywhere; the next week is still sent', async () => {
    t.smtp.refuseLogins();
    const r = await send('2026-W47');
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(new RegExp(`^kratomlit: digest: e-mail for 2026-W47 not sent via 127\\.0\\.0\\.1:${t.smtp.port}: .*535 5\\.7\\.8 Authentication credentials invalid`))]);
    expect(t.smtp.received).toHaveLength(0);
    expectNoPassword(r.stderr, r.stdout);
    await t.restartSmtp();
    const next = await send('2026-W48');
    expect(next.code, next.stderr).toBe(0);
    expect(parseMail((t.smtp.received[0] as ReceivedMail).raw).headers.subject).toBe('kratomlit: 2026-W48, 1 new paper, covered up to 2026-11-29 03:30 UTC');
    expect(emailRuns().map((x) => [x.status, x.details.week])).toEqual([['failed', '2026-W47'], ['ok', '2026-W48']]);
  });

  it('never falls back to plain text when starttls is configured and the server offers no STARTTLS', async () => {
    t.config = writeConfig({ security: 'starttls' });
    const r = await send('2026-W47');
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([`kratomlit: digest: e-mail for 2026-W47 not sent via 127.0.0.1:${t.smtp.port}: the server does not offer STARTTLS (it answered STARTTLS with "500 Error: command not recognized") (ETLS)`]);
    expect(r.stderr).not.toContain('retrying');
    expect(t.smtp.received).toHaveLength(0);
  });

  it('does not send again after the sender was killed right after the server accepted the message', async () => {
    const child = spawn(process.execPath, [BIN, '--config', t.config, 'digest', '--week', '2026-W47', '--send'], { cwd: t.sb.dir, env: { PATH: process.env.PATH ?? '', KRATOMLIT_DB: t.sb.db, ...ENV }, stdio: 'ignore' });
    const exited = once(child, 'exit');
    await once(t.smtp.events, 'accepted');
    child.kill('SIGKILL');
    await exited;
    const again = await send('2026-W47');
    expect(again.code).toBe(0);
    expect(t.smtp.received).toHaveLength(1);
    expect(again.stderr).toMatch(/e-mail 2026-W47: (already sent|a previous send was cut off and may have been delivered)/);
  });

  it('treats a send cut off before the server replied as in doubt: not resent, until --resend, with the same Message-ID', async () => {
    t.smtp.hold();
    const child = spawn(process.execPath, [BIN, '--config', t.config, 'digest', '--week', '2026-W47', '--send'], { cwd: t.sb.dir, env: { PATH: process.env.PATH ?? '', KRATOMLIT_DB: t.sb.db, ...ENV }, stdio: 'ignore' });
    const exited = once(child, 'exit');
    const [, release] = (await once(t.smtp.events, 'holding')) as [ReceivedMail, () => void];
    child.kill('SIGKILL');
    await exited;
    release();
    const again = await send('2026-W47');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('e-mail 2026-W47: a previous send was cut off and may have been delivered; not sent again (--resend to send anyway)');
    expect(t.smtp.received).toHaveLength(1);
    const forced = await send('2026-W47', ['--resend']);
    expect(forced.code, forced.stderr).toBe(0);
    const ids = t.smtp.received.map((m) => parseMail(m.raw).headers['message-id']);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect((await send('2026-W47', ['--resend'])).stderr).toContain('already sent to this recipient list');
    expect(t.smtp.received).toHaveLength(2);
  });

  it('fails before writing anything when the password variable is missing, naming the setting and the variable', async () => {
    const r = await send('2026-W47', [], {});
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual(['kratomlit: digest: delivery.email.passwordEnv: environment variable KRATOMLIT_TEST_SMTP_PW is not set (it must hold the SMTP password of digest)']);
    expect(existsSync(join(t.sb.dir, 'digests'))).toBe(false);
    expect(t.smtp.received).toHaveLength(0);
  });

  it('refuses a password in the configuration file by name, without echoing it', async () => {
    t.config = writeConfig({ password: PASSWORD });
    const r = await send('2026-W47');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('delivery.email.password: the password never goes in the file');
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it('sends a quiet week as a quiet-week message, or not at all when sendQuietWeeks is off', async () => {
    expect((await send('2026-W40')).code).toBe(0);
    expect(parseMail((t.smtp.received[0] as ReceivedMail).raw).headers.subject).toBe('kratomlit: 2026-W40, quiet week');
    t.config = writeConfig({ sendQuietWeeks: false });
    const r = await send('2026-W41');
    expect(r.stderr).toContain('e-mail 2026-W41: quiet week, not sent');
    expect(t.smtp.received).toHaveLength(1);
  });

  it('never mails a week no ingest covered as a quiet week: the subject says so and names the failed ingest, even with sendQuietWeeks off', async () => {
    addIngestRun(t.sb.db, { status: 'failed', startedAt: '2026-12-02T03:30:00.000Z', endedAt: '2026-12-02T03:30:12.000Z', error: 'esearch: ECONNREFUSED' });
    t.config = writeConfig({ sendQuietWeeks: false });
    const r = await send('2026-W49');
    expect(r.code, r.stderr).toBe(0);
    const mail = parseMail((t.smtp.received[0] as ReceivedMail).raw);
    expect(mail.headers.subject).toBe('kratomlit: 2026-W49, 0 new papers, not covered by an ingest yet, 1 ingest did not complete');
    const text = mail.parts[0]?.body ?? '';
    expect(text).toContain('No ingest covered this week yet (the last successful one searched PubMed 2026-11-29 03:30 UTC).');
    expect(text).toContain('failed: esearch: ECONNREFUSED');
    expect(text).not.toMatch(/quiet week/i);
  });

  it('refuses to send a week still in progress (exit 2, one line, nothing written or sent), so it never blocks that week\'s real e-mail', async () => {
    const now = new Date();
    const week = weekContaining(now, 'UTC');
    const end = weekRange(week, 'UTC').end;
    const r = await send(week);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([`kratomlit: digest: week ${week} is still in progress (it ends ${end.slice(0, 10)} 00:00 UTC); it can be written now, but e-mailed only once it has ended`]);
    expect(existsSync(join(t.sb.dir, 'digests'))).toBe(false);
    expect([t.smtp.received, emailRuns()]).toEqual([[], []]);
    // Written without --send, it says it is in progress.
    expect((await t.sb.run(['--config', t.config, 'digest', '--week', week])).code).toBe(0);
    expect(readFileSync(join(t.sb.dir, 'digests', `${week}.md`), 'utf8')).toMatch(/\*Week in progress, as of \d{4}-\d\d-\d\d \d\d:\d\d UTC: it is written again, whole, once it ends/);
    expect(JSON.parse(readFileSync(join(t.sb.dir, 'digests', `${week}.json`), 'utf8'))).toMatchObject({ inProgress: true });
  });
});
