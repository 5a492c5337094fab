import type { Article, ChangedField } from '../types.js';

/** The fields whose changes a revision records, with how to read each from an Article. */
const TRACKED: ReadonlyArray<readonly [ChangedField, (a: Article) => unknown]> = [
  ['version', (a) => a.version],
  ['title', (a) => a.title],
  ['abstract', (a) => a.abstract],
  ['mesh', (a) => a.mesh],
  ['publicationTypes', (a) => a.publicationTypes],
  ['retracted', (a) => a.retracted],
  ['retractionNotice', (a) => a.retractionNotice],
  ['authors', (a) => a.authors.map((x) => [x.lastName, x.foreName, x.collectiveName])],
  ['journal', (a) => [a.journal.title, a.journal.volume, a.journal.issue, a.pages]],
  ['pubDate', (a) => a.pubDate.raw],
  ['doi', (a) => a.doi],
  ['commentsCorrections', (a) => a.commentsCorrections],
  ['keywords', (a) => a.keywords],
  ['chemicals', (a) => a.chemicals.map((c) => c.name)],
];

/**
 * What changed between two copies of a record, with the previous values of the changed fields. Pure; the
 * digest turns this into "title corrected", "MeSH added: ...", "now retracted".
 */
export function diffArticles(
  before: Article,
  after: Article,
): { changed: ChangedField[]; previous: Partial<Record<ChangedField, unknown>> } {
  const changed: ChangedField[] = [];
  const previous: Partial<Record<ChangedField, unknown>> = {};
  for (const [field, read] of TRACKED) {
    const old = read(before);
    if (JSON.stringify(old) !== JSON.stringify(read(after))) {
      changed.push(field);
      previous[field] = fieldValue(before, field);
    }
  }
  return { changed, previous };
}

function fieldValue(a: Article, field: ChangedField): unknown {
  switch (field) {
    case 'authors':
      return a.authors;
    case 'journal':
      return { ...a.journal, pages: a.pages };
    case 'pubDate':
      return a.pubDate;
    default:
      return a[field];
  }
}
