/** `check`'s report when SQLite cannot even run one of its checks (a malformed file). */
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkLibrary } from '../../src/store/check.js';
import { openStore } from '../../src/store/open.js';

describe('checkLibrary', () => {
  it('says the foreign key check could not run as an integrity finding, not as a row of ? pointing at the error', () => {
    const real = openStore(':memory:');
    // The real store, except that its foreign key check fails as it does on a malformed file.
    const malformed = new Proxy(real, {
      get(target, key) {
        if (key === 'pragma') {
          return (sql: string) => {
            if (sql.startsWith('foreign_key_check')) throw new Error('database disk image is malformed');
            return target.pragma(sql);
          };
        }
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as Database.Database;
    const report = checkLibrary(malformed);
    expect(report.foreignKeys).toEqual([]);
    expect(report.integrity).toEqual(['the foreign key check could not run: database disk image is malformed']);
    expect(report.ok).toBe(false);
    expect(checkLibrary(real)).toMatchObject({ ok: true, integrity: [], foreignKeys: [] });
    real.close();
  });
});
