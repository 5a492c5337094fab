/**
 * `digest --send` when the server does not simply accept or refuse the whole message: a recipient refused
 * while the others got it, a reply that never comes after the whole message was handed over, a server that
 * cannot be reached with `--json`. Each says exactly what happened, on stderr, in `--json` and in the ledger.
 */
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseMail } from '../support/mime.js';
import type { ReceivedMail } from '../support/smtp-server.js';
import { errorLines, useEmailSandbox } from './email-sandbox.js';

const t = useEmailSandbox();
const BEN_REFUSED = '550 5.1.1 <ben@example.org>: Recipient address rejected: User unknown';

/** A loopback port nothing listens on (a server was bound to it and closed). */
async function closedPort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('digest --send, partly or maybe delivered', () => {
  it('names who got it and who was refused, exits 1, and a later run sends only to the refused recipient', async () => {
    t.smtp.refuseRecipient('ben@example.org', 550, '5.1.1 <ben@example.org>: Recipient address rejected: User unknown');
    const r = await t.send('2026-W47');
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      `kratomlit: digest: e-mail for 2026-W47 sent via 127.0.0.1:${t.smtp.port} to ana@example.org but refused for ben@example.org (${BEN_REFUSED}); those who got it never get it again: \`digest --week 2026-W47 --send\` sends it to the others`,
    ]);
    expect(r.stderr).not.toContain('retrying');
    expect(t.smtp.received.map((m) => m.to)).toEqual([['ana@example.org']]);
    expect(t.emailRuns().map((x) => [x.status, x.details.to, x.details.accepted, x.details.refused])).toEqual([
      ['partial', ['ana@example.org', 'ben@example.org'], ['ana@example.org'], [{ to: 'ben@example.org', reason: BEN_REFUSED }]],
    ]);

    await t.restartSmtp();
    const again = await t.send('2026-W47', ['--json']);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { email: unknown }).email).toMatchObject({ status: 'sent', to: ['ben@example.org'], delivered: ['ben@example.org'], refused: [] });
    expect(t.smtp.received.map((m) => m.to)).toEqual([['ben@example.org']]);
    expect(parseMail((t.smtp.received[0] as ReceivedMail).raw).headers.to).toBe('ana@example.org, ben@example.org');
    const third = await t.send('2026-W47');
    expect(third.stderr).toContain('e-mail 2026-W47: already sent to this recipient list; not sent again');
    expect(t.smtp.received).toHaveLength(1);
  });

  it('reports a partial send in the --json document too', async () => {
    t.smtp.refuseRecipient('ben@example.org', 550, '5.1.1 <ben@example.org>: Recipient address rejected: User unknown');
    const r = await t.send('2026-W47', ['--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { week: string; email: unknown };
    expect(doc.week).toBe('2026-W47');
    expect(doc.email).toMatchObject({ status: 'partial', delivered: ['ana@example.org'], refused: [{ to: 'ben@example.org', reason: BEN_REFUSED }] });
  });

  it('does not retry a timeout after the server took the whole message: in doubt, said in one line, not sent by the next run', async () => {
    t.smtp.hold();
    t.config = t.writeConfig({ timeoutMs: 3000, retries: 1 });
    const r = await t.send('2026-W47');
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^kratomlit: digest: e-mail for 2026-W47 may have been delivered via 127\\.0\\.0\\.1:${t.smtp.port}: the server took the whole message but sent no reply \\(.*ETIMEDOUT.*\\); not retried, so nobody gets it twice: \`digest --week 2026-W47 --send --resend\` sends it again$`)),
    ]);
    expect(r.stderr).not.toContain('retrying');
    expect(t.smtp.received).toHaveLength(1);
    expect(t.emailRuns().map((x) => [x.status, x.details.phase, x.details.attempts])).toEqual([['interrupted', 'in-doubt', 1]]);
    const again = await t.send('2026-W47');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('e-mail 2026-W47: a previous send was cut off and may have been delivered; not sent again (--resend to send anyway)');
    expect(t.smtp.received).toHaveLength(1);
  });

  it('retries a timeout before the message was handed over (a server that never greets): failed, not in doubt', async () => {
    const connections: Socket[] = [];
    const silent = createServer((socket) => connections.push(socket)); // accepts, never says a word
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      t.config = t.writeConfig({ port: (silent.address() as AddressInfo).port, timeoutMs: 1000, retries: 1, retryDelayMs: 10 });
      const r = await t.send('2026-W47');
      expect(r.code).toBe(1);
      expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^kratomlit: digest: e-mail for 2026-W47 not sent via 127\.0\.0\.1:\d+: .* \(gave up after 2 attempts\)$/)]);
      expect(connections).toHaveLength(2);
      expect(t.emailRuns().map((x) => [x.status, x.details.attempts])).toEqual([['failed', 2]]);
    } finally {
      for (const s of connections) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('prints the --json document with the e-mail failed and its reason when the server cannot be reached', async () => {
    t.config = t.writeConfig({ port: await closedPort(), retries: 0 });
    const r = await t.send('2026-W47', ['--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { week: string; files: string[]; email: { reason: string } };
    expect(doc.week).toBe('2026-W47');
    expect(doc.files.map((f) => f.split('/').at(-1))).toEqual(['2026-W47.md', '2026-W47.html', '2026-W47.json', 'feed.atom']);
    expect(doc.email).toMatchObject({ week: '2026-W47', status: 'failed', attempts: 1, reason: expect.stringMatching(/^e-mail for 2026-W47 not sent via .*ECONNREFUSED.* \(gave up after 1 attempt\)$/) });
    expect(errorLines(r.stderr)).toEqual([`kratomlit: digest: ${doc.email.reason}`]);
  });
});

describe('digest --send, TLS mismatches', () => {
  it('fails at once with one clear line when security is tls and the server speaks plain SMTP', async () => {
    t.config = t.writeConfig({ security: 'tls' });
    const r = await t.send('2026-W47');
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      `kratomlit: digest: e-mail for 2026-W47 not sent via 127.0.0.1:${t.smtp.port}: the server does not speak TLS on this port (wrong version number): security "tls" is TLS from the first byte (usually port 465); use "starttls" for a port that starts in plain text (587) (ESOCKET)`,
    ]);
    expect(r.stderr).not.toContain('retrying');
    expect(t.emailRuns().map((x) => [x.status, x.details.attempts])).toEqual([['failed', 1]]);
  });
});
