/**
 * citation-js 0.7 readers as the independent parsers of the round-trip tests. The packages ship no
 * type declarations, so they are loaded through `require` and given the narrow shape used here.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The CSL fields the round-trip tests read back. */
export interface ReadItem {
  type?: string;
  title?: string;
  author?: Array<{ family?: string; given?: string; suffix?: string; literal?: string }>;
  'container-title'?: string;
  'container-title-short'?: string;
  volume?: string;
  issue?: string;
  page?: string;
  issued?: { 'date-parts'?: number[][]; season?: string; literal?: string };
  DOI?: string;
  PMID?: string;
  PMCID?: string;
  ISSN?: string;
  URL?: string;
  note?: string;
  keyword?: string;
  publisher?: string;
  'publisher-place'?: string;
  'citation-key'?: string;
  abstract?: string;
}

interface CiteInstance {
  data: ReadItem[];
}
type CiteClass = new (input: unknown, options?: { forceType?: string }) => CiteInstance;

const { Cite } = require('@citation-js/core') as { Cite: CiteClass };
require('@citation-js/plugin-ris');
require('@citation-js/plugin-bibtex');
require('@citation-js/plugin-csl');

/** Parses with citation-js, forcing the given input type (`@ris/file`, `@biblatex/text`, ...). */
export function readWith(forceType: string, input: unknown): ReadItem[] {
  return new Cite(input, { forceType }).data;
}

/** `Family, Given, Suffix` or the literal/family-only name, as one comparable string. */
export function nameText(name: { family?: string; given?: string; suffix?: string; literal?: string }): string {
  if (name.literal !== undefined) return name.literal;
  return [name.family, name.given, name.suffix].filter((p) => p !== undefined && p !== '').join(', ');
}
