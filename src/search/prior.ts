/**
 * Gentle tie-breakers applied on top of BM25 through MiniSearch `boostDocument`: a record-level prior
 * computed once at index time (so no clock is read at query time and scores are reproducible). Pure.
 */
import type { Article } from '../types.js';

/** Bumped whenever the prior formula changes (part of the index options hash). */
export const PRIOR_VERSION = 1;

/** Publication types a reader usually wants first when relevance is otherwise equal. */
const FAVOURED = /^(review|systematic review|meta-analysis|randomized controlled trial|practice guideline|guideline)$/i;
/** Notices about other papers: rarely what a search is for. */
const DISFAVOURED = /^(published erratum|retraction of publication|expression of concern|comment|news)$/i;

/**
 * Prior between 0.85 and 1.1: up to +5% for recency (linear from 1990 to 2030), +5% for reviews,
 * meta-analyses and RCTs, -10% for errata, retraction notices and comments. Small enough that a clearly
 * better BM25 match always wins.
 */
export function documentPrior(article: Pick<Article, 'publicationTypes' | 'pubDate'>, year: number | null): number {
  const recency = year === null ? 0 : Math.min(1, Math.max(0, (year - 1990) / 40)) * 0.05;
  const types = article.publicationTypes;
  const typeBoost = types.some((t) => FAVOURED.test(t)) ? 0.05 : types.some((t) => DISFAVOURED.test(t)) ? -0.1 : 0;
  return Math.round((1 + recency + typeBoost) * 1000) / 1000;
}
