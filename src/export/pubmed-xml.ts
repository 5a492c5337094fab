/**
 * The PubMed XML export: the records' own PubMed XML, as kept by the store, inside one `PubmedArticleSet`
 * document as efetch writes it. Pure: record texts in, document text out, in runs of bounded size so that a
 * 100,000-record export is never one string.
 */

/**
 * PubMed's DOCTYPE, as efetch wrote it in 2025: the one copy, shared by this export and the loopback
 * server's efetch answers. Readers (kratomlit's own included) do not fetch the DTD, and its date changes
 * every year, so it names the format rather than pins a version.
 */
export const PUBMED_DOCTYPE =
  '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">';

/** The document's start. */
export const PUBMED_XML_HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n${PUBMED_DOCTYPE}\n<PubmedArticleSet>\n`;

/** The document's end. */
export const PUBMED_XML_TAIL = '</PubmedArticleSet>\n';

/** Default size of one run of {@link pubmedXmlChunks}, in UTF-16 units: about a megabyte. */
export const PUBMED_XML_RUN_CHARS = 1 << 20;

/** A record PubMed deleted, as a `DeleteCitation` names it. */
export interface DeletedPmid {
  pmid: string;
  version: number;
}

/**
 * The `PubmedArticleSet` document holding `records` (each one `<PubmedArticle>` or `<PubmedBookArticle>`
 * element, as kept), one per line, in the order given, then, when `deleted` names any, one `DeleteCitation`
 * listing them (where PubMed puts it: after the records), yielded in runs of about `runChars` (a record is
 * never cut). No record gives a valid empty set. Records are read only as the runs are taken.
 */
export function* pubmedXmlChunks(records: Iterable<string>, runChars = PUBMED_XML_RUN_CHARS, deleted: readonly DeletedPmid[] = []): Generator<string> {
  let pending: string[] = [PUBMED_XML_HEAD];
  let size = PUBMED_XML_HEAD.length;
  for (const xml of records) {
    pending.push(xml, '\n');
    size += xml.length + 1;
    if (size >= runChars) {
      yield pending.join('');
      pending = [];
      size = 0;
    }
  }
  if (deleted.length > 0) pending.push(`<DeleteCitation>${deleted.map((d) => `<PMID Version="${d.version}">${d.pmid}</PMID>`).join('')}</DeleteCitation>\n`);
  pending.push(PUBMED_XML_TAIL);
  yield pending.join('');
}
