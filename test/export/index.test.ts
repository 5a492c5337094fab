import { describe, expect, it } from 'vitest';
import { CITATION_FORMATS, type CitationFormat, exportArticles, parseExportFormat } from '../../src/export/index.js';
import { UsageError } from '../../src/errors.js';
import { allCases } from '../fixtures/export/articles.js';

describe('exportArticles', () => {
  it.each(CITATION_FORMATS)('produces the same bytes for the same input (%s)', (format) => {
    const first = exportArticles(allCases, format);
    const second = exportArticles(structuredClone(allCases), format);
    expect(second).toBe(first);
    expect(first.length).toBeGreaterThan(1000);
  });

  it.each([
    ['ris', ''],
    ['bibtex', ''],
    ['csl-json', '[]\n'],
    ['csv', 'pmid,doi,pmcid,title,authors,journal,year,volume,issue,pages,publication_types,mesh,keywords,topics,retracted,first_seen_at,url,design,themes\r\n'],
  ] as const)('gives a valid empty %s document for no records', (format, expected) => {
    expect(exportArticles([], format)).toBe(expected);
  });

  it('writes records in the order given', () => {
    const reversed = [...allCases].reverse();
    const csl = JSON.parse(exportArticles(reversed, 'csl-json')) as Array<{ PMID: string }>;
    expect(csl.map((i) => i.PMID)).toEqual(reversed.map((a) => a.pmid));
  });

  it('takes only the citation formats: pubmed-xml is refused by its type, and at run time by a UsageError', () => {
    // @ts-expect-error pubmed-xml needs the records' kept XML (the library's export), not Articles
    expect(() => exportArticles(allCases, 'pubmed-xml')).toThrow(new UsageError('export: pubmed-xml is written from the records\' kept PubMed XML, which an Article does not carry: use the library\'s export() or pubmedXml()'));
    expect(() => exportArticles(allCases, 'PUBMED-XML' as CitationFormat)).toThrow(UsageError);
  });

  it('passes the CSV formula guard option through', () => {
    const guarded = exportArticles(allCases.slice(-1), 'csv');
    const raw = exportArticles(allCases.slice(-1), 'csv', { formulaGuard: false });
    expect(guarded).toContain(`"'=HYPERLINK(`);
    expect(raw).toContain('"=HYPERLINK(');
  });
});

describe('parseExportFormat', () => {
  it('accepts the format names in any case', () => {
    expect(parseExportFormat('RIS')).toBe('ris');
    expect(parseExportFormat(' csl-json ')).toBe('csl-json');
  });

  it('rejects an unknown format with a UsageError that names it and the choices', () => {
    expect(() => parseExportFormat('endnote')).toThrow(UsageError);
    expect(() => parseExportFormat('endnote')).toThrow(/"endnote".*ris, bibtex, csl-json, csv/);
  });
});
