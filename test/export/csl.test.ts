import { describe, expect, it } from 'vitest';
import { bcp47Language, cslIssued, renderCslJson, toCslItem } from '../../src/export/csl.js';
import { allCases, article, cases, group, person, wholeBook } from '../fixtures/export/articles.js';
import { nameText, readWith } from './support/citation-js.js';
import { expectedAuthors } from './support/expected.js';

describe('toCslItem', () => {
  it('maps a complete journal article to the exact CSL item, keys in a fixed order', () => {
    const item = toCslItem(cases.full);
    expect(item).toEqual({
      id: 'pmid:27000100',
      type: 'article-journal',
      title: 'Mitragynine and 7-hydroxymitragynine in Thailand: a pharmacological review', // PubMed's final period dropped: styles add their own
      author: [
        { family: 'Müller', given: 'Jürgen' },
        { family: 'Sørensen', given: 'Søren' },
        { family: 'Nguyễn', given: 'Văn An' },
        { family: 'Gonçalves', given: 'João' },
        { family: "O'Brien", given: 'Seán', suffix: 'Jr' },
        { literal: 'Kratom Research Consortium' },
      ],
      'container-title': 'Journal of ethnopharmacology',
      'container-title-short': 'J Ethnopharmacol',
      ISSN: '0378-8741',
      volume: '193',
      issue: '4',
      page: '737-738',
      issued: { 'date-parts': [[2016, 5, 3]] },
      DOI: '10.1016/j.jep.2016_04.001',
      PMID: '27000100',
      PMCID: 'PMC5000100',
      URL: 'https://pubmed.ncbi.nlm.nih.gov/27000100/',
      abstract: 'BACKGROUND: Kratom is used widely.\n\nRESULTS: Mitragynine binds the mu-opioid receptor.',
      keyword: 'kratom; Mitragyna; opioid receptor; Analgesics, Opioid; design:in-vitro; theme:pharmacology',
      language: 'en',
      note: 'Evidence (kratomlit rules v1): design in-vitro; themes pharmacology',
      source: 'PubMed',
    });
    expect(Object.keys(item)).toEqual([
      'id', 'type', 'title', 'author', 'container-title', 'container-title-short', 'ISSN', 'volume', 'issue',
      'page', 'issued', 'DOI', 'PMID', 'PMCID', 'URL', 'abstract', 'keyword', 'language', 'note', 'source',
    ]);
  });

  it('uses the plain title, not the HTML one', () => {
    expect(toCslItem(cases.markup).title).toBe('Effects of Mitragyna speciosa alkaloids on CYP2D6 and mRNA expression');
  });

  it('maps a book chapter to type chapter with the book as container, publisher and place', () => {
    const item = toCslItem(cases.chapter);
    expect(item).toMatchObject({
      type: 'chapter',
      title: 'Mitragynine pharmacology',
      'container-title': 'LiverTox: Clinical and Research Information on Drug-Induced Liver Injury',
      publisher: 'National Institute of Diabetes and Digestive and Kidney Diseases',
      'publisher-place': 'Bethesda (MD)',
      issued: { 'date-parts': [[2012]] },
    });
    expect(item.page).toBeUndefined();
    expect(item.ISSN).toBeUndefined();
  });

  it('maps a whole book to type book with the book title and no container', () => {
    const item = toCslItem(wholeBook);
    expect(item).toMatchObject({ type: 'book', title: 'LiverTox: Clinical and Research Information on Drug-Induced Liver Injury' });
    expect(item['container-title']).toBeUndefined();
    expect(item.publisher).toBe('National Institute of Diabetes and Digestive and Kidney Diseases');
  });

  it('notes retraction status for retracted papers and notices, not for others', () => {
    expect(toCslItem(cases.retracted).note).toBe('RETRACTED PUBLICATION. Retraction in: J Ethnopharmacol. 2017;200:1 (PMID 27000107). Evidence (kratomlit rules v1): design in-vitro; themes pharmacology');
    expect(toCslItem(cases.notice).note).toBe('RETRACTION NOTICE. Retraction of: J Ethnopharmacol. 2016;193:737 (PMID 27000106). Evidence (kratomlit rules v1): design in-vitro; themes pharmacology');
    expect(toCslItem(cases.full).note).toBe('Evidence (kratomlit rules v1): design in-vitro; themes pharmacology');
  });

  it('leaves out the author list when a record has none', () => {
    expect(toCslItem(cases.notice).author).toBeUndefined();
  });
});

describe('bcp47Language', () => {
  it('maps MEDLINE codes to BCP 47 and passes unknown codes through lower-cased', () => {
    expect(bcp47Language('ger')).toBe('de');
    expect(bcp47Language('ENG')).toBe('en');
    expect(bcp47Language('Mul')).toBe('mul');
  });
});

describe('cslIssued', () => {
  it('keeps year, month and day as far as known', () => {
    expect(cslIssued({ year: 2016, month: 5, day: null, season: null, raw: '2016 May' })).toEqual({ 'date-parts': [[2016, 5]] });
  });

  it('keeps a season beside the year', () => {
    expect(cslIssued(cases.season.pubDate)).toEqual({ 'date-parts': [[2019]], season: 'Spring' });
  });

  it('uses the year of a MEDLINE free-text date', () => {
    expect(cslIssued(cases.medlineDate.pubDate)).toEqual({ 'date-parts': [[1975]] });
  });

  it('falls back to a literal date when there is text but no year, and to nothing without a date', () => {
    expect(cslIssued({ year: null, month: null, day: null, season: null, raw: 'Date unknown' })).toEqual({ literal: 'Date unknown' });
    expect(cslIssued(cases.texSpecials.pubDate)).toBeUndefined();
  });
});

describe('CSL-JSON export read back by citation-js', () => {
  const text = renderCslJson(allCases);
  const read = readWith('@csl/list+object', JSON.parse(text));

  it('is a JSON array that citation-js accepts item for item', () => {
    expect(read.map((r) => r.PMID)).toEqual(allCases.map((a) => a.pmid));
  });

  it('keeps authors in order with the collective whole, and the hard-case fields', () => {
    read.forEach((item, i) => {
      const article = allCases[i];
      expect((item.author ?? []).map(nameText)).toEqual(article === undefined ? [] : expectedAuthors(article));
    });
    expect(read[1]).toMatchObject({ title: cases.texSpecials.title, page: '1123-1134' });
    expect(read[3]).toMatchObject({ page: 'S10-S12', issued: { 'date-parts': [[1975]] } });
  });

  it('gives a group author holding a comma as one literal name', () => {
    const item = toCslItem(article({ authors: [person('Smith', 'Jane'), group('Kratom Study Group, University of Florida')] }));
    expect(item.author).toEqual([{ family: 'Smith', given: 'Jane' }, { literal: 'Kratom Study Group, University of Florida' }]);
  });

  it('is two-space indented with a final newline, and [] for no records', () => {
    expect(text.startsWith('[\n  {\n    "id": "pmid:27000100",')).toBe(true);
    expect(text.endsWith(']\n')).toBe(true);
    expect(renderCslJson([])).toBe('[]\n');
  });
});
