/**
 * The one face of every pipeline. Reads (search, get, export, evidence, status) are synchronous over the
 * open store and the in-memory index; the writers (ingest, import, digest, index refresh and rebuild,
 * evidence reclassification) are async and go through the one run wrapper (run.ts).
 */
import type Database from 'better-sqlite3';
import { checkEvidenceOptions, checkQueryTopics, checkSearchCall, checkSearchOptions, checkTypesOfEmpty, storedTopicOf } from './check-options.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { evidenceMapOf } from '../evidence/summary.js';
import { type ExportFormat, type ExportOptions, exportArticles, parseExportFormat } from '../export/index.js';
import { countArticles, getArticle, getArticles, iterateLiveArticles } from '../store/articles.js';
import { checkedTopics, readCompleteness } from '../store/completeness.js';
import { type StalenessClock, staleAfterMs } from '../completeness.js';
import { openStore } from '../store/open.js';
import { lastRuns, lastSuccessfulRun } from '../store/runs.js';
import type { Article } from '../types.js';
import type { Library, PubmedXmlExport, RecordSelection } from './api.js';
import { pubmedXmlExport, pubmedXmlText } from './export-xml.js';
import { type CoreSetup, type LibraryCore, type OpenMode, createCore } from './core.js';
import { isDigestDue, isEmailDue } from './due.js';
import { libraryExtras } from './extras.js';
import { lookupLeftOut, pmidsLeftOut, selectRecords } from './select.js';
import { libraryWriters } from './writers.js';

/** The faces' way in: a configuration they already loaded, and the setup they need (see {@link CoreSetup}). */
export async function openLibraryWith(config: Config, setup: CoreSetup, opts: { open?: OpenMode; topics?: readonly string[] | undefined } = {}): Promise<Library> {
  const core = createCore(config, setup, opts.open ?? 'lazy');
  try {
    if (setup.loadIndex !== false && core.hasStore()) await core.loadIndex();
  } catch (err) {
    core.close();
    throw err;
  }
  return libraryOf(core, opts.topics);
}

function libraryOf(core: LibraryCore, topics: readonly string[] | undefined): Library {
  const db = () => core.db();
  const stored = storedTopicOf(db);
  let sqlReader: Database.Database | null = null;
  const completeness = () => readCompleteness(db(), topics ?? checkedTopics(db()), staleness(core));
  return {
    ...libraryExtras(core, { digestDir: core.config.digest.outDir, topics: topics ?? [] }),
    ...libraryWriters(core),
    // SQL users get a connection of their own that SQLite opens read-only: a write through it would bypass
    // the writer lock, the run ledger and the change sequence the index and the web face follow.
    get db() {
      if (!core.hasStore()) db(); // NO_LIBRARY when there is none, as every read
      return (sqlReader ??= openStore(core.config.db, { readonly: true }));
    },
    search: (q, o) => {
      checkSearchCall(q, o, core.config, stored);
      checkQueryTopics(q, core.config, stored);
      const hits = core.index().search(q, o);
      if (hits.length === 0) checkTypesOfEmpty(q, o?.type, stored, 'search');
      return hits;
    },
    checkFilters: (o) => {
      checkSearchOptions(o, core.config, stored);
      checkTypesOfEmpty(undefined, o?.type, stored, 'search');
    },
    get: (pmid) => getArticle(db(), pmid),
    getMany: (pmids) => getArticles(db(), pmids),
    all: () => iterateLiveArticles(db()),
    select: (selection) => selectRecords(db(), () => core.index(), core.config, selection),
    leftOut: (pmids) => pmidsLeftOut(db(), pmids),
    lookupLeftOut: (query) => lookupLeftOut(db(), query),
    export: (records, format, o) => exportOf(core, records, format, o),
    pubmedXml: (records): PubmedXmlExport => pubmedXmlExport(core.db(), articlesOf(core, records)),
    evidence: (o) => evidenceMapOf(iterateLiveArticles(db()), checkEvidenceOptions(o, core.config, stored)),
    completeness,
    status: () => ({ records: countArticles(db()), runs: lastRuns(db(), { limit: 10 }), completeness: completeness() }),
    // Loaded when asked: a search process needs neither the status report nor the integrity check.
    statusReport: async (o) => (await import('./status.js')).statusReport(core.config, db(), { now: core.clock(), ...o }),
    lastSuccessfulRun: (kind) => lastSuccessfulRun(db(), kind),
    digestDue: (now = core.clock()) => isDigestDue({ outDir: core.config.digest.outDir, timeZone: core.config.digest.timezone }, now) || isEmailDue(core.config, db(), now),
    check: async () => (await import('../store/check.js')).checkLibrary(db()),
    salvage: async (file) => (await import('../store/check.js')).salvageRawXml(db(), file),
    close: () => {
      sqlReader?.close();
      sqlReader = null;
      core.close();
    },
  };
}

/** An export as one string: citations from the records, PubMed XML from the XML the store keeps. */
function exportOf(core: LibraryCore, what: ReadonlyArray<string | Article> | RecordSelection, format: ExportFormat, o?: ExportOptions): string {
  // Read in any case, as every face reads it (a script's 'PUBMED-XML'); an unknown one is refused before selecting.
  const named = parseExportFormat(String(format));
  const articles = articlesOf(core, what);
  if (named === 'pubmed-xml') return pubmedXmlText(pubmedXmlExport(core.db(), articles));
  return exportArticles(articles, named, o);
}

/** The records an export names: PMIDs (each must be stored), records as given, or a selection. */
function articlesOf(core: LibraryCore, what: ReadonlyArray<string | Article> | RecordSelection): Article[] {
  if (!isList(what)) return selectRecords(core.db(), () => core.index(), core.config, what);
  const pmids = what.filter((r): r is string => typeof r === 'string');
  const byPmid = new Map(getArticles(core.db(), pmids).map((a) => [a.pmid, a]));
  return what.map((r) => {
    if (typeof r !== 'string') return r;
    const a = byPmid.get(r);
    if (!a) throw new AppError('NOT_FOUND', `export: PMID ${r} is not in the library`);
    return a;
  });
}

function isList(what: ReadonlyArray<string | Article> | RecordSelection): what is ReadonlyArray<string | Article> {
  return Array.isArray(what);
}

/** When a topic's last completeness check counts as stale: the library's clock and audit interval. */
function staleness(core: { clock: () => Date; config: { ingest: { auditEveryDays: number } } }): StalenessClock {
  return { now: core.clock(), staleAfterMs: staleAfterMs(core.config.ingest.auditEveryDays) };
}
