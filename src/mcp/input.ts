/**
 * Tool input schemas as the CLI reads options: an argument the tool does not take is refused by name (a
 * misspelt `limt` silently ignored would answer another question than the one asked), and evidence ids
 * are read in any case, as `--design RCT` and the web's `design=RCT` are.
 */
import { z } from 'zod';
import { DESIGNS, THEMES } from '../evidence/types.js';
import { MAX_QUERY_LENGTH } from '../search/query-parse.js';

/**
 * The strict object schema of a tool's arguments: an unknown one is an error naming it and the ones the
 * tool takes (`unknown argument "bogus" (search takes query, topic, ...)`). The JSON Schema the client
 * lists says the same with `additionalProperties: false`.
 */
export function toolInput<S extends z.ZodRawShape>(tool: string, shape: S) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const takes = known.length === 0 ? `${tool} takes no arguments` : `${tool} takes ${known.join(', ')}`;
      return `unknown argument${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (${takes})`;
    },
  });
}

/**
 * A search query as the library takes it: 1 to MAX_QUERY_LENGTH (1,000) characters, as `kratomlit search`
 * and the web's `q` allow (a query the CLI answers must not be refused here); `example` is for the model.
 */
export function queryText(description: string) {
  return z.string().min(1).max(MAX_QUERY_LENGTH, `at most ${MAX_QUERY_LENGTH.toLocaleString('en-US')} characters, as every search of the library`).describe(description);
}

/** Trimmed and lower-cased when a string (anything else is left for the enum to refuse). */
const folded = (v: unknown): unknown => (typeof v === 'string' ? v.trim().toLowerCase() : v);

/** A study design id in any case (`RCT`, `Case-Report`), given to the tool as the id (`rct`, `case-report`). */
export const designId = z.preprocess(folded, z.enum(DESIGNS));

/** A theme id in any case, given to the tool as the id. */
export const themeId = z.preprocess(folded, z.enum(THEMES));
