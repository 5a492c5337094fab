import { describe, expect, it } from 'vitest';
import { normalizeRecordXml, parsePubmedXml } from '../../src/pubmed/normalize.js';
import { isPmid, parsePmidInput } from '../../src/pmid.js';
import { parseQuery } from '../../src/search/query-parse.js';
import { RecordSplitter } from '../../src/pubmed/split.js';
import { makeArticleSet, makeRecord } from '../support/make-record.js';

describe('one rule for a PMID', () => {
  it('accepts 1 to 9 digits without a leading zero, and canonicalizes typed input', () => {
    expect(['1', '31234567', '999999999'].map(isPmid)).toEqual([true, true, true]);
    expect(['', '0', '0123', '1234567890', '12a', ' 12'].map(isPmid)).toEqual([false, false, false, false, false, false]);
    expect(parsePmidInput(' 00031234567 ')).toBe('31234567');
    expect(parsePmidInput('1234567890')).toBeNull();
  });

  it('pmid: queries follow it', () => {
    expect(parseQuery('pmid:0031234567').filters.pmids).toEqual(['31234567']);
    expect(() => parseQuery('pmid:1234567890')).toThrow(/pmid:1234567890 is not a PubMed id \(a PubMed id is 1 to 9 digits/);
  });

  it('import rejects a record with an impossible PMID as a named problem, keeping the others', () => {
    const xml = makeArticleSet([makeRecord({ pmid: '1234567890', entrez: '2026-01-05' }), makeRecord({ pmid: '31234567', entrez: '2026-01-05' })]);
    const parsed = parsePubmedXml(xml);
    expect(parsed.articles.map((a) => a.article.pmid)).toEqual(['31234567']);
    expect(parsed.problems).toEqual([{ pmid: null, field: 'PMID', reason: 'PMID "1234567890" is impossible (a PubMed id is 1 to 9 digits, not starting with 0)' }]);
    expect(normalizeRecordXml(makeRecord({ pmid: '0042', entrez: '2026-01-05' }))).toMatchObject({ field: 'PMID' });
  });
});

describe('MEDLINE text instead of XML', () => {
  it('is refused saying so, not as "not XML" with its first lines', () => {
    expect(() => new RecordSplitter({ source: 'export.txt' }).push('PMID- 31234567\nOWN - NLM\nTI  - Kratom.\n')).toThrow(
      'pubmed/split: export.txt is MEDLINE text: MEDLINE text format is not supported, use PubMed XML',
    );
  });
});
