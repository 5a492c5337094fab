// The demo's "second night": revised versions of three records, two new records, one deletion.
// Synthetic, written for kratomlit (not real PubMed data).
import { A, doi } from './helpers.mjs';
import { records as part1 } from './records-1.mjs';

const base = (pmid) => {
  const r = part1.find((x) => x.pmid === pmid);
  if (!r) throw new Error(`revisions: no first-night record ${pmid}`);
  return r;
};

/** Deleted from PubMed between the first and second night (efetch simply stops returning it). */
export const DELETED_ON_SECOND_NIGHT = ['41900033'];

export const revisions = [
  {
    // (a) MEDLINE indexing finished: status, DateCompleted, chemicals and MeSH added.
    ...base('41900005'),
    status: 'MEDLINE', indexing: 'Automated', completed: '2026-11-23', revised: '2026-11-23',
    chems: ['Plant Extracts', 'Secologanin Tryptamine Alkaloids', '7-hydroxymitragynine', 'mitragynine'],
    mesh: ['Adult', 'Biological Availability', 'Cross-Over Studies', 'Female', 'Half-Life', 'Humans', 'Male', 'Mitragyna*', 'Plant Extracts/administration & dosage/pharmacokinetics*', 'Plant Leaves/chemistry', 'Secologanin Tryptamine Alkaloids/blood/pharmacokinetics*', 'Young Adult'],
    changes: ['mesh', 'chemicals', 'status', 'dateCompleted', 'dateRevised'],
  },
  {
    // (b) Retracted: publication type and RetractionIn link to the new notice 41900061.
    ...base('41900012'),
    revised: '2026-11-24',
    types: ['Journal Article', 'Retracted Publication'],
    cc: [['RetractionIn', '41900061']],
    changes: ['publicationTypes', 'retracted', 'commentsCorrections', 'dateRevised'],
  },
  {
    // (c) Title typo corrected ("pharmacokinetcs"), new PMID version.
    ...base('41900020'),
    version: 2, revised: '2026-11-23',
    title: 'Sex differences in the pharmacokinetics of oral mitragynine in healthy adults: a phase 1 study.',
    changes: ['title', 'version', 'dateRevised'],
  },
  {
    pmid: '41900061', status: 'PubMed-not-MEDLINE', revised: '2026-11-24',
    model: 'Print-Electronic', j: 'npl', vol: '232', date: '2027 Jan 01', pgn: '110251', doi: doi('npl', 2026, '110251'), pii: 'S0028-3908(26)00447-5',
    title: 'Retraction notice to "Mitragynine attenuates naloxone-precipitated withdrawal in morphine-dependent mice".',
    abs: 'This article has been retracted at the request of the Editor-in-Chief. After publication, concerns were raised about duplicated panels in Figure 4 (the CTAP and yohimbine experiments) and about identical withdrawal score distributions in two independent experiments (Figures 2C and 3B). The authors were unable to provide the original data, and the Editor has therefore lost confidence in the reliability of the findings. Hafiz Yusof, Xiaoyu Chen and Eleni Dimitriou agree with this retraction; Callum Ward did not respond.',
    types: ['Retraction of Publication'], adate: '2026-11-21',
    cc: [['RetractionOf', '41900012']],
    hist: { entrez: '2026-11-23 4:48' },
    pubStatus: 'ppublish',
    changes: ['new'],
  },
  {
    pmid: '41900062', status: 'Publisher', revised: '2026-11-23',
    model: 'Print-Electronic', j: 'jatm', vol: '51', issue: '1', date: '2027 Jan', doi: doi('jatm', 2026, '0311'),
    title: 'Urinary ratio of mitragynine to 7-hydroxymitragynine distinguishes use of kratom leaf from concentrated 7-OH products.',
    abs: 'Clinicians and laboratories increasingly need to know whether a patient uses traditional kratom or products concentrated in 7-hydroxymitragynine ("7-OH"). We compared urinary alkaloid profiles in 48 people who reported using only kratom leaf and 31 who reported using mainly 7-OH tablets, using LC-MS/MS after hydrolysis of conjugates. In leaf users the median urinary mitragynine to 7-hydroxymitragynine ratio was 38 (interquartile range 21–66), and speciociliatine and paynantheine were consistently present. In 7-OH users the median ratio was 0.4 (0.1–1.9), and the minor leaf alkaloids were absent or near the limit of detection in 26 of 31. A ratio below 5 identified 7-OH product use with a sensitivity of 94% and a specificity of 98%. Urinary alkaloid ratios offer a simple way to distinguish leaf from concentrated 7-OH use in clinical and treatment settings.',
    affs: ['Laboratório de Toxicologia Forense, Universidade do Atlântico Norte, Porto, Portugal.', 'Addiction Consult Service, Gulf Coast Memorial Hospital, Houston, TX, USA.', 'Forensic Toxicology Unit, Mid-Atlantic Medical Examiner Laboratory, Baltimore, MD, USA.'],
    authors: [A('Gonçalves', 'Beatriz', [0], { orcid: 'https' }), A('Marsh', 'Jonathan K', [1]), A('Kowalczyk', 'Agnieszka', [2])],
    types: ['Journal Article'], adate: '2026-11-22',
    kw: ['7-OH', '7-hydroxymitragynine', 'kratom', 'mitragynine', 'urine drug testing'],
    hist: { received: '2026-8-26', accepted: '2026-11-14', entrez: '2026-11-23 5:31' },
    pubStatus: 'aheadofprint',
    changes: ['new'],
  },
];
