/**
 * By-hand check of the PubMed reader against real NCBI files (not a test: tests never read
 * /work/shared). Walks a folder (default /work/shared/realdata/efetch) for `.xml` and `.xml.gz`, skips
 * MEDLINE text, reads every file with readPubmedFile + parseItems and prints counts, problems and odd
 * cases. `--show PMID,PMID` prints those normalized records as JSON for comparison with their XML.
 *
 * Usage: npx tsc -p tsconfig.build.json && node dist/bench/check-realdata.js [DIR] [--show 123,456]
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseItems } from '../src/pubmed/normalize.js';
import { readPubmedFile } from '../src/pubmed/read-file.js';
import type { Article, RecordProblem } from '../src/types.js';

interface Tally {
  files: number;
  records: number;
  pmids: Set<string>;
  problems: { file: string; problem: RecordProblem }[];
  failures: string[];
  deletions: number;
  odd: Record<string, Set<string>>;
  byPmid: Map<string, Article>;
}

async function* xmlFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'medline-text') yield* xmlFiles(full);
    else if (entry.isFile() && /\.xml(\.gz)?$/.test(entry.name)) yield full;
  }
}

/** Names of the odd cases the issue asks to check by eye, for one record. */
function oddCases(a: Article): string[] {
  const cases: string[] = [];
  if (a.isBook) cases.push('book');
  if (a.titleHtml !== a.title.replace(/&/g, '&amp;') && /<(i|b|sup|sub|u)>/.test(a.titleHtml)) cases.push('title markup');
  if (a.authors.some((x) => x.collectiveName !== null)) cases.push('collective author');
  if (a.pubDate.season !== null) cases.push('season');
  if (a.languages.some((l) => l !== 'eng')) cases.push('non-English');
  if (a.commentsCorrections.some((c) => c.type === 'ErratumIn' || c.type === 'ErratumFor')) cases.push('errata');
  if (a.publicationTypes.includes('Published Erratum')) cases.push('erratum notice');
  if (a.vernacularTitle !== null) cases.push('vernacular title');
  if (a.otherAbstracts.length > 0) cases.push('other abstracts');
  if (a.authors.some((x) => x.orcid !== null)) cases.push('orcid');
  // Suspicious results worth a look: each should be explained by the XML.
  if (a.title === '') cases.push('SUSPICIOUS empty title');
  if (a.pubDate.year === null) cases.push('SUSPICIOUS no publication year');
  if (!a.isBook && a.journal.title === null) cases.push('SUSPICIOUS no journal title');
  if (a.authors.some((x) => x.lastName === null && x.collectiveName === null)) cases.push('SUSPICIOUS nameless author');
  if (/<\/?[a-z][\w:]*[\s>]|&(#x?[0-9a-f]+|amp|lt|gt|quot|apos);/i.test(a.title + (a.abstract ?? ''))) cases.push('SUSPICIOUS markup or entity left in text');
  if (a.abstractSections.some((s) => s.label !== null)) cases.push('structured abstract');
  return cases;
}

async function checkFile(file: string, tally: Tally, mathml: Set<string>): Promise<void> {
  tally.files++;
  try {
    for await (const batch of readPubmedFile(file, { batchSize: 200 })) {
      for (const item of batch) {
        const pmid = /<PMID[^>]*>(\d+)/.exec(item.xml)?.[1] ?? '?';
        if (/<mml:math/.test(item.xml)) mathml.add(pmid);
        if (/<MedlineDate>/.test(item.xml)) (tally.odd.MedlineDate ??= new Set()).add(pmid);
      }
      const result = parseItems(batch);
      tally.deletions += result.deletions.length;
      for (const problem of result.problems) tally.problems.push({ file, problem });
      for (const { article } of result.articles) {
        tally.records++;
        tally.pmids.add(article.pmid);
        tally.byPmid.set(article.pmid, article);
        for (const c of oddCases(article)) (tally.odd[c] ??= new Set()).add(article.pmid);
      }
    }
  } catch (err) {
    tally.failures.push(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function report(tally: Tally, mathml: Set<string>): void {
  console.log(`files ${tally.files}, records ${tally.records}, distinct PMIDs ${tally.pmids.size}`);
  console.log(`deletions ${tally.deletions}, problems ${tally.problems.length}, file failures ${tally.failures.length}`);
  for (const { file, problem } of tally.problems) console.log(`  problem ${file} PMID ${problem.pmid}: ${problem.field} ${problem.reason}`);
  for (const f of tally.failures) console.log(`  failure ${f}`);
  console.log(`MathML records ${mathml.size}: ${[...mathml].slice(0, 8).join(' ')}`);
  for (const [name, set] of Object.entries(tally.odd)) {
    console.log(`${name} ${set.size}: ${[...set].slice(0, 8).join(' ')}`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const showAt = args.indexOf('--show');
  const show = showAt >= 0 ? (args[showAt + 1] ?? '').split(',') : [];
  const dir = args.find((a, i) => !a.startsWith('--') && i !== showAt + 1) ?? '/work/shared/realdata/efetch';
  const tally: Tally = { files: 0, records: 0, pmids: new Set(), problems: [], failures: [], deletions: 0, odd: {}, byPmid: new Map() };
  const mathml = new Set<string>();
  const started = performance.now();
  for await (const file of xmlFiles(dir)) await checkFile(file, tally, mathml);
  report(tally, mathml);
  console.log(`elapsed ${((performance.now() - started) / 1000).toFixed(2)} s`);
  for (const pmid of show) console.log(JSON.stringify(tally.byPmid.get(pmid) ?? `PMID ${pmid} not found`, null, 2));
}

await main();
