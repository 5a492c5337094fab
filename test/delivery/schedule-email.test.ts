/**
 * The scheduler's weekly job mails the digest when delivery is configured: started with no digest for the
 * last complete week, its start-up catch-up writes the week and sends it to a real SMTP server on loopback.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { lastCompleteWeek, weekRange } from '../../src/digest/week.js';
import { BIN, type Sandbox, articleSet, assertBuilt, sandbox } from '../cli/run-cli.js';
import { parseMail } from '../support/mime.js';
import { type ReceivedMail, type TestSmtpServer, startSmtpServer } from '../support/smtp-server.js';
import { waitFor } from '../support/cli.js';

let sb: Sandbox;
let smtp: TestSmtpServer;

beforeEach(async () => {
  assertBuilt();
  sb = sandbox();
  smtp = await startSmtpServer({ user: 'digest', pass: 'pw' });
});

afterEach(async () => {
  await smtp.close();
  sb.cleanup();
});

it('the weekly job writes the last complete week and mails it once, reporting the delivery in its summary', async () => {
  const week = lastCompleteWeek(new Date(), 'UTC');
  sb.write('a.xml', articleSet([{ pmid: '301', entrez: weekRange(week, 'UTC').from, title: 'Kratom tea in the scheduler week' }]));
  expect((await sb.run(['import', 'a.xml'])).code).toBe(0);
  const config = sb.write('kratomlit.config.json', JSON.stringify({
    // The nightly ingest runs first at start-up; an unreachable E-utilities address makes it fail fast, so
    // no ingest covered the week (the library was imported), and the subject says so.
    eutils: { maxElapsedMs: 200, attemptTimeoutMs: 100 },
    digest: { outDir: 'digests', timezone: 'UTC' },
    delivery: { email: { host: '127.0.0.1', port: smtp.port, security: 'none', user: 'digest', passwordEnv: 'SMTP_PW', from: 'k@lab.org', to: ['ana@lab.org'] } },
  }));
  const env = { PATH: process.env.PATH ?? '', KRATOMLIT_DB: sb.db, EUTILS_BASE_URL: 'http://127.0.0.1:9/', SMTP_PW: 'pw' };
  const child = spawn(process.execPath, [BIN, '--config', config, 'schedule'], { cwd: sb.dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const exited = once(child, 'exit');
  try {
    await once(smtp.events, 'accepted');
    await waitFor(() => /"job":"digest".*"msg":"job finished"/.test(stderr), 'the digest job to finish', 20_000);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  expect(existsSync(join(sb.dir, 'digests', `${week}.json`))).toBe(true);
  expect(smtp.received).toHaveLength(1);
  expect(parseMail((smtp.received[0] as ReceivedMail).raw).headers.subject).toBe(`kratomlit: ${week}, 1 new paper, not covered by an ingest yet`);
  const finished = stderr.split('\n').find((l) => l.includes('"job":"digest"') && l.includes('job finished')) ?? '';
  expect(JSON.parse(finished).summary).toMatchObject({ week, new: 1, email: 'sent', attempts: 1 });
});
