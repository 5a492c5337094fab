import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePubmedXml } from '../../src/pubmed/normalize.js';
import type { Article } from '../../src/types.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/pubmed/${name}`, import.meta.url), 'utf8');

const EXPECTED_39000001: Article = {
  pmid: "39000001",
  version: 2,
  status: "MEDLINE",
  isBook: false,
  deleted: false,
  title: "Binding of 7-hydroxymitragynine to the μ receptor: Ki < 10 nM & H2O in vitro.",
  titleHtml: "Binding of <i>7-hydroxy</i>mitragynine to the μ receptor: Ki &lt; 10 nM &amp; <b>H<sub>2</sub>O</b> <i>in</i> <i>vitro</i>.",
  vernacularTitle: null,
  abstract: "BACKGROUND: Kratom (Mitragyna speciosa) contains mitragynine.\n\nRESULTS: Affinity was high (p < 0.05; β = 0.4 units).\n\nCONCLUSIONS: 7-OH is potent.",
  abstractSections: [
    {
      label: "BACKGROUND",
      category: "BACKGROUND",
      text: "Kratom (Mitragyna speciosa) contains mitragynine."
    },
    {
      label: "RESULTS",
      category: "RESULTS",
      text: "Affinity was high (p < 0.05; β = 0.4 units)."
    },
    {
      label: "CONCLUSIONS",
      category: "CONCLUSIONS",
      text: "7-OH is potent."
    }
  ],
  otherAbstracts: [],
  copyright: "Copyright © 2024 Elsevier B.V.",
  authors: [
    {
      lastName: "Nguyen",
      foreName: "Anh T",
      initials: "AT",
      suffix: "Jr",
      collectiveName: null,
      orcid: "0000-0002-1825-0097",
      affiliations: [
        "Department of Pharmacology, University A, Gainesville, FL, USA.",
        "Center for Natural Products, B & C Institute."
      ],
      equalContrib: true
    },
    {
      lastName: "Okafor",
      foreName: "Chidi",
      initials: "C",
      suffix: null,
      collectiveName: null,
      orcid: "0000-0002-1694-233X",
      affiliations: [],
      equalContrib: true
    },
    {
      lastName: null,
      foreName: null,
      initials: null,
      suffix: null,
      collectiveName: "Kratom Safety Consortium (KSC) & Partners",
      orcid: null,
      affiliations: [],
      equalContrib: false
    }
  ],
  authorListComplete: false,
  journal: {
    title: "Drug and alcohol dependence",
    isoAbbreviation: "Drug Alcohol Depend",
    issn: "1879-0046",
    volume: "012E4",
    issue: "00123",
    nlmUniqueId: "7513587"
  },
  pages: "110-8",
  pubDate: {
    year: 2024,
    month: 6,
    day: 8,
    season: null,
    raw: "2024 Jun 08"
  },
  articleDate: "2024-05-02",
  languages: [
    "eng",
    "spa"
  ],
  publicationTypes: [
    "Journal Article",
    "Research Support, Non-U.S. Gov't"
  ],
  mesh: [
    {
      descriptor: "Mitragyna",
      ui: "D000073382",
      major: true,
      qualifiers: [
        {
          name: "pharmacology",
          ui: "Q000494",
          major: false
        },
        {
          name: "chemistry",
          ui: "Q000737",
          major: true
        }
      ]
    },
    {
      descriptor: "Humans",
      ui: "D006801",
      major: false,
      qualifiers: []
    }
  ],
  chemicals: [
    {
      name: "mitragynine",
      ui: "C000600",
      registryNumber: "EP479K822J"
    },
    {
      name: "Plant Extracts",
      ui: "D010936",
      registryNumber: null
    }
  ],
  keywords: [
    "Kratom",
    "Mitragyna speciosa",
    "opioid receptor"
  ],
  grants: [
    {
      id: "R01 DA047855",
      acronym: "DA",
      agency: "NIDA NIH HHS",
      country: "United States"
    },
    {
      id: null,
      acronym: null,
      agency: "Wellcome Trust",
      country: "United Kingdom"
    }
  ],
  doi: "10.1016/j.drugalcdep.2024.110",
  pmcid: "PMC11000001",
  ids: {
    pubmed: "39000001",
    pmc: "PMC11000001",
    doi: "10.1016/j.drugalcdep.2024.110",
    pii: "S0376-8716(24)00123-4"
  },
  publicationStatus: "ppublish",
  history: {
    received: "2024-01-05",
    pubmed: "2024-05-03T06:00",
    entrez: "2024-05-02T18:42"
  },
  dateRevised: "2025-01-09",
  dateCompleted: "2024-08-05",
  commentsCorrections: [
    {
      type: "ErratumIn",
      pmid: "39000009",
      source: "Drug Alcohol Depend. 2024 Aug 1;261:111"
    },
    {
      type: "CommentIn",
      pmid: null,
      source: "Addiction. 2024;119:5"
    }
  ],
  referencesCount: 3,
  retracted: false,
  retractionNotice: false,
  book: null,
  topics: [],
  firstSeenAt: null,
  updatedAt: null,
  evidence: null
};

const EXPECTED_9000002: Article = {
  pmid: "9000002",
  version: 1,
  status: "PubMed-not-MEDLINE",
  isBook: false,
  deleted: false,
  title: "[Kratom use among adolescents].",
  titleHtml: "[Kratom use among adolescents].",
  vernacularTitle: "Uso de kratom entre adolescentes.",
  abstract: null,
  abstractSections: [],
  otherAbstracts: [
    {
      type: "Publisher",
      language: "spa",
      text: "El kratom es una planta."
    }
  ],
  copyright: null,
  authors: [],
  authorListComplete: true,
  journal: {
    title: "Revista de farmacología",
    isoAbbreviation: null,
    issn: "0034-0001",
    volume: "7",
    issue: null,
    nlmUniqueId: "0000001"
  },
  pages: "12-19",
  pubDate: {
    year: 1998,
    month: 12,
    day: null,
    season: null,
    raw: "1998 Dec-1999 Jan"
  },
  articleDate: null,
  languages: [
    "spa"
  ],
  publicationTypes: [
    "Journal Article",
    "Retracted Publication"
  ],
  mesh: [],
  chemicals: [],
  keywords: [],
  grants: [],
  doi: "10.1000/rf.1998.12",
  pmcid: null,
  ids: {
    pubmed: "9000002"
  },
  publicationStatus: null,
  history: {},
  dateRevised: null,
  dateCompleted: null,
  commentsCorrections: [],
  referencesCount: 0,
  retracted: true,
  retractionNotice: false,
  book: null,
  topics: [],
  firstSeenAt: null,
  updatedAt: null,
  evidence: null
};

const EXPECTED_37000003: Article = {
  pmid: "37000003",
  version: 1,
  status: "Publisher",
  isBook: false,
  deleted: false,
  title: "Retraction: \"Kratom cures everything\".",
  titleHtml: "Retraction: &quot;Kratom cures everything&quot;.",
  vernacularTitle: null,
  abstract: "This article has been retracted at the request of the authors.",
  abstractSections: [
    {
      label: null,
      category: null,
      text: "This article has been retracted at the request of the authors."
    }
  ],
  otherAbstracts: [],
  copyright: null,
  authors: [
    {
      lastName: "Editors",
      foreName: null,
      initials: null,
      suffix: null,
      collectiveName: null,
      orcid: "0000-0001-5109-3700",
      affiliations: [],
      equalContrib: false
    }
  ],
  authorListComplete: true,
  journal: {
    title: "Journal of Retractions",
    isoAbbreviation: null,
    issn: "1234-5678",
    volume: "3",
    issue: "2",
    nlmUniqueId: "101000003"
  },
  pages: null,
  pubDate: {
    year: 2019,
    month: null,
    day: null,
    season: "Spring",
    raw: "2019 Spring"
  },
  articleDate: null,
  languages: [
    "eng"
  ],
  publicationTypes: [
    "Retraction of Publication"
  ],
  mesh: [],
  chemicals: [],
  keywords: [],
  grants: [],
  doi: null,
  pmcid: "PMC11000003",
  ids: {
    pubmed: "37000003",
    pmc: "11000003"
  },
  publicationStatus: "epublish",
  history: {},
  dateRevised: null,
  dateCompleted: null,
  commentsCorrections: [
    {
      type: "RetractionOf",
      pmid: "36000003",
      source: "J Retract. 2018;2(1):e9"
    }
  ],
  referencesCount: 0,
  retracted: false,
  retractionNotice: true,
  book: null,
  topics: [],
  firstSeenAt: null,
  updatedAt: null,
  evidence: null
};

const EXPECTED_20300001: Article = {
  pmid: "20300001",
  version: 1,
  status: null,
  isBook: true,
  deleted: false,
  title: "Toxicology™ Reviews",
  titleHtml: "Toxicology™ Reviews",
  vernacularTitle: null,
  abstract: "Expert-authored reviews of toxic plants.",
  abstractSections: [
    {
      label: null,
      category: null,
      text: "Expert-authored reviews of toxic plants."
    }
  ],
  otherAbstracts: [],
  copyright: "Copyright © 1993-2024, University of Somewhere.",
  authors: [
    {
      lastName: "Pagon",
      foreName: "Roberta A",
      initials: "RA",
      suffix: null,
      collectiveName: null,
      orcid: null,
      affiliations: [],
      equalContrib: false
    }
  ],
  authorListComplete: true,
  journal: {
    title: null,
    isoAbbreviation: null,
    issn: null,
    volume: null,
    issue: null,
    nlmUniqueId: null
  },
  pages: null,
  pubDate: {
    year: 1993,
    month: null,
    day: null,
    season: null,
    raw: "1993"
  },
  articleDate: null,
  languages: [
    "eng"
  ],
  publicationTypes: [],
  mesh: [],
  chemicals: [],
  keywords: [],
  grants: [],
  doi: null,
  pmcid: null,
  ids: {
    bookaccession: "NBK9001",
    pubmed: "20300001"
  },
  publicationStatus: "ppublish",
  history: {
    pubmed: "2010-03-20T06:00"
  },
  dateRevised: null,
  dateCompleted: null,
  commentsCorrections: [],
  referencesCount: 0,
  retracted: false,
  retractionNotice: false,
  book: {
    title: "Toxicology™ Reviews",
    publisher: "University of Somewhere",
    publisherLocation: "Seattle (WA)",
    accession: "NBK9001",
    collectionTitle: "Toxicology Collection"
  },
  topics: [],
  firstSeenAt: null,
  updatedAt: null,
  evidence: null
};

const EXPECTED_20300002: Article = {
  pmid: "20300002",
  version: 1,
  status: null,
  isBook: true,
  deleted: false,
  title: "Kratom (Mitragyna speciosa) Toxicity",
  titleHtml: "Kratom <i>(Mitragyna speciosa)</i> Toxicity",
  vernacularTitle: null,
  abstract: "CONTINUING EDUCATION ACTIVITY: Kratom is a plant.",
  abstractSections: [
    {
      label: "CONTINUING EDUCATION ACTIVITY",
      category: "UNASSIGNED",
      text: "Kratom is a plant."
    }
  ],
  otherAbstracts: [],
  copyright: null,
  authors: [
    {
      lastName: "Writer",
      foreName: "Wendy",
      initials: "W",
      suffix: null,
      collectiveName: null,
      orcid: null,
      affiliations: [
        "Hospital X"
      ],
      equalContrib: false
    }
  ],
  authorListComplete: true,
  journal: {
    title: null,
    isoAbbreviation: null,
    issn: null,
    volume: null,
    issue: null,
    nlmUniqueId: null
  },
  pages: null,
  pubDate: {
    year: 2024,
    month: 1,
    day: null,
    season: null,
    raw: "2024 01"
  },
  articleDate: null,
  languages: [
    "eng"
  ],
  publicationTypes: [
    "Review"
  ],
  mesh: [],
  chemicals: [],
  keywords: [],
  grants: [],
  doi: null,
  pmcid: null,
  ids: {
    bookaccession: "NBK9002",
    pubmed: "20300002"
  },
  publicationStatus: "ppublish",
  history: {},
  dateRevised: "2024-02-28",
  dateCompleted: null,
  commentsCorrections: [],
  referencesCount: 0,
  retracted: false,
  retractionNotice: false,
  book: {
    title: "StatPearls",
    publisher: "StatPearls Publishing",
    publisherLocation: "Treasure Island (FL)",
    accession: "NBK9002",
    collectionTitle: null
  },
  topics: [],
  firstSeenAt: null,
  updatedAt: null,
  evidence: null
};

describe('parsePubmedXml on whole normalized records', () => {
  it('normalizes a feature-rich journal article (markup, MathML, structured abstract, authors, history) exactly', () => {
    const result = parsePubmedXml(fixture('articles.xml'), 'articles.xml');
    expect(result.problems).toEqual([]);
    expect(result.articles[0]?.article).toEqual(EXPECTED_39000001);
  });

  it('normalizes a record without PubmedData, with a MedlineDate, a vernacular title and an other-language abstract exactly', () => {
    const result = parsePubmedXml(fixture('articles.xml'));
    expect(result.articles[1]?.article).toEqual(EXPECTED_9000002);
  });

  it('normalizes a retraction notice with a Season date and a bare PMC number exactly', () => {
    const result = parsePubmedXml(fixture('articles.xml'));
    expect(result.articles[2]?.article).toEqual(EXPECTED_37000003);
  });

  it('normalizes a whole book (no ArticleTitle: the book title, editors as authors) exactly', () => {
    const result = parsePubmedXml(fixture('books.xml'));
    expect(result.problems).toEqual([]);
    expect(result.articles[0]?.article).toEqual(EXPECTED_20300001);
  });

  it('normalizes a book chapter (chapter title and authors preferred over the book editors) exactly', () => {
    const result = parsePubmedXml(fixture('books.xml'));
    expect(result.articles[1]?.article).toEqual(EXPECTED_20300002);
  });

  it('keeps each record raw XML text, from its opening to its closing tag', () => {
    const [first] = parsePubmedXml(fixture('articles.xml')).articles;
    expect(first?.raw.startsWith('<PubmedArticle>')).toBe(true);
    expect(first?.raw.endsWith('</PubmedArticle>')).toBe(true);
    expect(first?.raw).toContain('<PMID Version="2">39000001</PMID>');
  });
});
