import { describe, expect, it } from 'vitest';
import { normalizeOrcid } from '../../src/pubmed/authors.js';
import { readFileSync } from 'node:fs';
import { escapeHtml as digestEscape } from '../../src/digest/text.js';
import { decodeEntities, markupToHtml, markupToText } from '../../src/pubmed/markup.js';
import { parsePubmedXml } from '../../src/pubmed/normalize.js';
import { escapeHtml as webEscape } from '../../src/web/html.js';

describe('markupToText', () => {
  it('keeps text glued where the XML glues it and spaced where it is spaced', () => {
    expect(markupToText('at the<i>TERT</i>gene')).toBe('at theTERTgene');
    expect(markupToText('<i>a</i> <i>b</i>')).toBe('a b');
  });

  it('flattens MathML to its text, dropping indentation but keeping an mtext space', () => {
    const math =
      'inhaled <mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML">\n  <mml:mrow>\n    <mml:mi>He</mml:mi>\n' +
      '    <mml:mn>3</mml:mn>\n    <mml:mtext> </mml:mtext>\n    <mml:mi>MRI</mml:mi>\n  </mml:mrow>\n</mml:math> ventilation';
    expect(markupToText(math)).toBe('inhaled He3 MRI ventilation');
  });

  it('decodes standard entities and hex/decimal character references, and collapses whitespace', () => {
    expect(markupToText('  a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#x3b2;&#946;\n\t f  ')).toBe(`a & b <c> "d" 'e' ββ f`);
  });

  it('keeps CDATA text as text', () => {
    expect(markupToText('x <![CDATA[<b>not a tag</b>]]> y')).toBe('x <b>not a tag</b> y');
  });
});

describe('decodeEntities', () => {
  it('leaves unknown named entities as written and replaces invalid code points with U+FFFD', () => {
    expect(decodeEntities('&nbsp;&lol9;&#0;&#xD800;&#x110000;')).toBe('&nbsp;&lol9;\uFFFD\uFFFD\uFFFD');
  });
});

describe('characters XML does not allow', () => {
  it('never reach a stored record: control characters, written out or as references, become U+FFFD in every field', () => {
    expect(decodeEntities('a\u001b[31mb &#x1b; &#7; c\td\ne &#x9; &#xFFFE;')).toBe('a\uFFFD[31mb \uFFFD \uFFFD c\td\ne \t \uFFFD');
    const sample = readFileSync('data/sample/pubmed-sample.xml', 'utf8').match(/<PubmedArticle>[\s\S]*?<\/PubmedArticle>/)?.[0] ?? '';
    const hostile = sample
      .replace('<ArticleTitle>', '<ArticleTitle>Esc &#x1b;[31mRED\u001b[0m \u0007 ')
      .replace('<LastName>', '<LastName>\u0002X&#x3;')
      .replace(/<AbstractText([^>]*)>/, '<AbstractText$1>ctl \u0001 &#1; ');
    const [parsed] = parsePubmedXml(`<PubmedArticleSet>${hostile}</PubmedArticleSet>`).articles;
    expect(parsed?.article.title.startsWith('Esc \uFFFD[31mRED\uFFFD[0m \uFFFD ')).toBe(true);
    expect(JSON.stringify(parsed?.article)).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('are never written by the digest and web escapes (records stored before they were refused, a NUL in a query)', () => {
    expect(digestEscape('a\u001bb\u0000<c>')).toBe('a\uFFFDb\uFFFD&lt;c&gt;');
    expect(webEscape('q=\u0000"x"')).toBe('q=\uFFFD&quot;x&quot;');
  });
});

describe('markupToHtml', () => {
  it('keeps only i, b, sup, sub and u, without their attributes', () => {
    expect(markupToHtml('<i class="x">a</i><b>b</b><sup>2</sup><sub>3</sub><u>u</u><span>s</span>')).toBe(
      '<i>a</i><b>b</b><sup>2</sup><sub>3</sub><u>u</u>s',
    );
  });

  it('escapes every <, >, &, " and \' that came from the text', () => {
    expect(markupToHtml('p &lt; 0.05 &amp; &quot;x&quot; &gt; &apos;y&apos; &lt;script&gt;')).toBe(
      'p &lt; 0.05 &amp; &quot;x&quot; &gt; &#39;y&#39; &lt;script&gt;',
    );
  });

  it('closes an unclosed tag and drops a stray closing tag, so the fragment is balanced', () => {
    expect(markupToHtml('<i>open')).toBe('<i>open</i>');
    expect(markupToHtml('stray</b> end')).toBe('stray end');
    expect(markupToHtml('<i>a <b>b</i> c</b>')).toBe('<i>a <b>b</b></i> c');
  });

  it('flattens MathML and other elements to escaped text', () => {
    expect(markupToHtml('<mml:math><mml:mi>x</mml:mi><mml:mo>&lt;</mml:mo><mml:mn>1</mml:mn></mml:math>')).toBe('x&lt;1');
  });
});

describe('normalizeOrcid', () => {
  it.each([
    ['0000-0002-1825-0097', '0000-0002-1825-0097'],
    ['https://orcid.org/0000-0002-1825-0097', '0000-0002-1825-0097'],
    ['http://orcid.org/0000-0002-1825-0097', '0000-0002-1825-0097'],
    ['0000000218250097', '0000-0002-1825-0097'],
    [' 0000-0002-1694-233x ', '0000-0002-1694-233X'],
  ])('reads %s as %s', (input, expected) => {
    expect(normalizeOrcid(input)).toBe(expected);
  });

  it('returns null for something that is not a 16-character iD', () => {
    expect(normalizeOrcid('0000-0002-1825')).toBeNull();
    expect(normalizeOrcid('https://example.org/0000-0002-1825-0097')).toBeNull();
  });
});
