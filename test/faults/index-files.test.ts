import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Workspace, makeWorkspace, runCli } from '../support/cli.js';
import { makeArticleSet } from '../support/make-record.js';
import { checkConvergence, faultCorpus } from '../support/oracle.js';

// A damaged index file, seen from the CLI: detected, rebuilt from the store with the reason said, never
// silently wrong results (the byte-level checks are in test/search/persist.test.ts).
describe('an index file that cannot be trusted is rebuilt from the store', () => {
  let ws: Workspace;
  let good: Buffer;
  beforeAll(async () => {
    ws = makeWorkspace();
    const file = join(ws.dir, 'corpus.xml');
    writeFileSync(file, makeArticleSet(faultCorpus(30).map((r) => r.xml)));
    expect((await runCli(['import', file], ws.env())).code).toBe(0);
    expect((await runCli(['index', '--rebuild'], ws.env())).code).toBe(0);
    good = readFileSync(ws.index);
  }, 180_000);
  afterAll(() => ws.remove());

  const damages: Array<[string, () => Buffer, RegExp]> = [
    ['truncated', () => good.subarray(0, Math.floor(good.length / 2)), /truncated/],
    ['empty', () => Buffer.alloc(0), /foreign|truncated|empty/],
    ["bit-flipped (one byte)", () => Buffer.from(good.map((b, i) => (i === 200 ? b ^ 0xff : b))), /corrupt|checksum/],
  ];
  for (const [what, damage, reason] of damages) {
    it(`detects an index file that is ${what}, says why, rebuilds it and answers from all stored records`, async () => {
      writeFileSync(ws.index, damage());
      const r = await runCli(['search', 'alphazine', '--json', '--limit', '100'], ws.env());
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(reason);
      expect((JSON.parse(r.stdout) as unknown[]).length).toBe(30);
      expect((await checkConvergence({ dbPath: ws.db, expected: faultCorpus(30), index: { path: ws.index, fresh: true } })).problems).toEqual([]);
    });
  }

  it("leaves a file that is not an index (someone else's JSON) as it is, says so in one line, and searches once it is moved away", async () => {
    const theirs = JSON.stringify({ documentCount: 999, index: [] });
    writeFileSync(ws.index, theirs);
    const r = await runCli(['search', 'alphazine', '--json', '--limit', '100'], ws.env());
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^kratomlit: search: \S+ is not a kratomlit search index, so it was left as it is and no index was written/);
    expect(readFileSync(ws.index, 'utf8')).toBe(theirs);
    rmSync(ws.index);
    const after = await runCli(['search', 'alphazine', '--json', '--limit', '100'], ws.env());
    expect(after.code, after.stderr).toBe(0);
    expect((JSON.parse(after.stdout) as unknown[]).length).toBe(30);
  });
});
