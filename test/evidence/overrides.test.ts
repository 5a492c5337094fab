import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parseOverrides } from '../../src/evidence/overrides.js';

describe('curator override file', () => {
  it('reads design, designAlso, themes and note by PMID', () => {
    const o = parseOverrides('{"41900015": {"design": "case-report", "designAlso": ["review"], "themes": ["toxicity"], "note": "one new patient"}}', 'ov.json');
    expect(o.get('41900015')).toEqual({ design: 'case-report', designAlso: ['review'], themes: ['toxicity'], note: 'one new patient', origin: 'ov.json' });
  });

  it.each([
    ['not json', 'evidence overrides ov.json: not valid JSON'],
    ['[]', 'evidence overrides ov.json: expected an object keyed by PMID'],
    ['{"abc": {"design": "rct"}}', 'evidence overrides ov.json: key "abc" is not a PMID'],
    ['{"12": {"design": "trial"}}', 'evidence overrides ov.json: PMID 12: unknown design "trial"'],
    ['{"12": {"themes": ["pain", "cats"]}}', 'evidence overrides ov.json: PMID 12: unknown theme "cats"'],
    ['{"12": {"themes": []}}', 'evidence overrides ov.json: PMID 12: themes must be a non-empty list of theme ids'],
    ['{"12": {"design": "rct", "desing": "rct"}}', 'evidence overrides ov.json: PMID 12: unknown field "desing"'],
    ['{"12": {"note": "only a note"}}', 'evidence overrides ov.json: PMID 12: gives neither design, designAlso nor themes'],
  ])('rejects %s naming the file, PMID and field', (text, message) => {
    let err: unknown;
    try {
      parseOverrides(text, 'ov.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message.startsWith(message)).toBe(true);
  });
});
