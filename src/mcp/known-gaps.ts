/**
 * What a search answer says about the library's own completeness. An empty answer from a library that
 * knows it is missing papers must not read as "PubMed has none": each topic that is not complete (or whose
 * last check is stale, or that was never checked) is named with the completeness line the library writes
 * for `kratomlit status`.
 */
import { completenessState } from '../completeness.js';
import type { Library } from '../index.js';

/**
 * One topic whose completeness is not known: its state in a word or two, the library's status line, and
 * `missing`: its last check found papers missing (however old that check), not only that it is unverified.
 */
export interface TopicGap {
  topic: string;
  state: string;
  line: string;
  missing: boolean;
}

/**
 * The topics of the library (only `topic` when given) that are not complete as of a fresh check, in the
 * library's order; empty when every one is (or the library reports no topic at all).
 */
export function knownGaps(lib: Library, topic?: string): TopicGap[] {
  const completeness = lib.completeness();
  return Object.entries(completeness)
    // A topic is asked in any case, as the library takes it.
    .filter(([name, c]) => (topic === undefined || name.toLowerCase() === topic.toLowerCase()) && !(c.complete === true && c.stale !== true))
    .map(([name, c]) => ({ topic: name, state: completenessState(c), line: c.line, missing: c.complete === false }));
}

/**
 * The lines after a search's hits, one per topic that is not complete: `Library not complete, so a paper
 * may be missing here: <line>` when its last check found papers missing, `Library completeness not
 * verified: <line>` when it was never checked or its check is stale; none when every topic is complete.
 */
export function gapNotes(gaps: readonly TopicGap[]): string[] {
  return gaps.map((g) => `${g.missing ? 'Library not complete, so a paper may be missing here' : 'Library completeness not verified'}: ${g.line}`);
}
