import { describe, expect, it } from 'vitest';
import { renderRis, risDate } from '../../src/export/ris.js';
import { allCases, article, cases, group, person, wholeBook } from '../fixtures/export/articles.js';
import { nameText, readWith, type ReadItem } from './support/citation-js.js';
import { expectedAuthors } from './support/expected.js';

/** Strict reading of our own RIS: every line is `TAG  - value`, records end with `ER`. */
function risRecords(text: string): Array<Array<[string, string]>> {
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const records: Array<Array<[string, string]>> = [];
  let current: Array<[string, string]> = [];
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const m = /^([A-Z][A-Z0-9])  - (.*)$/.exec(line);
    if (m === null) throw new Error(`not a RIS line: ${JSON.stringify(line)}`);
    current.push([m[1] ?? '', m[2] ?? '']);
    if (m[1] === 'ER') {
      records.push(current);
      current = [];
    }
  }
  expect(current).toEqual([]);
  return records;
}

function values(record: Array<[string, string]>, tag: string): string[] {
  return record.filter(([t]) => t === tag).map(([, v]) => v);
}

const text = renderRis(allCases);
const read: ReadItem[] = readWith('@ris/file', text);
const byTitle = (title: string): ReadItem => {
  const item = read.find((r) => r.title === title);
  if (item === undefined) throw new Error(`citation-js did not read back "${title}"`);
  return item;
};

describe('RIS export read back by citation-js', () => {
  it('yields one record per article, titles unchanged including TeX and HTML-like characters', () => {
    expect(read.map((r) => r.title)).toEqual([
      ...allCases.slice(0, 5).map((a) => a.title),
      cases.chapter.book?.collectionTitle,
      ...allCases.slice(6).map((a) => a.title),
    ]);
  });

  it('keeps every author in order, non-ASCII names intact and the collective author whole', () => {
    read.forEach((item, i) => {
      const article = allCases[i];
      expect((item.author ?? []).map(nameText)).toEqual(article === undefined ? [] : expectedAuthors(article));
    });
    // One name, nothing given: the comma after a group's name leaves citation-js an empty given name.
    expect(byTitle(cases.full.title).author?.[5]).toEqual({ family: 'Kratom Research Consortium', given: '' });
  });

  it('gives back every group author as one name, never a family and a given name', () => {
    const grouped = article({ authors: [person('Smith', 'Jane'), group('Kratom Study Group, University of Florida'), group('Kratom Safety Consortium (KSC) & Partners; Site B')] });
    expect(readWith('@ris/file', renderRis([grouped]))[0]?.author).toEqual([
      { family: 'Smith', given: 'Jane' },
      // citation-js knows no corporate form: a name with its commas doubled is one literal, as written.
      { literal: 'Kratom Study Group,, University of Florida,' },
      { family: 'Kratom Safety Consortium (KSC) & Partners; Site B', given: '' },
    ]);
  });

  it('gives back journal, abbreviation, volume, issue, ISSN, DOI, PMCID and the full date', () => {
    expect(byTitle(cases.full.title)).toMatchObject({
      type: 'article-journal',
      'container-title': 'Journal of ethnopharmacology',
      'container-title-short': 'J Ethnopharmacol',
      volume: '193',
      issue: '4',
      ISSN: '0378-8741',
      DOI: '10.1016/j.jep.2016_04.001',
      PMCID: 'PMC5000100',
      issued: { 'date-parts': [[2016, 5, 3]] },
      page: '737-738',
    });
  });

  it('expands abbreviated page ranges and keeps electronic page numbers', () => {
    expect(byTitle(cases.texSpecials.title).page).toBe('1123-1134');
    expect(byTitle(cases.markup.title).page).toBe('e0123456');
    expect(byTitle(cases.medlineDate.title).page).toBe('S10-S12');
    expect(byTitle(cases.season.title).page).toBe('21-25; discussion 26');
  });

  it('reads a season or MEDLINE free-text date as its year and a missing date as no date', () => {
    expect(byTitle(cases.season.title).issued).toEqual({ 'date-parts': [[2019]] });
    expect(byTitle(cases.medlineDate.title).issued).toEqual({ 'date-parts': [[1975]] });
    expect(byTitle(cases.texSpecials.title).issued).toBeUndefined();
  });

  it('exports a book chapter as CHAP with the book as container and its publisher', () => {
    expect(byTitle('Mitragynine pharmacology')).toMatchObject({
      type: 'chapter',
      'container-title': 'LiverTox: Clinical and Research Information on Drug-Induced Liver Injury',
      publisher: 'National Institute of Diabetes and Digestive and Kidney Diseases',
      'publisher-place': 'Bethesda (MD)',
    });
  });

  it('flags a retracted paper and a retraction notice in the note, naming the linked PMID', () => {
    expect(byTitle(cases.retracted.title).note).toEqual([
      'RETRACTED PUBLICATION. Retraction in: J Ethnopharmacol. 2017;200:1 (PMID 27000107)', 'Evidence (kratomlit rules v1): design in-vitro; themes pharmacology',
    ]);
    expect(byTitle(cases.notice.title).note).toEqual([
      'RETRACTION NOTICE. Retraction of: J Ethnopharmacol. 2016;193:737 (PMID 27000106)', 'Evidence (kratomlit rules v1): design in-vitro; themes pharmacology',
    ]);
    expect(byTitle(cases.full.title).note).toBe('Evidence (kratomlit rules v1): design in-vitro; themes pharmacology');
  });
});

describe('RIS export structure', () => {
  it('writes TY first and ER last in every record, with CRLF line ends', () => {
    const records = risRecords(text);
    expect(records).toHaveLength(allCases.length);
    for (const record of records) {
      expect(record[0]?.[0]).toBe('TY');
      expect(record.at(-1)).toEqual(['ER', '']);
    }
    expect(text.endsWith('ER  - \r\n')).toBe(true);
  });

  it('writes the PMID as AN with DB PubMed, one AU line per author and one KW line per term', () => {
    const records = risRecords(text);
    const full = records[0] ?? [];
    expect(values(full, 'AN')).toEqual(['27000100']);
    expect(values(full, 'DB')).toEqual(['PubMed']);
    expect(values(full, 'AU')).toHaveLength(6);
    expect(values(full, 'KW')).toEqual(['kratom', 'Mitragyna', 'opioid receptor', 'Analgesics, Opioid', 'design:in-vitro', 'theme:pharmacology']);
    expect(values(full, 'SP')).toEqual(['737']);
    expect(values(full, 'EP')).toEqual(['738']);
    expect(values(full, 'UR')).toEqual(['https://pubmed.ncbi.nlm.nih.gov/27000100/']);
  });

  it('collapses the abstract paragraphs onto one line instead of wrapping', () => {
    const records = risRecords(text);
    expect(values(records[0] ?? [], 'AB')).toEqual([
      'BACKGROUND: Kratom is used widely. RESULTS: Mitragynine binds the mu-opioid receptor.',
    ]);
  });

  it('uses TY CHAP for a chapter and TY BOOK for a whole book', () => {
    const records = risRecords(text);
    expect(values(records[5] ?? [], 'TY')).toEqual(['CHAP']);
    expect(renderRis([wholeBook]).startsWith('TY  - BOOK\r\nTI  - LiverTox: Clinical')).toBe(true);
  });

  it('gives an empty string for no records', () => {
    expect(renderRis([])).toBe('');
  });
});

describe('risDate', () => {
  it('pads month and day and leaves unknown slots empty', () => {
    expect(risDate({ year: 2016, month: 5, day: 3, season: null, raw: null })).toBe('2016/05/03/');
    expect(risDate({ year: 2016, month: 12, day: null, season: null, raw: null })).toBe('2016/12//');
  });

  it('puts a season or a MEDLINE free-text date in the last slot', () => {
    expect(risDate({ year: 2019, month: null, day: null, season: 'Spring', raw: '2019 Spring' })).toBe('2019///Spring');
    expect(risDate({ year: 1975, month: null, day: null, season: null, raw: '1975-1976' })).toBe('1975///1975-1976');
  });

  it('gives null without a year', () => {
    expect(risDate({ year: null, month: null, day: null, season: null, raw: null })).toBeNull();
  });
});

/**
 * How EndNote reads an `AU` line, as its manual states the corporate-author form: a name followed by a
 * comma is one (corporate) name, a comma inside it written twice; anything else is a person's name.
 */
function endnoteAuthor(value: string): { corporate: string } | { person: string } {
  if (!value.endsWith(',')) return { person: value };
  return { corporate: value.slice(0, -1).replace(/,,/g, ',') };
}

/**
 * How Zotero's RIS import reads an `AU` line: the text before the first comma is the last name, the rest
 * (after that comma) the first name; with no first name left, the whole is one single-field name.
 */
function zoteroAuthor(value: string): { single: string } | { last: string; first: string } {
  const last = value.split(/\s*,\s*/)[0] ?? '';
  const first = value.slice(last.length).replace(/^\s*,\s*/, '');
  return first === '' ? { single: last } : { last, first };
}

describe('RIS group authors as reference managers read them', () => {
  const groups = [
    'Kratom Study Group, University of Florida; Gainesville, FL',
    'Task and Finish Group for Urinalysis (TFG-U), European Federation of Clinical Chemistry and Laboratory Medicine (EFLM)',
    'Kratom Safety Consortium (KSC) & Partners; Site B',
    'Centre for Drugs,, Inc.,',
    'Kratom Research Consortium',
  ];
  const au = values(risRecords(renderRis([article({ authors: [person('Smith', 'Jane', { suffix: 'Jr' }), ...groups.map(group)] })]))[0] ?? [], 'AU');

  it('writes each group in the corporate form, so a group name with commas and semicolons survives a round trip', () => {
    expect(au.map(endnoteAuthor)).toEqual([{ person: 'Smith, Jane, Jr' }, ...groups.map((g) => ({ corporate: g }))]);
  });

  it('keeps a group without a comma one exact single-field name in Zotero, and a person in two fields', () => {
    expect(au.map(zoteroAuthor).filter((_, i) => i === 0 || !groups[i - 1]?.includes(','))).toEqual([
      { last: 'Smith', first: 'Jane, Jr' },
      { single: 'Kratom Safety Consortium (KSC) & Partners; Site B' },
      { single: 'Kratom Research Consortium' },
    ]);
  });
});
