/**
 * The first and last weeks a digest may name (1800-W01, 9999-W51) are written whole, and no file of theirs
 * (Markdown, HTML, JSON, the Atom feed) holds a date with a five-digit year; the week after the last,
 * 9999-W52, ends in year 10000 and is refused naming the range.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Library, openLibrary } from '../../src/index.js';

/** A date or instant whose year has more than four digits, signed (`+010000-01-03T`) or not (`10000-01-02`). */
const LONG_YEAR = /(?<![\d.])[+-]?\d{5,}-\d{2}-\d{2}/;

describe('digests at the ends of the week range', () => {
  let dir: string;
  let lib: Library;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-week-ends-'));
    lib = await openLibrary({ db: join(dir, 'lib.sqlite'), config: false });
    await lib.import(['data/sample/pubmed-sample.xml']);
  });
  afterAll(() => {
    lib.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['1800-W01', '1799-12-30', '1800-01-05'],
    ['9999-W51', '9999-12-20', '9999-12-26'],
  ])('writes %s with four-digit dates in every file (%s to %s)', async (week, from, to) => {
    const out = join(dir, week);
    // A clock in the week after (a week is written once it has begun; the run's own times are in the files).
    const at = await openLibrary({ db: join(dir, 'lib.sqlite'), config: false, clock: () => new Date(`${to}T23:59:00Z`) });
    const report = await at.digest({ week, out }).finally(() => at.close());
    expect(report.week).toBe(week);
    const json = readFileSync(join(out, `${week}.json`), 'utf8');
    expect(json).toContain(from);
    expect(json).toContain(to);
    for (const file of [`${week}.md`, `${week}.html`, `${week}.json`, 'feed.atom']) {
      const text = readFileSync(join(out, file), 'utf8');
      expect(text.match(LONG_YEAR)?.[0] ?? null, file).toBeNull();
    }
  });

  it('refuses 9999-W52, whose Sunday is in year 10000, naming the range', async () => {
    await expect(lib.digest({ week: '9999-W52', out: join(dir, 'never') })).rejects.toThrow('week "9999-W52" is out of range (1800-W01 to 9999-W51)');
  });
});
