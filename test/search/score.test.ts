import MiniSearch, { type Query } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { applyChanges, buildIndex, vacuumIfDirty } from '../../src/search/build.js';
import { toIndexDoc, type IndexDoc } from '../../src/search/documents.js';
import { indexOptions, miniField } from '../../src/search/index-options.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { parseQuery } from '../../src/search/query-parse.js';
import { planQuery, type PlanNode, type QueryPlan } from '../../src/search/query-plan.js';
import { rank } from '../../src/search/rank.js';
import { documentPrior } from '../../src/search/prior.js';
import { loadSynonymFile } from '../../src/search/synonyms-file.js';
import type { Article } from '../../src/types.js';
import { randomCorpus } from './corpus.js';
import { reloadIndex } from './helpers.js';

const synonyms = loadSynonymFile();
const QUERIES = [
  'kratom', 'ketum', 'Mitragyna speciosa', 'mitragynine plasma', 'receptor OR seizures', 'kratom -tea', '7-OH', '7-OH-MG',
  'mitragyn*', 'analges*', 'mitragyine', 'hydroxymitragynin', 'title:kratom', 'abstract:receptor binding',
  'μ-opioid receptor', 'MOR agonist', 'withdrawal dependence', 'COVID-19', 'opioid use disorder', 'liver injury OR tea leaves',
  'keyword:plasma', 'chemical:extract', 'the potent', 'kratom -"opioid use"', 'Müller',
];

/** A plain MiniSearch over `articles` with the project's options: the reference scorer. */
function plainIndex(articles: readonly Article[]): MiniSearch<IndexDoc> {
  const plain = new MiniSearch<IndexDoc>(indexOptions(synonyms));
  plain.addAll(articles.map((a) => toIndexDoc(a, documentPrior)));
  return plain;
}

/** The plan as a MiniSearch query: each leaf one term with its fields, prefix and fuzzy distance. */
function asQuery(node: PlanNode): Query {
  if ('op' in node) return { combineWith: node.op, queries: node.children.map(asQuery) };
  const fields = node.field === null ? undefined : (typeof node.field === 'string' ? [node.field] : node.field).map(miniField);
  return { combineWith: 'OR', queries: [node.term], prefix: node.prefix, fuzzy: node.fuzzy || false, ...(fields ? { fields } : {}) };
}

function planOf(engine: SearchEngine, q: string): QueryPlan {
  return planQuery(parseQuery(q), synonyms, (t) => engine.docFrequency(t));
}

/** PMID -> score, from MiniSearch's own `search` over `plain`. */
function reference(plain: MiniSearch<IndexDoc>, plan: QueryPlan): Map<string, number> {
  const positive: Query = { combineWith: 'OR', queries: plan.groups.map((g) => asQuery(g.node as PlanNode)) };
  const query: Query = plan.excludedNodes.length ? { combineWith: 'AND_NOT', queries: [positive, ...plan.excludedNodes.map(asQuery)] } : positive;
  return new Map(plain.search(query).map((r) => [String(r.id), r.score]));
}

/** PMID -> score from rank.ts (score.ts path), uncut and unscreened; `explained` gets explain.ts's totals. */
function ours(engine: SearchEngine, plan: QueryPlan, explained?: Map<string, number>): Map<string, number> {
  const ranked = rank(engine, plan, { filter: null, sort: 'relevance', cap: null, screen: null });
  ranked.explain(ranked.candidates).forEach((e, i) => explained?.set(ranked.candidates[i]?.id ?? '', e?.terms.reduce((s, t) => s + t.contribution, e.proximity.contribution) ?? NaN));
  return new Map(ranked.candidates.map((c) => [c.id, c.score]));
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.abs(b);

/**
 * Per query: records matched other than MiniSearch's own `search` matches them (score.ts ranks
 * differently but must match the same records), and scores that differ beyond 1e-9 (relative) from the
 * sum of the contributions explain.ts lists (an independent per-record evaluation of the same plan).
 */
function differences(engine: SearchEngine, plain: MiniSearch<IndexDoc>, planFrom: SearchEngine): string[] {
  const out: string[] = [];
  for (const q of QUERIES) {
    // Plans depend on document frequencies (implicit prefix, fuzzy): both sides run the same plan, made
    // from a fresh build of the reference's records.
    const plan = planOf(planFrom, q);
    const want = reference(plain, plan);
    const explained = new Map<string, number>();
    const got = ours(engine, plan, explained);
    if (want.size === 0) out.push(`${q}: the reference matched nothing (useless query)`);
    if ([...want.keys()].sort().join() !== [...got.keys()].sort().join()) out.push(`${q}: matched ${got.size}, MiniSearch ${want.size}`);
    for (const [id, score] of got) if (!close(explained.get(id) ?? NaN, score)) out.push(`${q}: ${id} ${score}, explained ${explained.get(id)}`);
  }
  return out;
}

/** Records or scores of `mini` that differ from a fresh build of the same records, per query. */
function fromFresh(engine: SearchEngine, fresh: SearchEngine): string[] {
  const out: string[] = [];
  for (const q of QUERIES) {
    const plan = planOf(fresh, q);
    const want = ours(fresh, plan);
    const got = ours(engine, plan);
    if (got.size !== want.size) out.push(`${q}: matched ${got.size}, fresh build ${want.size}`);
    for (const [id, score] of want) if (!close(got.get(id) ?? NaN, score)) out.push(`${q}: ${id} ${got.get(id)} vs ${score}`);
  }
  return out;
}

/** The corpus after an update: 40 records revised, 25 deleted, 15 new. */
function updated(corpus: Article[]): { articles: Article[]; gone: string[]; final: Article[] } {
  const revised = randomCorpus(99, 40, 1000).map((a, i) => ({ ...a, pmid: String(1000 + 5 * i) }));
  const added = randomCorpus(98, 15, 5000);
  const gone = Array.from({ length: 25 }, (_, i) => String(1002 + 7 * i)).filter((p) => !revised.some((r) => r.pmid === p));
  const byPmid = new Map(corpus.map((a) => [a.pmid, a]));
  for (const r of revised) byPmid.set(r.pmid, r);
  for (const p of gone) byPmid.delete(p);
  for (const a of added) byPmid.set(a.pmid, a);
  return { articles: [...revised, ...added], gone, final: [...byPmid.values()] };
}

describe('score.ts', () => {
  const corpus = randomCorpus(41, 250);

  it('matches what MiniSearch matches and scores what explain adds up (built and reloaded index)', () => {
    const plain = plainIndex(corpus);
    const built = buildIndex(corpus, synonyms);
    expect(differences(built, plain, built)).toEqual([]);
    expect(differences(reloadIndex(built, synonyms), plain, built)).toEqual([]);
  });

  it('scores an updated index (replaced, discarded, added records not yet vacuumed) as a fresh build of its records', async () => {
    const mini = buildIndex(corpus, synonyms);
    const { articles, gone, final } = updated(corpus);
    expect(applyChanges(mini, articles, gone)).toEqual({ added: 15, replaced: 40, removed: gone.length });
    expect(mini.dirtCount).toBeGreaterThan(0);
    const plain = plainIndex(final);
    const fresh = buildIndex(final, synonyms);
    expect(differences(mini, plain, fresh)).toEqual([]);
    expect(fromFresh(mini, fresh)).toEqual([]);
    expect(fromFresh(reloadIndex(mini, synonyms), fresh)).toEqual([]);
    await vacuumIfDirty(mini);
    expect(fromFresh(mini, fresh)).toEqual([]);
  });
});
