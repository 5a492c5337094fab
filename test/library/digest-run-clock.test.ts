/**
 * A digest run's ledger row is dated by the library's clock at both ends: a library opened with another
 * clock (the demo's simulated nights, a replay) showed runs that started then and ended now.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/index.js';

describe('digest runs in the ledger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kratomlit-digest-clock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('start and end by the library clock', async () => {
    const at = new Date('2026-11-26T03:30:00Z');
    const lib = await openLibrary({ db: join(dir, 'lib.sqlite'), config: false, clock: () => at });
    try {
      await lib.import(['data/sample/pubmed-sample.xml']);
      await lib.digest({ week: '2026-W47', out: join(dir, 'digests') });
      const run = lib.status().runs.find((r) => r.kind === 'digest');
      expect([run?.status, run?.startedAt, run?.endedAt]).toEqual(['ok', at.toISOString(), at.toISOString()]);
    } finally {
      lib.close();
    }
  });
});
