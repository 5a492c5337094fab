/**
 * What the digest's numbers count, said the same way on every face: a topic heading counts the week's
 * papers with that topic (and says how many are listed under another topic), the JSON `total` is that
 * number, and notices are counted by the paper they are about in the headline and the e-mail subject alike.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { collectDigest } from '../../src/digest/collect.js';
import { renderAtom } from '../../src/digest/render-atom.js';
import { countsLine } from '../../src/digest/render-common.js';
import { renderHtml } from '../../src/digest/render-html.js';
import { renderMarkdown } from '../../src/digest/render-md.js';
import { weekRange } from '../../src/digest/week.js';
import { summaryOf } from '../../src/delivery/message.js';
import { type Article, emptyArticle } from '../../src/types.js';
import { TOPICS } from '../fixtures/digest/library.js';

function paper(pmid: string, topics: string[], fields: Partial<Article> = {}): Article {
  return { ...emptyArticle(pmid), title: `Paper ${pmid}`, titleHtml: `Paper ${pmid}`, publicationTypes: ['Journal Article'], topics, history: { entrez: '2026-11-18', pubmed: '2026-11-18' }, ...fields };
}

const week = weekRange('2026-W47', 'UTC');
// Library-wide sizes: 7-hydroxymitragynine is the smaller, more specific topic.
const topicSizes = { mitragynine: 790, '7-hydroxymitragynine': 241 };

describe('topic headings', () => {
  it('count the week\'s papers with the topic and say how many are listed under the other, in every format and in the JSON total', () => {
    const entered = [paper('1', ['mitragynine']), paper('2', ['7-hydroxymitragynine', 'mitragynine']), paper('3', ['7-hydroxymitragynine', 'mitragynine'])];
    const doc = collectDigest({ week, entered, revisions: [], topics: TOPICS, perTopicCap: 25, topicSizes });
    expect(doc.topics).toEqual([
      { name: 'mitragynine', total: 3, pmids: ['1'] },
      { name: '7-hydroxymitragynine', total: 2, pmids: ['3', '2'] },
    ]);
    const headings = ['mitragynine: 3 new papers (2 listed under 7-hydroxymitragynine)', '7-hydroxymitragynine: 2 new papers'];
    expect(renderMarkdown(doc).split('\n').filter((l) => l.startsWith('### '))).toEqual(headings.map((h) => `### ${h}`));
    expect([...renderHtml(doc).matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1])).toEqual(headings);
    const entry = (new XMLParser().parse(renderAtom([doc], { feedWeeks: 1 })) as { feed: { entry: { content: string } } }).feed.entry.content;
    expect([...entry.matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1])).toEqual(headings);
  });

  it('show a topic whose papers are all listed under another, saying where', () => {
    const entered = [paper('2', ['7-hydroxymitragynine', 'mitragynine']), paper('3', ['7-hydroxymitragynine', 'mitragynine'])];
    const doc = collectDigest({ week, entered, revisions: [], topics: TOPICS, perTopicCap: 25, topicSizes });
    expect(renderMarkdown(doc)).toContain(
      '### mitragynine: 2 new papers (2 listed under 7-hydroxymitragynine)\n\n*Its 2 papers are listed under 7-hydroxymitragynine (a paper with several topics is listed once).*\n\n### 7-hydroxymitragynine: 2 new papers\n',
    );
  });
});

describe('notice counts', () => {
  it('count a retracted paper and its retraction notice as one retraction, and a withdrawal apart, in the headline as in the e-mail subject', () => {
    const retracted = paper('10', ['mitragynine'], { publicationTypes: ['Journal Article', 'Retracted Publication'], retracted: true, commentsCorrections: [{ type: 'RetractionIn', pmid: '11', source: null }] });
    const notice = paper('11', ['mitragynine'], { publicationTypes: ['Retraction of Publication'], retractionNotice: true, commentsCorrections: [{ type: 'RetractionOf', pmid: '10', source: null }] });
    const erratum = paper('12', ['mitragynine'], { publicationTypes: ['Published Erratum'], commentsCorrections: [{ type: 'ErratumFor', pmid: '13', source: null }] });
    const doc = collectDigest({ week, entered: [retracted, notice, erratum], withdrawn: [paper('14', ['mitragynine'])], revisions: [], topics: TOPICS, perTopicCap: 25 });
    expect(doc.counts.notices).toBe(4); // entries of the notices list
    expect(countsLine(doc)).toBe('1 new paper · 0 updated · 1 retraction · 1 correction · 1 withdrawn from PubMed');
    expect(summaryOf(doc)).toBe('1 new paper, 1 retraction, 1 correction, 1 withdrawn from PubMed');
    expect(renderMarkdown(doc)).toContain('\n1 new paper · 0 updated · 1 retraction · 1 correction · 1 withdrawn from PubMed\n');
  });
});
