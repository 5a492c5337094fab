/**
 * What faces read of a record's evidence classification: the classifier's own `Evidence` (every record
 * has one: stored, a curator's override, or the current rules' answer for a record stored before
 * classification existed).
 */
export type { Evidence as RecordEvidence } from '../evidence/types.js';
export { evidenceOf } from '../evidence/summary.js';
