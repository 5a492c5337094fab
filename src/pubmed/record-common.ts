/**
 * Pieces every record kind needs: its identity (PMID and version), ids, history. Pure.
 */
import { PMID_RULE, isPmid } from '../pmid.js';
import type { Article, CommentCorrection, RecordProblem } from '../types.js';
import { isoDate } from './dates.js';
import { attr, children, isSafeKey, textOrNull, type XmlElement } from './xml-node.js';

/** The record's own PMID and `PMID@Version` (default 1). */
export interface RecordIdentity {
  pmid: string;
  version: number;
}

/**
 * Identity from the record's own `PMID` (the first child of `MedlineCitation`/`BookDocument`; PMIDs in
 * CommentsCorrections, references or DeleteCitation are never the record's). A missing or non-numeric
 * PMID, or a Version that is not a positive integer, is a problem.
 */
export function identityOf(owner: XmlElement | undefined): RecordIdentity | RecordProblem {
  const pmidNode = children(owner, 'PMID')[0];
  const pmid = textOrNull(pmidNode);
  if (pmid === null || !isPmid(pmid)) {
    return { pmid: null, field: 'PMID', reason: pmid === null ? 'record has no PMID' : `PMID "${pmid.slice(0, 40)}" is impossible (${PMID_RULE})` };
  }
  const versionText = attr(pmidNode, 'Version');
  if (versionText === null) return { pmid, version: 1 };
  if (!/^\s*[1-9]\d{0,5}\s*$/.test(versionText)) {
    return { pmid, field: 'PMID@Version', reason: `PMID Version "${versionText}" is not a positive integer` };
  }
  return { pmid, version: Number(versionText) };
}

/** Completes an ids map: `pubmed` is always present (legacy records have no ArticleIdList). */
export function finishIds(ids: Record<string, string>, pmid: string): void {
  if (ids.pubmed === undefined) ids.pubmed = pmid;
}

/** The PMC id with its `PMC` prefix (some sources write the bare number). */
export function pmcidOf(ids: Record<string, string>): string | null {
  const pmc = ids.pmc;
  if (pmc === undefined) return null;
  return /^PMC/i.test(pmc) ? `PMC${pmc.slice(3)}` : `PMC${pmc}`;
}

/**
 * `History/PubMedPubDate` by `PubStatus` (`received`, `accepted`, `entrez`, `pubmed`, `medline`...).
 * Values are ISO dates, `YYYY-MM-DD` (NCBI's months and days are unpadded), with `THH:MM` appended
 * when the element has an `Hour`, as types.ts documents. The first date of a status wins.
 */
export function historyOf(history: XmlElement | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const date of children(history, 'PubMedPubDate')) {
    const status = attr(date, 'PubStatus');
    const iso = isoDate(typeof date === 'string' ? undefined : date, true);
    if (status !== null && iso !== null && isSafeKey(status) && !Object.hasOwn(out, status)) out[status] = iso;
  }
  return out;
}

/** `retracted` and `retractionNotice` from publication types and correction links (NLM's two signals). */
export function retractionFlags(
  publicationTypes: string[],
  links: CommentCorrection[],
): Pick<Article, 'retracted' | 'retractionNotice'> {
  return {
    retracted: publicationTypes.includes('Retracted Publication') || links.some((c) => c.type === 'RetractionIn'),
    retractionNotice: publicationTypes.includes('Retraction of Publication') || links.some((c) => c.type === 'RetractionOf'),
  };
}

/** Fields the store owns; the normalizer always sets them to these values. */
export function storeDefaults(): Pick<Article, 'deleted' | 'topics' | 'firstSeenAt' | 'updatedAt' | 'evidence'> {
  return { deleted: false, topics: [], firstSeenAt: null, updatedAt: null, evidence: null };
}
