import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EutilsServer, type ServerRecord, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { makeRecord } from '../support/make-record.js';
import { compile, packedProject, runScript, writeScripts } from './packed.js';

/** The script of issue 13 ("What a script user can do"), character for character. */
const SCRIPT = `import { openLibrary } from 'kratomlit';
const lib = await openLibrary({ db: 'db/kratomlit.sqlite' });
const run = await lib.ingest({ topics: ['mitragynine'], signal: AbortSignal.timeout(600_000) });
await lib.digest({ week: '2026-W48', out: 'digests/' });
console.log(run.new, lib.search('7-OH withdrawal', { limit: 5 }).map((h) => h.pmid));
lib.close();
`;

/** A consumer of the published types (issue 11: TS7016 on better-sqlite3 for a strict script). */
const CONSUMER = `import { openLibrary, type Article, type SearchHit } from 'kratomlit';

const lib = await openLibrary({ db: 'db/kratomlit.sqlite' });
const hits: SearchHit[] = lib.search('"mu opioid" agonist -review', { since: '2020', limit: 20 });
const first: Article | null = hits[0] ? lib.get(hits[0].pmid) : null;
const rows = lib.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number };
console.log(first?.title, rows.n, lib.status().records.live, lib.export(hits.map((h) => h.pmid), 'ris').length);
lib.close();
`;

function rec(pmid: string, entrez: string, title: string, abstract: string): ServerRecord {
  return { pmid, xml: makeRecord({ pmid, entrez, title, abstract }), entrezDate: entrez, modifiedDate: entrez };
}

/** Mitragynine records (the built-in topic's query matches them), three entered in 2026-W48, two about 7-OH withdrawal. */
const RECORDS = [
  rec('41950001', '2026-11-24', 'Withdrawal after daily 7-OH products', 'Case series of 7-hydroxymitragynine and mitragynine withdrawal.'),
  rec('41950002', '2026-11-25', 'Mitragynine pharmacokinetics in plasma', 'Mitragynine in plasma after oral kratom.'),
  rec('41950003', '2026-11-26', 'Kratom withdrawal scale', 'A withdrawal scale for mitragynine and 7-OH users.'),
  rec('41950004', '2026-11-10', 'Mitragynine receptor binding', 'Mitragynine at the mu-opioid receptor.'),
  rec('41950005', '2026-11-25', 'Caffeine withdrawal', 'Unrelated to the topic: caffeine only.'),
];

/**
 * The published package as a consumer gets it (packed.ts): one `npm pack` and one strict compiler run (no
 * `skipLibCheck`) over both scripts serve both tests; the compiler's output is empty only when every script
 * and every declaration they load type-checks.
 */
let dir: string;
let compiled: string | undefined;
/** The compiler's output, from its one run (made by whichever test needs it first). */
const compileOnce = (): string => (compiled ??= compile(dir));
beforeAll(() => {
  dir = packedProject('kratomlit-script-');
  writeScripts(dir, { 'script.ts': SCRIPT, 'consumer.ts': CONSUMER }, true);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the published types compile for a consumer', () => {
  it('without better-sqlite3 types installed', () => {
    expect(readdirSync(join(dir, 'node_modules', '@types'))).toEqual(['node']);
    expect(compileOnce()).toBe('');
  });
});

/**
 * The example script from the packed tarball, compiled with `tsc --strict` and no `skipLibCheck`,
 * run in a fresh folder against the loopback E-utilities server (EUTILS_BASE_URL, as a user would set it).
 */
describe('the issue 13 script, from the packed tarball', () => {
  let server: EutilsServer;
  beforeAll(async () => {
    server = await startEutilsServer({ records: RECORDS });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('compiles strictly, ingests one topic, digests the week, and searches the stored records', async () => {
    expect(compileOnce()).toBe('');
    const r = await runScript(dir, { EUTILS_BASE_URL: server.url });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });

    // `console.log(run.new, [pmids])`: the new count, then the hits' PMIDs.
    const printed = /^(\d+) \[(.*)\]\s*$/s.exec(r.stdout);
    expect(printed, r.stdout).not.toBeNull();
    expect(Number(printed?.[1])).toBe(4);
    const pmids = [...(printed?.[2] ?? '').matchAll(/'(\d+)'/g)].map((m) => m[1]);
    expect(pmids.sort()).toEqual(['41950001', '41950003']);
    expect(server.requests.some((q) => q.utility === 'efetch')).toBe(true);

    const db = new Database(join(dir, 'db', 'kratomlit.sqlite'), { readonly: true });
    try {
      const stored = db.prepare('SELECT pmid FROM articles WHERE deleted = 0 ORDER BY pmid').all() as Array<{ pmid: string }>;
      expect(stored.map((s) => s.pmid)).toEqual(['41950001', '41950002', '41950003', '41950004']);
      for (const p of pmids) expect(stored.map((s) => s.pmid)).toContain(p);
    } finally {
      db.close();
    }

    for (const ext of ['md', 'html', 'json']) expect(existsSync(join(dir, 'digests', `2026-W48.${ext}`)), ext).toBe(true);
    const digest = JSON.parse(readFileSync(join(dir, 'digests', '2026-W48.json'), 'utf8')) as { week: string };
    expect(digest.week).toBe('2026-W48');
    const md = readFileSync(join(dir, 'digests', '2026-W48.md'), 'utf8');
    for (const p of ['41950001', '41950002', '41950003']) expect(md).toContain(p);
    expect(md).not.toContain('41950004');
    expect(existsSync(join(dir, 'digests', 'feed.atom'))).toBe(true);
  }, 180_000);
});
