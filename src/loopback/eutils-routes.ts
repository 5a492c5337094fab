/**
 * esearch.fcgi and efetch.fcgi of the loopback server: the normal (fault-free) answers, computed from
 * the records the server holds. No vitest imports: shipped in dist.
 */
import { randomBytes } from 'node:crypto';
import type { Answer, Fault } from './eutils-faults.js';
import { byPmidDesc, dateFilter, inUidRanges, termSyntaxError, termWords, uidRanges, type Matcher, type ServerRecord } from './eutils-query.js';
import { efetchErrorXml, efetchXml, esearchErrorBody, esearchJson, esearchXml, retstartCapBody } from './eutils-render.js';

/** The server state the routes read and the history they write. */
export interface RouteState {
  records: Map<string, ServerRecord>;
  idCap: number;
  matcher: Matcher;
  webEnvTtlMs: number;
  history: Map<string, { createdAt: number; queries: Map<string, string[]> }>;
  /** PMIDs esearch lists but efetch leaves out of its answers (as PubMed does while a record is reindexed). */
  withheld: Set<string>;
  /**
   * Withheld PMIDs released once an efetch answer that leaves them out reached the client whole (the next
   * ask gets them); the server releases them, see {@link releaseWithheldOnce}.
   */
  withheldOnce?: Set<string>;
  now: () => number;
}

const XML = { 'Content-Type': 'text/xml; charset=UTF-8' };
const JSON_TYPE = { 'Content-Type': 'application/json; charset=UTF-8' };

function int(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n >= 0 ? n : fallback;
}

/** Looks up a stored result set; null when the WebEnv is unknown, expired, or lacks the query key. */
function historySet(state: RouteState, webEnv: string | undefined, queryKey: string | undefined): string[] | null {
  if (webEnv === undefined || queryKey === undefined) return null;
  const env = state.history.get(webEnv);
  if (env === undefined || state.now() - env.createdAt > state.webEnvTtlMs) return null;
  return env.queries.get(queryKey) ?? null;
}

function storeHistory(state: RouteState, webEnv: string | undefined, ids: string[]): { webEnv: string; queryKey: string } {
  let env = webEnv === undefined ? undefined : state.history.get(webEnv);
  let name = webEnv;
  if (env === undefined || name === undefined || state.now() - env.createdAt > state.webEnvTtlMs) {
    name = `MCID_${randomBytes(12).toString('hex')}`;
    env = { createdAt: state.now(), queries: new Map() };
    state.history.set(name, env);
  }
  const queryKey = String(env.queries.size + 1);
  env.queries.set(queryKey, ids);
  return { webEnv: name, queryKey };
}

/** Records matching a term (and an optional history set), before date and paging. */
function candidates(state: RouteState, term: string, base: string[] | null): ServerRecord[] {
  const pool = base === null ? [...state.records.values()] : base.map((id) => state.records.get(id)).filter((r): r is ServerRecord => r !== undefined);
  const match = term.trim() === '' ? () => true : state.matcher(term);
  const ranges = uidRanges(term);
  return pool.filter((r) => match(r) && inUidRanges(r, ranges));
}

/** esearch: term search with datetype windows, history, the id cap and NCBI's error shapes. */
export function esearchRoute(state: RouteState, p: Record<string, string>, fault: Fault | null): Answer {
  const json = p.retmode === 'json';
  const headers = json ? JSON_TYPE : XML;
  const error = (msg: string): Answer => ({ status: 200, headers, body: esearchErrorBody(msg, json) });
  if ((p.db ?? 'pubmed') !== 'pubmed') return error(`Invalid db name specified: ${p.db}`);
  const term = p.term ?? '';
  const hasHistory = p.WebEnv !== undefined && p.query_key !== undefined;
  const base = hasHistory ? historySet(state, p.WebEnv, p.query_key) : null;
  if (hasHistory && base === null) return error(`Unable to obtain query #${p.query_key}`);
  if (!hasHistory && term.trim() === '') return error('Empty term and query_key - nothing todo');
  const syntax = termSyntaxError(term);
  if (syntax !== null) return error(syntax);
  const dates = dateFilter(p.datetype, p.mindate, p.maxdate);
  if (dates === null) return error(`Invalid date range: ${p.mindate}:${p.maxdate}`);
  const byTerm = candidates(state, term, base);
  const matched = byTerm.filter(dates).sort(byPmidDesc).map((r) => r.pmid);
  const retstart = int(p.retstart, 0);
  // NCBI: 'retstart' cannot be larger than cap-1, also when paging a WebEnv.
  if (retstart > state.idCap - 1) return { status: 200, headers, body: retstartCapBody(state.idCap, json) };
  // A page crossing the cap is clamped without a word; retmax above the cap is clamped to it.
  const retmax = Math.min(int(p.retmax, 20), state.idCap - retstart);
  let ids = matched.slice(retstart, retstart + retmax);
  let count = matched.length;
  if (fault?.kind === 'dup-ids') ids = matched.slice(retstart - 1, retstart - 1 + retmax);
  if (fault?.kind === 'count-shift') count += fault.shift ?? 1;
  const history = p.usehistory === 'y' ? storeHistory(state, p.WebEnv, matched) : null;
  const answer = {
    count,
    retstart,
    ids,
    queryKey: history?.queryKey ?? null,
    webEnv: history?.webEnv ?? null,
    queryTranslation: term,
    phrasesNotFound: byTerm.length === 0 ? phrasesNotFound(state, term) : [],
  };
  return { status: 200, headers, body: json ? esearchJson(answer) : esearchXml(answer) };
}

/** Words of the term that occur in no record at all (PubMed's `PhraseNotFound`). */
function phrasesNotFound(state: RouteState, term: string): string[] {
  const words = termWords(term);
  return words.filter((w) => ![...state.records.values()].some((r) => state.matcher(`"${w}"`)(r)));
}

/**
 * Ends the one-time withhold of `pmids`: called only after an answer leaving them out was sent whole, since
 * a damaged or abandoned answer is thrown away and its retry must still see the gap.
 */
export function releaseWithheldOnce(state: RouteState, pmids: readonly string[]): void {
  for (const id of pmids) if (state.withheldOnce?.delete(id)) state.withheld.delete(id);
}

/** efetch: records by id list (in the order asked) or from the history server; unknown ids left out. */
export function efetchRoute(state: RouteState, p: Record<string, string>): Answer {
  const error = (msg: string): Answer => ({ status: 200, headers: XML, body: efetchErrorXml(msg) });
  if ((p.db ?? '') !== 'pubmed') return error(`Invalid db name specified: ${p.db ?? ''}`);
  let ids: string[];
  if (p.id !== undefined && p.id.trim() !== '') {
    ids = [...new Set(p.id.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
  } else if (p.WebEnv !== undefined && p.query_key !== undefined) {
    const set = historySet(state, p.WebEnv, p.query_key);
    if (set === null) return error(`Unable to obtain query #${p.query_key}`);
    const retstart = int(p.retstart, 0);
    ids = set.slice(retstart, retstart + int(p.retmax, 20));
  } else {
    return error('Empty id list - nothing todo');
  }
  const held = ids.filter((id) => state.withheld.has(id) && state.records.has(id));
  const xml = ids.filter((id) => !held.includes(id)).map((id) => state.records.get(id)?.xml).filter((x): x is string => x !== undefined && x !== '');
  return { status: 200, headers: XML, body: efetchXml(xml), ...(held.length > 0 ? { withheld: held } : {}) };
}
