/**
 * One PubMed record's XML text -> an element tree, or a reason why not. Pure.
 *
 * Why not fast-xml-parser: with the recommended setup (per record, stopNodes, options built once,
 * `XMLValidator.validate` first) fast-xml-parser 5.12 validated and parsed ~1,250 records/s of
 * ~16.5 KB on this 2-core machine, before any normalizing (its path matcher and the second pass
 * dominate): too slow for the 3,000/s import target. This strict single-pass reader validates and
 * builds the tree at once (~10,000 records/s on the same records) for the subset of XML that PubMed
 * records use, and refuses everything else (the fast-xml-parser traps of docs/pitfalls.md, each tested):
 * - well-formedness is checked: mismatched or unclosed tags, a raw `<` (`p < 0.05`), a bare `&`, bad
 *   attribute syntax make the record a problem instead of silently producing a wrong tree;
 * - values stay strings (`00123`, `12E4`) and attributes are kept (`PMID@Version`);
 * - no DOCTYPE, ENTITY or other declaration is accepted inside a record, so entities are never
 *   expanded (only the standard and numeric ones are decoded later, by markup.ts);
 * - `__proto__`, `constructor` and `prototype` element names are refused; nesting is capped at 100.
 *
 * Tree shape (read through xml-node.ts): an element with only text is a string (entities still
 * encoded); with attributes an object with `#text` and `@_Name`; elements in {@link REPEATING} are
 * always arrays; the content of elements in {@link RAW_ELEMENTS} is kept as raw markup text (and that
 * of {@link OPAQUE_ELEMENTS} is kept without being checked).
 */
import { RecordReader, XmlSyntaxError } from './record-reader.js';
import type { XmlElement } from './xml-node.js';

/**
 * Raw elements whose content is not even tokenized: `ReferenceList` can be half of a record and only
 * its `<Reference>` count is used, so a defect inside it cannot corrupt a normalized field.
 */
const OPAQUE_ELEMENTS: ReadonlySet<string> = new Set(['ReferenceList']);

/** Elements that repeat somewhere in the PubMed DTD (pubmed_250101): always arrays, even when alone. */
const REPEATING: ReadonlySet<string> = new Set([
  'AbstractText', 'AccessionNumber', 'AffiliationInfo', 'ArticleDate', 'ArticleId', 'Author', 'AuthorList',
  'Chemical', 'CitationSubset', 'CommentsCorrections', 'DataBank', 'ELocationID', 'GeneSymbol', 'GeneralNote',
  'Grant', 'Identifier', 'Investigator', 'InvestigatorList', 'Isbn', 'Item', 'ItemList', 'Keyword', 'KeywordList',
  'Language', 'LocationLabel', 'MeshHeading', 'Object', 'OtherAbstract', 'OtherID', 'Param', 'PersonalNameSubject',
  'PMID', 'PubMedPubDate', 'PublicationType', 'QualifierName', 'ReferenceList', 'Section', 'SpaceFlightMission',
  'SupplMeshName',
]);

/**
 * Elements kept as raw inner markup (still validated): the DTD's mixed `%text;` elements, whose inline
 * `<i> <b> <sup> <sub> <u>` and MathML markup.ts flattens, and `ReferenceList`, of which only the
 * number of references is used.
 */
const RAW_ELEMENTS: ReadonlySet<string> = new Set([
  'AbstractText', 'Affiliation', 'ArticleTitle', 'BookTitle', 'Citation', 'CoiStatement', 'CollectionTitle',
  'CollectiveName', 'Keyword', 'PublisherName', 'ReferenceList', 'SectionTitle', 'Suffix', 'VernacularTitle',
  'VolumeTitle',
]);

const CONFIG = { repeating: REPEATING, raw: RAW_ELEMENTS, opaque: OPAQUE_ELEMENTS };

/** Result of {@link parseRecord}: the record's root element, or why it could not be read. */
export type ParsedRecord = { ok: true; root: XmlElement } | { ok: false; reason: string };


/**
 * Validates and parses one record's XML text (`<PubmedArticle>...</PubmedArticle>`), whose root must be
 * `element`. Never throws: anything malformed or hostile comes back as `{ ok: false, reason }`.
 */
export function parseRecord(xml: string, element: string): ParsedRecord {
  try {
    const root = new RecordReader(xml, CONFIG).read();
    if (root.name !== element) return { ok: false, reason: `root element is <${root.name}>, expected <${element}>` };
    return { ok: true, root: root.node };
  } catch (err) {
    if (err instanceof XmlSyntaxError) return { ok: false, reason: `malformed XML: ${err.message}` };
    // Any other failure is a reader bug on odd input; it must cost one record, never the batch.
    return { ok: false, reason: `unreadable XML: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The record's PMID read with a regular expression, for problems about records that did not parse. */
export function sniffPmid(xml: string): string | null {
  // In MedlineCitation and BookDocument the PMID is the first child, so the first PMID is the record's.
  const m = /<PMID\b[^>]*>\s*(\d+)\s*<\/PMID>/.exec(xml);
  return m?.[1] ?? null;
}
