import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const CONSUMER = `import { openLibrary, type Article, type SearchHit } from 'kratomlit';

const lib = await openLibrary({ db: 'db/kratomlit.sqlite' });
const hits: SearchHit[] = lib.search('"mu opioid" agonist -review', { since: '2020', limit: 20 });
const first: Article | null = hits[0] ? lib.get(hits[0].pmid) : null;
const rows = lib.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number };
console.log(first?.title, rows.n, lib.status().records.live, lib.export(hits.map((h) => h.pmid), 'ris').length);
lib.close();
`;

/**
 * The published package as a consumer gets it: `npm pack` output unpacked into a project whose
 * node_modules holds kratomlit's runtime dependencies only (no devDependencies such as
 * @types/better-sqlite3) and @types/node; the script is compiled with `strict` and no `skipLibCheck`.
 */
describe('the published types compile for a consumer', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-consumer-'));
    const tgz = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').pop() ?? '';
    const pkgDir = join(dir, 'node_modules', 'kratomlit');
    mkdirSync(pkgDir, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, tgz), '-C', pkgDir, '--strip-components=1']);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of [...Object.keys(pkg.dependencies), '@types/node']) {
      const target = join(dir, 'node_modules', name);
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(join(REPO, 'node_modules', name), target, 'dir');
    }
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
    writeFileSync(join(dir, 'script.ts'), CONSUMER);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, skipLibCheck: false, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', types: ['node'] },
      files: ['script.ts'],
    }));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('without better-sqlite3 types installed', () => {
    expect(readdirSync(join(dir, 'node_modules', '@types'))).toEqual(['node']);
    let out = '';
    try {
      execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
    } catch (err) {
      out = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(out).toBe('');
  }, 120_000);
});
