import { describe, expect, it } from 'vitest';
import { collectDigest } from '../../src/digest/collect.js';
import { renderAtom } from '../../src/digest/render-atom.js';
import { weekRange } from '../../src/digest/week.js';
import type { DigestDocument } from '../../src/digest/types.js';
import { TOPICS, newArticles, revisedArticles } from '../fixtures/digest/library.js';

/**
 * W47 without its mitragynine-only paper: mitragynine's one paper (40000001) is listed under the more
 * specific (smaller in the library) 7-hydroxymitragynine.
 */
function sharedDoc(): DigestDocument {
  const entered = newArticles().filter((a) => a.pmid !== '40000002');
  return collectDigest({ week: weekRange('2026-W47', 'UTC'), entered, revisions: revisedArticles(), topics: TOPICS, perTopicCap: 25, topicSizes: { mitragynine: 790, '7-hydroxymitragynine': 241 } });
}

const atomContent = (doc: DigestDocument): string => {
  const xml = renderAtom([doc], { feedWeeks: 1 });
  return /<content type="html"><!\[CDATA\[([\s\S]*?)\]\]><\/content>/.exec(xml)?.[1] ?? '';
};

describe('the Atom entry', () => {
  it('lists the updated papers with what changed, each linked to PubMed', () => {
    const doc = sharedDoc();
    expect(doc.updated.length).toBeGreaterThan(0);
    const content = atomContent(doc);
    for (const p of doc.updated) {
      expect(content).toContain(`<li><a href="https://pubmed.ncbi.nlm.nih.gov/${p.pmid}/">`);
      expect(content).toContain(`What changed: ${p.changes.join('; ')}`);
    }
  });

  it('links each notice and its related records to PubMed', () => {
    const doc = sharedDoc();
    const content = atomContent(doc);
    for (const n of doc.notices) {
      expect(content).toContain(`<li>${n.label}: <a href="https://pubmed.ncbi.nlm.nih.gov/${n.paper.pmid}/">`);
      for (const r of n.related.filter((x) => x.pmid !== null)) expect(content).toContain(`<a href="https://pubmed.ncbi.nlm.nih.gov/${r.pmid}/">PubMed ${r.pmid}</a>`);
    }
    expect(doc.notices.some((n) => n.related.some((r) => r.pmid !== null))).toBe(true);
  });

  it('keeps its id and is byte-identical when written again', () => {
    const a = renderAtom([sharedDoc()], { feedWeeks: 1 });
    expect(renderAtom([sharedDoc()], { feedWeeks: 1 })).toBe(a);
    expect(a).toContain('<id>tag:kratomlit,2026:digest:2026-W47</id>');
  });
});
