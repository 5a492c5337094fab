/**
 * Bodies the loopback E-utilities server sends, shaped like NCBI's real answers (see the esearch and
 * error samples NCBI serves: `eSearchResult` XML, served `retmode=json` with header version 0.3,
 * `eFetchResult` errors, the 429 JSON, the HTML diagnostic page). No vitest imports: shipped in dist.
 */
import { PUBMED_DOCTYPE } from '../export/pubmed-xml.js';

/** What one esearch answer says. */
export interface EsearchAnswer {
  count: number;
  retstart: number;
  ids: string[];
  queryKey: string | null;
  webEnv: string | null;
  queryTranslation: string;
  /** Words that matched no record at all (`PhraseNotFound`). */
  phrasesNotFound: string[];
}

const ESEARCH_DOCTYPE =
  '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">';

/** Escapes text for XML content. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** esearch XML as NCBI serves it (one line of fields, ids one per line). */
export function esearchXml(a: EsearchAnswer): string {
  const history = a.queryKey !== null ? `<QueryKey>${a.queryKey}</QueryKey><WebEnv>${a.webEnv}</WebEnv>` : '';
  const ids = a.ids.length === 0 ? '<IdList/>' : `<IdList>\n${a.ids.map((id) => `<Id>${id}</Id>\n`).join('')}</IdList>`;
  const errors = a.phrasesNotFound.length
    ? `<ErrorList>${a.phrasesNotFound.map((p) => `<PhraseNotFound>${escapeXml(p)}</PhraseNotFound>`).join('')}</ErrorList>`
    : '';
  const warnings = a.count === 0 ? '<WarningList><OutputMessage>No items found.</OutputMessage></WarningList>' : '';
  return (
    `<?xml version="1.0" encoding="UTF-8" ?>\n${ESEARCH_DOCTYPE}\n` +
    `<eSearchResult><Count>${a.count}</Count><RetMax>${a.ids.length}</RetMax><RetStart>${a.retstart}</RetStart>` +
    `${history}${ids}<TranslationSet/><QueryTranslation>${escapeXml(a.queryTranslation)}</QueryTranslation>` +
    `${errors}${warnings}</eSearchResult>\n`
  );
}

/** Served esearch JSON (compact, one line + LF, numbers as strings). */
export function esearchJson(a: EsearchAnswer): string {
  const result: Record<string, unknown> = { count: String(a.count), retmax: String(a.ids.length), retstart: String(a.retstart) };
  if (a.queryKey !== null) {
    result.querykey = a.queryKey;
    result.webenv = a.webEnv;
  }
  result.idlist = a.ids;
  result.translationset = [];
  result.querytranslation = a.queryTranslation;
  if (a.phrasesNotFound.length) result.errorlist = { phrasesnotfound: a.phrasesNotFound, fieldsnotfound: [] };
  if (a.count === 0) {
    result.warninglist = { phrasesignored: [], quotedphrasesnotfound: [], outputmessages: ['No items found.'] };
  }
  return `${JSON.stringify({ header: { type: 'esearch', version: '0.3' }, esearchresult: result })}\n`;
}

/** An esearch `ERROR` answer in the asked shape. */
export function esearchErrorBody(message: string, json: boolean): string {
  if (json) return `${JSON.stringify({ header: { type: 'esearch', version: '0.3' }, esearchresult: { ERROR: message } })}\n`;
  return `<?xml version="1.0" encoding="UTF-8" ?>\n${ESEARCH_DOCTYPE}\n<eSearchResult>\n\t<ERROR>${escapeXml(message)}</ERROR>\n</eSearchResult>\n`;
}

/**
 * The 9,999-record ceiling error. NCBI's JSON form is not valid JSON: a raw newline inside the string
 * and `\'` escapes, exactly what breaks a plain JSON.parse.
 */
export function retstartCapBody(cap: number, json: boolean): string {
  const tail =
    `cannot be larger than ${cap - 1}. For PubMed, ESearch can only retrieve the first ${cap.toLocaleString('en-US')} ` +
    `records matching the query. To obtain more than ${cap.toLocaleString('en-US')} PubMed records, consider using ` +
    'EDirect that contains additional logic to batch PubMed search results automatically so that an arbitrary ' +
    'number can be retrieved. For details see https://www.ncbi.nlm.nih.gov/books/NBK25499/';
  if (!json) return esearchErrorBody(`Search Backend failed: Exception:\n'retstart' ${tail}`, false);
  return `{"header":{"type":"esearch","version":"0.3"},"esearchresult":{"ERROR":"Search Backend failed: Exception:\n\\'retstart\\' ${tail}"}}\n`;
}

/** efetch PubMed XML around the given records, in the given order. */
export function efetchXml(records: string[]): string {
  const body = records.map((r) => `${r.trim()}\n`).join('');
  return `<?xml version="1.0" ?>\n${PUBMED_DOCTYPE}\n<PubmedArticleSet>\n${body}</PubmedArticleSet>`;
}

/** efetch's in-band error (HTTP 200), e.g. `Unable to obtain query #1` for a lost WebEnv. */
export function efetchErrorXml(message: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" ?>\n' +
    '<!DOCTYPE eEfetchResult PUBLIC "-//NLM//DTD efetch 20131226//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">\n' +
    `<eFetchResult>\n\t<ERROR>${escapeXml(message)}</ERROR>\n</eFetchResult>\n`
  );
}

/** NCBI's 429 body: JSON even when XML was asked for. */
export function rateLimitBody(count: number, limit: number): string {
  return `{"error":"API rate limit exceeded","count":"${count}","limit":"${limit}"}\n`;
}

/** The HTML page NCBI's front end serves with status 200 (or 5xx) when a backend fails. */
export function diagnosticHtml(status: number): string {
  return (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n' +
    `<html xmlns="http://www.w3.org/1999/xhtml"><head><title>NCBI/eutils - WWW Error ${status} Diagnostic</title></head>\n` +
    `<body><h1>Error ${status}</h1><p>Server Error</p><p>Your request could not be processed due to a problem on our end.</p></body></html>\n`
  );
}

/** An NCBI C++ toolkit exception trace, served as the body of a 200. */
export function cxxTraceBody(utility: string): string {
  return (
    `Error: NCBI C++ Exception:\n    T0 "/pubmed_gen/rbuild/version/20251101/entrez/2.15/src/internal/eutils/cgi/${utility}.cpp", ` +
    'line 1221: Error: (CTxRawClientImpl::readAll) TXCLIENT::readAll EOF (Read 0 bytes, expected 8)\n'
  );
}
