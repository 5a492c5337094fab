import { describe, expect, it } from 'vitest';
import { collectDigest } from '../../src/digest/collect.js';
import { withCompleteness } from '../../src/digest/completeness.js';
import { completenessReport } from '../../src/completeness.js';
import { renderHtml } from '../../src/digest/render-html.js';
import { renderText } from '../../src/digest/render-text.js';
import { weekRange } from '../../src/digest/week.js';
import type { DigestDocument } from '../../src/digest/types.js';
import { digestMail } from '../../src/delivery/message.js';
import { evidenceMap } from '../../src/evidence/summary.js';
import { TOPICS, newArticles, revisedArticles } from '../fixtures/digest/library.js';

function doc(): DigestDocument {
  const d = collectDigest({
    week: weekRange('2026-W47', 'UTC'), entered: newArticles(), revisions: revisedArticles(), topics: TOPICS, perTopicCap: 25,
    evidenceYears: evidenceMap(newArticles(), { since: null, topic: null }).years, topicSizes: { mitragynine: 790, '7-hydroxymitragynine': 241 },
  });
  const checked = { topic: 'mitragynine', upstream: 812, local: 812, checkedAt: '2026-11-23T03:00:12.000Z', check: 'count' as const };
  return withCompleteness(d, completenessReport(['mitragynine'], new Map([['mitragynine', checked]]), []));
}

describe('the plain-text e-mail part', () => {
  it('reads as plain text: no Markdown headings, emphasis or link syntax, each link as its text then its URL', () => {
    const text = renderText(doc());
    expect(text).not.toMatch(/^#+ /m);
    expect(text).not.toMatch(/\*\*[^*]+\*\*/);
    expect(text).not.toContain('\\'); // no Markdown escapes either
    // (A record's own text may hold brackets: the fixture's journal is 'J *Tox* | [link](http://evil.example)'.)
    expect(text).not.toMatch(/\[(PubMed \d+|doi:[^\]]+)\]\(/);
    expect(text).toContain('PubMed 40000001: https://pubmed.ncbi.nlm.nih.gov/40000001/');
    expect(text).toContain('doi:10.1000/rct.2026: https://doi.org/10.1000/rct.2026');
    expect(text).toContain('Retraction notice: PubMed 40000099: https://pubmed.ncbi.nlm.nih.gov/40000099/');
  });

  it('is what the e-mail sends as text/plain', () => {
    const d = doc();
    const mail = digestMail({ from: 'a@b.org', to: ['c@d.org'], subject: '{week}' }, d, { html: '<p>html</p>' }, new Date('2026-11-23T08:00:00Z'));
    expect(mail.text).toBe(renderText(d));
    expect(mail.html).toBe('<p>html</p>');
  });

  it('lists the papers before the completeness details, with one line at the top standing for them', () => {
    const text = renderText(doc());
    const firstPaper = text.indexOf('PubMed 40000002:');
    expect(text.indexOf('Library completeness against PubMed: the topic is complete (details after the papers).')).toBeLessThan(firstPaper);
    expect(text.indexOf('- mitragynine: complete as of')).toBeGreaterThan(firstPaper);
  });
});

describe('the HTML digest (the e-mail HTML part)', () => {
  it("shows the week's papers before the completeness details and the chart, linking the one-line summary to them", () => {
    const html = renderHtml(doc());
    const header = html.slice(0, html.indexOf('</header>'));
    expect(header).toContain('<p class="details"><a href="#details">Library completeness against PubMed: the topic is complete (details after the papers).</a></p>');
    expect(header).not.toContain('<li>mitragynine: complete as of');
    const firstPaper = html.indexOf('<article>');
    expect(firstPaper).toBeGreaterThan(0);
    expect(html.indexOf('<section id="details">')).toBeGreaterThan(firstPaper);
    expect(html.indexOf('<li>mitragynine: complete as of')).toBeGreaterThan(html.indexOf('<section id="details">'));
    expect(html.indexOf('<svg class="chart"')).toBeGreaterThan(firstPaper);
  });
});
