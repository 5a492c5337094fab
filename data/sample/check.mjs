// Consistency check of the committed sample corpus (run by hand: node data/sample/check.mjs).
// Reads only the committed artefacts: both XML files must be well-formed, hold the expected records,
// and agree with manifest.json; bench/judged-queries.json may only judge records of the main file.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';

const here = dirname(fileURLToPath(import.meta.url));
const read = (name) => readFileSync(join(here, name), 'utf8');
const failures = [];
const fail = (msg) => failures.push(msg);

/** PMIDs of the records (not of CommentsCorrections or references) with entrez and DateRevised. */
function records(xml) {
  const out = new Map();
  for (const m of xml.matchAll(/<(PubmedArticle|PubmedBookArticle)>(.*?)<\/\1>/gs)) {
    const body = m[2];
    const pmid = body.match(/<PMID Version="\d+">(\d+)<\/PMID>/)[1];
    const e = body.match(/<PubMedPubDate PubStatus="entrez"><Year>(\d+)<\/Year><Month>(\d+)<\/Month><Day>(\d+)<\/Day>/);
    const r = body.match(/<DateRevised><Year>(\d+)<\/Year><Month>(\d+)<\/Month><Day>(\d+)<\/Day>/);
    const iso = (x) => `${x[1]}-${x[2].padStart(2, '0')}-${x[3].padStart(2, '0')}`;
    if (out.has(pmid)) fail(`duplicate record ${pmid}`);
    out.set(pmid, { entrez: iso(e), revised: iso(r) });
  }
  return out;
}

const main = read('pubmed-sample.xml');
const revisions = read('revisions.xml');
for (const [name, xml] of [['pubmed-sample.xml', main], ['revisions.xml', revisions]]) {
  const v = XMLValidator.validate(xml);
  if (v !== true) fail(`${name} is not well-formed: ${JSON.stringify(v)}`);
  if (!xml.includes('<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"')) fail(`${name}: DOCTYPE`);
  if (!/<!-- SYNTHETIC DATA\./.test(xml)) fail(`${name}: synthetic-data comment missing`);
  if (/[^\x00-\x7f]/.test(xml)) fail(`${name}: raw non-ASCII (efetch writes numeric character references)`);
}
const a = records(main);
const b = records(revisions);
if (a.size !== 60) fail(`pubmed-sample.xml has ${a.size} records, expected 60`);
for (let n = 1; n <= 60; n++) if (!a.has(String(41900000 + n))) fail(`missing PMID ${41900000 + n}`);
for (const [pmid, r] of [...a, ...b]) if (r.revised < r.entrez) fail(`${pmid}: DateRevised ${r.revised} before entrez ${r.entrez}`);

const manifest = JSON.parse(read('manifest.json'));
const all = new Set([...a.keys(), ...b.keys()]);
for (const pmid of all) if (!manifest.records[pmid]) fail(`${pmid} missing from manifest`);
for (const [pmid, m] of Object.entries(manifest.records)) {
  const inMain = a.get(pmid);
  const x = inMain ?? b.get(pmid);
  if (!x) { fail(`manifest PMID ${pmid} is in no XML file`); continue; }
  if (m.entrezDate !== x.entrez) fail(`${pmid}: manifest entrezDate ${m.entrezDate} != XML ${x.entrez}`);
  if (m.modifiedDate !== x.revised) fail(`${pmid}: manifest modifiedDate ${m.modifiedDate} != XML ${x.revised}`);
  if (m.revision && m.revision.modifiedDate !== b.get(pmid)?.revised) fail(`${pmid}: revision modifiedDate`);
}
for (const pmid of manifest.deletedOnSecondNight) if (!a.has(pmid) || b.has(pmid)) fail(`deleted ${pmid} must be in the first night only`);
const w47 = [...a].filter(([, r]) => r.entrez >= '2026-11-16' && r.entrez <= '2026-11-22').map(([p]) => p);
if (w47.length < 10) fail(`only ${w47.length} records entered in 2026-W47`);

const judgedPath = join(here, '..', '..', 'bench', 'judged-queries.json');
if (existsSync(judgedPath)) {
  for (const q of JSON.parse(readFileSync(judgedPath, 'utf8'))) {
    for (const pmid of Object.keys(q.relevant)) if (!a.has(pmid)) fail(`judged query ${q.id}: ${pmid} is not in pubmed-sample.xml`);
  }
}

if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`ok: ${a.size} + ${b.size} records, manifest agrees, W47: ${w47.join(' ')}`);
