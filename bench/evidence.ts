/**
 * `npm run bench:evidence [-- --misses]`: the evidence classifier on the judged set
 * (bench/evidence-judged/): per-label precision and recall, the design confusion matrix, design
 * accuracy and theme micro-F1, and design accuracy on the same records stripped of publication types
 * and MeSH (as in-process records are). `--misses` lists the records the rules got wrong.
 * Targets: design accuracy >= 0.90, theme micro-F1 >= 0.85, stripped design accuracy >= 0.80.
 */
import { classifyByRules } from '../src/evidence/classify.js';
import { DESIGNS, EVIDENCE_VERSION } from '../src/evidence/types.js';
import type { Article } from '../src/types.js';
import { loadHeldOutEvidence, loadJudgedEvidence, stripIndexing, type JudgedRecord } from './evidence-judged.js';
import { confusion, designAccuracy, designStats, themeMicroF1, themeStats, type LabelStats, type Pair } from './evidence-metrics.js';

const f = (x: number): string => x.toFixed(2);

function pairsOf(records: readonly JudgedRecord[], view: (a: Article) => Article): Pair[] {
  return records.map((r) => {
    const e = classifyByRules(view(r.article));
    return { pmid: r.article.pmid, gold: r.gold, got: { design: e.design, themes: e.themes } };
  });
}

function table(title: string, rows: LabelStats[]): string {
  const lines = rows.map((s) => `  ${s.label.padEnd(18)} ${String(s.support).padStart(7)} ${String(s.predicted).padStart(9)} ${f(s.precision).padStart(9)} ${f(s.recall).padStart(6)}`);
  return [`${title}`, `  ${'label'.padEnd(18)} ${'support'.padStart(7)} ${'predicted'.padStart(9)} ${'precision'.padStart(9)} ${'recall'.padStart(6)}`, ...lines].join('\n');
}

function matrix(pairs: Pair[]): string {
  const abbrev = DESIGNS.map((d) => d.slice(0, 6));
  const head = `  ${'gold \\ got'.padEnd(18)}${abbrev.map((a) => a.padStart(7)).join('')}`;
  const rows = confusion(pairs).map((row, i) => `  ${(DESIGNS[i] ?? '').padEnd(18)}${row.map((n) => String(n || '.').padStart(7)).join('')}`);
  return ['Design confusion matrix (rows gold, columns predicted)', head, ...rows].join('\n');
}

function misses(pairs: Pair[], label: string): string {
  const wrong = pairs.filter((p) => p.got.design !== p.gold.design || [...p.got.themes].sort().join() !== [...p.gold.themes].sort().join());
  return [`Misses (${label}):`, ...wrong.map((p) => `  ${p.pmid}: design ${p.gold.design} -> ${p.got.design}; themes [${p.gold.themes.join(', ')}] -> [${p.got.themes.join(', ')}]`)].join('\n');
}

function main(): void {
  const records = loadJudgedEvidence();
  const full = pairsOf(records, (a) => a);
  const stripped = pairsOf(records, stripIndexing);
  const micro = themeMicroF1(full);
  const acc = designAccuracy(full);
  const accStripped = designAccuracy(stripped);
  const sample = records.filter((r) => r.origin === 'sample').length;
  const out = [
    `Evidence classifier v${EVIDENCE_VERSION} on ${records.length} judged records (${sample} sample corpus, ${records.length - sample} synthetic)`,
    '',
    table('Designs', designStats(full)),
    '',
    table('Themes', themeStats(full)),
    '',
    matrix(full),
    '',
    `Design accuracy:                         ${f(acc)}  (target >= 0.90)`,
    `Theme micro-F1:                          ${f(micro.f1)}  (precision ${f(micro.precision)}, recall ${f(micro.recall)}; target >= 0.85)`,
    `Design accuracy without PT and MeSH:     ${f(accStripped)}  (target >= 0.80)`,
    `Theme micro-F1 without PT and MeSH:      ${f(themeMicroF1(stripped).f1)}`,
  ];
  const held = loadHeldOutEvidence();
  const heldPairs = pairsOf(held, (a) => a);
  out.push(
    '',
    `Held-out set (${held.length} records labelled after the rules were frozen; not used for tuning):`,
    `  design accuracy ${f(designAccuracy(heldPairs))}, theme micro-F1 ${f(themeMicroF1(heldPairs).f1)}, design accuracy without PT and MeSH ${f(designAccuracy(pairsOf(held, stripIndexing)))}`,
  );
  if (process.argv.includes('--misses')) out.push('', misses(full, 'full records'), '', misses(stripped, 'without PT and MeSH'), '', misses(heldPairs, 'held-out'));
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
