/** Precision, recall, confusion matrix and micro-F1 for the evidence benchmark. Pure. */
import { DESIGNS, THEMES, type Design, type Theme } from '../src/evidence/types.js';

/** One prediction next to its gold labels. */
export interface Pair {
  pmid: string;
  gold: { design: Design; themes: Theme[] };
  got: { design: Design; themes: Theme[] };
}

/** Per-label figures. */
export interface LabelStats {
  label: string;
  support: number;
  predicted: number;
  truePositives: number;
  precision: number;
  recall: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function stats(label: string, tp: number, goldN: number, predN: number): LabelStats {
  return { label, support: goldN, predicted: predN, truePositives: tp, precision: ratio(tp, predN), recall: ratio(tp, goldN) };
}

/** Share of records whose design is the gold one. */
export function designAccuracy(pairs: readonly Pair[]): number {
  return ratio(pairs.filter((p) => p.got.design === p.gold.design).length, pairs.length);
}

/** Per-design precision and recall. */
export function designStats(pairs: readonly Pair[]): LabelStats[] {
  return DESIGNS.map((d) => {
    const tp = pairs.filter((p) => p.gold.design === d && p.got.design === d).length;
    return stats(d, tp, pairs.filter((p) => p.gold.design === d).length, pairs.filter((p) => p.got.design === d).length);
  });
}

/** Per-theme precision and recall (multi-label: each record-theme pair counts once). */
export function themeStats(pairs: readonly Pair[]): LabelStats[] {
  return THEMES.map((t) => {
    const tp = pairs.filter((p) => p.gold.themes.includes(t) && p.got.themes.includes(t)).length;
    return stats(t, tp, pairs.filter((p) => p.gold.themes.includes(t)).length, pairs.filter((p) => p.got.themes.includes(t)).length);
  });
}

/** Micro-averaged F1 over all themes. */
export function themeMicroF1(pairs: readonly Pair[]): { precision: number; recall: number; f1: number } {
  const s = themeStats(pairs);
  const tp = s.reduce((n, x) => n + x.truePositives, 0);
  const precision = ratio(tp, s.reduce((n, x) => n + x.predicted, 0));
  const recall = ratio(tp, s.reduce((n, x) => n + x.support, 0));
  return { precision, recall, f1: ratio(2 * precision * recall, precision + recall) };
}

/** Confusion matrix rows: gold design -> counts by predicted design (DESIGNS order). */
export function confusion(pairs: readonly Pair[]): number[][] {
  return DESIGNS.map((g) => DESIGNS.map((d) => pairs.filter((p) => p.gold.design === g && p.got.design === d).length));
}
