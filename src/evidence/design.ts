/**
 * Picks one design (and any secondary ones) from the signals in design-rules.ts. Pure.
 *
 * Precedence, first that applies wins (docs/evidence.md explains why):
 *  1. notice (erratum, retraction, expression of concern)                      -> other
 *  2. systematic review or meta-analysis                                       -> systematic-review
 *  3. review; but a new patient described next to it                           -> case-report (+ review)
 *  4. editorial, comment, letter, news, guideline, essay; a letter describing a patient -> case-report
 *  5. live animals dosed or tested (whatever the journal or the word "randomized") -> animal
 *  6. randomized human trial -> rct;  7. other interventional human study -> clinical-trial
 *  8. case report or series -> case-report;  9. observational -> observational
 * 10. cells, tissues, enzymes, in silico -> in-vitro; 11. methods, composition, synthesis -> analytical
 * 12. nothing matched: human participants named -> observational, else other.
 */
import type { Design } from './types.js';
import {
  ANALYTICAL, ANIMAL_DOSING, ANIMAL_SPECIES, CASE_REPORT, CLINICAL_TRIAL, HUMAN_PARTICIPANTS, IN_VITRO, NOTICE,
  OBSERVATIONAL, OPINION, RCT, REVIEW, SYSTEMATIC,
} from './design-rules.js';
import { probe } from './signals.js';
import { firstMatch, phraseCue, type RecordText } from './text.js';

/** The design part of a classification. */
export interface DesignResult {
  design: Design;
  designAlso: Design[];
  cues: string[];
}

/** A patient described by the authors themselves (not "case reports describe..."). */
const NEW_PATIENT = /\b(?:a|an) \d+-year-old\b|\bwe (?:describe|report|present) (?:a|an|the|two|three|four|five|six|\d+) (?:\w+ ){0,3}(?:patients?|cases?|adults|men|women|infants?|man|woman|children)\b|\ba (?:male|female) infant\b|\bpatient 1\b/;

const result = (design: Design, cues: string[], designAlso: Design[] = []): DesignResult => ({ design, designAlso, cues });

function newPatientCue(t: RecordText): string | null {
  const m = firstMatch(NEW_PATIENT, t.abstract);
  return m === null ? null : phraseCue('abstract', m);
}

/** Steps 1-4: what the article is before asking what was studied. */
function articleKind(t: RecordText): DesignResult | null {
  const notice = probe(t, NOTICE);
  if (notice.length > 0) return result('other', notice);
  const systematic = probe(t, SYSTEMATIC);
  if (systematic.length > 0) return result('systematic-review', systematic);
  const review = probe(t, REVIEW);
  if (t.isBook) review.unshift('book chapter');
  // A described patient only matters to a review or an opinion piece: not looked for otherwise.
  if (review.length > 0) {
    return newPatientCue(t) === null ? result('review', review) : result('case-report', [...probe(t, CASE_REPORT), ...review], ['review']);
  }
  const opinion = probe(t, OPINION);
  if (opinion.length > 0) return newPatientCue(t) === null ? result('other', opinion) : result('case-report', [...probe(t, CASE_REPORT), ...opinion]);
  return null;
}

/** Step 5: an animal noun and a dose, route or in vivo assay (a title "in rats" says both). */
function animalStudy(t: RecordText): string[] {
  const dosing = probe(t, ANIMAL_DOSING);
  if (dosing.length === 0) return [];
  if (dosing.some((c) => c.startsWith('title:'))) return dosing;
  const species = probe(t, ANIMAL_SPECIES);
  return species.length > 0 ? [...species, ...dosing] : [];
}

/** Steps 6-12. Each probe runs only when its answer can still decide the design (probes are pure). */
function studyDesign(t: RecordText): DesignResult {
  const inVitro = probe(t, IN_VITRO);
  let analytical: string[] | undefined;
  const alsoAnalytical = (): Design[] => ((analytical ??= probe(t, ANALYTICAL)).length > 0 ? ['analytical'] : []);
  const animal = animalStudy(t);
  if (animal.length > 0) return result('animal', animal, inVitro.length > 0 ? ['in-vitro'] : []);
  const ordered: Array<[Design, () => string[]]> = [
    ['rct', () => probe(t, RCT)],
    ['clinical-trial', () => probe(t, CLINICAL_TRIAL)],
    ['case-report', () => probe(t, CASE_REPORT)],
    ['observational', () => probe(t, OBSERVATIONAL)],
    ['in-vitro', () => inVitro],
  ];
  for (const [design, cuesOf] of ordered) {
    const cues = cuesOf();
    if (cues.length === 0) continue;
    return result(design, cues, design === 'observational' || design === 'in-vitro' ? alsoAnalytical() : []);
  }
  analytical ??= probe(t, ANALYTICAL);
  if (analytical.length > 0) return result('analytical', analytical);
  const human = firstMatch(HUMAN_PARTICIPANTS, t.abstract);
  if (human !== null) return result('observational', [`${phraseCue('abstract', human)} (human participants, no other design cue)`]);
  return result('other', [t.abstract === '' ? 'no abstract and no design cue' : 'no design cue']);
}

/** The design of one record (see the precedence above). */
export function classifyDesign(t: RecordText): DesignResult {
  return articleKind(t) ?? studyDesign(t);
}
