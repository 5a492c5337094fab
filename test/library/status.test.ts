import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/index.js';
import { recordGaps, saveCheck } from '../../src/store/completeness.js';
import { upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { article, parsed } from '../store/helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function library(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kratomlit-status-'));
  dirs.push(dir);
  const path = join(dir, 'lib.sqlite');
  const db = openStore(path);
  const now = new Date('2026-12-01T03:00:00Z');
  upsertParsed(db, [parsed(article('41000001')), parsed(article('41000002'))], { source: 'import', now, topicsFor: () => ['mitragynine'] });
  saveCheck(db, { topic: 'mitragynine', upstream: 3, local: 2, checkedAt: now.toISOString(), check: 'count' });
  recordGaps(db, [{ pmid: '41000003', topics: ['mitragynine'] }], now);
  closeStore(db);
  return path;
}

describe('Library.status()', () => {
  it('reports per-topic completeness for the topics it was opened with, unchecked ones with null fields', async () => {
    const lib = await openLibrary({ db: library(), topics: ['mitragynine', '7-hydroxymitragynine'] });
    try {
      const { completeness } = lib.status();
      expect(Object.keys(completeness)).toEqual(['mitragynine', '7-hydroxymitragynine']);
      expect(completeness.mitragynine).toMatchObject({ upstream: 3, local: 2, check: 'count', complete: false });
      expect(completeness.mitragynine?.gaps.map((g) => g.pmid)).toEqual(['41000003']);
      expect(completeness['7-hydroxymitragynine']).toMatchObject({ upstream: null, local: null, checkedAt: null, complete: null });
    } finally {
      lib.close();
    }
  });

  it('falls back to every topic ever checked when opened without topics', async () => {
    const lib = await openLibrary({ db: library() });
    try {
      expect(Object.keys(lib.status().completeness)).toEqual(['mitragynine']);
    } finally {
      lib.close();
    }
  });
});
