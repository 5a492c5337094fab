/**
 * `Library.import` names each file as its caller does (`names`): a face that copied standard input to a
 * temporary file gets `standard input` in the report, the progress and the run ledger, never the copy's path.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/index.js';
import { makeArticleSet, makeRecord } from '../support/make-record.js';

describe('import names', () => {
  let dir: string;
  let copy: string;
  let whole: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-names-'));
    whole = join(dir, 'saved.xml');
    writeFileSync(whole, makeArticleSet([makeRecord({ pmid: '41000001', entrez: '2026-11-18' })]));
    // Where a face would have copied standard input: cut inside the second record.
    mkdirSync(join(dir, 'copy'));
    copy = join(dir, 'copy', 'stdin');
    const set = makeArticleSet([makeRecord({ pmid: '41000002', entrez: '2026-11-18' }), makeRecord({ pmid: '41000003', entrez: '2026-11-18' })]);
    writeFileSync(copy, set.slice(0, set.indexOf('41000003') + 20));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports and records a file under the name given for it, and nowhere under its path', async () => {
    const lib = await openLibrary({ db: join(dir, 'lib.sqlite'), config: false });
    try {
      expect((await lib.import([whole])).status).toBe('ok');
      const started: string[] = [];
      const r = await lib.import([whole, copy], {
        names: ['saved.xml', 'standard input'],
        onProgress: (p) => p.done === 0 && started.push(p.file),
      });
      expect(r.status).toBe('partial');
      expect(started).toEqual(['saved.xml']);
      expect(r.fileErrors.map((e) => [e.file, e.code])).toEqual([['standard input', 'XML_TRUNCATED']]);
      expect(r.fileErrors[0]?.message).toMatch(/^standard input is truncated after 1 complete records/);
      const run = lib.status().runs[0];
      expect(run?.error).toBe(r.fileErrors[0]?.message);
      expect(JSON.stringify(lib.status().runs)).not.toContain(copy);
      expect(JSON.stringify(r)).not.toContain(copy);
    } finally {
      lib.close();
    }
  });

  it('names an unreadable file on a library that does not exist yet, and creates none', async () => {
    const lib = await openLibrary({ db: join(dir, 'new.sqlite'), config: false });
    try {
      const r = await lib.import([copy], { names: ['standard input'] });
      expect([r.status, r.fileErrors[0]?.file]).toEqual(['failed', 'standard input']);
      expect(r.fileErrors[0]?.message).not.toContain(copy);
      expect(existsSync(join(dir, 'new.sqlite'))).toBe(false);
    } finally {
      lib.close();
    }
  });

  it('refuses names that do not pair one to one with the files, before storing anything', async () => {
    const lib = await openLibrary({ db: join(dir, 'new.sqlite'), config: false });
    try {
      await expect(lib.import([whole, copy], { names: ['standard input'] })).rejects.toThrow('import: names has 1 entry for 2 file(s); give one name per file');
      expect(existsSync(join(dir, 'new.sqlite'))).toBe(false);
    } finally {
      lib.close();
    }
  });
});
