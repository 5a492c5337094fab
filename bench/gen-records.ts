/**
 * Synthetic PubMed file for the import benchmark: realistic ~16 KB `PubmedArticle` records (the real
 * average), each with a structured abstract, ~12 authors with affiliations and ORCIDs, ~15 MeSH
 * headings, chemicals, keywords, grants, history and a ReferenceList of ~40 references. PMIDs, titles
 * and counts vary with a seeded generator, so runs are reproducible and records differ.
 */
import { seededRandom } from '../test/support/random.js';

const PROLOG =
  '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" ' +
  '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n';

const WORDS = (
  'mitragynine kratom alkaloid opioid receptor agonist hydroxymitragynine metabolism plasma hepatic ' +
  'toxicity withdrawal dependence analgesia binding affinity pharmacokinetics cohort survey adults ' +
  'patients dose response clinical outcome exposure case report seizure liver injury cytochrome ' +
  'inhibition biased signalling beta arrestin respiratory depression rodent model behaviour'
).split(' ');
const MESH = [
  'Mitragyna', 'Secologanin Tryptamine Alkaloids', 'Analgesics, Opioid', 'Humans', 'Male', 'Female', 'Adult',
  'Receptors, Opioid, mu', 'Substance-Related Disorders', 'Liver', 'Chemical and Drug Induced Liver Injury',
  'Plant Extracts', 'Mice', 'Rats', 'Surveys and Questionnaires', 'Pain', 'Opioid-Related Disorders', 'Seizures',
];
const QUALIFIERS = ['pharmacology', 'adverse effects', 'metabolism', 'chemistry', 'toxicity', 'epidemiology'];
const LABELS = ['BACKGROUND', 'METHODS', 'RESULTS', 'CONCLUSIONS'];


interface Rng {
  int(min: number, max: number): number;
  words(n: number): string;
  pick<T>(list: readonly T[]): T;
}

function rngOf(seed: number): Rng {
  const next = seededRandom(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)] as T;
  return { int, pick, words: (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ') };
}

function authorsXml(r: Rng): string {
  let xml = '<AuthorList CompleteYN="Y">';
  const count = r.int(9, 15);
  for (let i = 0; i < count; i++) {
    const orcid = i % 3 === 0 ? `<Identifier Source="ORCID">0000-000${r.int(1, 3)}-${r.int(1000, 9999)}-${r.int(1000, 9999)}</Identifier>` : '';
    xml +=
      `<Author ValidYN="Y"><LastName>${r.pick(['Smith', 'Nguyen', 'Garcia', 'Tanaka', 'Müller', 'Okafor'])}${i}</LastName>` +
      `<ForeName>${r.pick(['Anna', 'Ben', 'Chen', 'Dara', 'Eli'])}</ForeName><Initials>A</Initials>${orcid}` +
      `<AffiliationInfo><Affiliation>Department of Pharmacology, University of ${r.words(2)}, City ${r.int(1, 99)}, Country.</Affiliation></AffiliationInfo>` +
      (i % 3 === 0 ? `<AffiliationInfo><Affiliation>Institute of ${r.words(3)}, Town, Country.</Affiliation></AffiliationInfo>` : '') +
      '</Author>';
  }
  return `${xml}</AuthorList>`;
}

function abstractXml(r: Rng): string {
  const parts = LABELS.map(
    (label) => `<AbstractText Label="${label}" NlmCategory="${label}">${r.words(r.int(28, 45))} (<i>n</i> = ${r.int(10, 900)}; p &lt; 0.05).</AbstractText>`,
  );
  return `<Abstract>${parts.join('')}<CopyrightInformation>© ${r.int(2000, 2025)} The Authors.</CopyrightInformation></Abstract>`;
}

function meshXml(r: Rng): string {
  let xml = '<MeshHeadingList>';
  const count = r.int(12, 18);
  for (let i = 0; i < count; i++) {
    const q = i % 2 === 0 ? `<QualifierName UI="Q0000${r.int(10, 99)}" MajorTopicYN="${i % 4 === 0 ? 'Y' : 'N'}">${r.pick(QUALIFIERS)}</QualifierName>` : '';
    xml += `<MeshHeading><DescriptorName UI="D0${r.int(10000, 99999)}" MajorTopicYN="N">${MESH[i % MESH.length] ?? 'Humans'}</DescriptorName>${q}</MeshHeading>`;
  }
  return `${xml}</MeshHeadingList>`;
}

function referencesXml(r: Rng): string {
  let xml = '<ReferenceList>';
  const count = r.int(34, 46);
  for (let i = 0; i < count; i++) {
    xml +=
      `<Reference><Citation>${r.pick(WORDS)} A, ${r.pick(WORDS)} B. ${r.words(2)}. J Ethnopharmacol. ${r.int(1990, 2025)};${r.int(1, 300)}:${r.int(1, 999)}.</Citation>` +
      (i % 2 === 0 ? `<ArticleIdList><ArticleId IdType="pubmed">${r.int(1000000, 39999999)}</ArticleId></ArticleIdList>` : '') +
      '</Reference>';
  }
  return `${xml}</ReferenceList>`;
}

function historyXml(r: Rng, year: number): string {
  const date = (status: string, month: number, day: number, time: boolean): string =>
    `<PubMedPubDate PubStatus="${status}"><Year>${year}</Year><Month>${month}</Month><Day>${day}</Day>${time ? '<Hour>6</Hour><Minute>0</Minute>' : ''}</PubMedPubDate>`;
  return `<History>${date('received', r.int(1, 4), r.int(1, 28), false)}${date('accepted', r.int(5, 8), r.int(1, 28), false)}${date('pubmed', r.int(9, 12), r.int(1, 28), true)}${date('entrez', r.int(9, 12), r.int(1, 28), true)}</History>`;
}

/** One ~16 KB record. */
function recordXml(r: Rng, pmid: number): string {
  const year = r.int(1995, 2025);
  const doi = `10.1016/j.drugalcdep.${year}.${pmid}`;
  return (
    `<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">${pmid}</PMID>` +
    `<DateCompleted><Year>${year}</Year><Month>0${r.int(1, 9)}</Month><Day>1${r.int(0, 9)}</Day></DateCompleted>` +
    `<DateRevised><Year>${year + 1}</Year><Month>0${r.int(1, 9)}</Month><Day>2${r.int(0, 8)}</Day></DateRevised>` +
    `<Article PubModel="Print-Electronic"><Journal><ISSN IssnType="Electronic">1879-0046</ISSN><JournalIssue CitedMedium="Internet">` +
    `<Volume>${r.int(1, 260)}</Volume><Issue>${r.int(1, 12)}</Issue><PubDate><Year>${year}</Year><Month>${r.pick(['Jan', 'Mar', 'Jun', '09', '11'])}</Month></PubDate></JournalIssue>` +
    `<Title>Drug and alcohol dependence</Title><ISOAbbreviation>Drug Alcohol Depend</ISOAbbreviation></Journal>` +
    `<ArticleTitle>${r.words(r.int(8, 16))} of <i>Mitragyna speciosa</i> record ${pmid}.</ArticleTitle>` +
    `<Pagination><StartPage>${r.int(1, 900)}</StartPage><MedlinePgn>${r.int(1, 900)}</MedlinePgn></Pagination><ELocationID EIdType="doi" ValidYN="Y">${doi}</ELocationID>` +
    `${abstractXml(r)}${authorsXml(r)}<Language>eng</Language>` +
    `<GrantList CompleteYN="Y"><Grant><GrantID>R01 DA0${r.int(10000, 99999)}</GrantID><Acronym>DA</Acronym><Agency>NIDA NIH HHS</Agency><Country>United States</Country></Grant></GrantList>` +
    `<PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>` +
    `<ArticleDate DateType="Electronic"><Year>${year}</Year><Month>0${r.int(1, 9)}</Month><Day>0${r.int(1, 9)}</Day></ArticleDate></Article>` +
    `<MedlineJournalInfo><Country>Ireland</Country><MedlineTA>Drug Alcohol Depend</MedlineTA><NlmUniqueID>7513587</NlmUniqueID><ISSNLinking>0376-8716</ISSNLinking></MedlineJournalInfo>` +
    `<ChemicalList><Chemical><RegistryNumber>EP479K822J</RegistryNumber><NameOfSubstance UI="C000600">mitragynine</NameOfSubstance></Chemical></ChemicalList>` +
    `${meshXml(r)}<KeywordList Owner="NOTNLM"><Keyword MajorTopicYN="N">Kratom</Keyword><Keyword MajorTopicYN="N">${r.words(2)}</Keyword></KeywordList></MedlineCitation>` +
    `<PubmedData>${historyXml(r, year)}<PublicationStatus>ppublish</PublicationStatus><ArticleIdList>` +
    `<ArticleId IdType="pubmed">${pmid}</ArticleId><ArticleId IdType="doi">${doi}</ArticleId><ArticleId IdType="pii">S0376-8716(${year})${r.int(10000, 99999)}</ArticleId></ArticleIdList>` +
    `${referencesXml(r)}</PubmedData></PubmedArticle>\n`
  );
}

/**
 * Yields the text of a `PubmedArticleSet` file with `count` records: the prolog, then one record per
 * yield, then the closing root tag. Defaults: `seed` 1, `startPmid` 30000000 (PMIDs ascend by 1-3).
 */
export function* generateRecordsXml(count: number, opts: { seed?: number; startPmid?: number } = {}): Generator<string> {
  const r = rngOf(opts.seed ?? 1);
  let pmid = opts.startPmid ?? 30_000_000;
  yield PROLOG;
  for (let i = 0; i < count; i++) {
    yield recordXml(r, pmid);
    pmid += r.int(1, 3);
  }
  yield '</PubmedArticleSet>\n';
}
