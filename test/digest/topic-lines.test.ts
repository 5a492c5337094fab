import { describe, expect, it } from 'vitest';
import { collectDigest } from '../../src/digest/collect.js';
import { renderAtom } from '../../src/digest/render-atom.js';
import { renderHtml } from '../../src/digest/render-html.js';
import { renderMarkdown } from '../../src/digest/render-md.js';
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

describe('the by-topic counts of a digest', () => {
  it('say how many distinct new papers the week has, in the same words in Markdown, HTML and Atom', () => {
    const doc = sharedDoc();
    expect(doc.counts.new).toBe(2);
    expect(doc.topics.map((t) => t.total)).toEqual([1, 2]); // 3 topic counts, 2 papers
    const line = 'By topic (2 new papers in all; a paper with several topics counts under each):';
    expect(renderMarkdown(doc)).toContain(`${line} mitragynine: 1 · 7-hydroxymitragynine: 2\n`);
    expect(renderHtml(doc)).toContain(`${line} <a href="#topic-mitragynine">mitragynine: 1</a> · <a href="#topic-7-hydroxymitragynine">7-hydroxymitragynine: 2</a>`);
    expect(atomContent(doc)).toContain(`${line} <a href="2026-W47.html#topic-mitragynine">mitragynine: 1</a>`);
  });

  it("link each topic's count in the HTML file to that topic's section of the page", () => {
    const html = renderHtml(sharedDoc());
    for (const [anchor, heading] of [['topic-mitragynine', 'mitragynine: 1 new paper'], ['topic-7-hydroxymitragynine', '7-hydroxymitragynine: 2 new papers']]) {
      expect(html).toContain(`href="#${anchor}"`);
      expect(html).toMatch(new RegExp(`<section class="topic" id="${anchor}">\\n<h3>${heading}`));
    }
  });

  it('are left out of a week without new papers', () => {
    const doc = collectDigest({ week: weekRange('2026-W46', 'UTC'), entered: [], revisions: [], topics: TOPICS, perTopicCap: 25 });
    expect(renderMarkdown(doc)).not.toContain('By topic');
    expect(renderHtml(doc)).not.toContain('By topic');
  });
});

describe('a topic heading whose papers are all listed under another topic', () => {
  const where = 'Its paper is listed under 7-hydroxymitragynine (a paper with several topics is listed once).';

  it('is followed by a line saying where they are, in Markdown', () => {
    const md = renderMarkdown(sharedDoc());
    expect(md).toContain(`### mitragynine: 1 new paper (1 listed under 7-hydroxymitragynine)\n\n*${where}*\n\n### 7-hydroxymitragynine`);
  });

  it('links to that topic in HTML and in the Atom entry', () => {
    const link = '<a href="#topic-7-hydroxymitragynine">7-hydroxymitragynine</a>';
    expect(renderHtml(sharedDoc())).toContain(`<p class="more">Its paper is listed under ${link} (a paper with several topics is listed once).</p>`);
    expect(atomContent(sharedDoc())).toContain('<p>Its paper is listed under <a href="2026-W47.html#topic-7-hydroxymitragynine">7-hydroxymitragynine</a>');
  });

  it('is not added under a topic that lists papers of its own', () => {
    const md = renderMarkdown(sharedDoc());
    expect(md.split('Its paper is listed under').length - 1).toBe(1);
  });
});
