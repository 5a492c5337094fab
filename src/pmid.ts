/**
 * The one rule for a PubMed id, used by `show`, `pmid:` queries, the E-utilities client, digests and
 * import. Pure.
 */

/**
 * A PMID is a positive integer without leading zeros. The highest in use has 8 digits (about 42 million
 * in 2026, growing by ~1.5 million a year), so 9 digits leave decades of room while refusing junk such as
 * timestamps or ISSNs that a broken file puts in a `PMID` element.
 */
export const PMID_PATTERN = /^[1-9]\d{0,8}$/;

/** Human description of the rule, for error messages. */
export const PMID_RULE = 'a PubMed id is 1 to 9 digits, not starting with 0';

/** True when `value` is a PMID as stored (canonical: no leading zeros, no spaces). */
export function isPmid(value: string): boolean {
  return PMID_PATTERN.test(value);
}

/** A PMID typed by a person (`00123`, ` 123 `) in its canonical form, or null when it is not one. */
export function parsePmidInput(value: string): string | null {
  const canonical = value.trim().replace(/^0+(?=\d)/, '');
  return isPmid(canonical) ? canonical : null;
}
