/**
 * What a reader should get back from an export of a fixture, written from the fixture fields directly
 * (not through src/export helpers) so a shared mistake cannot make writer and expectation agree.
 */
import type { Article } from '../../../src/types.js';

/** Authors as `Family, Given[, Suffix]`, group names whole, in record order. */
export function expectedAuthors(article: Article): string[] {
  return article.authors.map((a) =>
    a.collectiveName ?? [a.lastName, a.foreName, a.suffix].filter((p) => p !== null && p !== '').join(', '),
  );
}

/** Fixture PMIDs in the order given. */
export function pmids(articles: Article[]): string[] {
  return articles.map((a) => a.pmid);
}
