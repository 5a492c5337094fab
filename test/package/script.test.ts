import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EutilsServer, type ServerRecord, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { makeRecord } from '../support/make-record.js';
import { compile, packedProject, runScript, writeScript } from './packed.js';

/** The script of issue 13 ("What a script user can do"), character for character. */
const SCRIPT = `import { openLibrary } from 'kratomlit';
const lib = await openLibrary({ db: 'db/kratomlit.sqlite' });
const run = await lib.ingest({ topics: ['mitragynine'], signal: AbortSignal.timeout(600_000) });
await lib.digest({ week: '2026-W48', out: 'digests/' });
console.log(run.new, lib.search('7-OH withdrawal', { limit: 5 }).map((h) => h.pmid));
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
 * The example script from the packed tarball, compiled with `tsc --strict` and no `skipLibCheck`,
 * run in a fresh folder against the loopback E-utilities server (EUTILS_BASE_URL, as a user would set it).
 */
describe('the issue 13 script, from the packed tarball', () => {
  let dir: string;
  let server: EutilsServer;
  beforeAll(async () => {
    dir = packedProject('kratomlit-script-');
    writeScript(dir, SCRIPT, true);
    server = await startEutilsServer({ records: RECORDS });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('compiles strictly, ingests one topic, digests the week, and searches the stored records', async () => {
    expect(compile(dir)).toBe('');
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
