/** The paper page's dates all read as plain dates, PubMed's entry date (which carries a time) included. */
import { describe, expect, it } from 'vitest';
import { html } from '../../src/web/html.js';
import { paperBody } from '../../src/web/pages/paper.js';
import { urls } from '../../src/web/urls.js';
import { makeArticle } from '../search/helpers.js';

const datesOf = (history: Record<string, string>) => {
  const article = makeArticle('41900012', { history, articleDate: '2026-10-09', dateRevised: '2026-11-24' });
  const page = String(paperBody({ article, revisions: [], linkedFrom: [], stored: new Set(), cite: [], nav: html`` }, urls('')));
  return [...page.matchAll(/<dt>(Published online|Entered PubMed|Revised)<\/dt><dd>([^<]*)<\/dd>/g)].map((m) => `${m[1] as string}: ${m[2] as string}`);
};

describe('paper dates', () => {
  it('show the day PubMed entered the record without its time, as the other dates', () => {
    expect(datesOf({ entrez: '2026-10-13T04:55', pubmed: '2026-10-14T06:00' })).toEqual(['Published online: 2026-10-09', 'Entered PubMed: 2026-10-13', 'Revised: 2026-11-24']);
    expect(datesOf({ pubmed: '2026-10-14T06:00' })).toContain('Entered PubMed: 2026-10-14');
    expect(datesOf({ entrez: '2026-10-13' })).toContain('Entered PubMed: 2026-10-13');
  });
});
