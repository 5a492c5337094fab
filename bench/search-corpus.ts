/**
 * Synthetic PubMed-sized records for the search benchmark: ~250-word abstracts drawn from a Zipf-
 * distributed vocabulary (a few hundred real biomedical words, this field's terms in their spelling
 * variants, and tens of thousands of pseudo-words so the term dictionary grows like real text does),
 * 2-8 authors, MeSH, chemicals, keywords, publication types and years. Deterministic for a seed.
 */
import { seededRandom } from '../test/support/random.js';
/** Small seeded PRNG (mulberry32): the same seed gives the same library on every run. */
export const rng = seededRandom;

const COMMON = `the of and in to a with for was were is by on as at from that this be are an or which these
patients study results effects dose doses use used using treatment clinical data analysis group groups significant
compared increased decreased higher lower levels associated risk model models mice rats human cells cell
receptor receptors activity response responses exposure effect role potential mechanism mechanisms showed found
observed reported however conclusion methods background objective design participants total mean median years
age sex male female after before during within between among across high low acute chronic daily weeks months
plasma serum concentration concentrations brain liver kidney blood urine samples sample test tests assay assays
protein proteins gene genes expression pathway pathways signaling binding affinity agonist antagonist partial full
pharmacokinetics pharmacology metabolism metabolite metabolites toxicity adverse events safety efficacy trial trials
randomized controlled placebo survey cross-sectional cohort case report review systematic meta-analysis evidence
pain relief anxiety depression sleep fatigue nausea seizure seizures death deaths overdose poisoning emergency
withdrawal withdrawals symptoms dependence tolerance addiction craving relapse recovery abstinence substitution
self-treatment self-medication users consumers people adults product products powder leaves tea extract extracts
alkaloid alkaloids indole compound compounds synthesis structure structural derivative derivatives analog analogs
in vitro in vivo behavioral behavior conditioned place preference self-administration locomotor tail-flick hot-plate
liquid chromatography mass spectrometry LC-MS/MS quantification validated method limit detection forensic
postmortem toxicology case cases fatal nonfatal hospital admissions poison center calls regulatory legal status
policy market online vendors adulteration contamination heavy metals salmonella outbreak FDA DEA scheduling`.split(/\s+/);

export const DOMAIN = [
  'kratom', 'kratom', 'kratom', 'Mitragyna speciosa', 'mitragynine', 'mitragynine', '7-hydroxymitragynine',
  '7-OH', '7‐hydroxymitragynine', 'μ-opioid receptor', 'mu-opioid receptor', 'MOR', 'opioid', 'opioids',
  'opioid use disorder', 'OUD', 'analgesia', 'analgesic', 'antinociception', 'antinociceptive',
  'hepatotoxicity', 'liver injury', 'CYP3A4', 'CYP2D6', 'paynantheine', 'speciogynine', 'speciociliatine',
  'corynantheidine', 'mitragynine pseudoindoxyl', 'G protein-biased', 'β-arrestin', 'buprenorphine',
  'naloxone', 'morphine', 'methadone', 'fentanyl', 'ketum', 'biak-biak', 'krathom', 'κ-opioid receptor',
  'δ-opioid receptor', 'COVID-19', 'SARS-CoV-2', 'respiratory depression', 'QTc prolongation',
];

const SYLLABLES = 'ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo zu tran lex dor fen cyl gran phor thal mid ox yl ine ate ase'.split(' ');

export const JOURNALS = [
  'J Ethnopharmacol', 'Drug Alcohol Depend', 'J Med Chem', 'Psychopharmacology (Berl)', 'Addict Behav',
  'J Anal Toxicol', 'Forensic Sci Int', 'Clin Toxicol (Phila)', 'Front Pharmacol', 'Molecules', 'J Nat Prod',
  'Neuropharmacology', 'Br J Pharmacol', 'Am J Addict', 'Int J Drug Policy', 'Subst Abus', 'J Psychoactive Drugs',
];
export const MESH = [
  'Mitragyna', 'Plant Extracts', 'Secologanin Tryptamine Alkaloids', 'Receptors, Opioid, mu', 'Analgesics, Opioid',
  'Opioid-Related Disorders', 'Substance Withdrawal Syndrome', 'Humans', 'Animals', 'Mice', 'Rats',
  'Chemical and Drug Induced Liver Injury', 'Cytochrome P-450 CYP3A', 'Drug Interactions', 'Pain',
  'Chromatography, Liquid', 'Tandem Mass Spectrometry', 'Surveys and Questionnaires', 'Male', 'Female',
];
export const TYPES = [['Journal Article'], ['Journal Article'], ['Journal Article'], ['Journal Article', 'Review'],
  ['Journal Article', 'Systematic Review'], ['Case Reports'], ['Randomized Controlled Trial'], ['Published Erratum']];

/** Ranked vocabulary: common words and domain terms first (most frequent), then pseudo-words. */
export function vocabulary(size: number, random: () => number): string[] {
  const words = [...COMMON];
  const seen = new Set(words);
  while (words.length < size) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i += 1) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  return words;
}

/** Zipf sampler over ranks 0..n-1 (exponent 1.05, like English text). */
export function zipf(n: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r += 1) {
    sum += 1 / Math.pow(r + 1, 1.05);
    cdf[r] = sum;
  }
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

