// Builds the synthetic kratomlit sample corpus: pubmed-sample.xml, revisions.xml and manifest.json.
// Run by hand from the repository root after editing data/sample/src/*.mjs:
//   node data/sample/build.mjs
// The committed XML is the artefact the demo, the search benchmark and the digest tests read; this
// script only exists so that the records stay consistent (dates, cross-references, topics).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSet } from './src/render.mjs';
import { topicsOf } from './src/topics.mjs';
import { records as part1 } from './src/records-1.mjs';
import { records as part2 } from './src/records-2.mjs';
import { records as part3 } from './src/records-3.mjs';
import { revisions, DELETED_ON_SECOND_NIGHT } from './src/revisions.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** What each record is mainly about (the topic mix of the sample), by the last two digits of the PMID. */
const SUBJECT = {
  mitragynine: '01 04 05 07 08 12 16 20 21 24 28 31 33 35 36 39 41 43 46 50 53 56',
  '7-hydroxymitragynine': '02 06 11 13 14 17 22 26 29 32 37 42 44 47 49 52 55 58 61 62',
  kratom: '03 10 15 19 23 25 30 34 40 45 51 57',
  distractor: '09 18 27 38 48 54 59 60',
};

/** Edge cases the tests and the demo rely on, so nobody has to rediscover them. */
const SPECIAL = {
  '01': ['equal-contrib', 'orcid-url-and-bare', 'greek-ncr', 'references-to-sample'],
  '02': ['hyphen-u2010'],
  '03': ['comment-in'],
  '05': ['revised-second-night: mesh added'],
  '08': ['erratum-in'],
  '12': ['retracted-second-night'],
  '13': ['review', 'references-to-sample'],
  '14': ['retracted-publication'],
  '16': ['systematic-review', 'meta-analysis', 'copyright'],
  '19': ['letter', 'comment-on'],
  '20': ['title-typo-fixed-second-night', 'version-2-second-night'],
  '21': ['non-english-ger', 'vernacular-title', 'other-abstract-ger', 'copyright'],
  '23': ['nineteen-patients'],
  '24': ['medline-date'],
  '25': ['season'],
  '27': ['covid-19'],
  '28': ['mathml'],
  '29': ['collective-author'],
  '30': ['ketum-only'],
  '32': ['hyphen-u2011'],
  '33': ['deleted-second-night'],
  '34': ['krathom-biak-biak-only'],
  '36': ['randomized-controlled-trial'],
  '09': ['randomized-controlled-trial'],
  '41': ['published-erratum'],
  '43': ['expression-of-concern-in', 'copyright'],
  '47': ['invalid-author'],
  '49': ['retraction-notice'],
  '50': ['expression-of-concern'],
  '51': ['book'],
  '54': ['nineteen-patients'],
  '55': ['hyphen-en-dash'],
  '61': ['retraction-notice-second-night'],
  '62': ['new-second-night'],
};

const subjectOf = (pmid) => Object.keys(SUBJECT).find((k) => SUBJECT[k].split(' ').includes(pmid.slice(-2)));
const specialOf = (pmid) => SPECIAL[pmid.slice(-2)] ?? [];
const main = [...part1, ...part2, ...part3];

const COMMENT = 'SYNTHETIC DATA. Every record in this file (PMIDs 41900001-41900062) was written for kratomlit ' +
  'as test and demo material. These are not real PubMed records, the people, institutions, journals, ' +
  'grants, DOIs (Crossref test prefix 10.5555) and findings are invented, and nothing here may be cited.';

function check(records, label) {
  const seen = new Set();
  for (const r of records) {
    if (seen.has(r.pmid)) throw new Error(`${label}: duplicate PMID ${r.pmid}`);
    seen.add(r.pmid);
    const entrez = r.hist.entrez.split(' ')[0].split('-').map(Number);
    const entrezIso = isoOf(entrez);
    if (r.revised < entrezIso) throw new Error(`${label}: ${r.pmid} DateRevised ${r.revised} is before entrez ${entrezIso}`);
  }
}

function isoOf([y, m, d]) {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const entrezDate = (r) => isoOf(r.hist.entrez.split(' ')[0].split('-').map(Number));

check(main, 'pubmed-sample');
check(revisions, 'revisions');

// Cross-references resolve against the newest version of every record.
const registry = new Map([...main, ...revisions].map((r) => [r.pmid, r]));

writeFileSync(join(here, 'pubmed-sample.xml'), renderSet(main, registry, COMMENT));
writeFileSync(join(here, 'revisions.xml'), renderSet(revisions, registry, `${COMMENT} This file holds the revised and new records of the demo's second night.`));

const manifest = {
  note: 'Synthetic PubMed records written for kratomlit (not real PubMed data). topics = which default topic query ' +
    '(mitragynine, 7-hydroxymitragynine) a PubMed search would match; entrezDate = PubMedPubDate entrez; ' +
    'modifiedDate = DateRevised. Records in revisions.xml carry file "revisions.xml"; a PMID present in both files ' +
    'keeps its first-night dates here and its second-night values under "revision". subject = what the record is ' +
    'mainly about (mitragynine, 7-hydroxymitragynine, kratom, distractor); special = edge cases it carries.',
  deletedOnSecondNight: DELETED_ON_SECOND_NIGHT,
  records: {},
};
for (const r of main) {
  manifest.records[r.pmid] = { topics: topicsOf(r), entrezDate: entrezDate(r), modifiedDate: r.revised, file: 'pubmed-sample.xml', subject: subjectOf(r.pmid), special: specialOf(r.pmid) };
}
for (const r of revisions) {
  const base = manifest.records[r.pmid];
  const entry = { topics: topicsOf(r), entrezDate: entrezDate(r), modifiedDate: r.revised, version: r.version ?? 1, changes: r.changes };
  if (base) base.revision = entry;
  else manifest.records[r.pmid] = { ...entry, file: 'revisions.xml', subject: subjectOf(r.pmid), special: specialOf(r.pmid) };
}
for (const [pmid, rec] of Object.entries(manifest.records)) if (!rec.subject) throw new Error(`no subject for ${pmid}`);
writeFileSync(join(here, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`pubmed-sample.xml: ${main.length} records; revisions.xml: ${revisions.length} records`);
