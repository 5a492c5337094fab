/** One synthetic Article for the search benchmark (see search-corpus.ts). */
import type { Article } from '../src/types.js';
import { DOMAIN, JOURNALS, MESH, TYPES } from './search-corpus.js';

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)] as T;
}

function sentence(words: readonly string[], next: () => number, random: () => number, length: number): string {
  const out: string[] = [];
  for (let i = 0; i < length; i += 1) out.push(random() < 0.04 ? pick(DOMAIN, random) : (words[next()] as string));
  const s = out.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

function text(words: readonly string[], next: () => number, random: () => number, total: number): string {
  const parts: string[] = [];
  let n = 0;
  while (n < total) {
    const len = 12 + Math.floor(random() * 16);
    parts.push(sentence(words, next, random, len));
    n += len;
  }
  return parts.join(' ');
}

function author(words: readonly string[], random: () => number): Article['authors'][number] {
  const last = words[300 + Math.floor(random() * 3000)] as string;
  const initials = String.fromCharCode(65 + Math.floor(random() * 26)) + (random() < 0.5 ? String.fromCharCode(65 + Math.floor(random() * 26)) : '');
  return {
    lastName: last.charAt(0).toUpperCase() + last.slice(1), foreName: initials.charAt(0), initials, suffix: null,
    collectiveName: null, orcid: null, affiliations: [], equalContrib: false,
  };
}

/** A complete Article with PMID `pmid`, drawn from `words` via the sampler `next`. */
export function syntheticArticle(pmid: string, words: readonly string[], next: () => number, random: () => number): Article {
  const year = 1990 + Math.floor(Math.pow(random(), 0.4) * 37);
  const types = pick(TYPES, random);
  return {
    pmid, version: 1, status: 'MEDLINE', isBook: false, deleted: false,
    title: text(words, next, random, 10 + Math.floor(random() * 8)).replace(/\.$/, ''), titleHtml: '', vernacularTitle: null,
    abstract: text(words, next, random, 200 + Math.floor(random() * 100)), abstractSections: [], otherAbstracts: [],
    copyright: null, authors: Array.from({ length: 2 + Math.floor(random() * 7) }, () => author(words, random)),
    authorListComplete: true,
    journal: { title: null, isoAbbreviation: pick(JOURNALS, random), issn: null, volume: '12', issue: '3', nlmUniqueId: null },
    pages: '1-10', pubDate: { year, month: 1 + Math.floor(random() * 12), day: null, season: null, raw: String(year) },
    articleDate: null, languages: ['eng'], publicationTypes: types,
    mesh: Array.from({ length: 3 + Math.floor(random() * 6) }, () => ({ descriptor: pick(MESH, random), ui: null, major: false, qualifiers: [] })),
    chemicals: random() < 0.5 ? [{ name: 'mitragynine', ui: 'C000000', registryNumber: null }] : [],
    keywords: Array.from({ length: Math.floor(random() * 5) }, () => pick(DOMAIN, random)),
    grants: [], doi: `10.1000/kl.${pmid}`, pmcid: null, ids: { pubmed: pmid }, publicationStatus: 'ppublish',
    history: { entrez: `${year}-01-15` }, dateRevised: null, dateCompleted: null, commentsCorrections: [],
    referencesCount: 0, retracted: random() < 0.005, retractionNotice: false, book: null,
    topics: [random() < 0.7 ? 'mitragynine' : '7-hydroxymitragynine'], firstSeenAt: null, updatedAt: null,
    evidence: null,
  };
}
