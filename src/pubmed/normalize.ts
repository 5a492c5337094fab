/**
 * PubMed record text -> normalized `Article`s, `Deletion`s and `RecordProblem`s. Pure.
 *
 * Bad records are data, not exceptions (STYLE.md): a record that does not parse or lacks a PMID becomes
 * a `{pmid, field, reason}` problem and the rest of the batch still imports. Only document-level
 * failures (not PubMed, truncated) throw, from the splitter.
 */
import { PMID_RULE, isPmid } from '../pmid.js';
import type { Article, Deletion, RecordProblem } from '../types.js';
import { normalizeJournalArticle } from './article.js';
import { normalizeBook } from './book.js';
import { parseRecord, sniffPmid } from './parse.js';
import { identityOf } from './record-common.js';
import { RecordSplitter, type SplitItem, type SplitKind } from './split.js';
import { child } from './xml-node.js';

/** A normalized record and the record's original XML text (stored so it can be re-derived offline). */
export interface ParsedArticle {
  article: Article;
  raw: string;
  /** The bytes `raw` was decoded from, when the reader had them (see `SplitItem.bytes`). */
  bytes?: Uint8Array;
}

/** Everything read from a batch of records, in document order within each list. */
export interface ParseResult {
  articles: ParsedArticle[];
  deletions: Deletion[];
  problems: RecordProblem[];
}

type RecordKind = Exclude<SplitKind, 'DeleteCitation'>;
/** The element whose first child is the record's own PMID (`null`: the record element itself). */
const OWNER: Readonly<Record<RecordKind, string | null>> = {
  PubmedArticle: 'MedlineCitation',
  PubmedBookArticle: 'BookDocument',
  MedlineCitation: null,
};

const DELETED_PMID = /<PMID\b([^>]*)>\s*([^<]*?)\s*<\/PMID>/g;
const VERSION_ATTR = /\bVersion\s*=\s*["']\s*(\d+)\s*["']/;

/** Every `PMID` of a `DeleteCitation` (the DTD allows only PMIDs in it); bad ones become problems. */
function parseDeletion(xml: string, out: ParseResult): void {
  for (const m of xml.matchAll(DELETED_PMID)) {
    const pmid = m[2] ?? '';
    if (!isPmid(pmid)) {
      out.problems.push({ pmid: null, field: 'DeleteCitation/PMID', reason: `deleted PMID "${pmid.slice(0, 40)}" is impossible (${PMID_RULE})` });
      continue;
    }
    const version = VERSION_ATTR.exec(m[1] ?? '')?.[1];
    out.deletions.push({ pmid, version: version === undefined ? null : Number(version) });
  }
}

function normalizeWith(kind: RecordKind, xml: string): ParsedArticle | RecordProblem {
  const parsed = parseRecord(xml, kind);
  if (!parsed.ok) return { pmid: sniffPmid(xml), field: kind, reason: parsed.reason };
  const owner = OWNER[kind] === null ? parsed.root : child(parsed.root, OWNER[kind]);
  const identity = identityOf(owner);
  if ('reason' in identity) return identity;
  if (kind !== 'PubmedBookArticle') {
    // The DTD requires it: without it a "record" is a bare PMID (no title, journal or date), not a paper.
    const citation = kind === 'MedlineCitation' ? parsed.root : child(parsed.root, 'MedlineCitation');
    if (!child(citation, 'Article')) return { pmid: identity.pmid, field: 'MedlineCitation/Article', reason: 'no Article element: the record has no title, journal or date' };
  }
  try {
    const article =
      kind === 'PubmedBookArticle'
        ? normalizeBook(parsed.root, identity)
        : normalizeJournalArticle(parsed.root, kind === 'MedlineCitation', identity);
    return { article, raw: xml };
  } catch (err) {
    // A shape the DTD does not allow (an attribute where text was expected...): that record only.
    return { pmid: identity.pmid, field: kind, reason: `cannot normalize: ${err instanceof Error ? err.message : String(err)}` };
  }
}

const KIND_OF_ROOT = /^\s*<(PubmedArticle|PubmedBookArticle|MedlineCitation)\b/;

/**
 * Normalizes one `PubmedArticle`, `PubmedBookArticle` or bare `MedlineCitation` element. Never throws:
 * anything it cannot read comes back as a `RecordProblem` (PMID when readable).
 */
export function normalizeRecordXml(xml: string): ParsedArticle | RecordProblem {
  const kind = KIND_OF_ROOT.exec(xml)?.[1] as RecordKind | undefined;
  if (kind === undefined) {
    return { pmid: sniffPmid(xml), field: null, reason: 'not a PubmedArticle, PubmedBookArticle or MedlineCitation element' };
  }
  return normalizeWith(kind, xml);
}

/**
 * Normalizes a batch of split records. Never throws for a bad record: it becomes a problem.
 */
export function parseItems(items: SplitItem[]): ParseResult {
  const out: ParseResult = { articles: [], deletions: [], problems: [] };
  for (const item of items) {
    if (item.kind === 'DeleteCitation') {
      parseDeletion(item.xml, out);
      continue;
    }
    const result = normalizeWith(item.kind, item.xml);
    if ('article' in result) out.articles.push(item.bytes === undefined ? result : { ...result, bytes: item.bytes });
    else out.problems.push(result);
  }
  return out;
}

/**
 * Parses a whole in-memory document (an efetch answer). An empty `<PubmedArticleSet/>` gives zero
 * records. Throws `InputError` naming `source` (default `input`): `XML_TRUNCATED` when the closing root
 * element or a record is missing, `NOT_PUBMED` for another root or non-XML text, `EMPTY_INPUT` for no
 * root at all.
 */
export function parsePubmedXml(xml: string, source?: string): ParseResult {
  const splitter = new RecordSplitter(source === undefined ? {} : { source });
  const items = splitter.push(xml);
  splitter.end();
  return parseItems(items);
}
