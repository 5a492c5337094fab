import { describe, expect, it } from 'vitest';
import { beginWriteBatch, openStore } from '../../src/store/open.js';
import { upsertParsed } from '../../src/store/upsert.js';
import { article } from './helpers.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const count = (db: ReturnType<typeof openStore>) => db.prepare('SELECT count(*) FROM articles').pluck().get();

describe('beginWriteBatch', () => {
  it('keeps parts written across awaits in one transaction, committed together', async () => {
    const db = openStore(':memory:');
    const tx = beginWriteBatch(db, { foreignKeys: false });
    upsertParsed(db, [{ article: article('1'), raw: '<x/>' }], { source: 'import', now: NOW });
    await new Promise<void>((resolve) => setImmediate(resolve));
    upsertParsed(db, [{ article: article('2'), raw: '<x/>' }], { source: 'import', now: NOW });
    expect(db.inTransaction).toBe(true);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(0);
    tx.commit();
    expect([db.inTransaction, count(db), db.pragma('foreign_keys', { simple: true })]).toEqual([false, 2, 1]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('rolls every part back and turns foreign keys back on', () => {
    const db = openStore(':memory:');
    const tx = beginWriteBatch(db, { foreignKeys: false });
    upsertParsed(db, [{ article: article('1'), raw: '<x/>' }], { source: 'import', now: NOW });
    tx.rollback();
    expect([db.inTransaction, count(db), db.pragma('foreign_keys', { simple: true })]).toEqual([false, 0, 1]);
    db.close();
  });

  it('leaves foreign keys on when asked nothing about them', () => {
    const db = openStore(':memory:');
    const tx = beginWriteBatch(db);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    tx.commit();
    db.close();
  });
});
