/**
 * Loads the judged evidence set (bench/evidence-judged/): the sample corpus as the store holds it after
 * both nights, normalized from its XML, and the synthetic records turned into `Article`s. Each record
 * comes with its gold labels.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emptyArticle } from '../src/types.js';
import type { Design, Theme } from '../src/evidence/types.js';
import { parsePubmedXml } from '../src/pubmed/normalize.js';
import type { Article } from '../src/types.js';

/** Gold labels of one record. */
export interface Gold {
  design: Design;
  designAlso?: Design[];
  themes: Theme[];
}

/** A record of the judged set and its gold labels. */
export interface JudgedRecord {
  article: Article;
  gold: Gold;
  origin: 'sample' | 'synthetic';
}

interface SyntheticRecord {
  pmid: string;
  title: string;
  abstract: string;
  pt: string[];
  mesh: string[];
  chem: string[];
  kw: string[];
  journal: string | null;
  book?: boolean;
  gold: Gold;
}

/** The repository root, from src (tests) or dist (the built bench). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

function sampleArticles(root: string): Map<string, Article> {
  const byPmid = new Map<string, Article>();
  for (const file of ['pubmed-sample.xml', 'revisions.xml']) {
    const parsed = parsePubmedXml(readFileSync(join(root, 'data', 'sample', file), 'utf8'), file);
    for (const { article } of parsed.articles) byPmid.set(article.pmid, article); // revisions overwrite
  }
  return byPmid;
}

/** The fields the classifier reads, everything else at its empty value. */
export function syntheticArticle(r: Omit<SyntheticRecord, 'gold'>): Article {
  const a = emptyArticle(r.pmid);
  return {
    ...a,
    title: r.title,
    titleHtml: r.title,
    abstract: r.abstract === '' ? null : r.abstract,
    publicationTypes: r.pt,
    mesh: r.mesh.map((descriptor) => ({ descriptor, ui: null, major: false, qualifiers: [] })),
    chemicals: r.chem.map((name) => ({ name, ui: null, registryNumber: null })),
    keywords: r.kw,
    journal: { ...a.journal, title: r.journal },
    isBook: r.book ?? false,
  };
}

/** Every judged record: sample corpus first (by PMID), then the synthetic ones in file order. */
export function loadJudgedEvidence(root = repoRoot()): JudgedRecord[] {
  const dir = join(root, 'bench', 'evidence-judged');
  const labels = (JSON.parse(readFileSync(join(dir, 'sample-gold.json'), 'utf8')) as { labels: Record<string, Gold> }).labels;
  const sample = sampleArticles(root);
  const out: JudgedRecord[] = [];
  for (const [pmid, gold] of Object.entries(labels)) {
    const article = sample.get(pmid);
    if (!article) throw new Error(`bench/evidence-judged/sample-gold.json: PMID ${pmid} is not in data/sample`);
    out.push({ article, gold, origin: 'sample' });
  }
  for (const file of ['synthetic-1.json', 'synthetic-2.json']) {
    const { records } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { records: SyntheticRecord[] };
    for (const r of records) out.push({ article: syntheticArticle(r), gold: r.gold, origin: 'synthetic' });
  }
  return out;
}

/** The held-out records (heldout.json): labelled after the rules were frozen; never used to tune them. */
export function loadHeldOutEvidence(root = repoRoot()): JudgedRecord[] {
  const { records } = JSON.parse(readFileSync(join(root, 'bench', 'evidence-judged', 'heldout.json'), 'utf8')) as { records: SyntheticRecord[] };
  return records.map((r) => ({ article: syntheticArticle(r), gold: r.gold, origin: 'synthetic' as const }));
}

/** The same record as an in-process one: no publication types, no MeSH. */
export function stripIndexing(a: Article): Article {
  return { ...a, publicationTypes: [], mesh: [] };
}
