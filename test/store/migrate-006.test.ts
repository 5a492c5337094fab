import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { getArticle, upsertParsed } from '../../src/store/articles.js';
import { migrate } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';
import type { Article } from '../../src/types.js';
import { article, parsed } from './helpers.js';

const MIGRATIONS = fileURLToPath(new URL('../../db/migrations/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kratomlit-migrate-006-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The migrations before 006, alone in a folder: a library as kratomlit left it before the child views. */
function migrationsUpTo005(): string {
  const out = join(dir, 'up-to-005');
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(MIGRATIONS)) if (/^00[1-5]_/.test(f)) copyFileSync(join(MIGRATIONS, f), join(out, f));
  return out;
}

/** The child rows kratomlit wrote for a record before 006, one statement per row (the old writer). */
function writeChildTablesAsBefore(db: Database.Database, a: Article): void {
  const p = a.pmid;
  const run = (sql: string, ...args: unknown[]) => db.prepare(sql).run(...args);
  a.authors.forEach((au, i) => {
    run('INSERT INTO authors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', p, i, au.lastName, au.foreName, au.initials, au.suffix, au.collectiveName, au.orcid, au.equalContrib ? 1 : 0);
    au.affiliations.forEach((aff, j) => run('INSERT INTO author_affiliations VALUES (?, ?, ?, ?)', p, i, j, aff));
  });
  a.mesh.forEach((m, i) => {
    run('INSERT INTO mesh_headings VALUES (?, ?, ?, ?, ?)', p, i, m.descriptor, m.ui, m.major ? 1 : 0);
    m.qualifiers.forEach((q, j) => run('INSERT INTO mesh_qualifiers VALUES (?, ?, ?, ?, ?, ?)', p, i, j, q.name, q.ui, q.major ? 1 : 0));
  });
  a.chemicals.forEach((c, i) => run('INSERT INTO chemicals VALUES (?, ?, ?, ?, ?)', p, i, c.name, c.ui, c.registryNumber));
  a.keywords.forEach((k, i) => run('INSERT INTO keywords VALUES (?, ?, ?)', p, i, k));
  a.publicationTypes.forEach((t, i) => run('INSERT INTO publication_types VALUES (?, ?, ?)', p, i, t));
  a.grants.forEach((g, i) => run('INSERT INTO grants VALUES (?, ?, ?, ?, ?, ?)', p, i, g.id, g.acronym, g.agency, g.country));
  for (const [type, value] of Object.entries(a.ids)) run('INSERT INTO article_ids VALUES (?, ?, ?)', p, type, value);
  a.commentsCorrections.forEach((c, i) => run('INSERT INTO comments_corrections VALUES (?, ?, ?, ?, ?)', p, i, c.type, c.pmid, c.source));
}

const CHILDREN = ['authors', 'author_affiliations', 'mesh_headings', 'mesh_qualifiers', 'chemicals', 'keywords', 'publication_types', 'grants', 'article_ids', 'comments_corrections'];

/** Every row of every child relation, in key order, with SQL types (so 1 and '1' differ). */
function childRows(db: Database.Database): Record<string, unknown[]> {
  return Object.fromEntries(
    CHILDREN.map((t) => {
      const cols = (db.prepare(`SELECT * FROM ${t} LIMIT 0`).columns() as Array<{ name: string }>).map((c) => c.name);
      const typed = cols.map((c) => `${c}, typeof(${c}) AS ${c}_type`).join(', ');
      return [t, db.prepare(`SELECT ${typed} FROM ${t} ORDER BY 1, 3, 5`).all()];
    }),
  );
}

const RECORDS: Article[] = [
  article('100'),
  article('101', {
    authors: [{ lastName: 'Ünal', foreName: 'Ayşe', initials: 'A', suffix: 'Jr', collectiveName: null, orcid: '0000-0002-1825-0097', affiliations: ['A', 'B'], equalContrib: true }],
    mesh: [{ descriptor: 'Rats', ui: null, major: false, qualifiers: [] }, { descriptor: 'Kratom', ui: 'D1', major: true, qualifiers: [{ name: 'toxicity', ui: null, major: true }, { name: 'chemistry', ui: 'Q2', major: false }] }],
    commentsCorrections: [{ type: 'ErratumIn', pmid: '102', source: 'J 2020;1:2' }, { type: 'CommentOn', pmid: null, source: null }],
    grants: [{ id: null, acronym: null, agency: 'NIDA', country: null }],
    keywords: [],
    ids: { pubmed: '101', pmc: 'PMC1', doi: '10.1/x' },
  }),
  article('102', { authors: [], mesh: [], chemicals: [], publicationTypes: ['Review', 'Journal Article'], grants: [], ids: {} }),
];

describe('migration 006: the child tables become views over record_json', () => {
  it('upgrades a library in place: every record kept, every child row the same, values and SQL types', () => {
    const path = join(dir, 'old.sqlite');
    const old = new Database(path);
    migrate(old, migrationsUpTo005());
    upsertParsed(old, RECORDS.map(parsed), { source: 'import', now: new Date('2026-11-20T10:00:00Z') });
    for (const a of RECORDS) writeChildTablesAsBefore(old, a);
    // A deleted record keeps its child rows, as before.
    old.prepare("UPDATE articles SET deleted = 1, deleted_at = '2026-11-21' WHERE pmid = '102'").run();
    const before = childRows(old);
    const articlesBefore = RECORDS.map((a) => getArticle(old, a.pmid));
    old.close();
    expect(before['authors']).toHaveLength(3);
    expect(before['mesh_qualifiers']).toHaveLength(3);

    const db = openStore(path);
    const kinds = db.prepare(`SELECT type FROM sqlite_master WHERE name IN (${CHILDREN.map(() => '?').join(', ')})`).all(...CHILDREN);
    expect(kinds).toEqual(CHILDREN.map(() => ({ type: 'view' })));
    expect(childRows(db)).toEqual(before);
    expect(RECORDS.map((a) => getArticle(db, a.pmid))).toEqual(articlesBefore);
    db.close();
  });

  it('the views follow a record when it changes, with nothing to rewrite', () => {
    const db = openStore(':memory:');
    upsertParsed(db, [parsed(article('200'))], { source: 'import', now: new Date('2026-11-20T10:00:00Z') });
    expect(db.prepare("SELECT count(*) AS n FROM authors WHERE pmid = '200'").get()).toEqual({ n: 2 });
    const revised = article('200', { dateRevised: '2026-12-01', authors: [article('200').authors[0]!] });
    upsertParsed(db, [parsed(revised)], { source: 'import', now: new Date('2026-12-02T10:00:00Z') });
    expect(db.prepare("SELECT position, last_name, equal_contrib FROM authors WHERE pmid = '200'").all()).toEqual([{ position: 0, last_name: 'Kruegel', equal_contrib: 0 }]);
    db.close();
  });
});
