import { describe, expect, it } from 'vitest';
import { classifyByRules, classifyEvidence } from '../../src/evidence/classify.js';
import { parseOverrides } from '../../src/evidence/overrides.js';
import { EVIDENCE_VERSION } from '../../src/evidence/types.js';
import { rec } from './records.js';

const design = (r: Parameters<typeof rec>[0]) => classifyByRules(rec(r)).design;
const themes = (r: Parameters<typeof rec>[0]) => classifyByRules(rec(r)).themes;

describe('each design is reached by its cues', () => {
  it.each([
    ['systematic-review', { title: 'Kratom and seizures', pt: ['Systematic Review'] }],
    ['systematic-review', { title: 'Kratom and seizures: a meta-analysis of cohort studies' }],
    ['rct', { title: 'Kratom tea for pain', pt: ['Randomized Controlled Trial'] }],
    ['rct', { title: 'Kratom tea for withdrawal', abstract: 'Adults were randomly assigned to kratom tea or placebo for 14 days. Withdrawal scores fell.' }],
    ['clinical-trial', { title: 'Mitragynine kinetics', pt: ['Clinical Trial, Phase I'] }],
    ['clinical-trial', { title: 'Oral 7-hydroxymitragynine', abstract: 'Ten healthy volunteers took a single 5 mg dose. Plasma levels were measured.' }],
    ['observational', { title: 'Kratom use among veterans: a national online survey' }],
    ['observational', { title: 'Kratom exposures', abstract: 'We analysed calls to poison centers from 2014 to 2025. Calls rose.' }],
    ['case-report', { title: 'Seizures after kratom', pt: ['Case Reports'] }],
    ['case-report', { title: 'Seizures after kratom', abstract: 'A 27-year-old man presented with seizures. He recovered.' }],
    ['animal', { title: 'Mitragynine in rats', mesh: ['Animals', 'Rats'], abstract: 'Rats received mitragynine (10 mg/kg, p.o.). Tolerance developed.' }],
    ['animal', { title: 'Mitragynine and alcohol intake', abstract: 'Male mice received mitragynine (10 mg/kg, i.p.) before access to alcohol.' }],
    ['in-vitro', { title: 'Mitragynine at opioid receptors', mesh: ['HEK293 Cells'] }],
    ['in-vitro', { title: 'Kratom alkaloids', abstract: 'We docked 25 alkaloids into receptor structures in silico. Binding energies were estimated.' }],
    ['analytical', { title: 'A validated LC-MS/MS method for mitragynine in plasma' }],
    ['analytical', { title: 'Kratom products', abstract: 'We measured lead in 60 products. Contamination exceeded limits in 14.' }],
    ['review', { title: 'Kratom pharmacology', pt: ['Review'] }],
    ['review', { title: 'Kratom', abstract: 'This chapter covers kratom.', book: true }],
    ['other', { title: 'Kratom research needs standards', pt: ['Editorial'] }],
    ['other', { title: 'Erratum: Kratom use among veterans' }],
    ['other', { title: 'Why kratom laws fail', abstract: 'In this essay I argue that state laws do not work. Enforcement is weak.' }],
  ] as const)('%s from %j', (want, r) => {
    expect(design(r)).toBe(want);
  });
});

describe('each theme is reached by its cues', () => {
  it.each([
    ['pharmacology', { title: 'Mitragynine binding affinity at the mu-opioid receptor', kw: ['receptor'] }],
    ['toxicity', { title: 'Hepatotoxicity of kratom', mesh: ['Chemical and Drug Induced Liver Injury'] }],
    ['dependence', { title: 'Kratom withdrawal and dependence', mesh: ['Substance Withdrawal Syndrome'] }],
    ['pain', { title: 'Kratom for chronic pain', mesh: ['Chronic Pain'] }],
    ['chemistry', { title: 'Adulteration of kratom products', mesh: ['Drug Contamination'] }],
    ['use-patterns', { title: 'Prevalence of kratom use', mesh: ['Prevalence'] }],
    ['regulation', { title: 'Kratom scheduling and the law', kw: ['regulation'] }],
    ['interactions', { title: 'Kratom drug interactions', mesh: ['Herb-Drug Interactions'] }],
  ] as const)('%s from %j', (want, r) => {
    expect(themes(r)).toContain(want);
  });

  it('does not give a theme for a passing mention in the background sentence', () => {
    const r = rec({
      title: 'Mitragynine inhibits CYP2D6 in human liver microsomes',
      abstract: 'Kratom is used for pain, and some users take it to ease withdrawal. We measured CYP2D6 inhibition in microsomes. Mitragynine was a potent inhibitor of CYP2D6 and the interaction risk is high.',
    });
    const e = classifyByRules(r);
    expect(e.themes).not.toContain('pain');
    expect(e.themes).toContain('interactions');
  });

  it('gives a record without any theme cue the usual theme of its design', () => {
    expect(classifyByRules(rec({ title: 'A validated LC-MS/MS method' })).themes).toEqual(['chemistry']);
  });
});

describe('precedence', () => {
  it('files a review of published case reports as a review, not a case report', () => {
    const r = { title: 'Deaths associated with kratom: a review of 41 published case reports', pt: ['Journal Article', 'Review'], abstract: 'We reviewed 41 published case reports of deaths. Most decedents were men.' };
    expect(design(r)).toBe('review');
  });

  it('files a systematic review of case reports as a systematic review even with the Case Reports type', () => {
    expect(design({ title: 'Adverse events of kratom: a systematic review of case reports', pt: ['Case Reports', 'Systematic Review'] })).toBe('systematic-review');
  });

  it('files a new patient described with a review of published cases as a case report, review second', () => {
    const e = classifyByRules(rec({ title: 'Cholestatic hepatitis after kratom: a case report and review of 14 published cases', pt: ['Case Reports', 'Review'], abstract: 'We describe a 38-year-old woman with jaundice. We also reviewed 14 cases.' }));
    expect([e.design, e.designAlso]).toEqual(['case-report', ['review']]);
    expect(e.cues).toContain('PublicationType: Case Reports');
  });

  it('files an animal study in a clinical-trials journal, randomized and blinded, as animal', () => {
    const r = { title: 'Randomized, blinded evaluation of mitragynine on post-incisional pain', journal: 'Contemporary clinical trials communications', mesh: ['Animals', 'Rats'], abstract: 'Rats underwent plantar incision and were randomly allocated to mitragynine (20 mg/kg, p.o.) or vehicle.' };
    expect(design(r)).toBe('animal');
  });

  it('files liver microsomes of rats and dogs as in vitro, not animal', () => {
    const r = { title: 'Hepatic conversion of mitragynine: human, rat and dog liver microsomes', mesh: ['Animals', 'Rats', 'Dogs', 'Microsomes, Liver'], abstract: 'Using pooled liver microsomes from humans, Sprague-Dawley rats and beagle dogs, we quantified metabolite formation. Km was 8 uM.' };
    expect(design(r)).toBe('in-vitro');
  });

  it('files a letter that describes a patient as a case report, and one that argues as other', () => {
    expect(design({ title: 'Kratom psychosis', pt: ['Letter'], abstract: 'To the Editor: We report a 29-year-old man with psychosis. He recovered.' })).toBe('case-report');
    expect(design({ title: 'Kratom is no treatment', pt: ['Letter', 'Comment'] })).toBe('other');
  });

  it('lets an erratum win over the study type of the paper it corrects', () => {
    expect(design({ title: 'Erratum: A randomized controlled trial of kratom', pt: ['Published Erratum', 'Randomized Controlled Trial'] })).toBe('other');
  });

  it('files an animal study with cell assays as animal with in-vitro second', () => {
    const e = classifyByRules(rec({ title: 'Mitragynine and hERG', abstract: 'In HEK293 cells expressing hERG, mitragynine blocked the current. Dogs received 5 mg/kg orally and QTc rose.' }));
    expect([e.design, e.designAlso]).toEqual(['animal', ['in-vitro']]);
  });

  it('does not take "randomized order" of a dosing study for a randomized trial', () => {
    expect(design({ title: 'Pharmacokinetics of kratom tea', abstract: 'Twelve healthy adults received tea brewed from 2, 4 and 8 g in randomized order. Plasma levels were measured.' })).toBe('clinical-trial');
  });
});

describe('the evidence object', () => {
  it('has exactly the documented shape, with checkable cues and the version stamp', () => {
    const e = classifyByRules(rec({ title: 'Seizures after kratom extract: a case report', pt: ['Case Reports'], abstract: 'A 34-year-old man had two seizures after an extract shot. Seizures stopped with lorazepam.' }));
    expect(e).toEqual({
      design: 'case-report',
      designAlso: [],
      themes: ['toxicity'],
      cues: ['PublicationType: Case Reports', 'title: "a case report"', 'abstract: "a 34-year-old"', 'toxicity: title: "seizures"; abstract: "seizures"'],
      source: 'rules',
      version: EVIDENCE_VERSION,
    });
  });

  it('lets the curator override win, marked as such, keeping what the override leaves out', () => {
    const overrides = parseOverrides('{"7": {"design": "observational", "note": "chart review"}}', 'ov.json');
    const r = rec({ pmid: '7', title: 'Seizures after kratom: a case report', pt: ['Case Reports'] });
    const e = classifyEvidence(r, overrides);
    expect(e).toMatchObject({ design: 'observational', designAlso: [], themes: ['toxicity'], source: 'override' });
    expect(e.cues[0]).toBe('override: ov.json (chart review)');
    expect(classifyEvidence(rec({ pmid: '8', title: 'Seizures after kratom: a case report', pt: ['Case Reports'] }), overrides).source).toBe('rules');
  });
});
