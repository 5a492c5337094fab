/**
 * The check report in words: after a read that stopped at damage, the count says what it counts (records
 * read before the stop, the rest unread rather than lost) and the recovery step says what salvage tries.
 */
import { describe, expect, it } from 'vitest';
import { formatCheck, salvageHint } from '../../src/cli/check.js';
import type { CheckReport } from '../../src/library/types.js';

const stopped: CheckReport = {
  database: '/data/lib.sqlite',
  ok: false,
  integrity: ['database disk image is malformed'],
  foreignKeys: [],
  unreadable: [{ pmid: '41900003', reason: 'Unexpected end of JSON input' }],
  records: 5,
  listedStale: [],
  walkError: 'database disk image is malformed',
  stoppedAfter: '41900006',
  stored: null,
};

describe('check after a read-back that stopped early', () => {
  it('counts the records read before the stop and the stored ones left unread, and says what salvage tries', () => {
    const text = formatCheck(stopped, { live: 43, deleted: 1, books: 1, retracted: 2, byTopic: {} });
    expect(text).toContain('\n  reading the records stopped early (database disk image is malformed): 5 records read back whole before it stopped; the other 38 of the 44 stored were not read, so whether they are whole is unknown.\n');
    expect(text).toContain("check --salvage saved.xml   (tries all 43 live records' kept raw XML: it reads only that column, so it can get past damage that stopped this read)\n");
    expect(text).not.toMatch(/^ {2}5 records read back whole\.$/m);
  });

  it('says the rest were not read when the counts cannot be read either', () => {
    const text = formatCheck(stopped);
    expect(text).toContain('5 records read back whole before it stopped; the records after them were not read, so whether they are whole is unknown.');
    expect(text).toContain("(tries every live record's kept raw XML: ");
  });

  it('keeps the plain count when the read-back went to the end', () => {
    const text = formatCheck({ ...stopped, walkError: null }, { live: 43, deleted: 1, books: 1, retracted: 2, byTopic: {} });
    expect(text).toContain('\n  5 records read back whole.\n');
    expect(text).toContain('(the kept raw XML of every readable record)');
  });
});

describe('the salvage hint keeps apart what an ingest can file again and what it cannot', () => {
  const written = { written: 3, skipped: 0 };
  const counts = (byTopic: Record<string, number>) => ({ live: 3, deleted: 0, books: 0, retracted: 0, byTopic });

  it('gives --topic for a configured topic every record has, a full ingest for the configured ones some have, and names stored topics no longer configured', () => {
    const hint = salvageHint('saved.xml', written, counts({ mitragynine: 3, '7-hydroxymitragynine': 1, speciogynine: 2, paynantheine: 3 }), ['mitragynine', '7-hydroxymitragynine']);
    expect(hint.split('\n')).toEqual([
      'check: wrote 3 records to saved.xml (0 could not be read); import it into a new library: kratomlit --db NEW.sqlite import saved.xml --topic mitragynine',
      'check: PubMed XML holds no topics: 7-hydroxymitragynine is not kept (only some records have it); kratomlit --db NEW.sqlite ingest --full files the records under it again',
      'check: speciogynine, paynantheine are stored topics no longer configured, so no ingest files records under them again: the new library will not have them',
    ]);
  });

  it('promises no ingest for a topic no longer configured, even when it is the only one', () => {
    const hint = salvageHint('saved.xml', written, counts({ speciogynine: 2 }), ['mitragynine']);
    expect(hint.split('\n')).toEqual([
      'check: wrote 3 records to saved.xml (0 could not be read); import it into a new library: kratomlit --db NEW.sqlite import saved.xml',
      'check: speciogynine is a stored topic no longer configured, so no ingest files records under it again: the new library will not have it',
    ]);
  });
});
