/**
 * Benchmark corpora from real PubMed records. When a folder of real efetch answers exists (by default
 * `../shared/realdata/efetch` beside the repository, or `KRATOMLIT_REALDATA`), every distinct
 * `<PubmedArticle>` in its `.xml` files is read once and replicated under new PMIDs until `count` records
 * are yielded: real sizes, real markup, real structure. Without that folder the generated records of
 * `gen-records.ts` are used instead, and `corpusSource()` says so, so every table can name what it used.
 * Never used by tests.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRecordsXml } from './gen-records.js';

const PROLOG =
  '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" ' +
  '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n';

/** Where the real records are looked for. */
export function realDataDir(): string {
  if (process.env.KRATOMLIT_REALDATA) return resolve(process.env.KRATOMLIT_REALDATA);
  // dist/bench/real-corpus.js and bench/real-corpus.ts both sit two or one levels below the repository.
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(dir, '..', 'shared', 'realdata', 'efetch');
}

function xmlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...xmlFiles(path));
    else if (name.endsWith('.xml')) out.push(path);
  }
  return out;
}

interface RealRecord {
  pmid: string;
  xml: string;
}

let cached: RealRecord[] | undefined;

/** Every distinct real `<PubmedArticle>` record (first occurrence of each PMID), or [] without real data. */
export function realRecords(): RealRecord[] {
  if (cached) return cached;
  const dir = realDataDir();
  const seen = new Map<string, RealRecord>();
  if (existsSync(dir)) {
    for (const file of xmlFiles(dir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/<PubmedArticle>[\s\S]*?<\/PubmedArticle>/g)) {
        const pmid = /<PMID[^>]*>(\d+)<\/PMID>/.exec(m[0])?.[1];
        if (pmid && !seen.has(pmid)) seen.set(pmid, { pmid, xml: m[0] });
      }
    }
  }
  cached = [...seen.values()];
  return cached;
}

/** `real` when the corpus is built from real records, `generated` otherwise (name it in every table). */
export function corpusSource(): 'real' | 'generated' {
  return realRecords().length > 0 ? 'real' : 'generated';
}

/** One real record rewritten under `pmid`: its own PMID and its own `pubmed` ArticleId change, nothing else. */
function replicate(record: RealRecord, pmid: number): string {
  const own = new RegExp(`(<PMID[^>]*>)${record.pmid}(</PMID>)|(<ArticleId IdType="pubmed">)${record.pmid}(</ArticleId>)`, 'g');
  return record.xml.replace(own, (_m, a?: string, b?: string, c?: string, d?: string) => (a ? `${a}${pmid}${b}` : `${c}${pmid}${d}`));
}

/**
 * Yields a `PubmedArticleSet` file of `count` records in chunks (prolog, records, closing tag): real records
 * replicated under PMIDs from `startPmid` (default 900000000) up, or generated records without real data.
 */
export function* corpusXml(count: number, opts: { seed?: number; startPmid?: number } = {}): Generator<string> {
  const real = realRecords();
  if (real.length === 0) {
    yield* generateRecordsXml(count, opts);
    return;
  }
  const start = opts.startPmid ?? 900_000_000;
  yield PROLOG;
  for (let i = 0; i < count; i++) yield `${replicate(real[i % real.length] as RealRecord, start + i)}\n`;
  yield '</PubmedArticleSet>\n';
}

/** A one-line description for a benchmark table: source, distinct records, average size. */
export function corpusLabel(): string {
  const real = realRecords();
  if (real.length === 0) return 'generated records (bench/gen-records.ts; no real data found)';
  const avg = real.reduce((n, r) => n + Buffer.byteLength(r.xml), 0) / real.length;
  return `real records: ${real.length} distinct from ${realDataDir()}, replicated under new PMIDs, ${(avg / 1024).toFixed(1)} KB average`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  // node dist/bench/real-corpus.js COUNT > file.xml
  const count = Number(process.argv[2] ?? '10000');
  for (const chunk of corpusXml(count)) process.stdout.write(chunk);
  process.stderr.write(`${count} records; ${corpusLabel()}\n`);
}
