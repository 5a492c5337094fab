/**
 * Builds small but complete efetch-style `<PubmedArticle>` records for tests and benchmarks that need many
 * records with chosen PMIDs, dates and revisions (modelled on pubmed_250101.dtd). Plain strings, no I/O.
 */
export interface RecordSpec {
  pmid: string;
  version?: number;
  title?: string;
  abstract?: string;
  /** YYYY-MM-DD of PubMedPubDate entrez/pubmed. */
  entrez: string;
  /** YYYY-MM-DD of DateRevised. */
  revised?: string;
  publicationTypes?: string[];
  mesh?: string[];
  retractionIn?: string | null;
  authors?: Array<[string, string]>;
  year?: number;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function dateParts(tag: string, iso: string, attrs = ''): string {
  const [y, m, d] = iso.split('-').map((x) => Number.parseInt(x, 10));
  return `<${tag}${attrs}><Year>${y}</Year><Month>${m}</Month><Day>${d}</Day></${tag}>`;
}

/** One `<PubmedArticle>` element. */
export function makeRecord(s: RecordSpec): string {
  const revised = s.revised ?? s.entrez;
  const [ry, rm, rd] = revised.split('-');
  const types = (s.publicationTypes ?? ['Journal Article']).map((t) => `<PublicationType UI="D016428">${esc(t)}</PublicationType>`).join('');
  const authors = (s.authors ?? [['Kruegel', 'Andrew C'], ['Grundmann', 'Oliver']])
    .map(([last, fore]) => `<Author ValidYN="Y"><LastName>${esc(last)}</LastName><ForeName>${esc(fore)}</ForeName><Initials>${fore.split(' ').map((p) => p[0]).join('')}</Initials></Author>`)
    .join('');
  const mesh = (s.mesh ?? ['Mitragyna']).map((m) => `<MeshHeading><DescriptorName UI="D000000" MajorTopicYN="N">${esc(m)}</DescriptorName></MeshHeading>`).join('');
  const retraction = s.retractionIn
    ? `<CommentsCorrectionsList><CommentsCorrections RefType="RetractionIn"><RefSource>Retraction notice</RefSource><PMID Version="1">${s.retractionIn}</PMID></CommentsCorrections></CommentsCorrectionsList>`
    : '';
  return `<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="${s.version ?? 1}">${s.pmid}</PMID>` +
    `<DateRevised><Year>${ry}</Year><Month>${rm}</Month><Day>${rd}</Day></DateRevised>` +
    `<Article PubModel="Print-Electronic"><Journal><ISSN IssnType="Electronic">1234-5678</ISSN><JournalIssue CitedMedium="Internet"><Volume>12</Volume><Issue>3</Issue><PubDate><Year>${s.year ?? Number(s.entrez.slice(0, 4))}</Year><Month>Nov</Month></PubDate></JournalIssue><Title>Journal of Kratom Studies</Title><ISOAbbreviation>J Kratom Stud</ISOAbbreviation></Journal>` +
    `<ArticleTitle>${esc(s.title ?? `Mitragynine pharmacology study ${s.pmid}`)}</ArticleTitle><Pagination><MedlinePgn>101-9</MedlinePgn></Pagination>` +
    `<Abstract><AbstractText>${esc(s.abstract ?? 'Mitragynine and 7-hydroxymitragynine were measured in plasma.')}</AbstractText></Abstract>` +
    `<AuthorList CompleteYN="Y">${authors}</AuthorList><Language>eng</Language><PublicationTypeList>${types}</PublicationTypeList></Article>` +
    `<MedlineJournalInfo><Country>United States</Country><MedlineTA>J Kratom Stud</MedlineTA><NlmUniqueID>9999999</NlmUniqueID></MedlineJournalInfo>` +
    `${retraction}<MeshHeadingList>${mesh}</MeshHeadingList></MedlineCitation>` +
    `<PubmedData><History>${dateParts('PubMedPubDate', s.entrez, ' PubStatus="entrez"')}${dateParts('PubMedPubDate', s.entrez, ' PubStatus="pubmed"')}</History>` +
    `<PublicationStatus>ppublish</PublicationStatus><ArticleIdList><ArticleId IdType="pubmed">${s.pmid}</ArticleId><ArticleId IdType="doi">10.5555/jks.${s.pmid}</ArticleId></ArticleIdList></PubmedData></PubmedArticle>`;
}

/** A whole efetch answer / import file with these records. */
export function makeArticleSet(records: readonly string[]): string {
  return `<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n${records.join('\n')}\n</PubmedArticleSet>\n`;
}
