// Small constructors that keep the record files readable.

/** A person author: `aff` are indexes into the record's `affs`; `orcid` is a form ('https' | 'http' | 'bare' | 'nodash'). */
export const A = (last, fore, aff = [0], opts = {}) => ({ last, fore, aff, ...opts });

/** A group author (`CollectiveName`). */
export const C = (collective, aff = []) => ({ collective, aff });

/** DOI under the Crossref test prefix so that synthetic records never resolve to real articles. */
export const doi = (journal, year, n) => `10.5555/${journal}.${year}.${n}`;
