import { describe, expect, it } from 'vitest';
import { renderBibtex } from '../../src/export/bibtex.js';
import { toCslItem } from '../../src/export/csl.js';
import { CSV_COLUMNS, renderCsv } from '../../src/export/csv.js';
import { risLines } from '../../src/export/ris.js';
import { statPearlsChapter, wholeBook } from '../fixtures/export/articles.js';
import { parseCsv } from './support/rfc4180.js';

// A StatPearls-shaped record ("Kratom Toxicity", a chapter of "ToxPearls", no collection title) used to
// come out as the whole book in every format.
describe('CSL titles', () => {
  it("drop PubMed's one final period (citeproc would print \"..\") but keep an ellipsis and question marks", async () => {
    const { cslTitle } = await import('../../src/export/csl.js');
    expect(cslTitle('Kratom use in Thailand.')).toBe('Kratom use in Thailand');
    expect(cslTitle('[Kratom in Germany].')).toBe('[Kratom in Germany]');
    expect(cslTitle('Is kratom an opioid?')).toBe('Is kratom an opioid?');
    expect(cslTitle('Waiting for data...')).toBe('Waiting for data...');
  });
});

describe('a book chapter exports as a chapter of its book', () => {
  it('RIS: TY CHAP, TI the chapter, T2 and BT the book', () => {
    const lines = risLines(statPearlsChapter);
    expect(lines[0]).toBe('TY  - CHAP');
    expect(lines).toContain('TI  - Kratom Toxicity');
    expect(lines).toContain('T2  - ToxPearls');
    expect(lines).toContain('BT  - ToxPearls');
    expect(lines).not.toContain('TI  - ToxPearls');
  });

  it('BibTeX: @incollection with title and booktitle', () => {
    const bib = renderBibtex([statPearlsChapter]);
    expect(bib).toMatch(/^@incollection\{/);
    expect(bib).toContain("  title = {{Kratom} {Toxicity}},\n");
    expect(bib).toContain("  booktitle = {{ToxPearls}},\n");
  });

  it('CSL-JSON: type chapter with the book as container-title', () => {
    const item = toCslItem(statPearlsChapter);
    expect(item).toMatchObject({ type: 'chapter', title: 'Kratom Toxicity', 'container-title': 'ToxPearls', publisher: 'StatPearls Publishing' });
  });

  it('CSV: the chapter title in title, the book in the journal column', () => {
    const [header, row] = parseCsv(renderCsv([statPearlsChapter]));
    const cell = (c: string) => row?.[header?.indexOf(c) ?? -1];
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(cell('title')).toBe('Kratom Toxicity');
    expect(cell('journal')).toBe('ToxPearls');
  });

  it('a whole book (titled as its book) stays a book', () => {
    expect(risLines(wholeBook)[0]).toBe('TY  - BOOK');
    expect(toCslItem(wholeBook).type).toBe('book');
  });
});
