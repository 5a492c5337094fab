import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RecordSplitter, type SplitItem } from '../../src/pubmed/split.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/pubmed/${name}`, import.meta.url), 'utf8');

function splitInChunks(text: string, size: number, source?: string): SplitItem[] {
  const splitter = new RecordSplitter(source === undefined ? {} : { source });
  const items: SplitItem[] = [];
  for (let at = 0; at < text.length; at += size) items.push(...splitter.push(text.slice(at, at + size)));
  splitter.end();
  return items;
}

const ARTICLE = '<PubmedArticle><MedlineCitation><PMID>1</PMID></MedlineCitation></PubmedArticle>';

describe('RecordSplitter', () => {
  it('gives identical records whether fed in 1-byte, 7-byte or whole chunks', () => {
    const text = fixture('articles.xml') ;
    const whole = splitInChunks(text, text.length);
    expect(whole.map((i) => i.kind)).toEqual(['PubmedArticle', 'PubmedArticle', 'PubmedArticle']);
    expect(splitInChunks(text, 1)).toEqual(whole);
    expect(splitInChunks(text, 7)).toEqual(whole);
  });

  it('cuts each record from its opening to its closing tag', () => {
    const items = splitInChunks(`<PubmedArticleSet>\n${ARTICLE}\n</PubmedArticleSet>`, 5);
    expect(items).toEqual([{ kind: 'PubmedArticle', xml: ARTICLE }]);
  });

  it('splits MedlineCitation and DeleteCitation records of a legacy MedlineCitationSet and names the root', () => {
    const splitter = new RecordSplitter();
    const items = splitter.push(fixture('medline-legacy.xml'));
    splitter.end();
    expect(items.map((i) => i.kind)).toEqual(['MedlineCitation', 'MedlineCitation', 'DeleteCitation']);
    expect(splitter.root).toBe('MedlineCitationSet');
  });

  it('splits books and accepts a PubmedBookArticleSet root', () => {
    const book = '<PubmedBookArticle><BookDocument><PMID>2</PMID></BookDocument></PubmedBookArticle>';
    expect(splitInChunks(`<PubmedBookArticleSet>${book}</PubmedBookArticleSet>`, 3)).toEqual([{ kind: 'PubmedBookArticle', xml: book }]);
  });

  it('skips the prolog, comments and a DOCTYPE internal subset without interpreting them', () => {
    const text = `\uFEFF<?xml version="1.0"?><!-- c --><!DOCTYPE PubmedArticleSet [<!ENTITY a "<PubmedArticle>">]>\n<PubmedArticleSet><!-- <PubmedArticle> -->${ARTICLE}</PubmedArticleSet>`;
    expect(splitInChunks(text, 4)).toEqual([{ kind: 'PubmedArticle', xml: ARTICLE }]);
  });

  it('ignores unknown top-level elements inside the root', () => {
    expect(splitInChunks(`<PubmedArticleSet><Note><PubmedArticle/></Note>${ARTICLE}</PubmedArticleSet>`, 6)).toEqual([
      { kind: 'PubmedArticle', xml: ARTICLE },
    ]);
  });

  it('throws EMPTY_INPUT for an empty text, whitespace or only a prolog', () => {
    for (const text of ['', '  \n', '<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "x" "y">\n']) {
      expect(() => splitInChunks(text, 3, 'empty.xml')).toThrow(
        expect.objectContaining({ code: 'EMPTY_INPUT', message: expect.stringContaining('empty.xml') }),
      );
    }
  });

  it('throws NOT_PUBMED from push as soon as the root is something else', () => {
    const splitter = new RecordSplitter({ source: 'page.html' });
    expect(() => splitter.push('<html><body>WWW Error 500 Diagnostic')).toThrow(
      expect.objectContaining({ code: 'NOT_PUBMED', message: expect.stringMatching(/page\.html.*<html>/) }),
    );
  });

  it('names the root of a short XML document that is not PubMed (<x/>), rather than calling it cut', () => {
    for (const text of ['<x/>', '<?xml version="1.0"?>\n<a>b</a>', '<a/>\n']) {
      expect(() => splitInChunks(text, 64, 'other.xml')).toThrow(
        expect.objectContaining({ code: 'NOT_PUBMED', message: expect.stringMatching(/other\.xml is not PubMed XML: root element <[ax]>/) }),
      );
    }
  });

  it('throws NOT_PUBMED for text that is not XML (a JSON error, an NCBI exception trace)', () => {
    for (const text of ['{"error":"API rate limit exceeded"}', 'NCBI C++ Exception: TXCLIENT::readAll EOF']) {
      expect(() => splitInChunks(text, 64)).toThrow(expect.objectContaining({ code: 'NOT_PUBMED' }));
    }
  });

  it.each([
    ['at a record boundary', `<PubmedArticleSet>${ARTICLE}`],
    ['mid-text', `<PubmedArticleSet>${ARTICLE}<PubmedArticle><MedlineCitation><PMID>12`],
    ['after an opening tag', `<PubmedArticleSet>${ARTICLE}<PubmedArticle>`],
    ['inside a tag', `<PubmedArticleSet>${ARTICLE}<PubmedArt`],
    ['inside the root tag', '<PubmedArticleS'],
  ])('throws XML_TRUNCATED when the document is cut %s', (_where, text) => {
    expect(() => splitInChunks(text, 7, 'cut.xml')).toThrow(
      expect.objectContaining({ code: 'XML_TRUNCATED', message: expect.stringContaining('cut.xml') }),
    );
  });

  it('says how many complete records came before a truncation', () => {
    expect(() => splitInChunks(`<PubmedArticleSet>${ARTICLE}${ARTICLE}<PubmedArticle>`, 50)).toThrow(/after 2 complete records/);
  });

  it('throws XML_MALFORMED for a stray closing tag at the top level', () => {
    expect(() => splitInChunks(`<PubmedArticleSet>${ARTICLE}</Wrong></PubmedArticleSet>`, 50)).toThrow(
      expect.objectContaining({ code: 'XML_MALFORMED' }),
    );
  });
});
