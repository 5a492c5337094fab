import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePubmedXml } from '../../src/pubmed/normalize.js';
import { getArticle } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { type CliResult, type Workspace, makeWorkspace, runCli } from '../support/cli.js';
import { makeArticleSet, makeRecord } from '../support/make-record.js';

const good = (pmid: string) => makeRecord({ pmid, entrez: '2026-10-05', title: `Alphazine safety study ${pmid}` });

interface ImportJson {
  records: number;
  new: number;
  rejected: number;
  problems: Array<{ pmid: string | null; reason: string; file: string }>;
  fileErrors: Array<{ file: string; code: string; message: string }>;
}

// Hostile input at the import level: one poisoned record among good ones is quarantined with its PMID and
// reason and the others are stored; entity tricks never expand or read files; nothing crashes.
describe('hostile XML given to `import`', () => {
  let ws: Workspace;
  const files = new Map<string, string>();
  const results = new Map<string, { r: CliResult; json: ImportJson }>();

  const write = (name: string, text: string) => {
    const path = join(ws.dir, name);
    writeFileSync(path, text);
    files.set(name, path);
  };
  const stored = (pmid: string) => {
    const db = openStore(ws.db, { readonly: true });
    try {
      return getArticle(db, pmid);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    ws = makeWorkspace();
    writeFileSync(join(ws.dir, 'secret.txt'), 'TOPSECRET-XXE-CONTENT');
    write('mismatched.xml', makeArticleSet([good('501'), good('502').replace('</ArticleTitle>', '</Title>'), good('503')]));
    write('raw-lt.xml', makeArticleSet([good('511'), good('512').replace('Alphazine safety', 'Alphazine < safety'), good('513')]));
    const bombDefs = ['<!ENTITY a0 "alphazine alphazine alphazine alphazine">'];
    for (let i = 1; i <= 9; i++) bombDefs.push(`<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`);
    write('bomb.xml', `<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [\n${bombDefs.join('\n')}\n]>\n<PubmedArticleSet>${good('521').replace('Alphazine safety study 521', '&a9;')}${good('522')}</PubmedArticleSet>\n`);
    write('xxe.xml', `<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [\n<!ENTITY xxe SYSTEM "file://${join(ws.dir, 'secret.txt')}">\n]>\n<PubmedArticleSet>${good('531').replace('Alphazine safety study 531', 'Leak: &xxe;')}${good('532')}</PubmedArticleSet>\n`);
    const deep = `${'<sup>'.repeat(200)}deep${'</sup>'.repeat(200)}`;
    write('deep.xml', makeArticleSet([good('541'), good('542').replace('Alphazine safety study 542', `Alphazine ${deep}`), good('543')]));
    const proto = '<__proto__><polluted>yes</polluted></__proto__><constructor><prototype><polluted>yes</polluted></prototype></constructor>';
    write('proto.xml', makeArticleSet([good('551').replace('<DateRevised>', `${proto}<DateRevised>`), good('552')]));
    write('numeric.xml', makeArticleSet([good('561').replace('<Volume>12</Volume><Issue>3</Issue>', '<Volume>00123</Volume><Issue>12E4</Issue>')]));
    for (const [name, path] of files) {
      const r = await runCli(['import', '--json', path], ws.env());
      results.set(name, { r, json: JSON.parse(r.stdout || '{}') as ImportJson });
    }
  }, 180_000);
  afterAll(() => ws.remove());

  const noCrash = (r: CliResult) => {
    expect([0, 1, 3]).toContain(r.code);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  };

  it('quarantines a record with a mismatched tag, with its PMID and reason, and stores its neighbours', () => {
    const { r, json } = results.get('mismatched.xml')!;
    noCrash(r);
    expect(json.problems.map((p) => p.pmid)).toEqual(['502']);
    expect(json.problems[0]?.reason).toBeTruthy();
    expect([stored('501')?.pmid, stored('503')?.pmid, stored('502')]).toEqual(['501', '503', null]);
  });

  it('quarantines a record with a raw "<" in its text and stores its neighbours', () => {
    const { r, json } = results.get('raw-lt.xml')!;
    noCrash(r);
    expect(json.problems.map((p) => p.pmid)).toEqual(['512']);
    expect([stored('511')?.pmid, stored('513')?.pmid, stored('512')]).toEqual(['511', '513', null]);
  });

  it('never expands an entity bomb: the import ends quickly and no stored text is blown up', () => {
    const { r } = results.get('bomb.xml')!;
    noCrash(r);
    expect(r.ms).toBeLessThan(10_000);
    for (const pmid of ['521', '522']) expect((stored(pmid)?.title ?? '').length).toBeLessThan(1_000);
  });

  it('never resolves an external entity: the referenced file content appears nowhere in the store', () => {
    const { r } = results.get('xxe.xml')!;
    noCrash(r);
    expect(stored('531')?.title ?? '').not.toContain('TOPSECRET');
    expect(readFileSync(ws.db).includes('TOPSECRET')).toBe(false);
  });

  it('survives 200-deep nesting inside a title and keeps the record or rejects it with a reason', () => {
    const { r, json } = results.get('deep.xml')!;
    noCrash(r);
    expect([stored('541')?.pmid, stored('543')?.pmid]).toEqual(['541', '543']);
    const deep = stored('542');
    if (deep) expect(deep.title).toContain('deep');
    else expect(json.problems.map((p) => p.pmid)).toEqual(['542']);
  });

  it('quarantines a record with __proto__ / constructor element names (reason names the element) and pollutes no prototype', () => {
    const { r, json } = results.get('proto.xml')!;
    noCrash(r);
    expect(json.problems.map((p) => p.pmid)).toEqual(['551']);
    expect(json.problems[0]?.reason).toMatch(/__proto__|constructor/);
    expect([stored('551'), stored('552')?.pmid]).toEqual([null, '552']);
    const text = readFileSync(files.get('proto.xml')!, 'utf8');
    parsePubmedXml(text, 'proto.xml');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('keeps numbers that look numeric as the strings they are (00123, 12E4)', () => {
    noCrash(results.get('numeric.xml')!.r);
    expect(stored('561')?.journal).toMatchObject({ volume: '00123', issue: '12E4' });
  });
});
