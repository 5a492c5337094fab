/**
 * Public API of kratomlit search (wired by src/index.ts and the CLI). Query syntax: see query-parse.ts;
 * synonym file format: see synonyms.ts.
 */
export { openSearchIndex, rebuildSearchIndex, updateSearchIndex, type IndexFileOptions } from './lifecycle.js';
export { readIndexStamp } from './persist-read.js';
export type { IndexStamp } from './persist-format.js';
export { parseQuery, MAX_CLAUSES, MAX_QUERY_LENGTH, type ParsedQuery, type Clause, type QueryFilters } from './query-parse.js';
export { DEFAULT_HIGHLIGHT, type Highlight } from './snippet.js';
export { compileSynonyms, parseSynonyms, type SynonymGroup, type SynonymMatcher } from './synonyms.js';
export { defaultSynonymsPath, loadSynonymFile } from './synonyms-file.js';
export type { HitExplain, MatchKind, RecordSource, SearchHit, SearchIndex, SearchLogger, SearchOptions, SearchPage, TermContribution } from './types.js';
export type { MatchedDoc } from './match.js';
export type { UpdateCounts } from './build.js';
