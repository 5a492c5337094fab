/**
 * The stem level: a record that holds a query word only in other forms of its stem (`analgesia` for
 * `analgesic`, `receptors` for `receptor`) ranks below one that holds the very word typed. The index keeps
 * stems only, so the postings cannot tell the two apart; each record's phrase sequence (phrase-index.ts)
 * can, because every entry carries a 4-bit tag of the form it was written in next to its stem hash. For
 * the records that can reach the page (rank.ts), one pass over the sequence finds, per literal leaf,
 * whether the stem occurs and whether the typed form does; the record is then re-scored with the leaf's
 * own-term contribution weighed at MATCH_WEIGHTS.stem instead of literal, through the same tree
 * combinators as score.ts. The level is per record and word: a record that writes the typed form
 * anywhere counts literal in every field. A record without a sequence counts literal (no evidence). Pure.
 */
import { MATCH_WEIGHTS } from './index-options.js';
import { FIELD_BREAK, hashOf, partHash, stopTable } from './phrase-index.js';
import type { PlanNode } from './query-plan.js';
import type { Compiled, Leaf, LeafScores } from './score.js';
import { FORM_TAG_BITS, formTag } from './stem.js';

/** A stem-only match keeps this share of a literal one. */
export const STEM_RATIO = MATCH_WEIGHTS.stem / MATCH_WEIGHTS.literal;

/** What to look for in a sequence for one slot leaf: its stem hash and the typed form's full entry. */
export interface SlotProbe { slot: number; hash: number; code: number }

/** The probes of a compiled query's slot leaves (one per slot), and their hashes as a {@link stopTable}. */
export interface SlotProbes { list: SlotProbe[]; stops: Uint8Array }

/** The probes of a compiled query's slot leaves. */
export function slotProbes(compiled: Compiled): SlotProbes {
  const list: SlotProbe[] = [];
  for (const leaf of compiled.leaves.values()) {
    if (leaf.slot < 0 || leaf.surface === undefined) continue;
    const hash = partHash(leaf.term);
    list.push({ slot: leaf.slot, hash, code: (hash << FORM_TAG_BITS) | formTag(leaf.surface, leaf.term) });
  }
  return { list, stops: stopTable(list.map((p) => p.hash)) };
}

/**
 * Bits (by slot) of the leaves whose stem occurs in `seq` but never in the form typed; 0 without a
 * sequence. One pass over the sequence, which stops once every word was seen as typed (most records
 * write the reader's word, often in the title, which comes first).
 */
export function stemOnlyMask(seq: Uint16Array | undefined, probes: SlotProbes): number {
  const { list, stops } = probes;
  if (!seq || list.length === 0) return 0;
  let all = 0;
  for (const probe of list) all |= 1 << probe.slot;
  let stemSeen = 0;
  let typedSeen = 0;
  for (let p = 0; p < seq.length; p += 1) {
    const code = seq[p] as number;
    const h = hashOf(code);
    if (stops[h] === 0 || code === FIELD_BREAK) continue;
    for (const probe of list) {
      if (probe.hash !== h) continue;
      stemSeen |= 1 << probe.slot;
      if (probe.code === code) {
        typedSeen |= 1 << probe.slot;
        if (typedSeen === all) return 0;
      }
    }
  }
  return stemSeen & ~typedSeen;
}

/** A leaf's score of `doc` with its own-term part at the stem level when its slot bit is set; -1 = no match. */
function leafValue(leaf: Leaf, doc: number, stemOnly: number, scores: LeafScores): number {
  const total = scores.total.get(leaf)?.[doc] ?? 0;
  if (total === 0) return -1;
  if (leaf.slot < 0 || !(stemOnly & (1 << leaf.slot))) return total;
  return total - (1 - STEM_RATIO) * (scores.exact.get(leaf)?.[doc] ?? 0);
}

/**
 * The tree's score of one record (before prior and words matched), combined exactly as score.ts
 * `evaluate` combines it (AND and OR add, `best` keeps the better, `scoring` readings raise); -1 when the
 * record does not match. With `stemOnly` 0 it equals what `evaluate` gave.
 */
export function treeValue(compiled: Compiled, node: PlanNode, doc: number, stemOnly: number, scores: LeafScores): number {
  if (!('op' in node)) return leafValue(compiled.leaves.get(node) as Leaf, doc, stemOnly, scores);
  let value = -1;
  for (const child of node.children) {
    const v = treeValue(compiled, child, doc, stemOnly, scores);
    if (v === -1) {
      if (node.op === 'AND') return -1;
      continue;
    }
    value = value === -1 ? v : node.best ? Math.max(value, v) : value + v;
  }
  if (value === -1) return -1;
  for (const s of node.scoring ?? []) {
    const v = treeValue(compiled, s, doc, stemOnly, scores);
    if (v !== -1) value = node.best ? Math.max(value, v) : value + v;
  }
  return value;
}
