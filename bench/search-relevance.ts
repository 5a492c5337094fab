/**
 * Relevance on a judged query set: nDCG@10 and recall@20 for kratomlit and for FTS5 bm25 over the same
 * records. Uses bench/judged-queries.json over data/sample/pubmed-sample.xml when both exist, else the
 * small development set in search-judged-dev.ts (and says so).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePubmedXml } from '../src/pubmed/normalize.js';
import { openSearchIndex } from '../src/library/search-index.js';
import { upsertParsed } from '../src/store/articles.js';
import { openStore } from '../src/store/open.js';
import type { Article } from '../src/types.js';
import { createFts, ftsPut, ftsSearch } from './search-fts.js';
import { DEV_ARTICLES, DEV_JUDGED } from './search-judged-dev.js';
import { EXTRA_ARTICLES } from './search-judged-extra.js';
import { toFtsQuery } from './search-queries.js';

/** Query classes the report breaks nDCG and recall down by. */
export const QUERY_CLASSES = ['plain', 'phrase-like', 'synonym-competing', 'stem-competing', 'prefix', 'fuzzy', 'field'] as const;

/** One judged query: PMID -> grade (0 = not relevant; higher = more relevant), and its class. */
export interface Judged {
  query: string;
  grades: Record<string, number>;
  /** One of QUERY_CLASSES; `plain` when the file gives none. */
  cls?: string;
}

/** Reads the judged file leniently: `[{query, relevant: [pmid] | {pmid: grade}}]` or `{queries: [...]}`. */
export function readJudged(text: string): Judged[] {
  const data = JSON.parse(text) as unknown;
  const list = (Array.isArray(data) ? data : (data as { queries?: unknown[] }).queries ?? []) as Array<Record<string, unknown>>;
  return list.map((e) => {
    const query = String(e['query'] ?? e['q'] ?? '');
    const rel = e['relevant'] ?? e['judgments'] ?? e['grades'] ?? e['expected'] ?? [];
    const grades: Record<string, number> = {};
    if (Array.isArray(rel)) {
      rel.forEach((r, i) => {
        if (typeof r === 'object' && r) {
          const o = r as Record<string, unknown>;
          grades[String(o['pmid'])] = Number(o['grade'] ?? o['relevance'] ?? 1);
        } else grades[String(r)] = e['ordered'] ? Math.max(1, 3 - i) : 1;
      });
    } else Object.assign(grades, Object.fromEntries(Object.entries(rel as object).map(([k, v]) => [k, Number(v)])));
    return { query, grades, cls: String(e['class'] ?? 'plain') };
  }).filter((j) => j.query.length > 0);
}

export function ndcgAt(ranked: readonly string[], grades: Record<string, number>, k: number): number {
  const dcg = ranked.slice(0, k).reduce((s, p, i) => s + (2 ** (grades[p] ?? 0) - 1) / Math.log2(i + 2), 0);
  const ideal = Object.values(grades).sort((a, b) => b - a).slice(0, k).reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function recallAt(ranked: readonly string[], grades: Record<string, number>, k: number): number {
  const relevant = Object.keys(grades).filter((p) => (grades[p] ?? 0) > 0);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((p) => top.has(p)).length / relevant.length;
}

function corpus(repo: string): { articles: Article[]; judged: Judged[]; source: string } {
  const xml = join(repo, 'data', 'sample', 'pubmed-sample.xml');
  const judgedPath = join(repo, 'bench', 'judged-queries.json');
  if (existsSync(xml) && existsSync(judgedPath)) {
    const articles = [...parsePubmedXml(readFileSync(xml, 'utf8')).articles.map((p) => p.article), ...EXTRA_ARTICLES];
    const source = `bench/judged-queries.json over data/sample/pubmed-sample.xml + ${EXTRA_ARTICLES.length} synthetic records of bench/search-judged-extra.ts`;
    return { articles, judged: readJudged(readFileSync(judgedPath, 'utf8')), source };
  }
  return { articles: DEV_ARTICLES, judged: DEV_JUDGED, source: 'development set (bench/search-judged-dev.ts): judged-queries.json or the sample XML is missing' };
}

export interface RelevanceReport {
  source: string;
  queries: number;
  kratomlit: { ndcg10: number; recall20: number };
  fts5: { ndcg10: number; recall20: number };
  /** The other build's kratomlit on the same records and judged set (`--base`); null without one. */
  base: Scores | null;
  /** Per query class: number of queries, nDCG@10 and recall@20 of both engines (and of the base build). */
  byClass: Array<{ cls: string; queries: number; kratomlit: Scores; fts5: Scores; base: Scores | null }>;
  perQuery: Array<{ query: string; cls: string; kl: number; fts: number; base: number | null }>;
}

interface Scores { ndcg10: number; recall20: number }
interface Row { query: string; cls: string; kl: string[]; ft: string[]; bl: string[] | null; grades: Record<string, number> }

/** A kratomlit search over `articles` (top 20 PMIDs of a query), with this build or another built checkout. */
type Ranker = (query: string) => string[];
interface Module { [name: string]: (...args: any[]) => any } // eslint-disable-line @typescript-eslint/no-explicit-any -- another build's exports

async function kratomlitRanker(articles: readonly Article[], dir: string, root: string | null): Promise<{ rank: Ranker; close: () => void }> {
  const load = async (path: string): Promise<Module> => (await import(join(root as string, 'dist', path))) as Module;
  const store = root ? await load('src/store/open.js') : { openStore };
  const rows = root ? await load('src/store/articles.js') : { upsertParsed };
  const search = root ? await load('src/library/search-index.js') : { openSearchIndex };
  const db = (store['openStore'] as typeof openStore)(join(dir, 'lib.sqlite'));
  (rows['upsertParsed'] as typeof upsertParsed)(db, articles.map((article) => ({ article, raw: '' })), { source: 'import', now: new Date('2026-11-20T03:00:00Z') });
  const index = await (search['openSearchIndex'] as typeof openSearchIndex)(db, { indexPath: join(dir, 'lib.sqlite.index') });
  const rank: Ranker = (query) => {
    try { return index.search(query, { limit: 20 }).map((h) => h.pmid); } catch { return []; }
  };
  return { rank, close: () => db.close() };
}

const mean = (xs: number[]): number => Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 1000) / 1000;

function scores(rows: readonly Row[], pick: (r: Row) => string[]): Scores {
  return { ndcg10: mean(rows.map((r) => ndcgAt(pick(r), r.grades, 10))), recall20: mean(rows.map((r) => recallAt(pick(r), r.grades, 20))) };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Runs both engines over the judged set; with `baseRoot` (another built checkout), that build's kratomlit
 * too, over the same records and judged set (this checkout's), for a before/after in one run.
 */
export async function relevance(repo: string, baseRoot: string | null = null): Promise<RelevanceReport> {
  const { articles, judged, source } = corpus(repo);
  const dir = mkdtempSync(join(tmpdir(), 'kl-rel-'));
  const baseDir = mkdtempSync(join(tmpdir(), 'kl-rel-base-'));
  const kl = await kratomlitRanker(articles, dir, null);
  const bl = baseRoot ? await kratomlitRanker(articles, baseDir, baseRoot) : null;
  const fts = createFts(join(dir, 'fts.sqlite'));
  ftsPut(fts, articles);
  const rows: Row[] = judged.map((j) => {
    const m = toFtsQuery(j.query);
    const ft = m ? ftsSearch(fts, m, 20).map((h) => h.pmid) : [];
    return { query: j.query, cls: j.cls ?? 'plain', kl: kl.rank(j.query), ft, bl: bl ? bl.rank(j.query) : null, grades: j.grades };
  });
  kl.close();
  bl?.close();
  fts.close();
  for (const d of [dir, baseDir]) rmSync(d, { recursive: true, force: true });
  const baseScores = (rs: readonly Row[]): Scores | null => (bl ? scores(rs, (r) => r.bl ?? []) : null);
  return {
    source,
    queries: rows.length,
    kratomlit: scores(rows, (r) => r.kl),
    fts5: scores(rows, (r) => r.ft),
    base: baseScores(rows),
    byClass: QUERY_CLASSES.map((cls) => rows.filter((r) => r.cls === cls))
      .map((rs) => ({ cls: rs[0]?.cls ?? '', queries: rs.length, kratomlit: scores(rs, (r) => r.kl), fts5: scores(rs, (r) => r.ft), base: baseScores(rs) }))
      .filter((c) => c.queries > 0),
    perQuery: rows.map((r) => ({
      query: r.query, cls: r.cls, kl: round2(ndcgAt(r.kl, r.grades, 10)), fts: round2(ndcgAt(r.ft, r.grades, 10)), base: r.bl ? round2(ndcgAt(r.bl, r.grades, 10)) : null,
    })),
  };
}
