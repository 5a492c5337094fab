/**
 * Minimal, well-formed PubMed records for the loopback server (tests; the demo ships its own sample
 * records). No vitest imports: shipped in dist.
 */
import type { ServerRecord } from './eutils-query.js';
import { escapeXml } from './eutils-render.js';

export interface RecordSpec {
  pmid: string;
  title?: string;
  abstract?: string;
  /** `YYYY-MM-DD`; default 2024-01-15. */
  entrezDate?: string;
  /** `YYYY-MM-DD`; default = entrezDate. */
  modifiedDate?: string;
  version?: number;
}

/** One `<PubmedArticle>` with the given PMID, title and abstract, as a ServerRecord. */
export function makeRecord(spec: RecordSpec): ServerRecord {
  const edat = spec.entrezDate ?? '2024-01-15';
  const [y, m, d] = edat.split('-');
  const title = escapeXml(spec.title ?? `Mitragynine study ${spec.pmid}`);
  const abstract = escapeXml(spec.abstract ?? 'Kratom alkaloids were measured.');
  const xml =
    `<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="${spec.version ?? 1}">${spec.pmid}</PMID>` +
    `<Article PubModel="Print"><Journal><Title>Journal of Tests</Title><JournalIssue><PubDate><Year>${y}</Year></PubDate></JournalIssue></Journal>` +
    `<ArticleTitle>${title}</ArticleTitle><Abstract><AbstractText>${abstract}</AbstractText></Abstract>` +
    '<Language>eng</Language><PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>' +
    '</Article></MedlineCitation><PubmedData><History>' +
    `<PubMedPubDate PubStatus="entrez"><Year>${y}</Year><Month>${Number(m)}</Month><Day>${Number(d)}</Day></PubMedPubDate>` +
    `</History><PublicationStatus>ppublish</PublicationStatus><ArticleIdList><ArticleId IdType="pubmed">${spec.pmid}</ArticleId></ArticleIdList>` +
    '</PubmedData></PubmedArticle>';
  return { pmid: spec.pmid, xml, entrezDate: edat, modifiedDate: spec.modifiedDate ?? edat };
}

/** `n` records with PMIDs from `firstPmid` upwards, entry dates cycling over `days` (YYYY-MM-DD). */
export function makeRecords(n: number, firstPmid: number, days: string[], title = 'Mitragynine'): ServerRecord[] {
  return Array.from({ length: n }, (_, i) =>
    makeRecord({ pmid: String(firstPmid + i), title: `${title} record ${i}`, entrezDate: days[i % days.length] as string }),
  );
}
