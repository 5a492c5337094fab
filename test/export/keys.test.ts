import { describe, expect, it } from 'vitest';
import { asciiFold, assignKeys, baseKey } from '../../src/export/keys.js';
import { article, cases, group, person } from '../fixtures/export/articles.js';

describe('asciiFold', () => {
  it('removes accents and spells out letters that do not decompose', () => {
    expect(asciiFold('Müller')).toBe('Muller');
    expect(asciiFold('Nguyễn')).toBe('Nguyen');
    expect(asciiFold('Sørensen')).toBe('Sorensen');
    expect(asciiFold('Gonçalves')).toBe('Goncalves');
    expect(asciiFold('Łukasz Weiß')).toBe('LukaszWeiss');
    expect(asciiFold("O'Brien")).toBe('OBrien');
  });
});

describe('baseKey', () => {
  it('joins first author family, year and the first significant title word', () => {
    expect(baseKey(cases.full)).toBe('Muller2016mitragynine');
  });

  it('skips stop words and bare numbers but keeps a word that starts with a digit', () => {
    expect(baseKey(article({ title: 'The 5 faces of 7-hydroxymitragynine', authors: [person('Lee', 'Ann')] }))).toBe(
      'Lee2016faces',
    );
    expect(baseKey(article({ title: 'On 7-hydroxymitragynine', authors: [person('Lee', 'Ann')] }))).toBe(
      'Lee20167hydroxymitragynine',
    );
  });

  it('uses the first word of a collective author, nd without a year, Anonymous without authors', () => {
    expect(baseKey(article({ authors: [group('The Kratom Research Consortium')] }))).toBe('Kratom2016mitragynine');
    expect(baseKey(cases.texSpecials)).toBe('Smithnddosing');
    expect(baseKey(cases.notice)).toBe('Anonymous2016retraction');
  });
});

describe('assignKeys', () => {
  const a = article({ pmid: '300', authors: [person('Krügel', 'A')], title: 'Mitragynine one' });
  const b = article({ pmid: '100', authors: [person('Krügel', 'A')], title: 'Mitragynine two' });
  const c = article({ pmid: '20', authors: [person('Krügel', 'A')], title: 'Mitragynine three' });

  it('gives the lowest PMID the bare key and the others a, b in PMID order (numeric, not string)', () => {
    expect(assignKeys([a, b, c])).toEqual(['Krugel2016mitragynineb', 'Krugel2016mitragyninea', 'Krugel2016mitragynine']);
  });

  it('gives each record the same key whatever the input order', () => {
    const forward = assignKeys([a, b, c]);
    const backward = assignKeys([c, b, a]).reverse();
    expect(backward).toEqual(forward);
  });

  it('never hands out a suffixed key that is another record base key', () => {
    const clash = article({ pmid: '5', authors: [person('Krügel', 'A')], title: 'Mitragyninea study' });
    const keys = assignKeys([a, b, clash]);
    expect(keys).toEqual(['Krugel2016mitragynineb', 'Krugel2016mitragynine', 'Krugel2016mitragyninea']);
    expect(new Set(keys).size).toBe(3);
  });

  it('keeps keys unique when the same record is passed twice', () => {
    expect(assignKeys([a, a])).toEqual(['Krugel2016mitragynine', 'Krugel2016mitragyninea']);
  });

  it('continues with two-letter suffixes after z', () => {
    const many = Array.from({ length: 28 }, (_, i) =>
      article({ pmid: String(i + 1), authors: [person('Lee', 'A')], title: 'Kratom' }),
    );
    const keys = assignKeys(many);
    expect(keys.slice(25, 28)).toEqual(['Lee2016kratomy', 'Lee2016kratomz', 'Lee2016kratomaa']);
    expect(new Set(keys).size).toBe(28);
  });
});
