/**
 * `explain`: why a hit scored what it did. Re-evaluates the compiled plan for one record at a time, with
 * the arithmetic of score.ts (same BM25, same weights, same combinators), and keeps every posting that
 * counted: which index term matched, reached how (literal word, synonym concept, another form of the
 * stem only, prefix or fuzzy expansion), in which field, and what it added. The contributions and the
 * proximity raise add up to the hit's score. Only run for the records shown, so it may scan posting lists. Pure.
 */
import type { Field, HitExplain, MatchKind, TermContribution } from './types.js';
import { fieldOfMini } from './index-options.js';
import type { DocTables, SearchEngine } from './engine.js';
import { PROXIMITY } from './proximity.js';
import type { PlanNode } from './query-plan.js';
import { bitCount, bm25, forPostings, liveCount, prefixMatching, type Compiled, type Leaf } from './score.js';
import { STEM_RATIO } from './stem-level.js';

export type { HitExplain, MatchKind, NameMatch, TermContribution } from './types.js';


interface Part { leaf: Leaf; exp: Leaf['expansions'][number]; fieldName: string; tf: number; weight: number; value: number; stem: boolean }
interface Eval { score: number; words: number; parts: Part[] }

/** Term frequency of `doc` in one field's postings (0 when absent) and the number of postings there. */
function tfOf(data: Parameters<typeof forPostings>[0], fieldId: number, doc: number): { tf: number; count: number } {
  const out = { tf: 0, count: 0 };
  forPostings(data, fieldId, (d, tf, count) => {
    out.count = count;
    if (d === doc) out.tf = tf;
  });
  return out;
}

function leafEval(engine: SearchEngine, t: DocTables, leaf: Leaf, doc: number, stemOnly: number): Eval | null {
  const parts: Part[] = [];
  let score = 0;
  const stemLevel = leaf.slot >= 0 && (stemOnly & (1 << leaf.slot)) !== 0;
  for (const exp of leaf.expansions) {
    const stem = stemLevel && exp.how === 'exact';
    for (const [fieldId, boost, fieldName] of leaf.boosts) {
      const { tf, count } = tfOf(exp.data, fieldId, doc);
      if (tf === 0) continue;
      const dirty = engine.dirtCount > 0;
      const matching = exp.how === 'prefix' ? prefixMatching(leaf, fieldId, t, dirty) : dirty ? liveCount(exp.data, fieldId, t) : count;
      const weight = leaf.weight * exp.weight * boost * (stem ? STEM_RATIO : 1);
      const value = weight * bm25(tf, matching, t, t.lengths[doc * t.nFields + fieldId] as number, engine.avgFieldLength(fieldId));
      score += value;
      parts.push({ leaf, exp, fieldName, tf, weight, value, stem });
    }
  }
  return parts.length ? { score, words: leaf.words, parts } : null;
}

/** The tree for one record, as score.ts `evaluate` combines it; null when the record does not match. */
function nodeEval(engine: SearchEngine, t: DocTables, compiled: Compiled, node: PlanNode, doc: number, stemOnly: number): Eval | null {
  if (!('op' in node)) return leafEval(engine, t, compiled.leaves.get(node) as Leaf, doc, stemOnly);
  const children = node.children.map((c) => nodeEval(engine, t, compiled, c, doc, stemOnly));
  const required = children.filter((c): c is Eval => c !== null);
  if (required.length === 0 || (node.op === 'AND' && required.length < children.length)) return null;
  const scoring = (node.scoring ?? []).map((c) => nodeEval(engine, t, compiled, c, doc, stemOnly)).filter((c): c is Eval => c !== null);
  const matched = [...required, ...scoring];
  const words = matched.reduce((w, c) => w | c.words, 0);
  if (node.best) {
    const top = matched.reduce((a, b) => (b.score > a.score ? b : a));
    return { score: top.score, words, parts: top.parts };
  }
  return { score: matched.reduce((s, c) => s + c.score, 0), words, parts: matched.flatMap((c) => c.parts) };
}

function kindOf(part: Part): MatchKind {
  if (part.stem) return 'stem';
  return part.exp.how === 'exact' ? part.leaf.kind : part.exp.how;
}

/**
 * The explanation of record `doc` (a MiniSearch short id) for the positive plan trees `roots` (the OR
 * groups), given the proximity closeness and the stem-only bits (stem-level.ts) rank.ts applied to it.
 * Null when the record matches none.
 */
export function explainRecord(
  engine: SearchEngine, compiled: Compiled, roots: readonly PlanNode[], doc: number, closeness: number, stemOnly = 0,
): HitExplain | null {
  const t = engine.tables();
  const root: PlanNode = roots.length === 1 ? (roots[0] as PlanNode) : { op: 'OR', children: [...roots] };
  const e = nodeEval(engine, t, compiled, root, doc, stemOnly);
  if (!e) return null;
  const prior = t.prior[doc] as number;
  const wordsMatched = bitCount(e.words);
  const factor = prior * wordsMatched;
  const terms = e.parts.map((p): TermContribution => ({
    term: p.exp.term, from: p.leaf.term, match: kindOf(p), field: fieldOfMini(p.fieldName) as Field, tf: p.tf, weight: p.weight, contribution: p.value * factor,
  }));
  const base = e.score * factor;
  const raise = base * PROXIMITY.WEIGHT * closeness;
  // The names are read from the record, which the hit (search/query.ts) has and this does not.
  return { score: base + raise, prior, wordsMatched, terms, proximity: { closeness, contribution: raise }, names: [] };
}
