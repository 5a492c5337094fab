/**
 * The convergence oracle of the fault suite (issue #6): after any fault, one clean re-run must leave
 * - the store holding exactly the records the server holds, at their newest versions, deletions applied;
 * - `PRAGMA integrity_check` = ok, no foreign-key orphans, no PMID twice, no run left `running`, no lock held;
 * - the search index holding exactly the stored live records (the file as left, and as opened);
 * - digests that regenerate byte-identical (and equal to what the faulted run wrote, if it wrote them).
 * Written once; every fault test and bench/reliability.ts call {@link checkConvergence}. No vitest imports.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { runDigest } from '../../src/library/digest.js';
import { parseTempName } from '../../src/fs/atomic.js';
import { parsePubmedXml } from '../../src/pubmed/normalize.js';
import { indexOptions, optionsHash } from '../../src/search/index-options.js';
import { openSearchIndex } from '../../src/library/search-index.js';
import { readIndexFile } from '../../src/search/persist-read.js';
import { loadSynonymFile } from '../../src/search/synonyms-file.js';
import { getArticle, iterateLiveArticles } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { lastRuns } from '../../src/store/runs.js';
import type { RunRow } from '../../src/types.js';
import type { ServerRecord } from '../../src/loopback/eutils-query.js';
import { makeRecord } from './make-record.js';

/** What the world looks like after convergence. */
export interface OracleInput {
  dbPath: string;
  /** Every record the server (or the imported files) holds now; an empty `xml` means efetch leaves it out. */
  expected: readonly ServerRecord[];
  /** PMIDs that were stored once and are gone from the source: absent or marked deleted. */
  removed?: readonly string[];
  /** Index file to check; `fresh: true` demands the file itself (not only a reopened index) be exact. */
  index?: { path: string; fresh: boolean };
  /** Digest week to regenerate twice; `faultedDir` holds what the faulted + re-run wrote (compared too). */
  digest?: { week: string; topics: string[]; faultedDir?: string };
}

/** The oracle's verdict: `problems` is empty when the run converged; figures feed the reliability bench. */
export interface OracleReport {
  problems: string[];
  live: number;
  /** Expected records missing from the store or stored with an older version. */
  lost: number;
  duplicates: number;
}

/**
 * The last `limit` runs of the ledger at `dbPath`, newest first (what `status --json` lists), read in-process:
 * for tests about the runs' outcome, not about the status command.
 */
export function ledgerRuns(dbPath: string, limit: number): RunRow[] {
  const db = openStore(dbPath, { readonly: true });
  try {
    return lastRuns(db, { limit });
  } finally {
    db.close();
  }
}

/** Checks every convergence property; never throws for a failed property (it lands in `problems`). */
export async function checkConvergence(input: OracleInput): Promise<OracleReport> {
  const report: OracleReport = { problems: [], live: 0, lost: 0, duplicates: 0 };
  const db = openStore(input.dbPath, { readonly: true });
  try {
    checkIntegrity(db, report);
    checkRecords(db, input, report);
    if (input.index) await checkIndex(db, input.index, report);
    if (input.digest) await checkDigests(db, input.digest, report);
  } finally {
    db.close();
  }
  return report;
}

type Db = ReturnType<typeof openStore>;

function checkIntegrity(db: Db, report: OracleReport): void {
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') report.problems.push(`integrity_check: ${String(integrity)}`);
  const orphans = db.pragma('foreign_key_check') as unknown[];
  if (orphans.length > 0) report.problems.push(`foreign_key_check: ${orphans.length} orphan rows, e.g. ${JSON.stringify(orphans[0])}`);
  const dups = db.prepare('SELECT pmid, COUNT(*) AS n FROM articles GROUP BY pmid HAVING n > 1').all() as Array<{ pmid: string }>;
  report.duplicates = dups.length;
  if (dups.length > 0) report.problems.push(`PMIDs stored twice: ${dups.map((d) => d.pmid).join(', ')}`);
  // Writers (ingest, import) take the lock and mark dead runs interrupted; digest runs do not (see
  // test/faults/crash-points.test.ts for that gap), so only writer runs are held to it here.
  const running = db.prepare("SELECT id, kind FROM runs WHERE status = 'running'").all() as Array<{ id: number; kind: string }>;
  if (running.length > 0) report.problems.push(`runs still marked running: ${running.map((r) => `${r.kind}#${r.id}`).join(', ')}`);
  const locks = db.prepare('SELECT name, pid FROM locks').all() as Array<{ name: string; pid: number }>;
  if (locks.length > 0) report.problems.push(`locks still held: ${locks.map((l) => `${l.name} by pid ${l.pid}`).join(', ')}`);
}

/** Newest version per PMID as the source serves it: title, version, DateRevised, parsed by the real parser. */
function expectedArticles(records: readonly ServerRecord[]) {
  const served = records.filter((r) => r.xml !== '');
  const parsed = parsePubmedXml(`<PubmedArticleSet>${served.map((r) => r.xml).join('')}</PubmedArticleSet>`, 'oracle');
  return new Map(parsed.articles.map((p) => [p.article.pmid, p.article]));
}

function checkRecords(db: Db, input: OracleInput, report: OracleReport): void {
  const expected = expectedArticles(input.expected);
  const live = new Set<string>();
  for (const a of iterateLiveArticles(db)) live.add(a.pmid);
  report.live = live.size;
  for (const [pmid, want] of expected) {
    const got = getArticle(db, pmid);
    if (!got || got.deleted) {
      report.lost += 1;
      report.problems.push(`PMID ${pmid}: ${got ? 'marked deleted' : 'missing'} but the source holds it`);
    } else if (got.title !== want.title || got.version !== want.version || got.dateRevised !== want.dateRevised) {
      report.lost += 1;
      report.problems.push(`PMID ${pmid}: stored "${got.title}" v${got.version} rev ${got.dateRevised}, source "${want.title}" v${want.version} rev ${want.dateRevised}`);
    }
  }
  const extra = [...live].filter((p) => !expected.has(p));
  if (extra.length > 0) report.problems.push(`live records the source does not hold: ${extra.slice(0, 10).join(', ')}${extra.length > 10 ? '...' : ''}`);
  for (const pmid of input.removed ?? []) {
    if (live.has(pmid)) report.problems.push(`PMID ${pmid} was removed from the source but is still live`);
  }
}

function liveIds(db: Db): Set<string> {
  const ids = new Set<string>();
  for (const a of iterateLiveArticles(db)) ids.add(a.pmid);
  return ids;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): string | null {
  const missing = [...b].filter((x) => !a.has(x));
  const extra = [...a].filter((x) => !b.has(x));
  if (missing.length === 0 && extra.length === 0) return null;
  return `${missing.length} live records missing (${missing.slice(0, 5).join(', ')}), ${extra.length} extra (${extra.slice(0, 5).join(', ')})`;
}

function indexFileIds(path: string): Set<string> | string {
  const synonyms = loadSynonymFile();
  const read = readIndexFile(path, indexOptions(synonyms), optionsHash(synonyms));
  if (!read.ok) return read.reason;
  return new Set(read.engine.docs().pmids);
}

async function checkIndex(db: Db, index: { path: string; fresh: boolean }, report: OracleReport): Promise<void> {
  const live = liveIds(db);
  if (index.fresh) {
    const ids = existsSync(index.path) ? indexFileIds(index.path) : 'no index file';
    const diff = typeof ids === 'string' ? ids : sameSet(ids, live);
    if (diff) report.problems.push(`index file ${index.path} as left by the run: ${diff}`);
  }
  const opened = await openSearchIndex(db, { indexPath: index.path });
  if (opened.size !== live.size) report.problems.push(`opened search index holds ${opened.size} records, the store ${live.size} live`);
  const after = indexFileIds(index.path);
  const diff = typeof after === 'string' ? after : sameSet(after, live);
  if (diff) report.problems.push(`index file after opening: ${diff}`);
  // Temp names of the atomic-file helper and the index's earlier `<name>.tmp-<pid>-<rand>` form.
  const leftovers = readdirSync(dirname(index.path)).filter((n) => parseTempName(n, basename(index.path))?.target === basename(index.path));
  if (leftovers.length > 0) report.problems.push(`index temp files left: ${leftovers.join(', ')}`);
}

async function writeDigestTo(db: Db, dir: string, d: { week: string; topics: string[] }): Promise<Map<string, Buffer>> {
  await runDigest({ db, outDir: dir, timeZone: 'UTC', perTopicCap: 25, feedWeeks: 12, topics: d.topics }, new Date('2026-11-25T00:00:00Z'), { week: d.week });
  return new Map(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n))]));
}

async function checkDigests(db: Db, d: NonNullable<OracleInput['digest']>, report: OracleReport): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'kratomlit-oracle-'));
  try {
    const a = await writeDigestTo(db, join(scratch, 'a'), d);
    const b = await writeDigestTo(db, join(scratch, 'b'), d);
    for (const [name, bytes] of a) if (!b.get(name)?.equals(bytes)) report.problems.push(`digest ${name} differs between two regenerations`);
    if (a.size !== 4) report.problems.push(`digest wrote ${a.size} files, expected 4 (.md .html .json feed.atom)`);
    if (!d.faultedDir) return;
    const names = existsSync(d.faultedDir) ? readdirSync(d.faultedDir) : [];
    const temps = names.filter((n) => n.endsWith('.kratomlit-tmp'));
    if (temps.length > 0) report.problems.push(`digest temp files left in ${d.faultedDir}: ${temps.join(', ')}`);
    // feed.atom spans every week in its folder, so only the week's own files can be compared byte for byte.
    const feed = existsSync(join(d.faultedDir, 'feed.atom')) ? readFileSync(join(d.faultedDir, 'feed.atom'), 'utf8') : '';
    if (!feed.trimEnd().endsWith('</feed>')) report.problems.push(`feed.atom in ${d.faultedDir} is missing or cut`);
    for (const [name, bytes] of a) {
      if (name === 'feed.atom') continue;
      const path = join(d.faultedDir, name);
      if (!existsSync(path)) report.problems.push(`digest ${name} missing from ${d.faultedDir}`);
      else if (!readFileSync(path).equals(bytes)) report.problems.push(`digest ${name} in ${d.faultedDir} differs from a clean regeneration`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The fault suite's corpus: `n` records from PMID `first` upwards, matching topic `alpha` (all) and `beta`
 * (every third), entry dates spread over October 2026 (ISO weeks 2026-W40..W44), so a digest week has papers.
 */
export function faultCorpus(n: number, first = 30_000_000, rev = 0): ServerRecord[] {
  return Array.from({ length: n }, (_, i) => corpusRecord(first + i, i, rev));
}

/** One corpus record; `rev` > 0 gives a revised title, DateRevised and modification date (default today, inside any nightly window). */
export function corpusRecord(pmidNumber: number, i: number, rev = 0, modified = new Date().toISOString().slice(0, 10)): ServerRecord {
  const pmid = String(pmidNumber);
  const entrez = `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`;
  const base = i % 3 === 0 ? `Betazine and alphazine kinetics ${pmid}` : `Alphazine receptor binding ${pmid}`;
  const title = rev > 0 ? `${base} (revision ${rev})` : base;
  const revised = rev > 0 ? modified : entrez;
  return { pmid, xml: makeRecord({ pmid, title, entrez, revised }), entrezDate: entrez, modifiedDate: revised };
}
