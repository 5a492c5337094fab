/** A library over a new store holding `articles` (imported once), for tests that read through the library API. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Library, openLibrary } from '../../src/index.js';
import { upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import type { Article } from '../../src/types.js';

export async function storedLibrary(prefix: string, articles: Article[]): Promise<{ lib: Library; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = openStore(join(dir, 'lib.sqlite'));
  upsertParsed(db, articles.map((article) => ({ article, raw: '<x/>' })), { source: 'import', now: new Date('2026-11-20T00:00:00Z') });
  db.close();
  const lib = await openLibrary({ db: join(dir, 'lib.sqlite'), config: false });
  return {
    lib,
    close() {
      lib.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
