/**
 * Record parts shared by journal articles and books: abstract, MeSH, chemicals, keywords, grants,
 * article ids, comments/corrections, reference counts. Pure.
 */
import type { AbstractSection, Chemical, CommentCorrection, Grant, MeshHeading, OtherAbstract } from '../types.js';
import { attr, child, children, isSafeKey, markupText, rawMarkup, text, textOrNull, type XmlNode } from './xml-node.js';

/** Abstract sections (one per `AbstractText`, empty ones skipped) and the joined plain text. */
export interface AbstractParts {
  sections: AbstractSection[];
  /** `LABEL: text` paragraphs (unlabelled: the text) joined by a blank line; `null` when empty. */
  text: string | null;
  copyright: string | null;
}

/** `Abstract` or `OtherAbstract` -> sections, joined text and `CopyrightInformation`. */
export function parseAbstract(node: XmlNode | undefined): AbstractParts {
  const sections: AbstractSection[] = [];
  for (const part of children(node, 'AbstractText')) {
    const body = markupText(part) ?? '';
    if (body === '') continue;
    // An empty Label="" is an unlabelled paragraph.
    const label = attr(part, 'Label')?.trim() || null;
    sections.push({ label, category: attr(part, 'NlmCategory'), text: body });
  }
  const joined = sections.map((s) => (s.label === null ? s.text : `${s.label}: ${s.text}`));
  return {
    sections,
    text: joined.length > 0 ? joined.join('\n\n') : null,
    copyright: textOrNull(children(node, 'CopyrightInformation')[0]),
  };
}

/** Every `OtherAbstract` (translations, KIE/AAMC abstracts), never merged into `abstract`. */
export function parseOtherAbstracts(citation: XmlNode | undefined): OtherAbstract[] {
  return children(citation, 'OtherAbstract').flatMap((node) => {
    const { text: body } = parseAbstract(node);
    return body === null ? [] : [{ type: attr(node, 'Type'), language: attr(node, 'Language'), text: body }];
  });
}

/** `MeshHeadingList` -> descriptors with qualifiers; `MajorTopicYN="Y"` -> `major`. */
export function parseMesh(list: XmlNode | undefined): MeshHeading[] {
  return children(list, 'MeshHeading').flatMap((heading) => {
    const descriptor = child(heading, 'DescriptorName');
    const name = textOrNull(descriptor);
    if (name === null) return [];
    const qualifiers = children(heading, 'QualifierName').flatMap((q) => {
      const qName = textOrNull(q);
      return qName === null ? [] : [{ name: qName, ui: attr(q, 'UI'), major: attr(q, 'MajorTopicYN') === 'Y' }];
    });
    return [{ descriptor: name, ui: attr(descriptor, 'UI'), major: attr(descriptor, 'MajorTopicYN') === 'Y', qualifiers }];
  });
}

/**
 * `ChemicalList` -> chemicals. NLM writes `RegistryNumber` `0` when a substance has no CAS/UNII number;
 * that becomes `null` rather than a fake number.
 */
export function parseChemicals(list: XmlNode | undefined): Chemical[] {
  return children(list, 'Chemical').flatMap((chem) => {
    const substance = child(chem, 'NameOfSubstance');
    const name = textOrNull(substance);
    if (name === null) return [];
    const registry = textOrNull(child(chem, 'RegistryNumber'));
    return [{ name, ui: attr(substance, 'UI'), registryNumber: registry === '0' ? null : registry }];
  });
}

/** Keywords of every `KeywordList` (any Owner), markup flattened, exact duplicates dropped. */
export function parseKeywords(owner: XmlNode | undefined): string[] {
  const out = new Set<string>();
  for (const list of children(owner, 'KeywordList')) {
    for (const kw of children(list, 'Keyword')) {
      const t = markupText(kw);
      if (t !== null && t !== '') out.add(t);
    }
  }
  return [...out];
}

/** `GrantList` -> grants. */
export function parseGrants(list: XmlNode | undefined): Grant[] {
  return children(list, 'Grant').map((g) => ({
    id: textOrNull(children(g, 'GrantID')[0]),
    acronym: textOrNull(children(g, 'Acronym')[0]),
    agency: textOrNull(children(g, 'Agency')[0]),
    country: textOrNull(children(g, 'Country')[0]),
  }));
}

/** Adds every `ArticleId` of an `ArticleIdList` to `ids` by `IdType` (the first of a type wins). */
export function collectIds(list: XmlNode | undefined, ids: Record<string, string>): void {
  for (const id of children(list, 'ArticleId')) {
    const type = attr(id, 'IdType') ?? 'unknown';
    const value = textOrNull(id);
    if (value !== null && isSafeKey(type) && !Object.hasOwn(ids, type)) ids[type] = value;
  }
}

/** `CommentsCorrectionsList` minus `Cites` (reference lists, kept out of the record on purpose). */
export function parseCommentsCorrections(list: XmlNode | undefined): CommentCorrection[] {
  return children(list, 'CommentsCorrections').flatMap((cc) => {
    const type = attr(cc, 'RefType');
    if (type === null || type === 'Cites') return [];
    return [{ type, pmid: textOrNull(children(cc, 'PMID')[0]), source: textOrNull(child(cc, 'RefSource')) }];
  });
}

/** Counts `<Reference>` in raw `ReferenceList` markup (nested lists included) without parsing it. */
export function countReferences(lists: XmlNode[]): number {
  let count = 0;
  for (const list of lists) {
    const raw = rawMarkup(list) ?? '';
    for (let at = raw.indexOf('<Reference'); at >= 0; at = raw.indexOf('<Reference', at + 10)) {
      const next = raw.charCodeAt(at + 10);
      // `<Reference>` or `<Reference ...>`, not `<ReferenceList>`.
      if (next === 62 || next === 32 || next === 47 || next === 9 || next === 10 || next === 13) count++;
    }
  }
  return count;
}

/** Text of each element (`Language`, `PublicationType`), empty ones skipped. */
export function texts(nodes: XmlNode[]): string[] {
  return nodes.map((n) => text(n) ?? '').filter((t) => t !== '');
}
