import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, packedProject, writeScript } from './packed.js';

const CONSUMER = `import { openLibrary, type Article, type SearchHit } from 'kratomlit';

const lib = await openLibrary({ db: 'db/kratomlit.sqlite' });
const hits: SearchHit[] = lib.search('"mu opioid" agonist -review', { since: '2020', limit: 20 });
const first: Article | null = hits[0] ? lib.get(hits[0].pmid) : null;
const rows = lib.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number };
console.log(first?.title, rows.n, lib.status().records.live, lib.export(hits.map((h) => h.pmid), 'ris').length);
lib.close();
`;

/** The published types, as a consumer compiling with `strict` and without `skipLibCheck` gets them (packed.ts). */
describe('the published types compile for a consumer', () => {
  let dir: string;
  beforeAll(() => {
    dir = packedProject('kratomlit-consumer-');
    writeScript(dir, CONSUMER, false);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('without better-sqlite3 types installed', () => {
    expect(readdirSync(join(dir, 'node_modules', '@types'))).toEqual(['node']);
    expect(compile(dir)).toBe('');
  }, 120_000);
});
