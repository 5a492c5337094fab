/** SQLite FTS5 side of the benchmark: same documents and field weights, bm25 ranking, porter + unicode61. */
import Database from 'better-sqlite3';
import { FIELD_BOOSTS } from '../src/search/index-options.js';
import { FIELDS, fieldText } from '../src/search/documents.js';
import type { Article } from '../src/types.js';

/** bm25() column weights: pmid (unindexed) then the searchable fields with kratomlit's boosts. */
const WEIGHTS = [0, ...FIELDS.map((f) => FIELD_BOOSTS[f])].join(', ');

/** Creates the FTS5 table in `path` (a fresh file). */
export function createFts(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE VIRTUAL TABLE fts USING fts5(pmid UNINDEXED, ${FIELDS.join(', ')}, tokenize = 'porter unicode61')`);
  return db;
}

/** Inserts (or, with `replace`, deletes then inserts) records in one transaction. */
export function ftsPut(db: Database.Database, articles: Iterable<Article>, replace = false): number {
  const del = db.prepare('DELETE FROM fts WHERE pmid = ?');
  const ins = db.prepare(`INSERT INTO fts (pmid, ${FIELDS.join(', ')}) VALUES (?, ${FIELDS.map(() => '?').join(', ')})`);
  let n = 0;
  db.transaction(() => {
    for (const a of articles) {
      if (replace) del.run(a.pmid);
      ins.run(a.pmid, ...FIELDS.map((f) => fieldText(a, f)));
      n += 1;
    }
  })();
  return n;
}

/** Runs one MATCH with bm25 weights and a snippet of the abstract, like a kratomlit hit. */
export function ftsSearch(db: Database.Database, match: string, limit = 20): Array<{ pmid: string; snippet: string }> {
  const stmt = db.prepare(
    `SELECT pmid, snippet(fts, 2, '[', ']', '…', 36) AS snippet FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, ${WEIGHTS}) LIMIT ?`,
  );
  try {
    return stmt.all(match, limit) as Array<{ pmid: string; snippet: string }>;
  } catch {
    return []; // an expression FTS5 rejects (e.g. a lone NOT) counts as no hits
  }
}

/** A cold-start script for `node -e`: open the FTS file, answer one query, print elapsed ms. */
export function ftsColdScript(path: string, match: string): string {
  return `const t=performance.now();const D=require('better-sqlite3');const db=new D(${JSON.stringify(path)},{readonly:true});` +
    `db.prepare("SELECT pmid, snippet(fts, 2, '[', ']', '…', 36) s FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, ${WEIGHTS}) LIMIT 20").all(${JSON.stringify(match)});` +
    `console.log(JSON.stringify({ms:performance.now()}))`;
}
