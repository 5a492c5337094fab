/**
 * The domain synonym list (data/synonyms.json): parsing with validation, and the matcher the analyzer
 * uses. Synonyms are applied the same way at index and query time: every occurrence of any phrase of a
 * group adds the group's concept term `syn:<id>` to the index, and a query phrase of the group searches
 * that concept term (plus its literal words, so literal matches still rank a little higher).
 * Pure: the file is read by synonyms-file.ts.
 *
 * File format (documented for users; extra groups need no code):
 * ```json
 * { "version": 1,
 *   "groups": [ { "id": "kratom", "terms": ["kratom", "Mitragyna speciosa", "ketum"], "note": "optional" } ] }
 * ```
 * `id`: lower-case letters, digits and `-`, unique. `terms`: phrases as they appear in text; case, accents,
 * hyphen variants, Greek letters and plural `-s` do not matter. A phrase may belong to one group only.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';
import { analyzeUnits, type SynonymMatcher } from './tokenize.js';

const GROUP_ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Where a file breaks the format and why; null when it is valid. Hand-written: importing zod cost a cold
 * library `search` ~60 ms (a tenth of the 0.5 s budget) for this one small schema.
 */
function problemIn(data: unknown): { where: string; message: string } | null {
  const file = data as { version?: unknown; groups?: unknown } | null;
  if (!file || typeof file !== 'object') return { where: '', message: 'expected an object with "version" and "groups"' };
  if (file.version !== 1) return { where: 'version', message: 'version must be 1' };
  if (!Array.isArray(file.groups)) return { where: 'groups', message: 'groups must be an array' };
  for (const [i, g] of (file.groups as unknown[]).entries()) {
    const group = g as { id?: unknown; terms?: unknown; note?: unknown } | null;
    const at = `groups.${i}`;
    if (!group || typeof group !== 'object') return { where: at, message: 'a group must be an object' };
    if (typeof group.id !== 'string' || !GROUP_ID.test(group.id)) return { where: `${at}.id`, message: 'id must be lower-case letters, digits and "-"' };
    if (!Array.isArray(group.terms)) return { where: `${at}.terms`, message: 'terms must be an array of strings' };
    const bad = (group.terms as unknown[]).findIndex((t) => typeof t !== 'string' || t.length === 0);
    if (bad !== -1) return { where: `${at}.terms.${bad}`, message: 'a term must be a non-empty string' };
    if (group.terms.length < 2) return { where: `${at}.terms`, message: 'a group needs at least two terms' };
    if (group.note !== undefined && typeof group.note !== 'string') return { where: `${at}.note`, message: 'note must be a string' };
  }
  return null;
}

/** One validated synonym group. */
export interface SynonymGroup {
  id: string;
  terms: string[];
}

export type { SynonymMatcher } from './tokenize.js';

/** Parses and validates the JSON text of a synonym file; `source` names it in error messages. */
export function parseSynonyms(json: string, source: string): SynonymGroup[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new UsageError(`synonyms: ${source} is not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const problem = problemIn(data);
  if (problem) throw new UsageError(`synonyms: ${source} is invalid at "${problem.where}": ${problem.message}`);
  return (data as { groups: SynonymGroup[] }).groups.map((g) => ({ id: g.id, terms: [...g.terms] }));
}

function phraseParts(term: string): string[] {
  return analyzeUnits(term).flatMap((u) => u.parts);
}

/** Compiles groups into a matcher; throws UsageError naming the phrase that is empty or in two groups. */
export function compileSynonyms(groups: readonly SynonymGroup[], source = 'synonym list'): SynonymMatcher {
  const byFirst = new Map<string, Array<{ parts: string[]; concept: string }>>();
  const owner = new Map<string, string>();
  const byConcept = new Map<string, string[][]>();
  for (const group of groups) {
    const concept = `syn:${group.id}`;
    if (byConcept.has(concept)) throw new UsageError(`synonyms: ${source}: group id "${group.id}" appears twice`);
    const phrases: string[][] = [];
    for (const term of group.terms) {
      const parts = phraseParts(term);
      const key = parts.join(' ');
      if (parts.length === 0) throw new UsageError(`synonyms: ${source}: term "${term}" in "${group.id}" has no words`);
      const previous = owner.get(key);
      if (previous !== undefined && previous !== group.id) {
        throw new UsageError(`synonyms: ${source}: term "${term}" is in both "${previous}" and "${group.id}"`);
      }
      if (previous !== undefined) continue;
      owner.set(key, group.id);
      phrases.push(parts);
      const list = byFirst.get(parts[0] as string) ?? [];
      list.push({ parts, concept });
      byFirst.set(parts[0] as string, list);
    }
    byConcept.set(concept, phrases);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.parts.length - a.parts.length);
  const canonical = [...owner.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
  return { matchAt: (parts, at) => matchAt(byFirst, parts, at), groups: byConcept, hash };
}

function matchAt(
  byFirst: ReadonlyMap<string, Array<{ parts: string[]; concept: string }>>,
  parts: readonly string[],
  at: number,
): { concept: string; parts: number } | null {
  const first = parts[at];
  const candidates = first === undefined ? undefined : byFirst.get(first);
  if (!candidates) return null;
  for (const c of candidates) {
    if (c.parts.every((p, k) => parts[at + k] === p)) return { concept: c.concept, parts: c.parts.length };
  }
  return null;
}
