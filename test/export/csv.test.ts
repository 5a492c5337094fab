import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, renderCsv } from '../../src/export/csv.js';
import { allCases, cases } from '../fixtures/export/articles.js';
import { expectedAuthors } from './support/expected.js';
import { parseCsv } from './support/rfc4180.js';

function rowsAsObjects(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual([...CSV_COLUMNS]);
  return rows.map((row) => {
    expect(row).toHaveLength(CSV_COLUMNS.length);
    return Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row[i] ?? '']));
  });
}

describe('CSV export read back by a strict RFC 4180 parser', () => {
  const rows = rowsAsObjects(renderCsv(allCases, { formulaGuard: false }));

  it('has one row per article with the PMID, DOI and PMCID', () => {
    expect(rows.map((r) => r.pmid)).toEqual(allCases.map((a) => a.pmid));
    expect(rows[0]).toMatchObject({ doi: '10.1016/j.jep.2016_04.001', pmcid: 'PMC5000100' });
    expect(rows[1]).toMatchObject({ doi: '', pmcid: '', year: '' });
  });

  it('gives back titles with quotes, commas and TeX specials unchanged', () => {
    expect(rows[1]?.title).toBe(cases.texSpecials.title);
    expect(rows[7]?.title).toBe('Retraction notice to "Kratom cures everything".');
  });

  it('lists authors in order separated by "; " with the collective whole', () => {
    rows.forEach((row, i) => {
      const article = allCases[i];
      expect(row.authors === '' ? [] : row.authors?.split('; ')).toEqual(article === undefined ? [] : expectedAuthors(article));
    });
  });

  it('writes journal, year, volume, issue, expanded pages and the list columns', () => {
    expect(rows[0]).toMatchObject({
      journal: 'Journal of ethnopharmacology',
      year: '2016',
      volume: '193',
      issue: '4',
      pages: '737-738',
      publication_types: 'Journal Article; Review',
      mesh: 'Analgesics, Opioid; Mitragyna',
      keywords: 'kratom; Mitragyna; opioid receptor',
      topics: 'mitragynine; 7-hydroxymitragynine',
      retracted: 'false',
      first_seen_at: '2026-11-20T02:00:00.000Z',
      url: 'https://pubmed.ncbi.nlm.nih.gov/27000100/',
    });
    expect(rows[6]?.retracted).toBe('true');
  });

  it('writes the book title in the journal column of a chapter', () => {
    expect(rows[5]?.journal).toBe('LiverTox: Clinical and Research Information on Drug-Induced Liver Injury');
  });
});

describe('CSV quoting and formula guard', () => {
  it('quotes fields with quotes, commas, CR or LF and doubles the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('survives a title with an embedded line break', () => {
    const text = renderCsv([{ ...cases.full, title: 'First line\r\nsecond, line' }]);
    expect(rowsAsObjects(text)[0]?.title).toBe('First line\r\nsecond, line');
  });

  it('prefixes a quote to free-text cells a spreadsheet would run as a formula, by default', () => {
    const [row] = rowsAsObjects(renderCsv([cases.formula]));
    expect(row?.title).toBe(`'=HYPERLINK("http://evil.example","kratom")`);
    expect(row?.authors).toBe("'-Dash, Eve");
    expect(row?.pmid).toBe('27000110');
  });

  it('leaves formula-like cells alone when the guard is off', () => {
    const [row] = rowsAsObjects(renderCsv([cases.formula], { formulaGuard: false }));
    expect(row?.title).toBe('=HYPERLINK("http://evil.example","kratom")');
  });

  it('starts with a UTF-8 byte order mark only when asked', () => {
    expect(renderCsv([]).startsWith('pmid,')).toBe(true);
    expect(renderCsv([], { bom: true }).startsWith('\uFEFFpmid,')).toBe(true);
  });

  it('is the header row alone, CRLF-terminated, for no records', () => {
    expect(renderCsv([])).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});
