/**
 * What faces read of a record's evidence classification: the classifier's own (every record has one:
 * stored, a curator's override, or the current rules' answer for a record stored before classification
 * existed).
 */
export { evidenceOf } from '../evidence/summary.js';
