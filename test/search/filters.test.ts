import { describe, expect, it } from 'vitest';
import { buildFilter, type FilterOptions } from '../../src/search/filters.js';
import { emptyFilters, type QueryFilters } from '../../src/search/query-parse.js';
import type { StoredDoc } from '../../src/search/types.js';
import { seededRandom } from '../support/random.js';

/**
 * The filters written plainly (a lowered copy of the record's topics, dates cut to the shorter precision
 * as substrings, the type wanted normalized per record): the reference the allocation-free predicate must equal.
 */
const typeTarget = (wanted: string): string => {
  const w = wanted.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
  return ({ rct: 'randomized controlled trial', 'meta analysis': 'meta-analysis' } as Record<string, string>)[w] ?? w;
};
const typeIn = (types: readonly string[], wanted: string): boolean => types.some((t) => ` ${t.toLowerCase()} `.includes(` ${typeTarget(wanted)} `));

function reference(q: QueryFilters, o: FilterOptions): (d: StoredDoc) => boolean {
  const types = [...q.types, ...(o.type ? [o.type.toLowerCase()] : [])];
  const topics = [...q.topics, ...(o.topic ? [o.topic] : [])].map((t) => t.toLowerCase());
  return (d) => {
    if (q.yearFrom !== null && (d.year === null || d.year < q.yearFrom)) return false;
    if (q.yearTo !== null && (d.year === null || d.year > q.yearTo)) return false;
    if ((o.since !== undefined || o.until !== undefined) && d.date === null) return false;
    // Each side at the shorter precision: a record dated 2021 overlaps --since 2021-06.
    const cut = (a: string, b: string) => [a.slice(0, Math.min(a.length, b.length)), b.slice(0, Math.min(a.length, b.length))];
    if (o.since !== undefined && ((x) => (x[0] as string) < (x[1] as string))(cut(d.date as string, o.since))) return false;
    if (o.until !== undefined && ((x) => (x[0] as string) > (x[1] as string))(cut(d.date as string, o.until))) return false;
    if (o.retracted !== undefined && d.retracted !== o.retracted) return false;
    if (!types.every((t) => typeIn(d.publicationTypes, t))) return false;
    const own = d.topics.map((t) => t.toLowerCase());
    if (!topics.every((t) => own.includes(t))) return false;
    if (q.excludedTypes.some((t) => typeIn(d.publicationTypes, t))) return false;
    return !q.excludedTopics.some((t) => own.includes(t));
  };
}

const DATES = [null, '2019', '2020', '2020-05', '2020-12', '2020-05-17', '2020-05-03', '2021-01-31', '2023-11'];
const BOUNDS = ['2019', '2020', '2020-05', '2020-05-17', '2020-06', '2021', '2020-05-03'];
const TOPICS = ['mitragynine', 'Mitragynine', '7-hydroxymitragynine', 'MITRAGYNINE', 'speciociliatine'];
const TYPES = ['Journal Article', 'Review', 'Randomized Controlled Trial', 'Meta-Analysis', 'Case Reports', 'Systematic Review'];
const WANTED_TYPES = ['review', 'RCT', 'meta analysis', 'case reports', 'journal-article', 'trial'];
/** Every set of TYPES, plus one other trial: what a record's types may be. */
const TYPE_SETS = [...Array(2 ** TYPES.length).keys()].map((bits) => TYPES.filter((_, i) => (bits >> i) & 1)).flatMap((ts) => [ts, [...ts, 'Clinical Trial, Phase II']]);

describe('record filters', () => {
  it('compare a record date with a bound at the shorter precision: periods that overlap match', () => {
    const doc = (date: string): StoredDoc => ({
      pmid: '1', title: '', authors: [], authorCount: 0, journal: null, doi: null, prior: 1, design: null, themes: [],
      year: Number(date.slice(0, 4)), date, publicationTypes: [], topics: [], retracted: false,
    });
    const keeps = (date: string, o: FilterOptions) => (buildFilter(emptyFilters(), o) as (d: StoredDoc) => boolean)(doc(date));
    // A paper dated only 2021 may be from June: kept by --since 2021-06 and by --until 2021-01-01.
    expect([keeps('2021', { since: '2021-06' }), keeps('2021', { until: '2021-01-01' }), keeps('2021', { since: '2021-06', until: '2021-06' })]).toEqual([true, true, true]);
    expect([keeps('2021', { since: '2022' }), keeps('2021', { until: '2020-12' })]).toEqual([false, false]);
    expect([keeps('2021-06-15', { since: '2021-06' }), keeps('2021-06-15', { since: '2021-06-16' }), keeps('2021-06-15', { until: '2021-06-14' })]).toEqual([true, false, false]);
  });

  it('keep exactly what the reference keeps, over 20,000 generated records and filter sets', () => {
    const r = seededRandom(1807);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
    const some = <T>(list: readonly T[]): T[] => list.filter(() => r() < 0.35);
    let kept = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const date = pick(DATES);
      const doc: StoredDoc = {
        pmid: String(i), title: '', authors: [], authorCount: 0, journal: null, doi: null, prior: 1, design: null, themes: [],
        year: date === null ? (r() < 0.5 ? null : 2020) : Number(date.slice(0, 4)), date,
        publicationTypes: some(TYPES), topics: some(TOPICS), retracted: r() < 0.2,
      };
      const q: QueryFilters = {
        ...emptyFilters(),
        yearFrom: r() < 0.2 ? 2020 : null, yearTo: r() < 0.2 ? 2020 : null,
        types: r() < 0.15 ? [pick(WANTED_TYPES)] : [], excludedTypes: r() < 0.15 ? [pick(WANTED_TYPES)] : [],
        topics: r() < 0.15 ? [pick(TOPICS).toLowerCase()] : [], excludedTopics: r() < 0.15 ? [pick(TOPICS).toLowerCase()] : [],
      };
      const o: FilterOptions = {};
      if (r() < 0.4) o.since = pick(BOUNDS);
      if (r() < 0.4) o.until = pick(BOUNDS);
      if (o.since !== undefined && o.until !== undefined && o.since.slice(0, Math.min(o.since.length, o.until.length)) > o.until.slice(0, Math.min(o.since.length, o.until.length))) delete o.until;
      if (r() < 0.2) o.topic = pick(TOPICS);
      if (r() < 0.2) o.type = pick(WANTED_TYPES);
      if (r() < 0.2) o.retracted = r() < 0.5;
      // An option the query excludes matches nothing: refused, naming both (the next test). A type is
      // excluded when every type holding the option's words holds an excluded one's (-type:trial, --type rct).
      const excludes = (out: readonly string[], v: string | undefined) => v !== undefined && out.includes(v.toLowerCase());
      const typeOut = o.type !== undefined && q.excludedTypes.some((x) => typeIn([typeTarget(o.type as string)], x));
      if (excludes(q.excludedTopics, o.topic) || typeOut) {
        expect(() => buildFilter(q, o)).toThrow(/contradicts the query's -t/);
        // Sound: no record, whatever its types, passes the option's type and the query's exclusions.
        const typesOnly = reference({ ...emptyFilters(), excludedTypes: q.excludedTypes }, { type: o.type as string });
        if (typeOut) expect(TYPE_SETS.some((types) => typesOnly({ ...doc, publicationTypes: types }))).toBe(false);
        continue;
      }
      const filter = buildFilter(q, o);
      const want = reference(q, o)(doc);
      expect(filter === null ? true : filter(doc), `record ${JSON.stringify(doc)} with ${JSON.stringify({ q, o })}`).toBe(want);
      if (want) kept += 1;
    }
    // Both outcomes are exercised often.
    expect(kept).toBeGreaterThan(2_000);
    expect(kept).toBeLessThan(18_000);
  });

  it('AND an option with the query, and refuse a pair no record can match, naming both', () => {
    const doc = (design: string | null, retracted: boolean): StoredDoc => ({
      pmid: '1', title: '', authors: [], authorCount: 0, journal: null, doi: null, prior: 1, design, themes: [],
      year: 2020, date: '2020', publicationTypes: [], topics: [], retracted,
    });
    const q = (over: Partial<QueryFilters>): QueryFilters => ({ ...emptyFilters(), ...over });
    const either = q({ evidence: { designs: ['rct', 'animal'], excludedDesigns: [], themes: [], excludedThemes: [] } });
    const narrowed = buildFilter(either, { design: 'animal' }) as (d: StoredDoc) => boolean;
    expect([narrowed(doc('animal', false)), narrowed(doc('rct', false)), narrowed(doc('review', false))]).toEqual([true, false, false]);
    const both = buildFilter(q({ retracted: true }), { retracted: true }) as (d: StoredDoc) => boolean;
    expect([both(doc(null, true)), both(doc(null, false))]).toEqual([true, false]);
    expect(() => buildFilter(q({ retracted: true }), { retracted: false })).toThrow(/^--retracted false contradicts the query's retracted:true: no record can match both$/);
    const rct = q({ evidence: { designs: ['rct'], excludedDesigns: [], themes: [], excludedThemes: [] } });
    expect(() => buildFilter(rct, { design: 'animal' })).toThrow(/^--design "animal" contradicts the query's design:rct: a record has one design, so none can match both$/);
    expect(() => buildFilter(q({ excludedTypes: ['clinical trial'] }), { type: 'Clinical Trial' })).toThrow(/^--type "Clinical Trial" contradicts the query's -type:"clinical trial": no record can match both$/);
    // Type filters match aliases and words within a type: the clash does too, naming the query's own term.
    expect(() => buildFilter(q({ excludedTypes: ['rct'] }), { type: 'randomized controlled trial' })).toThrow(/^--type "randomized controlled trial" contradicts the query's -type:rct: no record can match both$/);
    expect(() => buildFilter(q({ excludedTypes: ['trial'] }), { type: 'RCT' })).toThrow(/^--type "RCT" contradicts the query's -type:trial: no record can match both$/);
    // A narrower exclusion leaves records to keep: `--type trial` still keeps a "Clinical Trial".
    const trials = buildFilter(q({ excludedTypes: ['randomized controlled trial'] }), { type: 'trial' }) as (d: StoredDoc) => boolean;
    expect([trials({ ...doc(null, false), publicationTypes: ['Clinical Trial'] }), trials({ ...doc(null, false), publicationTypes: ['Randomized Controlled Trial'] })]).toEqual([true, false]);
  });
});
