import { describe, expect, it } from 'vitest';
import { collectDigest } from '../../src/digest/collect.js';
import { renderHtml } from '../../src/digest/render-html.js';
import { weekRange } from '../../src/digest/week.js';
import type { DigestDocument } from '../../src/digest/types.js';
import { evidenceMap } from '../../src/evidence/summary.js';
import { weekBody } from '../../src/web/pages/digests.js';
import { urls } from '../../src/web/urls.js';
import { TOPICS, newArticles, revisedArticles } from '../fixtures/digest/library.js';

/** W47 without its mitragynine-only paper: mitragynine's one paper is listed under 7-hydroxymitragynine. */
function doc(): DigestDocument {
  const entered = newArticles().filter((a) => a.pmid !== '40000002');
  const evidenceYears = evidenceMap(newArticles(), { since: null, topic: null }).years;
  return collectDigest({ week: weekRange('2026-W47', 'UTC'), entered, revisions: revisedArticles(), topics: TOPICS, perTopicCap: 25, evidenceYears, topicSizes: { mitragynine: 790, '7-hydroxymitragynine': 241 } });
}

const page = (d: DigestDocument): string => weekBody(d, [d.week], urls('')).value;

describe('the served digest page', () => {
  it("links each topic's count to that topic's papers on the page, saying how many distinct papers the week has", () => {
    const body = page(doc());
    expect(body).toContain('By topic (2 new papers in all; a paper with several topics counts under each): <a href="#topic-mitragynine">mitragynine: 1</a> · <a href="#topic-7-hydroxymitragynine">7-hydroxymitragynine: 2</a>');
    for (const anchor of ['topic-mitragynine', 'topic-7-hydroxymitragynine']) expect(body).toContain(`<section class="topic" id="${anchor}"`);
    // Only a link worded as the whole library leads to the topic search.
    const searches = [...body.matchAll(/<a href="\/\?topic=([^"]+)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(searches).toEqual([
      ['mitragynine', 'Every mitragynine paper in the library'],
      ['7-hydroxymitragynine', 'Every 7-hydroxymitragynine paper in the library'],
    ]);
  });

  it('lists each topic\'s papers under it by design, and says where the papers of a topic listed elsewhere are', () => {
    const body = page(doc());
    const mitragynine = /<section class="topic" id="topic-mitragynine"[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';
    expect(mitragynine).toContain('Its paper is listed under <a href="#topic-7-hydroxymitragynine">7-hydroxymitragynine</a> (a paper with several topics is listed once).');
    const seven = /<section class="topic" id="topic-7-hydroxymitragynine"[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';
    expect([...seven.matchAll(/<p class="design"><strong>([^<]+)<\/strong> \((\d+)\)/g)].map((m) => m[1])).toEqual(['Systematic review', 'Case report']);
    expect([...seven.matchAll(/href="\/paper\/(\d+)"/g)].map((m) => m[1])).toEqual(['40000001', '40000003']);
  });

  it("shows the file's design badges (in the search page's words), themes, topics and chart", () => {
    const d = doc();
    const body = page(d);
    const paper = d.newPapers.find((p) => p.pmid === '40000001');
    expect(paper?.evidence?.design).toBe('systematic-review');
    // The design badge first, as the search page words it; the publication type it repeats is not shown twice.
    expect(body).toContain('<span class="badge">Systematic review</span><span class="badge">Meta-Analysis</span>');
    expect(body).toContain(`<div class="meta">Themes: ${paper?.evidence?.themes.join(', ')} · Topics: mitragynine, 7-hydroxymitragynine</div>`);
    const svg = (s: string): string => /<svg class="chart"[\s\S]*?<\/svg>/.exec(s)?.[0] ?? 'none';
    expect(svg(body)).toBe(svg(renderHtml(d)));
    expect(svg(body)).not.toBe('none');
  });
});
