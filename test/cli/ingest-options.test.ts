/**
 * `ingest` refuses options that cannot mean anything before it opens (or creates) the library: a --since after
 * today, year 0000, and --full with --since. Each is one usage line, exit 2, and no database file appears.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/library/ingest-plan.js';
import { checkIngestOptions } from '../../src/library/ingest.js';
import { type Sandbox, assertBuilt, sandbox } from './run-cli.js';

const NOW = new Date('2026-12-07T21:00:00Z');
const flags = { since: '--since', full: '--full' };

describe('ingest option checks', () => {
  it('accepts today and tomorrow (UTC; somewhere it already is) and refuses the day after', () => {
    expect(() => checkIngestOptions({ since: '2026-12-07' }, NOW, flags)).not.toThrow();
    expect(() => checkIngestOptions({ since: '2026-12-08' }, NOW, flags)).not.toThrow();
    expect(() => checkIngestOptions({ since: '2026-12-09' }, NOW, flags)).toThrow(
      'ingest: --since "2026-12-09" is in the future (today is 2026-12-07 UTC): nothing can have entered PubMed after today',
    );
  });

  it('accepts years before PubMed began but not year 0000', () => {
    expect(() => checkIngestOptions({ since: '1700-01-01' }, NOW, flags)).not.toThrow();
    expect(() => checkIngestOptions({ since: '0000-01-01' }, NOW, flags)).toThrow('ingest: --since must be a real calendar date YYYY-MM-DD, got "0000-01-01"');
  });

  it('refuses full with since, naming both as the caller spells them', () => {
    expect(() => checkIngestOptions({ since: '2026-01-01', full: true }, NOW, { since: 'since', full: 'full' })).toThrow(/^ingest: full and since contradict each other/);
    expect(() => checkIngestOptions({ full: true }, NOW, flags)).not.toThrow();
  });
});

describe('kratomlit ingest with refused options', () => {
  let sb: Sandbox;
  beforeAll(() => {
    assertBuilt();
    sb = sandbox();
  });
  afterAll(() => sb.cleanup());

  const today = new Date().toISOString().slice(0, 10);
  const cases: Array<[string[], RegExp]> = [
    [['ingest', '--since', addDays(today, 2)], /^kratomlit: ingest: --since "\d{4}-\d\d-\d\d" is in the future \(today is \d{4}-\d\d-\d\d UTC\): nothing can have entered PubMed after today\n$/],
    [['ingest', '--since', '0000-01-01'], /^kratomlit: ingest: --since must be a real calendar date YYYY-MM-DD, got "0000-01-01"\n$/],
    [['ingest', '--full', '--since', '2026-01-01'], /^kratomlit: ingest: --full and --since contradict each other: --full backfills everything, --since narrows the run to a window; give one\n$/],
  ];
  it.each(cases)('%j exits 2 with one line and writes nothing', async (args, pattern) => {
    // An unreachable server: were the run to start, it would fail (exit 1) and leave a database behind.
    const r = await sb.run(args, { EUTILS_BASE_URL: 'http://127.0.0.1:9/' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stdout).toBe('');
    expect(existsSync(sb.db)).toBe(false);
  });
});
