import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { compileSynonyms, parseSynonyms } from '../../src/search/synonyms.js';
import { loadSynonymFile } from '../../src/search/synonyms-file.js';
import { indexTerms } from '../../src/search/tokenize.js';
import { tempDir } from './helpers.js';

const file = (groups: unknown) => JSON.stringify({ version: 1, groups });

describe('synonym list', () => {
  it('loads the shipped data/synonyms.json and covers the field vocabulary', () => {
    const m = loadSynonymFile();
    for (const text of ['kratom', 'Mitragyna speciosa', 'ketum', 'biak-biak', 'krathom', 'kakuam', 'thang']) {
      expect(indexTerms(text, m), text).toContain('syn:kratom');
    }
    for (const text of ['7-OH', '7-OH-MG', '7‐hydroxymitragynine', '7-OHMG']) {
      expect(indexTerms(text, m), text).toContain('syn:7-hydroxymitragynine');
    }
    expect(indexTerms('μ-opioid receptors', m)).toContain('syn:mu-opioid-receptor');
    expect(indexTerms('MOR', m)).toContain('syn:mu-opioid-receptor');
    expect(indexTerms('OUD', m)).toContain('syn:opioid-use-disorder');
  });

  it('does not treat "mg" (milligrams) as mitragynine', () => {
    const terms = indexTerms('20 mg of MG', loadSynonymFile());
    expect(terms.filter((t) => t.startsWith('syn:'))).toEqual([]);
  });

  it('rejects invalid files with a message naming the file and the place', () => {
    expect(() => parseSynonyms('{', 'my.json')).toThrow(/my.json is not valid JSON/);
    expect(() => parseSynonyms(file([{ id: 'Bad Id', terms: ['a', 'b'] }]), 'my.json')).toThrow(/groups.0.id/);
    expect(() => parseSynonyms(file([{ id: 'x', terms: ['only'] }]), 'my.json')).toThrow(/at least two terms/);
    expect(() => parseSynonyms(JSON.stringify({ version: 2, groups: [] }), 'my.json')).toThrow(/version/);
    const twice = parseSynonyms(file([{ id: 'a', terms: ['kratom', 'ketum'] }, { id: 'b', terms: ['Kratom', 'leaf'] }]), 'f');
    expect(() => compileSynonyms(twice, 'f')).toThrow(/"Kratom" is in both "a" and "b"/);
    expect(() => compileSynonyms([{ id: 'a', terms: ['--', 'x'] }], 'f')).toThrow(UsageError);
  });

  it('hashes the list, so an edit changes the index stamp', () => {
    const a = compileSynonyms(parseSynonyms(file([{ id: 'a', terms: ['kratom', 'ketum'] }]), 'f'));
    const b = compileSynonyms(parseSynonyms(file([{ id: 'a', terms: ['kratom', 'ketum', 'biak'] }]), 'f'));
    const a2 = compileSynonyms(parseSynonyms(file([{ id: 'a', terms: ['ketum', 'kratom'] }]), 'f'));
    expect(a.hash).not.toBe(b.hash);
    expect(a.hash).toBe(a2.hash);
  });

  it('reads a user file from any path and reports unreadable ones', () => {
    const dir = tempDir('kl-syn-');
    const path = join(dir, 'mine.json');
    writeFileSync(path, file([{ id: 'leaf', terms: ['leaf', 'foliage'] }]));
    expect(indexTerms('foliage', loadSynonymFile(path))).toContain('syn:leaf');
    expect(() => loadSynonymFile(join(dir, 'missing.json'))).toThrow(/cannot read .*missing.json/);
  });
});
