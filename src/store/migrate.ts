import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../errors.js';

/** One migration file's outcome, in the spirit of kysely's MigrationResultSet. */
export interface MigrationResult {
  name: string;
  status: 'applied' | 'already-applied';
}

const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

/**
 * Applies the numbered SQL files of `dir` (`NNN_name.sql`) in order, each in its own immediate transaction,
 * recording them in `schema_migrations`. Files already recorded are skipped, so it is safe on every open.
 * A database with migrations this build does not know (newer kratomlit) is refused rather than misread.
 */
export function migrate(db: Database.Database, dir: string): MigrationResult[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
  const files = readdirSync(dir).filter((f) => MIGRATION_FILE.test(f)).sort();
  const applied = new Set(
    (db.prepare('SELECT name FROM schema_migrations').all() as Array<{ name: string }>).map((r) => r.name),
  );
  const unknown = [...applied].filter((name) => !files.includes(name));
  if (unknown.length > 0) {
    throw new AppError(
      'DB_TOO_NEW',
      `store: database has migrations this version does not know (${unknown.join(', ')}); upgrade kratomlit`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  return files.map((name): MigrationResult => {
    if (applied.has(name)) return { name, status: 'already-applied' };
    const sql = readFileSync(join(dir, name), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      record.run(name, new Date().toISOString());
    }).immediate();
    return { name, status: 'applied' };
  });
}
