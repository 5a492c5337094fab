import { describe, expect, it } from 'vitest';
import { parseRecord, sniffPmid } from '../../src/pubmed/parse.js';

describe('parseRecord', () => {
  it('keeps values as strings and attributes as @_ keys', () => {
    const result = parseRecord('<MedlineCitation Status="MEDLINE"><PMID Version="2">00123</PMID><Volume>12E4</Volume></MedlineCitation>', 'MedlineCitation');
    expect(result).toEqual({
      ok: true,
      root: { '@_Status': 'MEDLINE', PMID: [{ '#text': '00123', '@_Version': '2' }], Volume: '12E4' },
    });
  });

  it('makes repeating elements arrays even when they occur once, and keeps a repeated single element', () => {
    const result = parseRecord('<R><AuthorList><Author><LastName>A</LastName></Author></AuthorList><X>1</X><X>2</X></R>', 'R');
    expect(result).toEqual({ ok: true, root: { AuthorList: [{ Author: [{ LastName: 'A' }] }], X: ['1', '2'] } });
  });

  it('keeps the inner markup of mixed-content elements raw, entities still encoded', () => {
    const result = parseRecord('<R><ArticleTitle>Role of <i>TP53</i> in H<sub>2</sub>O &amp; <mml:math><mml:mi>x</mml:mi></mml:math></ArticleTitle></R>', 'R');
    expect(result).toEqual({ ok: true, root: { ArticleTitle: 'Role of <i>TP53</i> in H<sub>2</sub>O &amp; <mml:math><mml:mi>x</mml:mi></mml:math>' } });
  });

  it('keeps a ReferenceList raw without reading its references', () => {
    const result = parseRecord('<R><ReferenceList><Reference><Citation>a</Citation></Reference><ReferenceList><Reference/></ReferenceList></ReferenceList><After>1</After></R>', 'R');
    expect(result).toEqual({
      ok: true,
      root: { ReferenceList: ['<Reference><Citation>a</Citation></Reference><ReferenceList><Reference/></ReferenceList>'], After: '1' },
    });
  });

  it('finds the end of a ReferenceList past nested and self-closed lists', () => {
    const result = parseRecord('<R><ReferenceList><ReferenceList/><ReferenceList><Reference/></ReferenceList></ReferenceList><After>1</After></R>', 'R');
    expect(result).toEqual({ ok: true, root: { ReferenceList: ['<ReferenceList/><ReferenceList><Reference/></ReferenceList>'], After: '1' } });
  });

  it('accepts single-quoted attributes, self-closed elements, comments and CDATA', () => {
    const result = parseRecord("<R a='1'><!-- c --><E/><T><![CDATA[a<b]]></T></R>", 'R');
    expect(result).toEqual({ ok: true, root: { '@_a': '1', E: '', T: 'a&lt;b' } });
  });

  it.each([
    ['a mismatched closing tag', '<R><A>x</B></R>', /closing tag <\/B> where <\/A> was expected/],
    ['a mismatched tag inside raw markup', '<R><ArticleTitle><i>x</b></ArticleTitle></R>', /closing tag <\/b> where <\/i> was expected/],
    ['a raw < in text', '<R><AbstractText>p < 0.05</AbstractText></R>', /raw "<"/],
    ['a bare &', '<R><T>R&D</T></R>', /bare "&"/],
    ['a bare & after a valid entity elsewhere', '<R><A>x &amp; y</A><B><C/>R & D</B></R>', /bare "&"/],
    ['a bare & in an attribute', '<R a="R&D"/>', /bare "&" in attribute a/],
    ['an unclosed element', '<R><A>x</R>', /closing tag <\/R> where <\/A> was expected/],
    ['a truncated record', '<R><A>x</A>', /<R> is never closed/],
    ['a duplicate attribute', '<R a="1" a="2"/>', /duplicate attribute a/],
    ['an unquoted attribute', '<R a=1/>', /malformed tag <R>/],
    ['text after the record', '<R/>junk', /text outside the record element/],
    ['a second root', '<R/><R/>', /a second root element/],
    ['a constructor element', '<R><constructor>x</constructor></R>', /forbidden element name <constructor>/],
  ])('refuses %s', (_what, xml, reason) => {
    const result = parseRecord(xml, 'R');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });

  it('refuses a record whose root is not the expected element', () => {
    expect(parseRecord('<Other/>', 'R')).toEqual({ ok: false, reason: 'root element is <Other>, expected <R>' });
  });
});

describe('sniffPmid', () => {
  it('reads the first PMID of unparseable text, or null', () => {
    expect(sniffPmid('<PubmedArticle><MedlineCitation><PMID Version="1">42</PMID><broken')).toBe('42');
    expect(sniffPmid('<PubmedArticle><broken')).toBeNull();
  });
});
