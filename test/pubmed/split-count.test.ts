import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RecordCounter } from '../../src/pubmed/split-count.js';
import { RecordSplitter } from '../../src/pubmed/split.js';

const dir = new URL('../fixtures/pubmed/', import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.xml')).map((f) => [f, readFileSync(new URL(f, dir))] as const);

/** RecordSplitter on the UTF-8 text: the record count, or 'error'. */
function exact(bytes: Buffer): number | 'error' {
  try {
    const s = new RecordSplitter();
    const n = s.push(bytes.toString('utf8')).length;
    s.end();
    return n;
  } catch {
    return 'error';
  }
}

/** RecordCounter fed `bytes` in chunks of the given sizes (cycled): the count, or 'error'. */
function counted(bytes: Buffer, sizes: readonly number[]): number | 'error' {
  try {
    const c = new RecordCounter();
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const size = sizes[i % sizes.length] ?? 1;
      c.push(bytes.subarray(at, at + size));
      at += size;
    }
    c.end();
    return c.records;
  } catch {
    return 'error';
  }
}

describe('RecordCounter', () => {
  it.each(fixtures)('counts the records of %s as the splitter does, whatever the chunking', (_name, bytes) => {
    const want = exact(bytes);
    for (const sizes of [[bytes.length], [1], [7, 3, 64], [4096, 5]]) {
      const got = counted(bytes, sizes);
      // An error would only send the import to the exact pass, but none of these needs it.
      expect(got).toBe(want);
    }
  });

  it('counts comments, CDATA, processing instructions, self-closed and unknown elements as the splitter does', () => {
    const doc = Buffer.from(
      '<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle//EN" "x.dtd">\n<!-- é -->\n' +
        '<PubmedArticleSet>\n<PubmedArticle><T>Ünïcode — “quotes”</T></PubmedArticle><![CDATA[</PubmedArticleSet>]]>\n' +
        '<?pi x?><Other/><Other>x</Other><DeleteCitation><PMID>1</PMID></DeleteCitation>\ntext\u00a0<PubmedBookArticle/>\n</PubmedArticleSet >\n',
    );
    expect(exact(doc)).toBe(3);
    for (const sizes of [[doc.length], [1], [2, 9]]) expect(counted(doc, sizes)).toBe(3);
  });
});
