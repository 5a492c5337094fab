import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, configFileSchema, loadConfig } from '../../src/config.js';
import { shipped } from '../../src/paths.js';

describe('the built-in defaults (a process without a config file does not load zod)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kratomlit-defaults-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are exactly what the schema gives for an empty file', () => {
    expect(configFileSchema().parse({})).toEqual(CONFIG_DEFAULTS);
  });

  it('give the same configuration as an empty config file', () => {
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '{}');
    const fromFile = loadConfig({ path: empty, env: {}, cwd: dir });
    const builtIn = loadConfig({ env: {}, cwd: dir });
    expect({ ...builtIn, configPath: empty }).toEqual(fromFile);
    expect(Object.isFrozen(builtIn.topics[0])).toBe(true);
  });

  /** Whether zod's modules are loaded after `loadConfig(opts)` in a fresh node process (the built module). */
  function zodLoaded(opts: object): boolean {
    const config = pathToFileURL(shipped('dist', 'src', 'config.js')).href;
    const script = `import { createRequire } from 'node:module';
      const { loadConfig } = await import(${JSON.stringify(config)});
      loadConfig(${JSON.stringify(opts)});
      const cache = createRequire(import.meta.url).cache;
      process.stdout.write(String(Object.keys(cache).some((k) => k.includes('/node_modules/zod/'))));`;
    return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }) === 'true';
  }

  it('are used without loading zod; a config file loads it to validate', () => {
    const file = join(dir, 'kratomlit.config.json');
    writeFileSync(file, '{"db": "x.sqlite"}');
    expect(zodLoaded({ env: {}, cwd: dir, discover: false })).toBe(false);
    expect(zodLoaded({ path: file, env: {}, cwd: dir })).toBe(true);
  });
});
