import { readFileSync, writeFileSync } from 'node:fs';
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
    ["someone else's JSON", () => Buffer.from(JSON.stringify({ documentCount: 999, index: [] })), /foreign/],
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
});
