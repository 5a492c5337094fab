import { describe, expect, it } from 'vitest';
import { isoDate, parseMonth, parsePubDate } from '../../src/pubmed/dates.js';

describe('parseMonth', () => {
  it.each([
    ['Jan', 1],
    ['jun', 6],
    ['September', 9],
    ['1', 1],
    ['01', 1],
    ['12', 12],
  ])('reads %s as %i', (input, expected) => {
    expect(parseMonth(input)).toBe(expected);
  });

  it('returns null for months it cannot read', () => {
    expect([parseMonth('13'), parseMonth('0'), parseMonth('Spring'), parseMonth(null)]).toEqual([null, null, null, null]);
  });
});

describe('parsePubDate', () => {
  it('reads Year, named Month and padded Day and keeps the date as written', () => {
    expect(parsePubDate({ Year: '2020', Month: 'Jun', Day: '08' })).toEqual({ year: 2020, month: 6, day: 8, season: null, raw: '2020 Jun 08' });
  });

  it('reads a numeric month', () => {
    expect(parsePubDate({ Year: '2017', Month: '06' })).toEqual({ year: 2017, month: 6, day: null, season: null, raw: '2017 06' });
  });

  it('keeps a Season with its year', () => {
    expect(parsePubDate({ Year: '2019', Season: 'Spring' })).toEqual({ year: 2019, month: null, day: null, season: 'Spring', raw: '2019 Spring' });
  });

  it.each([
    ['1998 Dec-1999 Jan', { year: 1998, month: 12, day: null, season: null }],
    ['2000 Spring', { year: 2000, month: null, day: null, season: 'Spring' }],
    ['1975-1976', { year: 1975, month: null, day: null, season: null }],
    ['2015 Oct-Dec', { year: 2015, month: 10, day: null, season: null }],
    ['2001 Jul 12-18', { year: 2001, month: 7, day: 12, season: null }],
    ['Winter 2003-2004', { year: 2003, month: null, day: null, season: 'Winter' }],
  ])('reads MedlineDate %s from the start of its range', (raw, expected) => {
    expect(parsePubDate({ MedlineDate: raw })).toEqual({ ...expected, raw });
  });

  it('returns all nulls when there is no PubDate', () => {
    expect(parsePubDate(undefined)).toEqual({ year: null, month: null, day: null, season: null, raw: null });
  });
});

describe('isoDate', () => {
  it('pads unpadded PubMedPubDate months and days', () => {
    expect(isoDate({ Year: '2018', Month: '4', Day: '7' })).toBe('2018-04-07');
  });

  it('appends the time only when asked and an Hour is present', () => {
    const date = { Year: '2018', Month: '4', Day: '7', Hour: '0', Minute: '5' };
    expect([isoDate(date, true), isoDate(date), isoDate({ Year: '2018', Month: '4', Day: '7' }, true)]).toEqual([
      '2018-04-07T00:05',
      '2018-04-07',
      '2018-04-07',
    ]);
  });

  it('returns the precision available, or null without a year', () => {
    expect([isoDate({ Year: '2018', Month: 'Apr' }), isoDate({ Year: '2018' }), isoDate({ Month: '4' })]).toEqual(['2018-04', '2018', null]);
  });
});
