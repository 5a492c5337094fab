/**
 * How an author's name is shown, the one place every face (CLI hit lines and `show`, the web hit list and
 * paper page, the MCP paper, digests) takes it from. The suffix PubMed keeps apart (`<Suffix>Jr</Suffix>`,
 * `III`) is part of the name a reader sees, so it follows the name as PubMed prints it. Exports build
 * their own name parts (export/fields.ts), since each format places the suffix itself. Pure.
 */
import type { Author } from '../types.js';

/** The parts of an author a name is made of (the listed form of a record carries just these). */
export type NameParts = Pick<Author, 'lastName' | 'foreName' | 'initials' | 'suffix' | 'collectiveName'>;

function joined(parts: ReadonlyArray<string | null | undefined>): string | null {
  const name = parts.map((p) => p?.trim() ?? '').filter((p) => p !== '').join(' ');
  return name === '' ? null : name;
}

/**
 * `King ML Jr` (PubMed style: last name, initials, suffix); initials made from the forenames when the
 * record gives none; a group author's name as written; null for an empty entry.
 */
export function authorName(a: NameParts): string | null {
  if (a.collectiveName) return a.collectiveName;
  const initials = a.initials ?? (a.foreName ?? '').split(/[\s-]+/).filter(Boolean).map((w) => w[0]).join('');
  return joined([a.lastName, initials, a.suffix]);
}

/** `Martin Luther King Jr` (forenames first, for a page that has room); a group author's name as written. */
export function authorFullName(a: NameParts): string | null {
  if (a.collectiveName) return a.collectiveName;
  return joined([a.foreName ?? a.initials, a.lastName, a.suffix]);
}
