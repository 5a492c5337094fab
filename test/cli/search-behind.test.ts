/**
 * A one-shot search and an index far behind the store: it answers from the published index only while a
 * writer runs (which publishes the index when done); with none running it applies the changes itself
 * and saves the index, however many (after an upgrade that renumbered records, or a killed writer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CATCH_UP } from '../../src/cli/search.js';
import { attachTopic } from '../../src/store/completeness.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { type Sandbox, articleSet, assertBuilt, jsonLogLines, sandbox } from './run-cli.js';

const N = MAX_CATCH_UP + 100;

describe('search with the index more than MAX_CATCH_UP changes behind', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const specs = Array.from({ length: N }, (_, i) => ({ pmid: String(43_000_000 + i), entrez: '2026-11-02', title: `Kratom record ${i}` }));
    const r = await sb.run(['import', '--topic', 'mitragynine', sb.write('many.xml', articleSet(specs))]);
    if (r.code !== 0) throw new Error(r.stderr);
    // The first search builds and saves the index (an import updates one only when it exists).
    const first = await sb.run(['search', 'kratom', '--json']);
    if (first.code !== 0) throw new Error(first.stderr);
    // Every record gains a second topic in the store, the published index not told.
    const db = openStore(sb.db);
    attachTopic(db, specs.map((s) => s.pmid), '7-hydroxymitragynine', new Date('2026-11-03T00:00:00Z'));
    closeStore(db);
  }, 120_000);
  afterAll(() => sb.cleanup());

  it('while a writer holds the lock: answers from the published index and names the writer', async () => {
    const db = openStore(sb.db);
    // A live process (this test's) holding the writer lock, as a running import would.
    db.prepare("INSERT INTO locks (name, pid, proc_start, host, command, acquired_at) VALUES ('writer', ?, NULL, ?, 'import big.xml', '2026-11-03T00:00:00Z')")
      .run(process.pid, (await import('node:os')).hostname());
    closeStore(db);
    try {
      const r = await sb.run(['search', 'kratom', '--topic', '7-hydroxymitragynine', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual([]);
      expect(jsonLogLines(r.stderr).map((l) => l.msg)).toContain(`search: the index is ${N} changed records behind the library while "import big.xml" writes; answering from the last published index`);
    } finally {
      const unlock = openStore(sb.db);
      unlock.prepare("DELETE FROM locks WHERE name = 'writer'").run();
      closeStore(unlock);
    }
  }, 60_000);

  it('with no writer: applies the changes itself, answers from them and saves the index for the next search', async () => {
    const r = await sb.run(['search', 'kratom', '--topic', '7-hydroxymitragynine', '--json', '--limit', '5']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(5);
    expect(r.stderr).not.toContain('behind');
    // Saved: the published index is now as fresh as the store.
    const before = await sb.run(['status', '--json']);
    expect((JSON.parse(before.stdout) as { index: { fresh: boolean } }).index.fresh).toBe(true);
    const again = await sb.run(['search', 'kratom', '--topic', '7-hydroxymitragynine', '--json', '--limit', '5']);
    expect(again.stdout).toBe(r.stdout);
  }, 60_000);
});
