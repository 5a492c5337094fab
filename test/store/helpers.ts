import { emptyArticle } from '../../src/types.js';
import type { Article } from '../../src/types.js';

/** A complete record with plausible values; override what a test is about. */
export function article(pmid: string, over: Partial<Article> = {}): Article {
  return {
    ...emptyArticle(pmid),
    status: 'MEDLINE',
    title: `Mitragynine study ${pmid}`,
    titleHtml: `Mitragynine study ${pmid}`,
    abstract: 'Kratom alkaloids were measured.',
    authors: [
      { lastName: 'Kruegel', foreName: 'Andrew C', initials: 'AC', suffix: null, collectiveName: null, orcid: null, affiliations: ['Columbia University'], equalContrib: false },
      { lastName: null, foreName: null, initials: null, suffix: null, collectiveName: 'Kratom Research Consortium', orcid: null, affiliations: [], equalContrib: false },
    ],
    journal: { title: 'Journal of Natural Products', isoAbbreviation: 'J Nat Prod', issn: '0163-3864', volume: '79', issue: '4', nlmUniqueId: '7906882' },
    pubDate: { year: 2016, month: 4, day: null, season: null, raw: '2016 Apr' },
    languages: ['eng'],
    publicationTypes: ['Journal Article'],
    mesh: [{ descriptor: 'Mitragyna', ui: 'D064390', major: true, qualifiers: [{ name: 'chemistry', ui: 'Q000737', major: false }] }],
    chemicals: [{ name: 'mitragynine', ui: 'C011258', registryNumber: 'EP479K822J' }],
    keywords: ['kratom'],
    grants: [{ id: 'R01DA000000', acronym: 'DA', agency: 'NIDA NIH HHS', country: 'United States' }],
    ids: { pubmed: pmid, doi: `10.1000/${pmid}` },
    doi: `10.1000/${pmid}`,
    history: { entrez: '2026-11-17', pubmed: '2026-11-17' },
    dateRevised: '2026-11-18',
    ...over,
  };
}

export function parsed(a: Article) {
  return { article: a, raw: `<PubmedArticle><MedlineCitation><PMID Version="${a.version}">${a.pmid}</PMID></MedlineCitation></PubmedArticle>` };
}
