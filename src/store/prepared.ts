/**
 * Statements prepared once per connection, for reads asked on every query or request (a search's records,
 * the change sequence a server checks per answer): preparing them again each time cost more than the read.
 */
import type Database from 'better-sqlite3';

// Kept in a WeakMap, so no statement outlives its connection.
const byConnection = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** `sql` prepared on `db`, once per connection. */
export function prepared(db: Database.Database, sql: string): Database.Statement {
  let statements = byConnection.get(db);
  if (!statements) byConnection.set(db, (statements = new Map()));
  let stmt = statements.get(sql);
  if (!stmt) statements.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

/** Whether `db` has the table `name` (a store migrated only part of the way, or not kratomlit's, may not). */
export function hasTable(db: Database.Database, name: string): boolean {
  return prepared(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Whether `table` has the column `column` (a store opened read-only may predate the migration adding it). */
export function hasColumn(db: Database.Database, table: string, column: string): boolean {
  return prepared(db, 'SELECT 1 FROM pragma_table_info(?) WHERE name = ?').get(table, column) !== undefined;
}
