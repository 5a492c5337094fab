import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import type { TermData } from '../../src/search/postings.js';
import { LazyTermMap } from '../../src/search/term-map.js';
import { fuzzyRun, mergeSorted, prefixRun, sortedTerms } from '../../src/search/term-sorted.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Letters, digits, hyphens, Greek letters, accented and astral characters (two code units), as index terms hold.
const ALPHABET = [...'abcdeimnoprstu', ...'0123', '-', ...'αβγδκμ', 'é', 'ü', '\u{1d6fc}', '\u{1d6fd}'];

function word(random: () => number, min = 1, max = 12): string {
  const len = min + Math.floor(random() * (max - min + 1));
  let w = '';
  for (let i = 0; i < len; i += 1) w += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return w;
}

/** A word with up to `edits` random insertions, deletions or substitutions (code units, as the tree sees them). */
function mutate(random: () => number, w: string, edits: number): string {
  let s = w;
  for (let e = 0; e < edits; e += 1) {
    const at = Math.floor(random() * (s.length + 1));
    const c = ALPHABET[Math.floor(random() * ALPHABET.length)] as string;
    const kind = random();
    s = kind < 0.33 ? s.slice(0, at) + c + s.slice(at) : kind < 0.66 ? s.slice(0, at) + s.slice(at + 1) : s.slice(0, at) + c + s.slice(at + 1);
  }
  return s;
}

/** A vocabulary with families of close words (shared stems, small edits), as a real one has. */
function vocabulary(random: () => number, size: number): string[] {
  const out = new Set<string>();
  while (out.size < size) {
    const stem = word(random, 2, 9);
    out.add(stem);
    for (let k = Math.floor(random() * 6); k > 0; k -= 1) out.add(random() < 0.5 ? stem + word(random, 1, 4) : mutate(random, stem, 1 + Math.floor(random() * 2)));
  }
  return [...out].filter((w) => w.length > 0);
}

const dataOf = (i: number): TermData => new Map([[0, new Map([[i, 1]])]]);

/** The radix tree MiniSearch keeps, filled with `terms` in the order given. */
function tree(terms: readonly string[], data: Map<string, TermData>): SearchableMap<TermData> {
  const t = new SearchableMap<TermData>();
  for (const term of terms) t.set(term, data.get(term) as TermData);
  return t;
}

/** A term map as an index file gives it: names in `terms` order, postings made on first use. */
function lazy(terms: readonly string[], data: Map<string, TermData>): LazyTermMap {
  return new LazyTermMap({ names: new Map(terms.map((t, i) => [t, i])), at: (i) => data.get(terms[i] as string) as TermData });
}

/** Queries: prefixes and close or distant variants of vocabulary words, and random strings. */
function queries(random: () => number, vocab: readonly string[], count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const w = vocab[Math.floor(random() * vocab.length)] as string;
    if (i % 4 === 0) return w.slice(0, 1 + Math.floor(random() * w.length));
    if (i % 4 === 3) return word(random, 1, 10);
    return mutate(random, w, i % 4);
  }).filter((q) => q.length > 0);
}

const fuzzyEntries = (m: Map<string, [TermData, number]>) => [...m].map(([t, [d, dist]]) => [t, d, dist]);

describe('prefix and fuzzy lookups over sorted terms', () => {
  it('equal the radix tree filled in sorted order: same terms, postings, distances and order', () => {
    for (const seed of [1, 2, 3]) {
      const random = rng(seed);
      const vocab = vocabulary(random, 3000).sort();
      const data = new Map(vocab.map((t, i) => [t, dataOf(i)]));
      const reference = tree(vocab, data);
      const map = lazy(vocab, data);
      for (const q of queries(random, vocab, 400)) {
        expect([...map.atPrefix(q)], `prefix ${q} (seed ${seed})`).toEqual([...reference.atPrefix(q)]);
        for (const max of [1, 2, 3]) {
          expect(fuzzyEntries(map.fuzzyGet(q, max)), `fuzzy ${q} ~${max} (seed ${seed})`).toEqual(fuzzyEntries(reference.fuzzyGet(q, max)));
        }
      }
    }
  });

  it('find the same terms and distances as a tree filled in any order, and after writes and deletes (asked again too)', () => {
    const random = rng(7);
    const vocab = vocabulary(random, 2000);
    const data = new Map(vocab.map((t, i) => [t, dataOf(i)]));
    const reference = tree(vocab, data);
    const map = lazy(vocab, data);
    // The first queries are asked again after every round of writes, each twice: a fuzzy answer kept
    // from before a write must not be handed out after it.
    const asked: string[] = [];
    const same = (label: string): void => {
      const fresh = queries(random, [...data.keys()], 150);
      if (asked.length === 0) asked.push(...fresh);
      for (const q of [...asked, ...fresh]) {
        expect([...map.atPrefix(q)].sort(), `${label}: prefix ${q}`).toEqual([...reference.atPrefix(q)].sort());
        for (const time of ['first', 'again']) {
          expect(fuzzyEntries(map.fuzzyGet(q, 2)).sort(), `${label}: fuzzy ${q} (${time})`).toEqual(fuzzyEntries(reference.fuzzyGet(q, 2)).sort());
        }
      }
    };
    same('as read');
    for (let i = 0; i < 300; i += 1) {
      const w = i % 3 === 0 ? (vocab[Math.floor(random() * vocab.length)] as string) : mutate(random, vocab[i] as string, 1);
      if (i % 3 === 0 || w.length === 0) {
        map.delete(w);
        reference.delete(w);
        data.delete(w);
      } else {
        const d = dataOf(10_000 + i);
        map.set(w, d);
        reference.set(w, d);
        data.set(w, d);
      }
      if (i % 100 === 99) same(`after ${i + 1} writes`);
    }
  });

  it('skip nothing a full Levenshtein distance would keep (brute force over the vocabulary)', () => {
    const random = rng(11);
    const vocab = vocabulary(random, 1500).sort();
    const lev = (a: string, b: string): number => {
      let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
      for (let i = 1; i <= a.length; i += 1) {
        const row = [i];
        for (let j = 1; j <= b.length; j += 1) row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = row;
      }
      return prev[b.length] as number;
    };
    for (const q of queries(random, vocab, 120)) {
      const expected = vocab.map((t, i): [number, number] => [i, lev(t, q)]).filter(([, d]) => d <= 2);
      expect(fuzzyRun(sortedTerms(vocab), q, 2), q).toEqual(expected);
      expect(prefixRun(vocab, q).reverse(), q).toEqual(vocab.flatMap((t, i) => (t.startsWith(q) ? [i] : [])));
    }
  });

  it('merge added terms into a sorted list as a full sort would', () => {
    const random = rng(5);
    const all = vocabulary(random, 500);
    const base = all.filter((_, i) => i % 3 !== 0).sort();
    expect(mergeSorted(base, all.filter((_, i) => i % 3 === 0))).toEqual([...all].sort());
  });
});
