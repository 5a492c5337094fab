import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportArticles, parseExportFormat } from '../../src/export/index.js';
import { PUBMED_DOCTYPE, PUBMED_XML_HEAD, PUBMED_XML_TAIL, pubmedXmlChunks } from '../../src/export/pubmed-xml.js';
import { efetchXml } from '../../src/loopback/eutils-render.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
  + '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
  + '<PubmedArticleSet>\n';

describe('pubmed-xml document', () => {
  it('wraps the records as kept, one a line, in PubMed\'s PubmedArticleSet with its DOCTYPE', () => {
    const doc = [...pubmedXmlChunks(['<PubmedArticle><PMID>1</PMID></PubmedArticle>', '<PubmedBookArticle>b</PubmedBookArticle>'])].join('');
    expect(doc).toBe(`${HEAD}<PubmedArticle><PMID>1</PMID></PubmedArticle>\n<PubmedBookArticle>b</PubmedBookArticle>\n</PubmedArticleSet>\n`);
    expect([PUBMED_XML_HEAD, PUBMED_XML_TAIL]).toEqual([HEAD, '</PubmedArticleSet>\n']);
  });

  it('names deleted records in one DeleteCitation after the records, as PubMed writes it', () => {
    const doc = [...pubmedXmlChunks(['<PubmedArticle>a</PubmedArticle>'], undefined, [{ pmid: '7', version: 1 }, { pmid: '9', version: 2 }])].join('');
    expect(doc).toBe(`${HEAD}<PubmedArticle>a</PubmedArticle>\n<DeleteCitation><PMID Version="1">7</PMID><PMID Version="2">9</PMID></DeleteCitation>\n</PubmedArticleSet>\n`);
  });

  it('gives a valid empty set for no record', () => {
    expect([...pubmedXmlChunks([])].join('')).toBe(`${HEAD}</PubmedArticleSet>\n`);
  });

  it('streams: runs of bounded size, never a cut record, each record read only when its run is taken', () => {
    const record = (i: number) => `<PubmedArticle><PMID>${i}</PMID>${'x'.repeat(90)}</PubmedArticle>`;
    let read = 0;
    function* records(): Generator<string> {
      for (let i = 1; i <= 1000; i++) {
        read++;
        yield record(i);
      }
    }
    const runs = pubmedXmlChunks(records(), 1000);
    const first = runs.next();
    expect(first.done).toBe(false);
    // About 1,000 characters' worth of ~120-character records: the generator has not read the other 990.
    expect(read).toBeLessThan(20);
    const rest = [...runs];
    const all = [first.value as string, ...rest];
    expect(all.length).toBeGreaterThan(100);
    for (const run of all) expect(run.length).toBeLessThan(1000 + record(1000).length + HEAD.length);
    const doc = all.join('');
    expect(doc).toBe(`${HEAD}${Array.from({ length: 1000 }, (_, i) => `${record(i + 1)}\n`).join('')}</PubmedArticleSet>\n`);
    for (const run of all.slice(1, -1)) expect(run).toMatch(/^<PubmedArticle>[^]*<\/PubmedArticle>\n$/);
  });

  it('writes the DOCTYPE the loopback efetch serves, from one constant in the sources', () => {
    expect(PUBMED_XML_HEAD).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n${PUBMED_DOCTYPE}\n<PubmedArticleSet>\n`);
    expect(efetchXml([]).split('\n')[1]).toBe(PUBMED_DOCTYPE);
    const src = join(REPO_ROOT, 'src');
    const holders = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && readFileSync(join(src, f), 'utf8').includes('-//NLM//DTD PubMedArticle'));
    expect(holders).toEqual([join('export', 'pubmed-xml.ts')]);
  });

  it('is a format every face lists, and the pure renderer refuses it naming where it is written from', () => {
    expect(EXPORT_FORMATS).toContain('pubmed-xml');
    expect(parseExportFormat('PubMed-XML')).toBe('pubmed-xml');
    // @ts-expect-error the renderer's type takes the citation formats only
    expect(() => exportArticles([], 'pubmed-xml')).toThrow(/pubmed-xml is written from the records' kept PubMed XML/);
  });
});
