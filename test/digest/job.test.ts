import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DigestDeps, runDigest as run } from '../../src/library/digest.js';
import { isDigestDue } from '../../src/library/due.js';
import { AppError, UsageError } from '../../src/errors.js';
import { recordGaps, saveCheck } from '../../src/store/completeness.js';
import { openStore } from '../../src/store/open.js';
import { applyDeletions, upsertParsed } from '../../src/store/articles.js';
import { finishRun, lastRuns, startRun } from '../../src/store/runs.js';
import type { Article } from '../../src/types.js';
import { TOPICS, newArticles, revisedArticles } from '../fixtures/digest/library.js';

let dir: string;
let db: Database.Database;

function store(a: Article, now: string): void {
  upsertParsed(db, [{ article: { ...a, topics: [] }, raw: `<PubmedArticle>${a.pmid}</PubmedArticle>` }], {
    source: 'ingest',
    now: new Date(now),
    ...(a.topics.length > 0 ? { topics: a.topics } : {}),
  });
}

/** The fixture library through the real store: earlier copies first, this week's revisions on 18-20 Nov. */
function loadLibrary(): void {
  for (const { article, revision } of revisedArticles()) {
    const before = { ...article, ...revision.previous } as Article;
    store(before, '2026-11-01T00:00:00.000Z');
    store(article, revision.at);
  }
  for (const a of newArticles()) store(a, '2026-11-22T12:00:00.000Z');
  // The completeness the golden files state: one topic complete, one with two gaps.
  saveCheck(db, { topic: 'mitragynine', upstream: 812, local: 812, checkedAt: '2026-11-23T03:00:12.000Z', check: 'count' });
  saveCheck(db, { topic: '7-hydroxymitragynine', upstream: 214, local: 212, checkedAt: '2026-11-23T03:00:14.000Z', check: 'full' });
  const gaps = ['39000001', '39000002'].map((pmid) => ({ pmid, topics: ['7-hydroxymitragynine'] }));
  for (const at of ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']) recordGaps(db, gaps, new Date(`${at}T03:00:00.000Z`));
  // The Monday-night ingest that covered W47, as the golden files state.
  ingestRun('ok', '2026-11-23T03:00:00.000Z', '2026-11-23T03:00:20.000Z');
}

/** An ingest run of both topics in the ledger, ended as `status`. */
function ingestRun(status: 'ok' | 'failed', startedAt: string, endedAt: string, error: string | null = null): void {
  const id = startRun(db, 'ingest', new Date(startedAt));
  finishRun(db, id, { status, now: new Date(endedAt), details: { topics: TOPICS.map((topic) => ({ topic })) }, error });
}

function deps(over: Partial<DigestDeps> = {}): DigestDeps {
  return { db, outDir: join(dir, 'digests'), timeZone: 'UTC', perTopicCap: 25, feedWeeks: 8, topics: TOPICS, ...over };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kratomlit-digest-'));
  db = openStore(':memory:');
  loadLibrary();
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const NOW = new Date('2026-11-25T10:00:00Z');
const golden = (name: string): string => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'digest', name), 'utf8');

describe('digest job on a real store', () => {
  it("writes last complete week's four files, matching the goldens built from the same library", async () => {
    const result = await run(deps({ siteUrl: 'https://example.org/digests/' }), NOW);
    expect(result.week).toBe('2026-W47');
    expect(lastRuns(db, { kind: 'digest', limit: 1 })[0]).toMatchObject({ status: 'ok', details: { week: '2026-W47' } });
    expect(result.counts).toEqual({ new: 3, updated: 3, notices: 5 });
    expect(result.files.map((f) => f.slice(dir.length))).toEqual(
      ['/digests/2026-W47.md', '/digests/2026-W47.html', '/digests/2026-W47.json', '/digests/feed.atom'],
    );
    for (const name of ['2026-W47.md', '2026-W47.html', '2026-W47.json', 'feed.atom']) {
      expect(readFileSync(join(dir, 'digests', name), 'utf8'), name).toBe(golden(name));
    }
  });

  it('lists a paper that arrived after its own week\'s digest with the next digest, marked late, once', async () => {
    // W47 (16-22 Nov) is written on Monday 23 Nov; then a paper entered on 18 Nov arrives (PubMed made it
    // visible late), and another entered 18 Nov arrives the same Monday before that digest ran.
    const early = { ...(newArticles()[0] as Article), pmid: '40000101', title: 'Stored before the W47 digest ran' };
    store(early, '2026-11-23T05:00:00.000Z');
    await run(deps(), new Date('2026-11-23T07:00:00Z'), { week: '2026-W47' });
    const late = { ...(newArticles()[0] as Article), pmid: '40000102', title: 'Stored after the W47 digest ran' };
    store(late, '2026-11-24T03:00:00.000Z');
    const w47 = JSON.parse(readFileSync(join(dir, 'digests', '2026-W47.json'), 'utf8')) as { newPapers: Array<{ pmid: string; late?: true }> };
    expect(w47.newPapers.map((p) => p.pmid)).toContain('40000101');
    expect(w47.newPapers.map((p) => p.pmid)).not.toContain('40000102');
    await run(deps(), new Date('2026-11-30T07:00:00Z'), { week: '2026-W48' });
    const w48 = JSON.parse(readFileSync(join(dir, 'digests', '2026-W48.json'), 'utf8')) as { newPapers: Array<{ pmid: string; late?: true; badges: string[] }> };
    // The late one only, marked; not the one W47 already listed, though it was also first stored in W48.
    expect(w48.newPapers.filter((p) => p.late).map((p) => [p.pmid, p.badges.at(-1)])).toEqual([['40000102', 'Late addition: entered 2026-11-18']]);
    expect(w48.newPapers.map((p) => p.pmid)).not.toContain('40000101');
    expect(readFileSync(join(dir, 'digests', '2026-W48.md'), 'utf8')).toContain('Late addition: entered 2026-11-18');
    // W47 written again lists it itself (a rewrite sees the store as it is); W48 written again then no longer does.
    await run(deps(), new Date('2026-11-30T08:00:00Z'), { week: '2026-W47' });
    expect(readFileSync(join(dir, 'digests', '2026-W47.json'), 'utf8')).toContain('40000102');
    await run(deps(), new Date('2026-11-30T09:00:00Z'), { week: '2026-W48' });
    expect(readFileSync(join(dir, 'digests', '2026-W48.json'), 'utf8')).not.toContain('40000102');
  });

  it('lists a paper PubMed withdrew during the week among the notices, once, in every format', async () => {
    applyDeletions(db, [{ pmid: '40000002', version: 1 }], { now: new Date('2026-11-25T03:00:00Z'), source: 'ingest' });
    await run(deps(), new Date('2026-11-30T07:00:00Z'), { week: '2026-W48' });
    const w48 = JSON.parse(readFileSync(join(dir, 'digests', '2026-W48.json'), 'utf8')) as { notices: Array<{ kind: string; label: string; paper: { pmid: string } }> };
    expect(w48.notices.filter((n) => n.kind === 'withdrawn').map((n) => [n.paper.pmid, n.label])).toEqual([['40000002', 'Withdrawn from PubMed']]);
    for (const ext of ['md', 'html']) expect(readFileSync(join(dir, 'digests', `2026-W48.${ext}`), 'utf8')).toContain('Withdrawn from PubMed');
    // Not in the week before (it was withdrawn after), and no longer among that week's new papers when written again.
    await run(deps(), new Date('2026-11-30T07:00:00Z'), { week: '2026-W47' });
    expect(readFileSync(join(dir, 'digests', '2026-W47.json'), 'utf8')).not.toContain('Withdrawn from PubMed');
  });

  it('does not list as late the papers of a week whose digest was never written', async () => {
    const old = { ...(newArticles()[0] as Article), pmid: '40000103', title: 'History imported today', history: { entrez: '2026-10-01', pubmed: '2026-10-01' } };
    store(old, '2026-11-24T03:00:00.000Z');
    await run(deps(), new Date('2026-11-30T07:00:00Z'), { week: '2026-W48' });
    expect(readFileSync(join(dir, 'digests', '2026-W48.json'), 'utf8')).not.toContain('40000103');
    await run(deps(), new Date('2026-11-30T07:00:00Z'), { week: '2026-W40' });
    expect(readFileSync(join(dir, 'digests', '2026-W40.json'), 'utf8')).toContain('40000103');
  });

  it("is due until last week's JSON exists", async () => {
    expect(isDigestDue(deps(), NOW)).toBe(true);
    await run(deps(), NOW);
    expect(isDigestDue(deps(), NOW)).toBe(false);
    expect(isDigestDue(deps(), new Date('2026-11-30T12:00:00Z'))).toBe(true); // W48 is now the last complete week
  });

  it('gives byte-identical files on a re-run and leaves them untouched', async () => {
    const first = await run(deps(), NOW);
    const before = first.files.map((f) => [readFileSync(f, 'utf8'), statSync(f).mtimeMs]);
    await new Promise((r) => setTimeout(r, 20));
    const second = await run(deps(), new Date('2026-11-29T23:00:00Z'));
    expect(second.files.map((f) => [readFileSync(f, 'utf8'), statSync(f).mtimeMs])).toEqual(before);
  });

  it('builds feed.atom from every week JSON in the folder, newest first, skipping a corrupt one', async () => {
    const out = join(dir, 'digests');
    await run(deps(), NOW, { week: '2026-W46' });
    writeFileSync(join(out, '2026-W40.json'), '{"schemaVersion": 1, "week": "2026-W40"'); // truncated
    const warnings: unknown[] = [];
    const logger = { info: () => undefined, debug: () => undefined, error: () => undefined, warn: (o: object) => void warnings.push(o) };
    await run(deps({ logger, feedWeeks: 5 }), NOW);
    const feed = readFileSync(join(out, 'feed.atom'), 'utf8');
    expect([...feed.matchAll(/<id>tag:kratomlit,2026:digest:(\d{4}-W\d{2})<\/id>/g)].map((m) => m[1])).toEqual(['2026-W47', '2026-W46']);
    expect(warnings).toContainEqual(expect.objectContaining({ file: '2026-W40.json' }));
  });

  it('refuses week names that would escape the folder, before writing anything', async () => {
    for (const week of ['../../etc/2026-W47', '/tmp/2026-W47', '2026-W47\0.md', '2027-W53', '0001-W01', '1799-W52', '2026-W54', '2026-W00']) {
      await expect(run(deps(), NOW, { week })).rejects.toBeInstanceOf(UsageError);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a week that has not begun, writing nothing, and takes the week in progress', async () => {
    await expect(run(deps(), NOW, { week: '2026-W49' })).rejects.toThrow(/^digest: week "2026-W49" has not begun yet \(it starts 2026-11-30; this is 2026-W48\)$/);
    expect(readdirSync(dir)).toEqual([]);
    const current = await run(deps(), NOW, { week: '2026-W48' });
    expect(current.week).toBe('2026-W48');
  });

  it('dates a week written while in progress by the write that last changed it, never by its future end', async () => {
    const out = join(dir, 'digests');
    const w48 = (): { asOf: string; range: { end: string } } => JSON.parse(readFileSync(join(out, '2026-W48.json'), 'utf8'));
    const entryUpdated = (): string[] => [...readFileSync(join(out, 'feed.atom'), 'utf8').matchAll(/<updated>([^<]+)<\/updated>/g)].map((m) => m[1] as string);
    await run(deps(), NOW, { week: '2026-W48' });
    expect(w48()).toMatchObject({ asOf: NOW.toISOString(), range: { end: '2026-11-30T00:00:00.000Z' } });
    // Feed updated, then the one entry's: the write, not Monday 30 Nov.
    expect(entryUpdated()).toEqual([NOW.toISOString(), NOW.toISOString()]);
    // Written again with nothing new: the same bytes, the same date.
    const before = readFileSync(join(out, 'feed.atom'), 'utf8');
    await run(deps(), new Date('2026-11-26T10:00:00Z'), { week: '2026-W48' });
    expect([w48().asOf, readFileSync(join(out, 'feed.atom'), 'utf8')]).toEqual([NOW.toISOString(), before]);
    // A paper arrives: the next write dates the content by itself.
    store({ ...(newArticles()[0] as Article), pmid: '40000104', history: { entrez: '2026-11-26', pubmed: '2026-11-26' } }, '2026-11-26T12:00:00.000Z');
    await run(deps(), new Date('2026-11-27T10:00:00Z'), { week: '2026-W48' });
    expect(w48().asOf).toBe('2026-11-27T10:00:00.000Z');
    expect(entryUpdated()).toEqual(['2026-11-27T10:00:00.000Z', '2026-11-27T10:00:00.000Z']);
    // Written again once the week is over: no longer "in progress", a change of content, so as of its end
    // (the bytes a clean regeneration gives). First written after it ended (another folder): the same.
    await run(deps(), new Date('2026-12-02T10:00:00Z'), { week: '2026-W48' });
    expect(w48()).toMatchObject({ asOf: '2026-11-30T00:00:00.000Z', inProgress: false });
    await run(deps({ outDir: join(dir, 'later') }), new Date('2026-12-02T10:00:00Z'), { week: '2026-W48' });
    expect(JSON.parse(readFileSync(join(dir, 'later', '2026-W48.json'), 'utf8'))).toMatchObject({ asOf: '2026-11-30T00:00:00.000Z' });
    // A late paper after the week is over: written again, the week is as of its end, the bytes a clean
    // regeneration gives (the fault suite's oracle); the paper reaches readers as a late addition instead.
    store({ ...(newArticles()[0] as Article), pmid: '40000105', history: { entrez: '2026-11-28', pubmed: '2026-11-28' } }, '2026-12-03T09:00:00.000Z');
    await run(deps(), new Date('2026-12-03T10:00:00Z'), { week: '2026-W48' });
    await run(deps({ outDir: join(dir, 'clean') }), new Date('2026-12-04T10:00:00Z'), { week: '2026-W48' });
    expect(readFileSync(join(out, '2026-W48.json'))).toEqual(readFileSync(join(dir, 'clean', '2026-W48.json')));
    expect(w48().asOf).toBe('2026-11-30T00:00:00.000Z');
  });

  it('caps the date of an in-progress week a previous version wrote without asOf at the time of the feed', async () => {
    const out = join(dir, 'digests');
    await run(deps(), NOW, { week: '2026-W48' });
    const legacy = JSON.parse(readFileSync(join(out, '2026-W48.json'), 'utf8')) as Record<string, unknown>;
    delete legacy['asOf'];
    writeFileSync(join(out, '2026-W48.json'), `${JSON.stringify(legacy, null, 2)}\n`);
    await run(deps(), new Date('2026-11-26T10:00:00Z'), { week: '2026-W47' });
    const feed = readFileSync(join(out, 'feed.atom'), 'utf8');
    expect([...feed.matchAll(/<updated>([^<]+)<\/updated>/g)].map((m) => m[1])).toEqual([
      '2026-11-26T10:00:00.000Z', '2026-11-26T10:00:00.000Z', '2026-11-23T00:00:00.000Z',
    ]);
  });

  it('leaves out of the feed, with a warning, a week JSON whose asOf was edited into something not a date', async () => {
    const out = join(dir, 'digests');
    await run(deps(), NOW, { week: '2026-W46' });
    const edited = JSON.parse(readFileSync(join(out, '2026-W46.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(out, '2026-W46.json'), JSON.stringify({ ...edited, asOf: 'last Tuesday' }));
    const warnings: unknown[] = [];
    const logger = { info: () => undefined, debug: () => undefined, error: () => undefined, warn: (o: object) => void warnings.push(o) };
    await run(deps({ logger }), NOW);
    const feed = readFileSync(join(out, 'feed.atom'), 'utf8');
    expect([...feed.matchAll(/<id>tag:kratomlit,2026:digest:(\d{4}-W\d{2})<\/id>/g)].map((m) => m[1])).toEqual(['2026-W47']);
    expect(warnings).toContainEqual(expect.objectContaining({ file: '2026-W46.json', err: expect.stringContaining('asOf that is not a date') }));
  });

  it('names the path when --out is not a writable directory', async () => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const err = await run(deps({ outDir: file }), NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'DIGEST_OUT_DIR' });
    expect((err as Error).message).toContain(file);
    expect(lastRuns(db, { kind: 'digest', limit: 1 })[0]).toMatchObject({ status: 'failed', error: expect.stringContaining(file) });
    await expect(run(deps({ outDir: `${dir}/a\0b` }), NOW)).rejects.toMatchObject({ code: 'DIGEST_OUT_DIR' });
  });

  it('removes temp files an interrupted write left behind', async () => {
    const out = join(dir, 'digests');
    await run(deps(), NOW);
    writeFileSync(join(out, '.2026-W47.md.0123456789ab.kratomlit-tmp'), 'half a dig');
    await run(deps(), NOW);
    expect(readdirSync(out).sort()).toEqual(['2026-W47.html', '2026-W47.json', '2026-W47.md', 'feed.atom']);
  });

  it('says a week no ingest covered was not covered, never quiet, naming when the last ingest ended and a failed one in the week', async () => {
    ingestRun('ok', '2026-11-26T03:30:00.000Z', '2026-11-26T03:30:40.000Z');
    ingestRun('failed', '2026-12-02T03:30:00.000Z', '2026-12-02T03:30:12.000Z', 'esearch: gave up after 6 attempts; last error: ECONNREFUSED');
    await run(deps(), new Date('2026-12-07T18:00:00Z'), { week: '2026-W49' });
    const out = join(dir, 'digests');
    for (const name of ['2026-W49.md', '2026-W49.html', 'feed.atom']) {
      const text = readFileSync(join(out, name), 'utf8').replace(/\\/g, '');
      expect(text, name).toContain('No ingest covered this week yet (the last successful one searched PubMed 2026-11-26 03:30 UTC).');
      expect(text, name).toContain('ingest run 3 started 2026-12-02 03:30 UTC failed: esearch: gave up after 6 attempts; last error: ECONNREFUSED');
      expect(text, name).not.toMatch(/quiet week/i);
    }
    const json = JSON.parse(readFileSync(join(out, '2026-W49.json'), 'utf8')) as { coverage: unknown; inProgress: boolean };
    expect(json.inProgress).toBe(false);
    expect(json.coverage).toMatchObject({ topics: [{ covered: 'none', through: '2026-11-26T03:30:00.000Z' }, { covered: 'none' }], problems: [{ run: 3, status: 'failed' }] });
    // Once an ingest ends after the week, the same week is covered, and quiet.
    ingestRun('ok', '2026-12-08T03:30:00.000Z', '2026-12-08T03:31:00.000Z');
    await run(deps(), new Date('2026-12-08T07:00:00Z'), { week: '2026-W49' });
    expect(readFileSync(join(out, '2026-W49.md'), 'utf8')).toContain('mitragynine: covered (an ingest ended 2026-12-08 03:31 UTC, after the week)');
  });
});
