import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { type Library, openLibrary } from '../../src/index.js';
import { upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { type RunningServer, startServer } from '../../src/web/serve.js';
import { makeArticle } from '../search/helpers.js';
import { get } from './fixture.js';

let dir: string;
let lib: Library | null = null;
let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  lib?.close();
  server = null;
  lib = null;
  rmSync(dir, { recursive: true, force: true });
});

/** A one-record library whose digest folder is `digests` (made a folder or not by the test). */
async function library(digests: string): Promise<Library> {
  const db = openStore(join(dir, 'lib.sqlite'));
  upsertParsed(db, [{ article: makeArticle('60000001', { title: 'Kratom record' }), raw: '<PubmedArticle/>' }], { source: 'import', now: new Date('2026-11-20T10:00:00Z'), topics: ['alpha'] });
  closeStore(db);
  return (lib = await openLibrary({ db: join(dir, 'lib.sqlite'), digestDir: digests, followOnSearch: false }));
}

const quiet = { info: () => {}, error: () => {} };

describe('serve: a digest folder that is not one, and server errors', () => {
  it('refuses to start when the digest folder is a file, naming it, before listening', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-web-err-'));
    const file = join(dir, 'digests.txt');
    writeFileSync(file, 'not a folder');
    const started = startServer({ library: await library(file), port: 0, log: quiet });
    await expect(started).rejects.toThrow(UsageError);
    await expect(started).rejects.toThrow(`serve: the digest folder ${file} is not a folder (--digests DIR, or digest.outDir in the configuration)`);
  });

  it('starts when the digest folder does not exist yet', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-web-err-'));
    server = await startServer({ library: await library(join(dir, 'not yet')), port: 0, log: quiet });
    expect((await get(`${server.url}feed.atom`)).status).toBe(200);
  });

  it('writes the reason of a 500 to the log, with its URL, and the stack at debug level', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-web-err-'));
    const digests = join(dir, 'digests');
    mkdirSync(digests);
    const logs: Array<{ level: string; obj: Record<string, unknown>; msg?: string | undefined }> = [];
    const log = {
      info: () => {},
      error: (obj: object, msg?: string) => logs.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
      debug: (obj: object, msg?: string) => logs.push({ level: 'debug', obj: obj as Record<string, unknown>, msg }),
    };
    server = await startServer({ library: await library(digests), port: 0, log });
    // The folder becomes a file while the server runs: the feed cannot be read.
    rmSync(digests, { recursive: true });
    writeFileSync(digests, 'now a file');
    const r = await get(`${server.url}feed.atom`);
    expect(r.status).toBe(500);
    expect(r.body).toContain('the reason is in its log');
    expect(logs.map((l) => [l.level, l.msg])).toEqual([['error', 'serve: could not answer a request'], ['debug', 'serve: where the request failed']]);
    expect(logs[0]?.obj).toEqual({ url: '/feed.atom', err: expect.stringMatching(/^digest: cannot read .*feed\.atom: ENOTDIR/) });
    expect(logs[1]?.obj.stack).toMatch(/^InputError: digest: cannot read .*\n\s+at /);
  });
});
