/**
 * Parsing esearch answers (XML `eSearchResult` and served `retmode=json`) into {@link EsearchResult},
 * including NCBI's in-band errors. Pure: text in, result out or a classified EutilsError thrown.
 *
 * Rules (NCBI E-utilities, see docs/pitfalls.md): an `ERROR` never means "0 results"; `PhraseNotFound`
 * alone means 0 results; the `retstart` cap and a lost WebEnv are permanent for this request.
 */
import { XMLValidator } from 'fast-xml-parser';
import { EutilsError } from '../errors.js';
import { errorElementText, isHistoryGone, isRetstartCap } from './retry.js';

/** One esearch answer. */
export interface EsearchResult {
  /** True number of matches (may exceed the 9,999 ids esearch will ever list). */
  count: number;
  retstart: number;
  retmax: number;
  ids: string[];
  webEnv: string | null;
  queryKey: string | null;
  queryTranslation: string | null;
  /** `PhraseNotFound: x`, `OutputMessage: No items found.` ... ; informative, never fatal. */
  warnings: string[];
}

/**
 * Parses an esearch body, XML or JSON (sniffed from the first character).
 * @param context names the search in error messages (the term, never the api key).
 * @throws EutilsError `RETSTART_CAP` | `WEBENV_EXPIRED` | `ESEARCH_ERROR` (permanent) or
 *   `UNPARSABLE` (retryable: a body that is not an esearch answer at all).
 */
export function parseEsearch(body: string, context: string): EsearchResult {
  const text = body.trim();
  return text.startsWith('{') ? parseJson(text, context) : parseXml(text, context);
}

/** Maps an NCBI error message to its permanent EutilsError. */
export function esearchError(message: string, context: string): EutilsError {
  const code = isRetstartCap(message) ? 'RETSTART_CAP' : isHistoryGone(message) ? 'WEBENV_EXPIRED' : 'ESEARCH_ERROR';
  return new EutilsError(code, `esearch ${context}: NCBI answered ERROR: ${message.replace(/\s+/g, ' ').trim()}`);
}

function unparsable(context: string, why: string): EutilsError {
  return new EutilsError('UNPARSABLE', `esearch ${context}: not an esearch answer (${why})`, { retryable: true });
}

function parseXml(text: string, context: string): EsearchResult {
  if (XMLValidator.validate(text) !== true) throw unparsable(context, 'malformed XML');
  const error = errorElementText(text);
  if (error !== null) throw esearchError(error, context);
  if (!/<eSearchResult[\s>]/.test(text)) throw unparsable(context, 'no eSearchResult element');
  // TranslationStack repeats <Count> per term: read top-level fields only from what precedes it.
  const head = text.replace(/<Translation(Set|Stack)>[\s\S]*?<\/Translation\1>/g, '');
  const count = tagText(head, 'Count');
  if (count === null || !/^\d+$/.test(count)) throw unparsable(context, 'no Count');
  const idList = /<IdList>([\s\S]*?)<\/IdList>/.exec(head)?.[1] ?? '';
  return {
    count: Number(count),
    retstart: Number(tagText(head, 'RetStart') ?? 0),
    retmax: Number(tagText(head, 'RetMax') ?? 0),
    ids: [...idList.matchAll(/<Id>\s*(\d+)\s*<\/Id>/g)].map((m) => m[1] as string),
    webEnv: tagText(head, 'WebEnv'),
    queryKey: tagText(head, 'QueryKey'),
    queryTranslation: decodeXml(tagText(head, 'QueryTranslation')),
    warnings: xmlWarnings(head),
  };
}

function tagText(xml: string, tag: string): string | null {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return m?.[1] === undefined ? null : m[1].trim();
}

function decodeXml(s: string | null): string | null {
  if (s === null) return null;
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function xmlWarnings(xml: string): string[] {
  const out: string[] = [];
  for (const list of xml.matchAll(/<(ErrorList|WarningList)>([\s\S]*?)<\/\1>/g)) {
    for (const m of (list[2] ?? '').matchAll(/<(\w+)>([^<]*)<\/\1>/g)) out.push(`${m[1]}: ${decodeXml(m[2] ?? '')}`);
  }
  return out;
}

interface JsonEsearch {
  ERROR?: unknown;
  count?: unknown;
  retmax?: unknown;
  retstart?: unknown;
  idlist?: unknown;
  webenv?: unknown;
  querykey?: unknown;
  querytranslation?: unknown;
  errorlist?: unknown;
  warninglist?: unknown;
}

function parseJson(text: string, context: string): EsearchResult {
  const doc = lenientJson(text);
  if (doc === undefined) {
    // Even the repaired text is not JSON: still recognise NCBI's ERROR key so it is not retried.
    const m = /"ERROR"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
    if (m?.[1] !== undefined) throw esearchError(m[1].replace(/\\(.)/g, '$1'), context);
    throw unparsable(context, 'malformed JSON');
  }
  const top = doc as { esearchresult?: JsonEsearch; error?: unknown };
  const r = top.esearchresult;
  if (r === undefined || r === null || typeof r !== 'object') {
    throw unparsable(context, typeof top.error === 'string' ? top.error : 'no esearchresult');
  }
  if (typeof r.ERROR === 'string') throw esearchError(r.ERROR, context);
  if (typeof r.count !== 'string' || !/^\d+$/.test(r.count)) throw unparsable(context, 'no count');
  const ids = Array.isArray(r.idlist) ? r.idlist.filter((x): x is string => typeof x === 'string') : [];
  return {
    count: Number(r.count),
    retstart: Number(r.retstart ?? 0),
    retmax: Number(r.retmax ?? 0),
    ids,
    webEnv: typeof r.webenv === 'string' ? r.webenv : null,
    queryKey: typeof r.querykey === 'string' ? r.querykey : null,
    queryTranslation: typeof r.querytranslation === 'string' ? r.querytranslation : null,
    warnings: [...jsonWarnings(r.errorlist), ...jsonWarnings(r.warninglist)],
  };
}

/** JSON list keys -> the XML element names, so warnings read the same whatever the retmode. */
const JSON_WARNING_NAMES: Record<string, string> = {
  phrasesnotfound: 'PhraseNotFound',
  fieldsnotfound: 'FieldNotFound',
  phrasesignored: 'PhraseIgnored',
  quotedphrasesnotfound: 'QuotedPhraseNotFound',
  outputmessages: 'OutputMessage',
};

/** `{"phrasesnotfound":["x"], "outputmessages":[...]}` -> `PhraseNotFound: x`, `OutputMessage: ...`. */
function jsonWarnings(list: unknown): string[] {
  if (list === null || typeof list !== 'object') return [];
  const out: string[] = [];
  for (const [key, values] of Object.entries(list as Record<string, unknown>)) {
    if (!Array.isArray(values)) continue;
    const name = JSON_WARNING_NAMES[key] ?? key;
    for (const v of values) if (typeof v === 'string') out.push(`${name}: ${v}`);
  }
  return out;
}

/**
 * JSON.parse that survives NCBI's broken error bodies: raw control characters inside strings (the
 * retstart-cap message carries a literal newline) and invalid escapes such as `\'`. Undefined if hopeless.
 */
export function lenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(repairJsonStrings(text));
    } catch {
      return undefined;
    }
  }
}

function repairJsonStrings(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (!inString) {
      if (c === '"') inString = true;
      out += c;
    } else if (c === '\\') {
      const next = text[i + 1] ?? '';
      out += '"\\/bfnrtu'.includes(next) && next !== '' ? c + next : next;
      i++;
    } else if (c === '"') {
      inString = false;
      out += c;
    } else {
      const code = c.charCodeAt(0);
      out += code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : c;
    }
  }
  return out;
}
