/**
 * The lint rules of eslint.config.js bite: an upward import, an import of test/ from src/, I/O in the
 * pure core and an import cycle are reported; a downward import is not; every file under src/ belongs
 * to exactly one layer.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface LintConfigModule {
  layers: Array<{ name: string; files: string[] }>;
  buildConfig(): Linter.Config[];
}
// eslint.config.js is plain JavaScript (ESLint loads it without a build), hence the typed dynamic import.
const config = (await import(pathToFileURL(join(ROOT, 'eslint.config.js')).href)) as LintConfigModule;

// The cycle rule reads the linted file from disk, and lintAs() lints files that do not exist; cycles are
// tested on the real fixture files below.
const eslint = new ESLint({ cwd: ROOT, overrideConfig: { rules: { 'import/no-cycle': 'off' } } });

/** Lints `code` as if it were the file `file` (relative to the repository); returns `rule: message` lines. */
async function lintAs(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

/** An import of an existing file, so a missing report cannot come from an unresolved path. */
function importOf(from: string, target: string): string {
  expect(existsSync(join(ROOT, target)), `${target} exists`).toBe(true);
  const spec = relative(dirname(from), target).replace(/\.ts$/, '.js');
  return `import * as m from '${spec.startsWith('.') ? spec : `./${spec}`}';\nexport const n = Object.keys(m).length;\n`;
}

describe('layering', () => {
  it('reports an I/O edge that imports a face', async () => {
    const messages = await lintAs('src/store/lint-fixture.ts', importOf('src/store/lint-fixture.ts', 'src/web/server.ts'));
    expect(messages).toEqual([expect.stringMatching(/^import\/no-restricted-paths: .*"\.\.\/web\/server\.js".*Layer 2 \(I\/O edges\)/)]);
  });

  it('reports the types layer importing the store, and src/ importing the bin', async () => {
    expect(await lintAs('src/lint-fixture/types.ts', importOf('src/lint-fixture/types.ts', 'src/store/open.ts'))).toEqual([
      expect.stringMatching(/^import\/no-restricted-paths: .*Layer 0 \(types and errors\)/),
    ]);
    expect(await lintAs('src/library/lint-fixture.ts', importOf('src/library/lint-fixture.ts', 'jobs/main.ts'))).toEqual([
      expect.stringMatching(/^import\/no-restricted-paths: .*Layer 3 \(library face\)/),
    ]);
  });

  it('reports src/ importing test/', async () => {
    const messages = await lintAs('src/web/lint-fixture.ts', importOf('src/web/lint-fixture.ts', 'test/support/random.ts'));
    expect(messages).toEqual([expect.stringMatching(/^import\/no-restricted-paths: .*Nothing in src\/ imports test\//)]);
  });

  it('reports the pure core importing node:fs, but not an I/O edge doing so', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const read = (p: string) => readFileSync(p, 'utf8');\n";
    expect(await lintAs('src/export/lint-fixture.ts', code)).toEqual([expect.stringMatching(/^no-restricted-imports: .*pure core does no I\/O/)]);
    expect(await lintAs('src/store/lint-fixture.ts', code)).toEqual([]);
  });

  it('lets a face import the store and the pure core import types', async () => {
    expect(await lintAs('src/web/lint-fixture.ts', importOf('src/web/lint-fixture.ts', 'src/store/open.ts'))).toEqual([]);
    expect(await lintAs('src/export/lint-fixture.ts', importOf('src/export/lint-fixture.ts', 'src/types.ts'))).toEqual([]);
  });

  it('puts every file under src/ in exactly one layer', async () => {
    // ESLint merges `settings` of every config object whose `files` match, so each layer leaves a mark.
    const marker = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: config.layers.map((layer, i) => ({ files: layer.files, settings: { [`layer${i}`]: layer.name } })),
    });
    const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(100);
    const wrong: string[] = [];
    for (const file of files) {
      const settings = ((await marker.calculateConfigForFile(join(ROOT, 'src', file))) as Linter.Config).settings ?? {};
      const marks = Object.keys(settings).filter((k) => k.startsWith('layer'));
      if (marks.length !== 1) wrong.push(`src/${file}: ${marks.length} layers`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('import cycles', () => {
  const fixtures = new ESLint({ cwd: ROOT, ignore: false });

  it('reports a module that is part of a cycle', async () => {
    const [result] = await fixtures.lintFiles([join(ROOT, 'test/lint/fixtures/cycle-a.ts')]);
    expect(result?.messages.map((m) => m.ruleId)).toEqual(['import/no-cycle']);
  });

  it('does not report a module that only imports a member of a cycle', async () => {
    const [result] = await fixtures.lintFiles([join(ROOT, 'test/lint/fixtures/acyclic.ts')]);
    expect(result?.messages).toEqual([]);
  });
});
