import { describe, expect, it } from 'vitest';
import { bibtexName, renderBibtex } from '../../src/export/bibtex.js';
import { escapeTex, protectedTitle } from '../../src/export/tex.js';
import { allCases, article, cases, group, person, wholeBook } from '../fixtures/export/articles.js';
import { nameText, readWith, type ReadItem } from './support/citation-js.js';
import { expectedAuthors } from './support/expected.js';

const text = renderBibtex(allCases);

function titleOf(article: (typeof allCases)[number]): string {
  return article.isBook ? (article.book?.collectionTitle ?? article.title) : article.title;
}

describe.each(['@biblatex/text', '@bibtex/text'])('BibTeX export read back by citation-js %s', (reader) => {
  const read: ReadItem[] = readWith(reader, text);
  const byKey = (key: string): ReadItem => {
    const item = read.find((r) => r['citation-key'] === key);
    if (item === undefined) throw new Error(`${reader} did not read back ${key}`);
    return item;
  };

  it('gives back every title exactly, TeX specials and non-ASCII included', () => {
    expect(read.map((r) => r.title)).toEqual(allCases.map(titleOf));
  });

  it('keeps every author in order, non-ASCII intact, suffix separate and the collective whole', () => {
    read.forEach((item, i) => {
      const article = allCases[i];
      expect((item.author ?? []).map(nameText)).toEqual(article === undefined ? [] : expectedAuthors(article));
    });
    const full = byKey('Muller2016mitragynine');
    expect(full.author?.[4]).toEqual({ family: "O'Brien", given: 'Seán', suffix: 'Jr' });
    expect(full.author?.[5]?.given).toBeUndefined();
  });

  it('gives back journal, volume, issue, expanded pages, year and month, and DOI', () => {
    expect(byKey('Muller2016mitragynine')).toMatchObject({
      type: 'article-journal',
      'container-title': 'Journal of ethnopharmacology',
      volume: '193',
      issue: '4',
      page: '737-738',
      issued: { 'date-parts': [[2016, 5]] },
      DOI: '10.1016/j.jep.2016_04.001',
    });
    expect(byKey('Smithnddosing').page).toBe('1123-1134');
    expect(byKey('Smithnddosing').issued).toBeUndefined();
    expect(byKey('Suwanlert1975kratom').page).toBe('S10-S12');
    expect(byKey('Tanaka2016effects').page).toBe('e0123456');
  });

  it('reads a book chapter as a chapter of the book with the whole publisher name', () => {
    expect(byKey('Grundmann2012mitragynine')).toMatchObject({
      type: 'chapter',
      'container-title': 'LiverTox: Clinical and Research Information on Drug-Induced Liver Injury',
      publisher: 'National Institute of Diabetes and Digestive and Kidney Diseases',
      'publisher-place': 'Bethesda (MD)',
    });
  });

  it('carries the retraction flags in the note', () => {
    expect(byKey('Fraud2016kratom').note).toBe(
      'RETRACTED PUBLICATION. Retraction in: J Ethnopharmacol. 2017;200:1 (PMID 27000107). Evidence (kratomlit rules v1): design in-vitro; themes pharmacology',
    );
    expect(read.find((r) => r.title === cases.notice.title)?.note).toMatch(/^RETRACTION NOTICE\. Retraction of: /);
  });
});

describe('BibTeX whole book', () => {
  it('is a @book read back as a book with its title, authors and publisher', () => {
    const bib = renderBibtex([wholeBook]);
    expect(bib.startsWith('@book{Grundmann2012livertox,\n')).toBe(true);
    const [item] = readWith('@biblatex/text', bib);
    expect(item).toMatchObject({
      type: 'book',
      title: 'LiverTox: Clinical and Research Information on Drug-Induced Liver Injury',
      publisher: 'National Institute of Diabetes and Digestive and Kidney Diseases',
      issued: { 'date-parts': [[2012]] },
    });
    expect(item?.author?.map(nameText)).toEqual(['Grundmann, Oliver', 'LiverTox Working Group']);
    expect(item?.['container-title']).toBeUndefined();
  });
});

describe('BibTeX PMID fields', () => {
  it('are read back as PMID and PMCID by the biblatex reader', () => {
    const read = readWith('@biblatex/text', text);
    expect(read.map((r) => r.PMID)).toEqual(allCases.map((a) => a.pmid));
    expect(read[0]?.PMCID).toBe('PMC5000100');
  });
});

describe('BibTeX keys', () => {
  const keys = [...text.matchAll(/^@\w+\{([^,]+),$/gm)].map((m) => m[1]);

  it('are ASCII, unique, and built from first author, year and first significant title word', () => {
    expect(keys).toHaveLength(allCases.length);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9]+$/);
    expect(keys[0]).toBe('Muller2016mitragynine');
    expect(keys).toContain('Grundmann2012mitragynine');
  });

  it('give the colliding pair the bare key for the lower PMID and a suffix for the other', () => {
    expect(text).toContain('@article{Krugel2016mitragynine,\n  author = {Krügel, Andrew},\n  title = {{Mitragynine} receptor');
    expect(text).toContain('@article{Krugel2016mitragyninea,\n  author = {Krügel, Andrew},\n  title = {{Mitragynine} metabolism');
  });
});

describe('TeX escaping', () => {
  it('escapes every TeX special and the OT1-unsafe angle brackets', () => {
    expect(escapeTex('5% & $10 #1 under_score {x} ~ ^ a\\b <c>')).toBe(
      '5\\% \\& \\$10 \\#1 under\\_score \\{x\\} \\textasciitilde{} \\textasciicircum{} a\\textbackslash{}b \\textless{}c\\textgreater{}',
    );
  });

  it('keeps non-ASCII letters as UTF-8', () => {
    expect(escapeTex('Nguyễn Sørensen Gonçalves')).toBe('Nguyễn Sørensen Gonçalves');
  });

  it('protects words with capitals and double-braces a protected word that starts with a macro', () => {
    expect(protectedTitle('Effects on CYP2D6 and mRNA in Thailand')).toBe('{Effects} on {CYP2D6} and {mRNA} in {Thailand}');
    expect(protectedTitle('the #ABC trial')).toBe('the {{\\#ABC}} trial');
  });

  it('braces a group author holding a comma, alone or after a person, so it reads back as one name', () => {
    const name = 'Kratom Study Group, University of Florida';
    const alone = renderBibtex([article({ authors: [group(name)] })]);
    expect(alone).toContain(`author = {{${name}}},`);
    expect(readWith('@biblatex/text', alone)[0]?.author?.map(nameText)).toEqual([name]);
    const after = renderBibtex([article({ authors: [person('Smith', 'Jane'), group(name)] })]);
    expect(after).toContain(`author = {Smith, Jane and {${name}}},`);
    expect(readWith('@biblatex/text', after)[0]?.author).toEqual([{ given: 'Jane', family: 'Smith' }, { family: name }]);
  });

  it('keeps group authors in braces and braces a family name holding "and"', () => {
    expect(bibtexName({ kind: 'group', literal: 'Smith & Jones Group' })).toBe('{Smith \\& Jones Group}');
    expect(bibtexName({ kind: 'person', family: 'Sand and Stone', given: 'A', suffix: null })).toBe('{Sand and Stone}, A');
  });

  it('keeps a suffix in the Jr position even when the given name is missing', () => {
    expect(bibtexName({ kind: 'person', family: 'Smith', given: null, suffix: 'III' })).toBe('Smith, III, ');
    const [item] = readWith('@bibtex/text', '@article{k,\n  author = {Smith, III, },\n  title = {T},\n}\n');
    expect(item?.author?.[0]).toMatchObject({ family: 'Smith', suffix: 'III' });
  });

  it('writes every entry with balanced braces', () => {
    for (const entry of text.split('\n\n')) {
      const unescaped = entry.replace(/\\[{}]/g, '');
      const opens = (unescaped.match(/\{/g) ?? []).length;
      expect((unescaped.match(/\}/g) ?? []).length).toBe(opens);
    }
  });

  it('writes the month as an unbraced macro and pages with an en dash', () => {
    expect(text).toContain('  month = may,\n');
    expect(text).toContain('  pages = {737--738},\n');
  });
});

describe('BibTeX empty export', () => {
  it('is the empty string', () => {
    expect(renderBibtex([])).toBe('');
  });
});
