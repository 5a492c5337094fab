/**
 * The library's (and the scheduler's) path to the e-mail refuses a week that has not ended, before it
 * claims the week in the ledger: mailing a week in progress would block that week's real e-mail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmailConfig } from '../../src/delivery/config.js';
import { deliveryState } from '../../src/delivery/ledger.js';
import { deliveryKey } from '../../src/delivery/message.js';
import { deliverDigest } from '../../src/delivery/send.js';
import { UsageError } from '../../src/errors.js';
import { runDigest } from '../../src/library/digest.js';
import { digestArchive } from '../../src/library/digests.js';
import { openStore } from '../../src/store/open.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('deliverDigest', () => {
  it('refuses a week still in progress with a UsageError naming the week and its end, leaving the ledger untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kratomlit-not-ended-'));
    dirs.push(dir);
    const db = openStore(':memory:');
    const now = new Date('2026-11-25T10:00:00Z');
    await runDigest({ db, outDir: dir, timeZone: 'UTC', perTopicCap: 25, feedWeeks: 8, topics: ['mitragynine'] }, now, { week: '2026-W48' });
    // No server is needed: nothing may be sent. The port is one nothing listens on.
    const config = { host: '127.0.0.1', port: 9, security: 'none', user: null, passwordEnv: null, from: 'k@x.org', to: ['a@x.org'], subject: 'kratomlit: {week}, {summary}', sendQuietWeeks: true, retries: 0, retryDelayMs: 1 } as unknown as EmailConfig;
    const deps = { db, config, password: null, digests: digestArchive(dir, () => null) };
    const err = await deliverDigest(deps, '2026-W48', now).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('digest: week 2026-W48 is still in progress (it ends 2026-11-30 00:00 UTC); it can be written now, but e-mailed only once it has ended');
    expect(deliveryState(db, { key: deliveryKey('2026-W48', config.to), to: config.to }, () => false).state).toBe('none');
    db.close();
  });
});
