/**
 * The proximity and stem-level passes scan a record's phrase sequence with a table of the hashes they
 * stop at (phrase-index.ts `stopTable`): checked here against plain definitions over random sequences
 * with field breaks, other words' entries and every form tag.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_BREAK, stopTable } from '../../src/search/phrase-index.js';
import { hashRuns, PROXIMITY, recordCloseness } from '../../src/search/proximity.js';
import { stemOnlyMask, type SlotProbe } from '../../src/search/stem-level.js';
import { FORM_TAG_BITS } from '../../src/search/stem.js';
import { seededRandom } from '../support/random.js';

const code = (hash: number, tag: number) => (hash << FORM_TAG_BITS) | tag;

/** A sequence of `n` entries: the `words` hashes often, other hashes, field breaks; random form tags. */
function randomSequence(rnd: () => number, n: number, words: number[]): Uint16Array {
  const seq = new Uint16Array(n);
  for (let p = 0; p < n; p += 1) {
    const r = rnd();
    const tag = Math.floor(rnd() * (1 << FORM_TAG_BITS));
    if (r < 0.04) seq[p] = FIELD_BREAK;
    else if (r < 0.3) seq[p] = code(words[Math.floor(rnd() * words.length)] as number, tag);
    else seq[p] = code(1 + Math.floor(rnd() * 4000), tag);
  }
  return seq;
}

/** Closeness by its definition: the best over every two positions in one field holding neighbouring query words. */
function referenceCloseness(seq: Uint16Array, hashes: number[], gaps: number[]): number {
  const hashAt = (p: number) => (seq[p] as number) >>> FORM_TAG_BITS;
  let sum = 0;
  for (let k = 0; k + 1 < hashes.length; k += 1) {
    let best = 0;
    for (let i = 0; i < seq.length; i += 1) {
      for (let j = i + 1; j < seq.length && seq[j] !== FIELD_BREAK; j += 1) {
        const d = j - i;
        const a = hashAt(i);
        const b = hashAt(j);
        const near = (gap: number) => (d <= gap ? 1 : d <= gap + PROXIMITY.WINDOW ? PROXIMITY.WINDOWED : 0);
        if (a === hashes[k] && b === hashes[k + 1]) best = Math.max(best, near(gaps[k] as number));
        if (a === hashes[k + 1] && b === hashes[k]) best = Math.max(best, near(1) * PROXIMITY.REVERSED);
      }
    }
    sum += best;
  }
  return sum / (hashes.length - 1);
}

describe('scanning phrase sequences with a stop table', () => {
  it('gives the closeness of its definition, field breaks keeping words of two fields apart', () => {
    const rnd = seededRandom(61);
    let close = 0;
    for (let i = 0; i < 400; i += 1) {
      const words = [101, 2202, 3303, 404].slice(0, 2 + (i % 3));
      const offsets = words.map((_, k) => k + (k > 0 && i % 5 === 0 ? 1 : 0) * k);
      const seq = randomSequence(rnd, 20 + Math.floor(rnd() * 200), words);
      const [run] = hashRuns([{ parts: ['a', 'b', 'c', 'd'].slice(0, words.length), offsets }]);
      if (!run) throw new Error('no run');
      run.hashes = words;
      run.stops = stopTable(words);
      const gaps = offsets.slice(1).map((o, k) => o - (offsets[k] as number));
      const got = recordCloseness(seq, [run]);
      expect(got, `sequence ${i}`).toBeCloseTo(referenceCloseness(seq, words, gaps), 12);
      if (got > 0) close += 1;
    }
    expect(close).toBeGreaterThan(200);
  });

  it('finds the words held only in other forms of their stem, as their definition says', () => {
    const rnd = seededRandom(67);
    let some = 0;
    for (let i = 0; i < 400; i += 1) {
      const list: SlotProbe[] = [101, 2202, 3303].slice(0, 1 + (i % 3)).map((hash, slot) => ({ slot, hash, code: code(hash, (i + slot) % 3) }));
      const seq = randomSequence(rnd, 5 + Math.floor(rnd() * 60), list.map((p) => p.hash));
      let expected = 0;
      for (const p of list) {
        const entries = [...seq].filter((c) => c !== FIELD_BREAK && c >>> FORM_TAG_BITS === p.hash);
        if (entries.length > 0 && !entries.includes(p.code)) expected |= 1 << p.slot;
      }
      const got = stemOnlyMask(seq, { list, stops: stopTable(list.map((p) => p.hash)) });
      expect(got, `sequence ${i}`).toBe(expected);
      if (got !== 0) some += 1;
    }
    expect(some).toBeGreaterThan(50);
  });
});
