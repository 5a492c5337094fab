/**
 * A small development judged set (used only when bench/judged-queries.json or the sample XML is missing):
 * records written to exercise the vocabulary cases (synonyms, abbreviations, hyphen and Greek variants,
 * misspellings, prefixes, author names, MeSH), with the PMIDs that should come first.
 */
import { emptyArticle } from '../src/types.js';
import type { Article } from '../src/types.js';
import type { Judged } from './search-relevance.js';

/** A minimal journal article with the given title and abstract (MEDLINE, English, 2020). */
export function rec(pmid: string, title: string, abstract: string, extra: Partial<Article> = {}): Article {
  return {
    ...emptyArticle(pmid), title, titleHtml: title, abstract, status: 'MEDLINE', languages: ['eng'],
    publicationTypes: ['Journal Article'], pubDate: { year: 2020, month: 1, day: 1, season: null, raw: '2020' },
    journal: { title: 'Journal of Examples', isoAbbreviation: 'J Ex', issn: null, volume: null, issue: null, nlmUniqueId: null },
    ...extra,
  };
}
/** An author with initials as fore name. */
export const person = (lastName: string, initials: string) => ({ lastName, foreName: initials, initials, suffix: null, collectiveName: null, orcid: null, affiliations: [], equalContrib: false });

export const DEV_ARTICLES: Article[] = [
  rec('900001', 'Ketum dependence among Malaysian farmers', 'Regular ketum drinkers reported withdrawal symptoms when stopping.'),
  rec('900002', 'Kratom withdrawal syndrome: a case series', 'Patients using kratom daily developed withdrawal; buprenorphine helped.'),
  rec('900003', '7-Hydroxymitragynine is a potent μ-opioid receptor agonist', 'The alkaloid 7‐hydroxymitragynine activated the MOR with G protein bias.',
    { mesh: [{ descriptor: 'Receptors, Opioid, mu', ui: null, major: true, qualifiers: [] }], authors: [person('Kruegel', 'AC')] }),
  rec('900004', 'Metabolism of mitragynine to 7-OH in human liver', 'CYP3A4 converts mitragynine to 7-OH-MG, a more potent analgesic.'),
  rec('900005', 'Antinociceptive effects of Mitragyna speciosa alkaloids in mice', 'Tail-flick antinociception was naloxone-reversible.'),
  rec('900006', 'Opioid use disorder treatment and kratom', 'People with OUD used kratom to self-treat; implications for treatment.'),
  rec('900007', 'COVID-19 and drug markets', 'During the pandemic, 19 states reported changes in supply.'),
  rec('900008', 'Pharmacokinetics of mitragynine in healthy volunteers', 'Plasma mitragynine peaked at 1 h after a single oral dose.', { authors: [person('Trakulsrichai', 'S')] }),
  rec('900009', 'Liver injury after kratom use', 'Drug-induced liver injury (DILI) with cholestatic pattern after kratom.'),
  rec('900010', 'Survey of dietary supplements', 'Supplements other than kratom were surveyed; no opioid findings.'),
  rec('900011', 'Analgesia from opioids: review', 'Mu receptor agonists provide analgesia; tolerance develops.', { publicationTypes: ['Journal Article', 'Review'] }),
  rec('900012', 'Mitragynine pseudoindoxyl binding', 'Pseudoindoxyl derivatives of mitragynine bind kappa receptors.'),
];

export const DEV_JUDGED: Judged[] = [
  { query: 'ketum', grades: { '900001': 2, '900002': 1, '900006': 1, '900009': 1, '900005': 1 } },
  { query: 'kratom withdrawal', grades: { '900002': 2, '900001': 2 } },
  { query: '7-OH', grades: { '900003': 2, '900004': 2 } },
  { query: 'mu-opioid receptor', grades: { '900003': 2, '900011': 1 } },
  { query: 'μ opioid', grades: { '900003': 2, '900011': 1 } },
  { query: 'analgesia', grades: { '900005': 2, '900011': 2, '900004': 1 } },
  { query: 'OUD', grades: { '900006': 2 } },
  { query: 'mitragynin pharmacokinetcs', grades: { '900008': 2 } },
  { query: 'pharmacokin', grades: { '900008': 2 } },
  { query: 'author:Kruegel', grades: { '900003': 2 } },
  { query: 'mesh:"Receptors, Opioid, mu"', grades: { '900003': 2 } },
  { query: 'hepatotoxicity', grades: { '900009': 2 } },
  { query: 'COVID-19', grades: { '900007': 2 } },
];
