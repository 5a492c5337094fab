/** Small hand-written records for the evidence tests (not real PubMed data). */
import { emptyArticle } from '../../src/types.js';
import type { Article } from '../../src/types.js';

/** A record with only the fields the classifier reads. */
export function rec(o: { title: string; abstract?: string; pt?: readonly string[]; mesh?: readonly string[]; kw?: readonly string[]; journal?: string; book?: boolean; pmid?: string }): Article {
  const a = emptyArticle(o.pmid ?? '1');
  return {
    ...a,
    title: o.title,
    titleHtml: o.title,
    abstract: o.abstract ?? null,
    publicationTypes: [...(o.pt ?? [])],
    mesh: (o.mesh ?? []).map((descriptor) => ({ descriptor, ui: null, major: false, qualifiers: [] })),
    keywords: [...(o.kw ?? [])],
    journal: { ...a.journal, title: o.journal ?? null },
    isBook: o.book ?? false,
  };
}
