/**
 * What the faces say about records a selection could not give: a PMID that found nothing, a record without
 * kept PubMed XML. Pure (no store types), so the package's public types stay free of the store's.
 */
import type { LeftOutPmid } from './api.js';

/**
 * Why a PMID found nothing, as every face says it: `PMID 41900033 was withdrawn from PubMed (deleted on
 * 2026-12-07)` or `PMID 12 is not in the library`.
 */
export function describeLeftOut(l: LeftOutPmid): string {
  if (l.reason === 'not-stored') return `PMID ${l.pmid} is not in the library`;
  return `PMID ${l.pmid} was withdrawn from PubMed${l.deletedAt === undefined ? '' : ` (deleted on ${l.deletedAt.slice(0, 10)})`}`;
}

/**
 * Said beside what a PMID lookup found when some of its PMIDs found nothing, as every face says it:
 * `1 looked-up PMID found nothing: PMID 99999999 is not in the library`.
 */
export function lookupGapsLine(leftOut: readonly LeftOutPmid[]): string {
  const n = leftOut.length === 1 ? '1 looked-up PMID' : `${leftOut.length} looked-up PMIDs`;
  return `${n} found nothing: ${leftOut.map(describeLeftOut).join('; ')}`;
}

/**
 * One line naming the records a PubMed XML export left out for want of kept XML, and where to get it: they
 * were stored without it (by an older build) or it is damaged, and an unchanged record fetched again is not
 * stored again (newest wins), so PubMed is where their XML is.
 */
export function noXmlLine(pmids: readonly string[]): string {
  const some = pmids.slice(0, 20).join(', ') + (pmids.length > 20 ? `, … (${pmids.length - 20} more)` : '');
  const n = pmids.length === 1 ? '1 record has' : `${pmids.length} records have`;
  return `${n} no kept PubMed XML and ${pmids.length === 1 ? 'was' : 'were'} left out (PMID ${some}); the library has only ${pmids.length === 1 ? 'its' : 'their'} normalized record: fetch ${pmids.length === 1 ? 'it' : 'them'} from PubMed (efetch -db pubmed -format xml -id PMID,...)`;
}
