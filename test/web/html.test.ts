import { describe, expect, it } from 'vitest';
import { escapeHtml, html, inlineMarkup, raw } from '../../src/web/html.js';
import { markedSnippet } from '../../src/web/pages/hits.js';
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
    expect(urls('/lit').to('/paper/1')).toBe('/lit/paper/1');
    expect(urls('').to('/', {})).toBe('/');
  });
});
