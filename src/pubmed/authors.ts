/**
 * `AuthorList/Author` -> `Author[]`. Pure.
 */
import type { Author } from '../types.js';
import { attr, children, markupText, textOrNull, type XmlNode } from './xml-node.js';

/** ORCID iD: 16 characters, the last a digit or `X` (ISO 7064 check character). */
const ORCID_BODY = /^(\d{4})(\d{4})(\d{4})(\d{3}[\dX])$/;

/**
 * Bare dashed ORCID iD (`0000-0002-1825-0097`) from any of the forms NCBI has written:
 * `0000-0002-1825-0097`, `https://orcid.org/0000-...`, `http://orcid.org/...`, `0000000218250097`.
 * `null` when no 16-character iD can be read.
 */
export function normalizeOrcid(value: string | null): string | null {
  if (value === null) return null;
  const bare = value
    .trim()
    .replace(/^https?:\/\/(www\.)?orcid\.org\//i, '')
    .replace(/[\s-]/g, '')
    .toUpperCase();
  const m = ORCID_BODY.exec(bare);
  return m === null ? null : `${m[1]}-${m[2]}-${m[3]}-${m[4]}`;
}

function orcidOf(author: XmlNode): string | null {
  for (const id of children(author, 'Identifier')) {
    if (attr(id, 'Source')?.toUpperCase() === 'ORCID') {
      const orcid = normalizeOrcid(textOrNull(id));
      if (orcid !== null) return orcid;
    }
  }
  return null;
}

function affiliationsOf(author: XmlNode): string[] {
  const out: string[] = [];
  for (const info of children(author, 'AffiliationInfo')) {
    const aff = markupText(children(info, 'Affiliation')[0]);
    if (aff !== null && aff !== '') out.push(aff);
  }
  // Pre-2015 records carry one bare `Affiliation` directly under Author.
  const legacy = markupText(children(author, 'Affiliation')[0]);
  if (legacy !== null && legacy !== '') out.push(legacy);
  return out;
}

function toAuthor(node: XmlNode): Author {
  const collective = markupText(children(node, 'CollectiveName')[0]);
  const suffix = markupText(children(node, 'Suffix')[0]);
  return {
    lastName: textOrNull(children(node, 'LastName')[0]),
    foreName: textOrNull(children(node, 'ForeName')[0]),
    initials: textOrNull(children(node, 'Initials')[0]),
    suffix: suffix === '' ? null : suffix,
    collectiveName: collective === '' ? null : collective,
    orcid: orcidOf(node),
    affiliations: affiliationsOf(node),
    equalContrib: attr(node, 'EqualContrib') === 'Y',
  };
}

/**
 * Authors of one `AuthorList`, in order. Entries with `ValidYN="N"` (names NLM marked as erroneous)
 * are left out; a `CollectiveName` is kept whole as `collectiveName`.
 */
export function parseAuthorList(list: XmlNode | undefined): Author[] {
  if (list === undefined) return [];
  return children(list, 'Author')
    .filter((a) => attr(a, 'ValidYN') !== 'N')
    .map(toAuthor);
}

/**
 * The list to use among several `AuthorList`s (books have authors and editors): the first with
 * `Type="authors"` (or no Type), else the first list at all (editors rather than nobody).
 */
export function pickAuthorList(lists: XmlNode[]): XmlNode | undefined {
  return lists.find((l) => (attr(l, 'Type') ?? 'authors') === 'authors') ?? lists[0];
}
