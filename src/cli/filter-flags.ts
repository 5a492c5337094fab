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

/** The filter flags given, as typed (`--type Review --since 2024`), for a message about the answer; '' when none. */
export function filterFlagsText(o: FilterFlags): string {
  const order = ['topic', 'since', 'until', 'type', 'retracted', 'design', 'theme'] as const satisfies ReadonlyArray<keyof FilterFlags>;
  return order.filter((k) => o[k] !== undefined).map((k) => `--${k} ${quoted(o[k] ?? '')}`).join(' ');
}

/** A value as a shell would need it: bare when it is one plain word, else in double quotes. */
function quoted(v: string): string {
  return /^[\w.:-]+$/.test(v) ? v : JSON.stringify(v);
}
