import { describe, expect, it } from 'vitest';
import { pageCap, prepare } from '../../src/search/query.js';
import { rank, type Candidate } from '../../src/search/rank.js';
import { PROXIMITY } from '../../src/search/proximity.js';
import { seededRandom } from '../support/random.js';
import { randomCorpus, VOCABULARY } from './corpus.js';
import { makeArticle, memoryLibrary } from './helpers.js';

/**
 * The stem level and proximity look at records best first and stop once no record left can reach the
 * page (rank-adjust.ts). These tests hold that bounded pass to the exhaustive one (every record looked at)
 * on a generated corpus where common words match most records, typed forms compete with other forms of
 * their stem (`receptor`/`receptors`, `study`/`studies`) and multi-word queries get proximity raises.
 */
const corpus = randomCorpus(18, 1500);
const lib = memoryLibrary(corpus);
const WORDS = VOCABULARY.filter((w) => /^[a-z]/i.test(w) && !['of', 'the', 'in', 'and', 'was', 'a'].includes(w));

/** Seeded queries of one to four words, some with a stop word or a quoted pair, as a reader types them. */
function queries(seed: number, n: number): string[] {
  const rnd = seededRandom(seed);
  const pick = (): string => WORDS[Math.floor(rnd() * WORDS.length)] as string;
  return Array.from({ length: n }, (_, i) => {
    const words = Array.from({ length: 1 + (i % 4) }, pick);
    if (i % 7 === 3) words.splice(1, 0, 'of');
    if (i % 11 === 5) return `"${words.slice(0, 2).join(' ')}" ${words.slice(2).join(' ')}`.trim();
    return words.join(' ');
  });
}

/** What a page is made of: ids in order with their scores and what the second pass found. */
function shape(list: readonly Candidate[]): string[] {
  return list.map((c) => `${c.id} ${c.score} ${c.closeness} ${c.stemOnly}`);
}

function rankBoth(q: string, cap: number): { bounded: Candidate[]; exhaustive: Candidate[]; matches: number } {
  const { plan, filter, screen } = prepare(lib.ctx, q, {});
  const opts = { filter, sort: undefined, cap, screen, keepRest: screen !== null };
  const bounded = rank(lib.ctx.engine, plan, opts).candidates;
  const exhaustive = rank(lib.ctx.engine, plan, { ...opts, exhaustive: true }).candidates;
  const matches = rank(lib.ctx.engine, plan, { ...opts, cap: null, keepRest: false }).candidates.length;
  return { bounded, exhaustive, matches };
}

describe('bounded stem-level and proximity pass', () => {
  it('keeps exactly the candidates, scores, closeness and stem levels of the exhaustive pass over 300 queries', () => {
    let cut = 0;
    for (const q of queries(7, 300)) {
      const cap = q.includes('"') ? 200 : 50;
      const { bounded, exhaustive, matches } = rankBoth(q, cap);
      expect(shape(bounded), q).toEqual(shape(exhaustive));
      if (matches > 2 * cap) cut += 1;
    }
    // Most queries must match enough records for the bounded pass to stop early (else this proves nothing).
    expect(cut).toBeGreaterThan(150);
  });

  it('gives the same first page with the page cut at 10, 20 and 50, looking only until that page is settled', () => {
    // Sequences read (records looked at) with only the page exact, and with every candidate exact.
    const engine = lib.ctx.engine;
    const lookup = engine.sequenceLookup.bind(engine);
    let reads = 0;
    engine.sequenceLookup = () => {
      const of = lookup();
      return (doc) => {
        reads += 1;
        return of(doc);
      };
    };
    let pageOnly = 0;
    let all = 0;
    for (const q of queries(11, 120)) {
      const { plan, filter, screen } = prepare(lib.ctx, q, {});
      const sizes = pageCap(plan, screen, filter, 20);
      reads = 0;
      rank(engine, plan, { filter, sort: undefined, ...sizes, screen, keepRest: false });
      pageOnly += reads;
      reads = 0;
      rank(engine, plan, { filter, sort: undefined, cap: sizes.cap, screen, keepRest: false });
      all += reads;
    }
    engine.sequenceLookup = lookup;
    expect(pageOnly).toBeLessThan(0.9 * all);
    for (const q of queries(11, 120)) {
      for (const limit of [10, 20, 50]) {
        const { plan, filter, screen } = prepare(lib.ctx, q, {});
        // As a search page ranks: only the page exact, unless a phrase check may drop most candidates.
        const sizes = pageCap(plan, screen, filter, limit);
        const bounded = rank(lib.ctx.engine, plan, { filter, sort: undefined, ...sizes, screen, keepRest: false }).candidates.slice(0, limit);
        const exhaustive = rank(lib.ctx.engine, plan, { filter, sort: undefined, cap: sizes.cap, screen, keepRest: false, exhaustive: true }).candidates.slice(0, limit);
        expect(shape(bounded), `${q} limit ${limit}`).toEqual(shape(exhaustive));
      }
    }
  });

  it('keeps the exhaustive page with a filter or newest first, looking only at records that pass or dates the page reaches', () => {
    let many = 0;
    const variants: Array<{ since?: string; sort?: 'date' }> = [{ since: '2010' }, { sort: 'date' }, { since: '2005', sort: 'date' }];
    for (const q of queries(13, 120)) {
      for (const o of variants) {
        const { plan, filter, screen } = prepare(lib.ctx, q, o);
        const cap = 50;
        const opts = { filter, sort: o.sort, cap, screen, keepRest: screen !== null };
        const page = 20;
        // A page walks the candidates, then the rest: newest first, the rest is every date in turn. Past
        // the `cap` best the two may keep different numbers of candidates (ties and margins), not others.
        const walk = (r: ReturnType<typeof rank>) => [...r.candidates, ...(r.rest ? r.rest() : [])].slice(0, cap);
        const bounded = walk(rank(lib.ctx.engine, plan, opts));
        const exhaustive = walk(rank(lib.ctx.engine, plan, { ...opts, exhaustive: true }));
        expect(shape(bounded), `${q} ${JSON.stringify(o)}`).toEqual(shape(exhaustive));
        // Only the page asked for exact: the first `page` still those of the exhaustive pass.
        const first = walk(rank(lib.ctx.engine, plan, { ...opts, exact: page })).slice(0, page);
        expect(shape(first), `${q} ${JSON.stringify(o)} exact ${page}`).toEqual(shape(exhaustive.slice(0, page)));
        if (rank(lib.ctx.engine, plan, { ...opts, cap: null }).candidates.length > 2 * cap) many += 1;
      }
    }
    expect(many).toBeGreaterThan(150);
  });

  it('lists every match that passes beside a capped page, as the uncapped ranking does', () => {
    for (const q of queries(17, 60)) {
      for (const o of [{}, { since: '2010' }, { sort: 'date' as const }]) {
        const { plan, filter, screen } = prepare(lib.ctx, q, o);
        const members = rank(lib.ctx.engine, plan, { filter, sort: o.sort, cap: 50, screen, members: true }).members ?? { docs: [], ids: [] };
        const all = rank(lib.ctx.engine, plan, { filter, sort: o.sort, cap: null, screen }).candidates;
        expect(members.docs.map((d) => d.pmid).sort(), q).toEqual(all.map((c) => c.id).sort());
        // Each member's short id is its own (the text checks read its phrase sequence by it).
        expect(members.ids.map((id) => lib.ctx.engine.pmidOf(id)), q).toEqual(members.docs.map((d) => d.pmid));
      }
    }
  });

  it('keeps the exhaustive page when the best first reach PROXIMITY.BUDGET records before the page is settled', () => {
    // More records than the budget score a little higher with the two words far apart; thirty score a
    // little lower (one word longer) with them adjacent, which proximity doubles: the page is those thirty.
    const title = (adjacent: boolean) => (adjacent ? 'alpha beta gamma delta epsilon zeta theta iota kappa' : 'alpha gamma delta epsilon zeta theta iota beta');
    const far = Array.from({ length: PROXIMITY.BUDGET + 100 }, (_, i) => makeArticle(String(100000 + i), { title: title(false), abstract: '' }));
    const near = Array.from({ length: 30 }, (_, i) => makeArticle(String(900000 + i), { title: title(true), abstract: '' }));
    const big = memoryLibrary([...far, ...near]);
    const { plan, filter, screen } = prepare(big.ctx, 'alpha beta', {});
    for (const limit of [10, 20]) {
      const sizes = pageCap(plan, screen, filter, limit);
      const bounded = rank(big.ctx.engine, plan, { filter, sort: undefined, ...sizes, screen }).candidates.slice(0, limit);
      const exhaustive = rank(big.ctx.engine, plan, { filter, sort: undefined, cap: null, screen }).candidates.slice(0, limit);
      expect(shape(bounded), `limit ${limit}`).toEqual(shape(exhaustive));
    }
    expect(big.search('alpha beta', { limit: 30 }).map((h) => h.pmid)).toEqual(near.map((a) => a.pmid));
  });

  it('answers a query the same whether it runs first or after others (rankings reuse scratch arrays)', () => {
    const first = lib.search('receptors binding potency', { limit: 20, explain: true });
    for (const q of queries(3, 40)) lib.search(q, { limit: 20 });
    expect(lib.search('receptors binding potency', { limit: 20, explain: true })).toEqual(first);
    expect(first.length).toBe(20);
  });
});
