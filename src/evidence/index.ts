/** The evidence map: study design and themes of a record (pure classifier, override parsing). */
export * from './types.js';
export { classifyEvidence, classifyByRules } from './classify.js';
export { parseOverrides, type EvidenceOverride, type EvidenceOverrides } from './overrides.js';
