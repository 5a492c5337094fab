/**
 * The filter flags `search` and `export` share (--topic, --since, --until, --type, --retracted, --design,
 * --theme), read into the one filter shape the library's search, select and export take.
 */
import { UsageError } from '../errors.js';
import { checkEvidenceId } from '../evidence/filter.js';
import type { SelectionFilters } from '../library/select.js';

/** The filter flags as commander gives them (strings, absent when not given). */
export interface FilterFlags {
  topic?: string;
  since?: string;
  until?: string;
  type?: string;
  retracted?: string;
  design?: string;
  theme?: string;
}

/** The filters the flags ask for; a bad --retracted, --design or --theme is a usage error naming `command`. */
export function filtersFromFlags(o: FilterFlags, command: string): SelectionFilters {
  // Read in any case, as `retracted:TRUE` in a query is.
  const retracted = o.retracted?.trim().toLowerCase();
  if (retracted !== undefined && retracted !== 'true' && retracted !== 'false') {
    throw new UsageError(`${command}: --retracted must be true or false, got "${o.retracted}"`);
  }
  return {
    ...(o.topic ? { topic: o.topic } : {}),
    ...(o.since ? { since: o.since } : {}),
    ...(o.until ? { until: o.until } : {}),
    ...(o.type ? { type: o.type } : {}),
    ...(retracted ? { retracted: retracted === 'true' } : {}),
    ...(o.design ? { design: checkEvidenceId('design', o.design, `${command}: --design`) } : {}),
    ...(o.theme ? { theme: checkEvidenceId('theme', o.theme, `${command}: --theme`) } : {}),
  };
}
