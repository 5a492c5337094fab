/**
 * The cues of each theme. Patterns run on folded text and are global (every distinct phrase found in the
 * abstract counts once). MeSH names are exact or prefixes ending in `*`.
 */
import type { Theme } from './types.js';

/** Where a theme's cues are looked for. */
export interface ThemeRule {
  /** Title, keywords and abstract. */
  text: RegExp;
  mesh: readonly string[];
}

export const THEME_RULES: Readonly<Record<Theme, ThemeRule>> = {
  pharmacology: {
    text: /\b(?:receptors?|agonis(?:t|ts|m)(?! (?:therapy|treatment))|antagonis(?:t|ts|m)|binding|affinity|efficacy|potency|potent|pharmacokinetic\w*|half-life|clearance|bioavailability|cmax|auc\w*|metabolism|metaboli[sz]ed|metabolites?|mechanism\w*|signal(?:l)?ing|ed50|ec50|ki|brain penetration|beta-arrestin\w*|g protein\w*|5-ht\w*|adrenergic|adrenoceptors?|knockout|naloxone-reversible|pharmacology|pharmacological|discriminative stimulus|structure-activity|volume of distribution|active metabolite|opioid-like effects|cyp\d\w*|plasma concentrations?|exposure|dose-dependent\w*|dose-response|blocked by naloxone|reversed by naloxone|miosis|pupil\w*|subjective effects|mu-opioid)\b/g,
    mesh: ['Receptors, Opioid*', 'Receptors, Adrenergic*', 'Receptor, Serotonin*', 'Biological Availability', 'Half-Life', 'Dose-Response Relationship, Drug', 'Structure-Activity Relationship', 'beta-Arrestin 2', 'Microsomes, Liver', 'GTP-Binding Proteins', 'Metabolic Clearance Rate'],
  },
  toxicity: {
    text: /\b(?:toxicity|toxic|toxicolog\w*|hepatotoxic\w*|nephrotoxic\w*|neurotoxic\w*|cardiotoxic\w*|cytotoxic\w*|liver injury|hepatitis|jaundice|cholesta\w*|seizures?|deaths?|fatal|died|decedents?|overdose|poisoning|intoxication|adverse (?:events?|effects?|outcomes)|respiratory depression|qtc?|arrhythmi\w*|herg|psychosis|postmortem|autopsy|harms?|safety|emergency department|intensive care|exposures|intubation|impair(?:ed|ment|s)?|proarrhythmic|viability|apoptosis|oxidative stress|noael|no-observed-adverse-effect|minute ventilation)\b/g,
    mesh: ['Chemical and Drug Induced Liver Injury', 'Poisoning', 'Seizures', 'Respiratory Insufficiency', 'Long QT Syndrome', 'Fatal Outcome', 'Poison Control Centers', 'Forensic Toxicology', 'Toxicity Tests*', 'Drug-Related Side Effects and Adverse Reactions', 'Psychoses, Substance-Induced', 'Death, Sudden*', 'Prenatal Exposure Delayed Effects', 'Emergency Service, Hospital'],
  },
  dependence: {
    text: /\b(?:dependence|dependent|withdrawal|addiction|addictive|use disorders?|abuse (?:potential|liability)|self-administ\w*|reinforc\w*|craving\w*|tolerance|taper\w*|buprenorphine|methadone|opioid use disorder|oud|conditioned place preference|reward\w*|drug discrimination|abstinen\w*|relapse|lofexidine|drug liking|recovery|opioid agonist therapy|stop(?:ping)? (?:using|kratom)|compulsive use|cessation)\b/g,
    mesh: ['Substance Withdrawal Syndrome', 'Opioid-Related Disorders', 'Substance-Related Disorders', 'Opiate Substitution Treatment', 'Neonatal Abstinence Syndrome', 'Drug Tolerance', 'Reward', 'Buprenorphine, Naloxone Drug Combination', 'Behavior, Addictive', 'Harm Reduction'],
  },
  pain: {
    text: /\b(?:pain|painful|analgesi\w*|antinocicep\w*|nocicep\w*|hot-plate|tail-flick|tail-withdrawal|allodynia|hyperalgesia|cold-pressor|cold pressor|formalin test|von frey|neuropathic)\b/g,
    mesh: ['Pain*', 'Chronic Pain', 'Analgesics', 'Analgesia*', 'Pain Management', 'Neuralgia'],
  },
  chemistry: {
    text: /\b(?:alkaloid (?:content|profiles?|composition)|composition|lc-ms\/ms|uhplc-ms\/ms|uplc-ms\/ms|chromatograph\w*|mass spectrometr\w*|quantif\w*|adulter\w*|contaminat\w*|(?:total |semi)?synthes[ie]s|semisynthe\w*|biosynthe\w*|diastereomers?|stereo\w*|nmr|label(?:led|ed)? (?:claims?|content|strengths?)|limits? of (?:detection|quantification)|immunoassay|raman|heavy metals?|stability|method validation|validated (?:method|assay)|detection|chemotype|plant chemistry|phytochemi\w*|resolution|analytes?|analytical|forensic toxicology|isolated|leaves)\b/g,
    mesh: ['Chromatography*', 'Tandem Mass Spectrometry', 'Mass Spectrometry', 'Drug Contamination', 'Stereoisomerism', 'Molecular Structure', 'Limit of Detection', 'Substance Abuse Detection', 'Plant Leaves', 'Metals, Heavy', 'Reproducibility of Results', 'Immunoenzyme Techniques'],
  },
  'use-patterns': {
    text: /\b(?:prevalence|motives?|reasons? for (?:use|using)|daily (?:use|users?|amount)|frequency|past-(?:year|month) (?:use|users?)|lifetime (?:use|users?)|respondents|people who use|consumption|use patterns|patterns of use|self-treat\w*|self-manag\w*|traditional(?:ly)? use\w*|chew\w*|epidemiology|who use[sd]? kratom|current use|sold|retail\w*|decoction|users? reported|kratom users)\b/g,
    mesh: ['Prevalence', 'Self Medication', 'Surveys and Questionnaires', 'Health Surveys', 'Drug Users'],
  },
  regulation: {
    text: /\b(?:regulat\w*|laws?|legal\w*|legislation|ban(?:s|ned|ning)?|scheduling|scheduled?|controlled substances act|fda|food and drug administration|polic(?:y|ies)|decriminali[sz]\w*|prohibit\w*|enforcement|consumer protection acts?|narcotics act|age (?:restrictions?|limits?)|labelling rules|licensing)\b/g,
    mesh: ['Legislation, Drug', 'Government Regulation', 'Drug and Narcotic Control', 'Public Policy', 'Legislation as Topic'],
  },
  interactions: {
    text: /\b(?:interactions?|drug-drug|herb-drug|inhibit\w* (?:of )?cyp\w*|cyp\w* inhibit\w*|co-administ\w*|combin(?:ed|ing|ation|ations) (?:use|with|of)|polysubstance|concurrent(?:ly)? use|together with|perpetrator|isobolograph\w*|p-glycoprotein)\b/g,
    mesh: ['Drug Interactions', 'Herb-Drug Interactions', 'Cytochrome P-450 Enzyme Inhibitors', 'Drug Synergism'],
  },
};
