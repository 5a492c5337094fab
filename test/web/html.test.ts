import { describe, expect, it } from 'vitest';
import { escapeHtml, html, inlineMarkup, raw } from '../../src/web/html.js';
import { byline, markedSnippet, preview } from '../../src/web/pages/hits.js';
import { authorName } from '../../src/pubmed/author-name.js';
import { seededRandom } from '../support/random.js';
import { makeArticle } from '../search/helpers.js';
import { queryString, urls } from '../../src/web/urls.js';

describe('html templates', () => {
  it('escapes every interpolated value unless it is markup the program made', () => {
    const hostile = `"><script>alert(1)</script><a href='javascript:x'>`;
    expect(html`<p title="${hostile}">${hostile}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href=&#39;javascript:x&#39;&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href=&#39;javascript:x&#39;&gt;</p>',
    );
    expect(html`<ul>${['a<b', html`<li>${'c&d'}</li>`, null, false, undefined, 3]}</ul>`.value).toBe('<ul>a&lt;b<li>c&amp;d</li>3</ul>');
    expect(html`${raw('<hr>')}`.value).toBe('<hr>');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('keeps only i, b, sup, sub and u from a title and escapes everything else', () => {
    expect(inlineMarkup('H<sub>2</sub>O &lt;script&gt;x&lt;/script&gt; <img src=x onerror=alert(1)> <i>TP53</i>').value).toBe(
      'H<sub>2</sub>O &lt;script&gt;x&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; <i>TP53</i>',
    );
  });

  it('turns the search markers into <mark> and escapes the text around them', () => {
    expect(markedSnippet('a <b> \u0002kratom\u0003 & \u0002<i>\u0003 end\u0003').value).toBe('a &lt;b&gt; <mark>kratom</mark> &amp; <mark>&lt;i&gt;</mark> end');
  });
});

describe('urls', () => {
  it('orders parameters stably, drops empty ones, encodes values and prefixes the base path', () => {
    expect(queryString({ page: '2', q: 'a&b c', topic: '', sort: undefined, design: 'Case report' })).toBe('?q=a%26b%20c&design=Case%20report&page=2');
    // Keys it does not know come after, in the order given.
    expect(queryString({ zeta: '1', page: '3', alpha: '2', q: 'x' })).toBe('?q=x&page=3&zeta=1&alpha=2');
    expect(urls('/lit').to('/paper/1')).toBe('/lit/paper/1');
    expect(urls('').to('/', {})).toBe('/');
  });
});

describe('byline', () => {
  it('names the first three authors with a name, then et al., as formatting the whole list would', () => {
    const rnd = seededRandom(71);
    const person = (i: number) => ({ lastName: `Name${i}`, foreName: 'Ann B', initials: null, suffix: i % 7 === 0 ? 'Jr' : null, collectiveName: null, orcid: null, affiliations: [], equalContrib: false });
    const nameless = { lastName: null, foreName: null, initials: null, suffix: null, collectiveName: null, orcid: null, affiliations: [], equalContrib: false };
    let etAl = 0;
    for (let i = 0; i < 300; i += 1) {
      const authors = Array.from({ length: Math.floor(rnd() * 9) }, (_, k) => (rnd() < 0.25 ? nameless : person(k)));
      const names = authors.map(authorName).filter((n): n is string => n !== null);
      const expected = names.length > 3 ? `${names.slice(0, 3).join(', ')}, et al.` : names.join(', ');
      const got = byline(makeArticle('1', { authors }));
      expect(got, JSON.stringify(names)).toBe(expected);
      if (got.endsWith('et al.')) etAl += 1;
    }
    expect(etAl).toBeGreaterThan(50);
  });
});

describe('preview', () => {
  /** What the preview is: the whole abstract collapsed and trimmed, its first 300 characters cut at a word. */
  function reference(abstract: string): string {
    const text = abstract.replace(/\s+/g, ' ').trim();
    if (text.length <= 300) return text;
    return `${text.slice(0, 300).replace(/\s+\S*$/, '')} …`;
  }

  it('gives what collapsing the whole abstract gives, for short, long and whitespace-heavy abstracts', () => {
    const rnd = seededRandom(7);
    const pieces = ['kratom', 'mitragynine', 'a', ' ', '  ', '\n\n', '\t', '\u00A0', '\u2009', '          ', 'μ-opioid', '.'];
    for (let i = 0; i < 3000; i += 1) {
      let text = '';
      const n = Math.floor(rnd() * (i % 3 === 0 ? 700 : 120));
      for (let k = 0; k < n; k += 1) text += pieces[Math.floor(rnd() * pieces.length)];
      // Some start with a long run of whitespace, so the first 1,000 characters collapse to little.
      if (i % 50 === 0) text = `${' '.repeat(990)}${text}`;
      expect(preview(makeArticle('1', { abstract: text })), JSON.stringify(text.slice(0, 80))).toBe(reference(text));
    }
    // Long abstracts whose first 1,000 characters collapse to around 300: where reading the start alone stops being enough.
    for (let n = 290; n <= 310; n += 1) {
      for (const word of ['x', 'x y']) {
        const text = `${word.repeat(Math.ceil(n / word.length)).slice(0, n)}${' '.repeat(1000 - n)}tail words follow here`;
        expect(preview(makeArticle('1', { abstract: text })), String(n)).toBe(reference(text));
      }
    }
  });
});
