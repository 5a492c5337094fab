/**
 * The signals behind each design (see docs/evidence.md for the precedence that combines them).
 * Patterns run on folded text (lower case, ASCII hyphens). Written from the study-design vocabulary of
 * PubMed publication types and MeSH, and from how abstracts state their methods.
 */
import type { Signal } from './signals.js';

const ANIMALS = String.raw`(?:rats?|mice|mouse|dogs?|monkeys?|macaques?|primates?|rodents?|zebrafish|larvae|dams|offspring|rabbits?|pigs?|guinea pigs?|animals)`;

/** Errata, retraction notices, expressions of concern: always `other`. */
export const NOTICE: Signal = {
  pt: ['Published Erratum', 'Retraction of Publication', 'Expression of Concern', 'Retraction Notice'],
  title: /^(?:\[?(?:erratum|correction|corrigendum|retraction(?: notice| note)?|expression of concern|withdrawn|notice of retraction)\b)/,
};

/** Non-research article types: `other` unless the letter describes a patient. */
export const OPINION: Signal = {
  pt: ['Editorial', 'News', 'Newspaper Article', 'Comment', 'Letter', 'Practice Guideline', 'Guideline', 'Consensus Development Conference', 'Interview', 'Biography', 'Historical Article'],
  title: /\bconsensus (?:guideline|statement|recommendations?)\b|\bguidelines? for\b|\bposition statement\b/,
  abstract: /\b(?:in )?this (?:commentary|editorial|essay|viewpoint|perspective|opinion)\b|\b(?:i|we) argue\b|\bexpert panel\b|\bdelphi\b|\bhas announced\b/,
};

export const SYSTEMATIC: Signal = {
  pt: ['Systematic Review', 'Meta-Analysis', 'Network Meta-Analysis'],
  mesh: ['Meta-Analysis as Topic', 'Systematic Reviews as Topic'],
  title: /\bsystematic (?:literature )?review\b|\bmeta-analys[ie]s\b|\bscoping review\b|\bumbrella review\b/,
  abstract: /\bsystematically (?:searched|reviewed)\b|\bprisma\b|\brandom-effects (?:meta-analysis|models?)\b|\bwe searched (?:pubmed|medline|embase|web of science|scopus|psycinfo|cinahl|the cochrane|(?:\w+ )?(?:electronic )?databases)\b|\bpooled (?:proportion|prevalence|estimate|effect)s?\b/,
};

export const REVIEW: Signal = {
  pt: ['Review'],
  title: /(?<!\b(?:chart|record|records|retrospective|case note|note|file|notes) )\breview\b|: an update\b|\boverview\b/,
  abstract: /\b(?:this|our) (?:narrative |literature |clinical )?(?:review|chapter)\b|\bwe review\b|\bthis article reviews\b/,
};

export const RCT: Signal = {
  pt: ['Randomized Controlled Trial', 'Pragmatic Clinical Trial', 'Equivalence Trial'],
  mesh: ['Random Allocation', 'Double-Blind Method'],
  title: /\brandomi[sz]ed\b.{0,80}\b(?:trial|study)\b/,
  abstract: /\b(?:were|was) randomi[sz]ed\b|\brandomi[sz]ed (?:\d+ |[a-z-]+ ){0,4}(?:to|into)\b|\brandomly (?:assigned|allocated)\b|\bin (?:this|a) randomi[sz]ed\b|\brandomi[sz]ed,? (?:double|single|triple)-blind\b|\bcluster randomi[sz]ed\b/,
};

export const CLINICAL_TRIAL: Signal = {
  pt: ['Clinical Trial*', 'Controlled Clinical Trial', 'Non-Randomized Controlled Trial', 'Adaptive Clinical Trial'],
  title: /\bphase (?:1|i|2|ii)\b|\bopen-label\b|\bsingle-arm\b|\bpilot trial\b|\bnon-randomi[sz]ed\b|\bhuman laboratory\b|\bthorough qt\b|\bsingle ascending dose\b|\bin healthy (?:volunteers|adults|subjects)\b/,
  abstract: /\bphase (?:1|i|2|ii) (?:study|trial)\b|\bopen-label\b|\bsingle-arm\b|\bhealthy (?:volunteers|adults|subjects|men|women)[^.]{0,60}\b(?:received|took|were given|were dosed|ingested)\b|\bunder (?:medical supervision|observation)\b|\bthorough qt\b|\bresidential laboratory\b|\bascending doses?\b/,
};

export const CASE_REPORT: Signal = {
  pt: ['Case Reports'],
  title: /\b(?:a |one )?case (?:reports?|series)\b|\b(?:a|one|two|three|four|five|fatal) (?:cases?|patients?)\b/,
  abstract: /\b(?:a|an) (?:\d+|[a-z]+-)-?year-old\b|\b\d+-year-old (?:man|woman|boy|girl|male|female|patient|infant)\b|\bwe (?:describe|report|present) (?:a|an|the|two|three|four|five|six|\d+) (?:\w+ ){0,3}(?:patients?|cases?|adults|men|women|infants?|man|woman|children)\b|\bthis case\b|\bthese cases\b|\bcase series\b|\ba (?:male|female) infant\b|\bpatient 1\b/,
};

export const OBSERVATIONAL: Signal = {
  pt: ['Observational Study', 'Multicenter Study'],
  mesh: ['Cross-Sectional Studies', 'Cohort Studies', 'Retrospective Studies', 'Prospective Studies', 'Case-Control Studies', 'Longitudinal Studies', 'Surveys and Questionnaires', 'Poison Control Centers', 'Registries', 'Qualitative Research', 'Interrupted Time Series Analysis', 'Health Surveys', 'Prevalence'],
  title: /\bsurvey\b|\bcross-sectional\b|\bcohort\b|\bcase-control\b|\bretrospective\b|\bregistry\b|\bpoison (?:center|centre|control)s?\b|\bmedical examiner\b|\bqualitative\b|\binterviews?\b|\bcontent analysis\b|\bsurveillance\b|\btime-series\b|\bdifference-in-differences\b|\bchart review\b|\bmarket scan\b|\btrends in\b|\bonline forums?\b/,
  abstract: /\bcross-sectional\b|\bsurvey(?:ed|s)?\b|\bquestionnaires?\b|\bcohort\b|\bcase-control\b|\bretrospective(?:ly)?\b|\bregistry\b|\bpoison (?:center|centre|control)s?\b|\bnational poison data system\b|\bmedical examiner\b|\bmedicolegal\b|\bdeath investigations?\b|\binterview(?:s|ed)\b|\bqualitative\b|\bthematic(?:ally)?\b|\bcontent analysis\b|\bcodebook\b|\breddit\b|\bforums?\b|\bposts\b|\bsurveillance\b|\btime-series\b|\bdifference-in-differences\b|\belectronic health records\b|\bnationally representative\b|\bretailers\b|\blabel compliance\b|\bwe (?:reviewed|analy[sz]ed) (?:all )?(?:\d[\d,]* )?(?:[a-z-]+ ){0,3}(?:records|charts|admissions|calls|exposures|visits|presentations|deaths)\b/,
};

/** Live animals given something: a dose per body weight, a route, or an in vivo assay, next to an animal noun. */
export const ANIMAL_SPECIES: Signal = {
  mesh: ['Rats', 'Rats*', 'Mice', 'Mice*', 'Dogs', 'Macaca*', 'Zebrafish', 'Guinea Pigs', 'Rabbits', 'Primates', 'Swine', 'Haplorhini'],
  abstract: new RegExp(String.raw`\b${ANIMALS}\b`),
};

export const ANIMAL_DOSING: Signal = {
  title: new RegExp(String.raw`\bin (?:${ANIMALS}|rhesus monkeys|beagle dogs|cynomolgus monkeys)\b|\b(?:rat|mouse|murine|rodent|zebrafish) (?:model|offspring)s?\b`),
  abstract: new RegExp(
    String.raw`\bmg/kg\b|\b(?:i\.p\.|s\.c\.|i\.m\.|p\.o\.|i\.c\.v\.)|\b(?:oral )?gavage\b|\b${ANIMALS}\b[^.]{0,80}\b(?:received|were (?:given|treated|dosed|trained|pretreated|exposed|made|randomly|tested)|underwent|exposed to)\b|\b(?:hot-plate|tail-flick|tail-withdrawal|formalin test|von frey|rotarod|plethysmography|conditioned place preference|self-administ\w*|drug discrimination|elevated plus maze|two-bottle choice|telemetered)\b`,
  ),
};

export const IN_VITRO: Signal = {
  mesh: ['In Vitro Techniques', 'Cell Line', 'Cell Line*', 'HEK293 Cells', 'Hep G2 Cells', 'CHO Cells', 'Microsomes, Liver', 'Hepatocytes', 'Molecular Docking Simulation', 'Molecular Dynamics Simulation', 'Cells, Cultured'],
  title: /\bin vitro\b|\bin silico\b|\bmicrosomes\b|\bhepatocytes\b|\bcells\b|\bcardiomyocytes\b|\bbinding (?:affinity|profile)\b|\bmolecular (?:dynamics|docking)\b|\brecombinant\b|\bileum\b/,
  abstract: /\bin vitro\b|\bin silico\b|\b(?:hek ?293|cho|hepg2|sh-sy5y|mdck[\w-]*|caco-2) (?:cells|monolayers)\b|\bcell lines?\b|\bcells (?:were|stably|expressing|transfected)\b|\btransfected\b|\bmicrosomes\b|\bhepatocytes\b|\brecombinant (?:human )?(?:enzymes?|cyp)\b|\bradioligand\b|\bcompetition (?:binding|with)\b|\bmembranes of\b|\bgtp.?s\b|\bbret\b|\bdock(?:ed|ing)\b|\bmolecular dynamics\b|\bisolated (?:\w+ ){0,2}(?:tissues?|ileum|preparations?|vas deferens)\b|\borgan bath\b|\bipsc\b|\bmulti-electrode arrays?\b/,
};

/** Methods, detection, composition, synthesis, plant chemistry. */
export const ANALYTICAL: Signal = {
  mesh: ['Chromatography*', 'Tandem Mass Spectrometry', 'Mass Spectrometry', 'Limit of Detection', 'Drug Contamination', 'Substance Abuse Detection', 'Spectrum Analysis, Raman', 'Immunoenzyme Techniques', 'Plant Leaves'],
  title: /\b(?:lc|uhplc|uplc|hplc|gc)-ms(?:\/ms)?\b|\bmass spectrometry\b|\bchromatograph\w*\b|\bvalidated method\b|\bquantification of\b|\bdetection of\b|\b(?:total |semi)?synthesis\b|\bbiosynthesis\b|\badulteration\b|\bcontamination\b|\b(?:alkaloid|mitragynine) (?:content|profiles?)\b|\bspectroscopy\b|\bstability of\b|\bimmunoassay\b|\bidentification of\b/,
  abstract: /\b(?:method|assay) (?:was |were )?(?:developed|validated)\b|\bwe developed (?:and validated )?(?:a|an) (?:\w+ ){0,4}(?:method|assay)\b|\bto develop and validate\b|\blimits? of (?:detection|quantification)\b|\blower limit of quantification\b|\bimprecision\b|\bspiked\b|\bsynthesis\b|\bbiosynthe\w*\b|\badulter\w*\b|\bcontaminat\w*\b|\blabel claims?\b|\bcertificate of analysis\b|\bplasma mass spectrometry\b|\braman\b|\bimmunoassay\b|\bcross-reactivity\b|\bcolumn chemistries\b/,
};

/** Words that say the study had human participants (used only when nothing else decided). */
export const HUMAN_PARTICIPANTS = /\b(?:adults|patients|participants|respondents|people who use|users|men|women|volunteers)\b/;
