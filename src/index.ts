/**
 * kratomlit's library API for scripts (docs/library.md):
 *
 * ```ts
 * import { openLibrary } from 'kratomlit';
 * const lib = await openLibrary({ db: 'db/kratomlit.sqlite' });
 * const run = await lib.ingest({ topics: ['mitragynine'], signal: AbortSignal.timeout(600_000) });
 * await lib.digest({ week: '2026-W48', out: 'digests/' });
 * console.log(run.new, lib.search('7-OH withdrawal', { limit: 5 }).map((h) => h.pmid));
 * lib.close();
 * ```
 *
 * Public exports only: the implementation is in src/library/. The public types never name better-sqlite3's
 * (a devDependency for its types): a consumer compiling with `strict` and without `skipLibCheck` must not
 * need them (test/package/).
 */
export { openLibrary } from './library/open.js';
export type * from './types.js';
export type { HitExplain, MatchKind, SearchHit, SearchOptions, TermContribution } from './search/types.js';
export type { CitationFormat, ExportFormat, ExportOptions } from './export/index.js';
export type { TopicCompleteness } from './completeness.js';
export type * from './library/types.js';
export type * from './library/api.js';
export type { Logger } from './log.js';
export { AppError, UsageError, ConfigError, InputError, LockedError, EutilsError } from './errors.js';
export { CITATION_FORMATS, EXPORT_FORMATS, exportArticles } from './export/index.js';
export { describeLeftOut, lookupGapsLine, noXmlLine } from './library/left-out.js';
export { DESIGNS, THEMES, DESIGN_LABELS, EVIDENCE_VERSION, classifyEvidence } from './evidence/index.js';
export type { Design, Theme, Evidence } from './evidence/index.js';
export type { EvidenceMap } from './evidence/summary.js';
