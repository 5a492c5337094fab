// Renders synthetic record descriptions (see records-*.mjs) as compact modern efetch XML
// (DTD pubmed_250101): one PubmedArticle per line, non-ASCII as lowercase hex numeric character
// references, PubMedPubDate months/days unpadded, DateCompleted/DateRevised/ArticleDate padded.
import { JOURNALS, PUBTYPES, MESH, QUALIFIERS, CHEMICALS } from './vocab.mjs';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Every character above U+007E as `&#x..;`, the way efetch writes text since the 2023 DTDs. */
export function ncr(s) {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    out += cp > 0x7e ? `&#x${cp.toString(16)};` : ch;
  }
  return out;
}

/** Checks a hand-written XML fragment: entities must be escaped, only inline markup allowed. */
export function frag(s, where) {
  if (typeof s !== 'string') throw new Error(`${where}: expected a string, got ${typeof s}`);
  const badAmp = s.match(/&(?!(amp|lt|gt|quot|apos|#x[0-9a-f]+|#[0-9]+);)/);
  if (badAmp) throw new Error(`${where}: raw & in "${s.slice(Math.max(0, badAmp.index - 20), badAmp.index + 20)}"`);
  const badLt = s.match(/<(?!\/?(i|b|u|sup|sub|mml:[a-z]+)[\s>/])/);
  if (badLt) throw new Error(`${where}: raw < or unknown tag in "${s.slice(Math.max(0, badLt.index - 20), badLt.index + 30)}"`);
  return s;
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const el = (name, body, attrs = '') => `<${name}${attrs}>${body}</${name}>`;
const pad = (n) => String(n).padStart(2, '0');

function ymd(iso, padded) {
  const [y, m, d] = iso.split('-').map(Number);
  const f = padded ? pad : String;
  return `<Year>${y}</Year><Month>${f(m)}</Month><Day>${f(d)}</Day>`;
}

/** `2026 Nov 20`, `2026 11`, `2024 Fall`, `2025` or `{ medline: '2025 Nov-Dec' }` -> PubDate. */
function pubDate(d) {
  if (typeof d === 'object') return el('PubDate', el('MedlineDate', d.medline));
  const [y, second, day] = d.split(' ');
  let body = `<Year>${y}</Year>`;
  if (second && (MONTHS.includes(second) || /^\d\d$/.test(second))) {
    body += `<Month>${second}</Month>`;
    if (day) body += `<Day>${day}</Day>`;
  } else if (second) body += `<Season>${second}</Season>`;
  return el('PubDate', body);
}

export function pubYear(r) {
  return typeof r.date === 'object' ? r.date.medline.slice(0, 4) : r.date.slice(0, 4);
}

/** Expands MEDLINE abbreviated page ranges: `737-8` -> 737, 738. */
function pages(pgn) {
  const [start, endAbbrev] = pgn.split('-');
  if (!endAbbrev) return `<Pagination><StartPage>${start}</StartPage><MedlinePgn>${pgn}</MedlinePgn></Pagination>`;
  const end = start.slice(0, Math.max(0, start.length - endAbbrev.length)) + endAbbrev;
  return `<Pagination><StartPage>${start}</StartPage><EndPage>${end}</EndPage><MedlinePgn>${pgn}</MedlinePgn></Pagination>`;
}

function initials(fore) {
  return fore.split(/[\s-]+/).filter(Boolean).map((p) => p[0].toUpperCase()).join('');
}

/** Deterministic synthetic ORCID iD with a valid ISO 7064 11,2 check character. */
export function orcidFor(name) {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
  // 0000-000{1,2,3}-xxxx-xxxC: the shape of ORCID iDs issued so far.
  const digits = `0000000${1 + (h % 3)}${String(h).padStart(10, '0').slice(-7)}`.split('').map(Number);
  let total = 0;
  for (const d of digits) total = (total + d) * 2;
  const check = (12 - (total % 11)) % 11;
  const s = digits.join('') + (check === 10 ? 'X' : String(check));
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}-${s.slice(12)}`;
}

function orcidText(id, form) {
  if (form === 'https') return `https://orcid.org/${id}`;
  if (form === 'http') return `http://orcid.org/${id}`;
  if (form === 'nodash') return id.replace(/-/g, '');
  return id;
}

function author(a, affs, where) {
  const attrs = ` ValidYN="${a.invalid ? 'N' : 'Y'}"${a.eq ? ' EqualContrib="Y"' : ''}`;
  let body;
  if (a.collective) body = el('CollectiveName', frag(a.collective, where));
  else {
    body = el('LastName', a.last) + (a.fore ? el('ForeName', a.fore) + el('Initials', a.initials ?? initials(a.fore)) : '');
    if (a.suffix) body += el('Suffix', a.suffix);
  }
  if (a.orcid) body += el('Identifier', orcidText(orcidFor(`${a.last}|${a.fore}`), a.orcid), ' Source="ORCID"');
  for (const i of a.aff ?? []) {
    if (affs[i] === undefined) throw new Error(`${where}: author ${a.last ?? a.collective} has no affiliation ${i}`);
    body += el('AffiliationInfo', el('Affiliation', frag(affs[i], where)));
  }
  return el('Author', body, attrs);
}

export function authorList(r, where) {
  if (!r.authors?.length) return '';
  const body = r.authors.map((a) => author(a, r.affs ?? [], where)).join('');
  return el('AuthorList', body, ` CompleteYN="${r.incomplete ? 'N' : 'Y'}"${r.authorListType ? ` Type="${r.authorListType}"` : ''}`);
}

export function abstractXml(abs, copyright, where, tag = 'Abstract', attrs = '') {
  if (!abs) return '';
  const parts = typeof abs === 'string'
    ? el('AbstractText', frag(abs, where))
    : abs.map(([label, cat, text]) => el('AbstractText', frag(text, where), ` Label="${label}" NlmCategory="${cat}"`)).join('');
  return el(tag, parts + (copyright ? el('CopyrightInformation', frag(copyright, where)) : ''), attrs);
}

function meshHeading(spec, where) {
  const [descRaw, ...quals] = spec.split('/');
  const major = descRaw.endsWith('*');
  const desc = major ? descRaw.slice(0, -1) : descRaw;
  if (!MESH[desc]) throw new Error(`${where}: unknown MeSH descriptor "${desc}"`);
  let body = el('DescriptorName', esc(desc), ` UI="${MESH[desc]}" MajorTopicYN="${major ? 'Y' : 'N'}"`);
  for (const qRaw of quals) {
    const qMajor = qRaw.endsWith('*');
    const q = qMajor ? qRaw.slice(0, -1) : qRaw;
    if (!QUALIFIERS[q]) throw new Error(`${where}: unknown MeSH qualifier "${q}"`);
    body += el('QualifierName', esc(q), ` UI="${QUALIFIERS[q]}" MajorTopicYN="${qMajor ? 'Y' : 'N'}"`);
  }
  return el('MeshHeading', body);
}

/** `RefSource` text in the form PubMed uses: `Abbr. 2026 Nov;12(4):737-8. doi: 10...`. */
export function refSource(t) {
  if (t.book) return `${t.bookTitle}. ${pubYear(t)}`;
  const j = JOURNALS[t.j];
  const date = typeof t.date === 'object' ? t.date.medline : t.date;
  const vi = `${t.vol ?? ''}${t.issue ? `(${t.issue})` : ''}`;
  const loc = t.pgn ?? (t.eloc ?? '');
  return `${j.iso}. ${date}${vi ? `;${vi}` : ''}${loc ? `:${loc}` : ''}.${t.doi ? ` doi: ${t.doi}.` : ''}`;
}

function commentsCorrections(r, registry, where) {
  if (!r.cc?.length) return '';
  const items = r.cc.map(([type, pmid]) => {
    const target = registry.get(pmid);
    if (!target) throw new Error(`${where}: ${type} points to unknown PMID ${pmid}`);
    return el('CommentsCorrections', el('RefSource', frag(refSource(target), where)) + `<PMID Version="1">${pmid}</PMID>`, ` RefType="${type}"`);
  });
  return el('CommentsCorrectionsList', items.join(''));
}

function citation(t) {
  const names = (t.authors ?? []).filter((a) => !a.invalid).map((a) => a.collective ?? `${a.last} ${a.initials ?? initials(a.fore ?? '')}`);
  const who = names.length > 6 ? `${names.slice(0, 6).join(', ')}, et al` : names.join(', ');
  return `${who}. ${t.title} ${refSource(t).replace(/ doi: .*$/, '')}`;
}

function referenceList(r, registry, where) {
  if (!r.refs?.length) return '';
  return el('ReferenceList', r.refs.map((pmid) => {
    const t = registry.get(pmid);
    if (!t) throw new Error(`${where}: reference to unknown PMID ${pmid}`);
    return el('Reference', el('Citation', frag(citation(t), where)) + el('ArticleIdList', el('ArticleId', pmid, ' IdType="pubmed"')));
  }).join(''));
}

function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function pmDate(status, iso, hour, minute) {
  const [y, m, d] = iso.split('-').map(Number);
  const time = hour === undefined ? '' : `<Hour>${hour}</Hour><Minute>${minute}</Minute>`;
  return `<PubMedPubDate PubStatus="${status}"><Year>${y}</Year><Month>${m}</Month><Day>${d}</Day>${time}</PubMedPubDate>`;
}

/** History: received/revised/accepted as given; pubmed, medline and entrez derived from `entrez`. */
export function history(r) {
  const h = r.hist;
  const [eDate, eTime] = h.entrez.split(' ');
  const [eh, em] = eTime.split(':').map(Number);
  let out = '';
  for (const k of ['received', 'revised', 'accepted']) if (h[k]) out += pmDate(k, h[k]);
  const pubHour = Math.min(eh + 1, 23);
  out += pmDate('pubmed', eDate, pubHour, 0);
  if (r.completed) out += pmDate('medline', addDays(r.completed, 1), 6, 0);
  else out += pmDate('medline', eDate, pubHour, 1);
  out += pmDate('entrez', eDate, eh, em);
  if (h.pmcRelease) out += pmDate('pmc-release', h.pmcRelease);
  return el('History', out);
}

function articleIds(r) {
  let ids = el('ArticleId', r.pmid, ' IdType="pubmed"');
  if (r.pmc) ids += el('ArticleId', r.pmc, ' IdType="pmc"');
  if (r.doi) ids += el('ArticleId', r.doi, ' IdType="doi"');
  if (r.pii) ids += el('ArticleId', esc(r.pii), ' IdType="pii"');
  return el('ArticleIdList', ids);
}

function journalXml(r) {
  const j = JOURNALS[r.j];
  if (!j) throw new Error(`${r.pmid}: unknown journal ${r.j}`);
  const issue = (r.vol ? el('Volume', r.vol) : '') + (r.issue ? el('Issue', r.issue) : '') + pubDate(r.date);
  return el('Journal', el('ISSN', j.issn, ` IssnType="${j.issnType}"`) + el('JournalIssue', issue, ` CitedMedium="${j.medium}"`) +
    el('Title', esc(j.title)) + el('ISOAbbreviation', j.iso));
}

function articleXml(r, where) {
  let body = journalXml(r) + el('ArticleTitle', frag(r.title, where));
  if (r.pgn) body += pages(r.pgn);
  if (r.doi) body += el('ELocationID', r.doi, ' EIdType="doi" ValidYN="Y"');
  if (r.pii) body += el('ELocationID', esc(r.pii), ' EIdType="pii" ValidYN="Y"');
  if (!r.pgn && !r.doi && !r.pii) throw new Error(`${where}: needs Pagination or an ELocationID`);
  body += abstractXml(r.abs, r.copyright, where) + authorList(r, where);
  body += (r.lang ?? ['eng']).map((l) => el('Language', l)).join('');
  if (r.grants?.length) {
    body += el('GrantList', r.grants.map(([id, acr, agency, country]) =>
      el('Grant', (id ? el('GrantID', id) : '') + (acr ? el('Acronym', acr) : '') + el('Agency', esc(agency)) + (country ? el('Country', country) : '<Country/>'))).join(''), ' CompleteYN="Y"');
  }
  body += el('PublicationTypeList', r.types.map((t) => {
    if (!PUBTYPES[t]) throw new Error(`${where}: unknown publication type ${t}`);
    return el('PublicationType', esc(t), ` UI="${PUBTYPES[t]}"`);
  }).join(''));
  if (r.vernacular) body += el('VernacularTitle', frag(r.vernacular, where));
  if (r.adate) body += el('ArticleDate', ymd(r.adate, true), ' DateType="Electronic"');
  return el('Article', body, ` PubModel="${r.model}"`);
}

/** One `<PubmedArticle>` line. */
export function renderArticle(r, registry) {
  const where = `PMID ${r.pmid}`;
  const j = JOURNALS[r.j];
  const indexing = r.indexing ? ` IndexingMethod="${r.indexing}"` : '';
  let mc = `<PMID Version="${r.version ?? 1}">${r.pmid}</PMID>`;
  if (r.completed) mc += el('DateCompleted', ymd(r.completed, true));
  mc += el('DateRevised', ymd(r.revised, true));
  mc += articleXml(r, where);
  mc += el('MedlineJournalInfo', el('Country', j.country) + el('MedlineTA', j.iso) + el('NlmUniqueID', j.nlm) + el('ISSNLinking', j.linking));
  if (r.chems?.length) {
    mc += el('ChemicalList', r.chems.map((c) => {
      const v = CHEMICALS[c];
      if (!v) throw new Error(`${where}: unknown chemical ${c}`);
      return el('Chemical', el('RegistryNumber', v.reg) + el('NameOfSubstance', esc(v.name ?? c), ` UI="${v.ui}"`));
    }).join(''));
  }
  if (r.status === 'MEDLINE' || r.status === 'PubMed-not-MEDLINE' || r.status === 'In-Process') mc += el('CitationSubset', 'IM');
  mc += commentsCorrections(r, registry, where);
  if (r.mesh?.length) mc += el('MeshHeadingList', r.mesh.map((m) => meshHeading(m, where)).join(''));
  if (r.other) mc += abstractXml(r.other.text, null, where, 'OtherAbstract', ` Type="${r.other.type}" Language="${r.other.lang}"`);
  if (r.kw?.length) mc += el('KeywordList', r.kw.map((k) => el('Keyword', frag(k, where), ' MajorTopicYN="N"')).join(''), ' Owner="NOTNLM"');
  if (r.coi) mc += el('CoiStatement', frag(r.coi, where));
  const medline = el('MedlineCitation', mc, ` Status="${r.status}" Owner="NLM"${indexing}`);
  const pd = el('PubmedData', history(r) + el('PublicationStatus', r.pubStatus) + articleIds(r) + referenceList(r, registry, where));
  return el('PubmedArticle', medline + pd);
}

/** One `<PubmedBookArticle>` line (a chapter of an NCBI Bookshelf book). */
export function renderBook(r, registry) {
  const where = `PMID ${r.pmid}`;
  const b = r.book;
  const editors = el('AuthorList', b.editors.map((a) => author(a, [], where)).join(''), ' Type="editors"');
  const bookXml = el('Book', el('Publisher', el('PublisherName', esc(b.publisher)) + el('PublisherLocation', esc(b.location))) +
    el('BookTitle', frag(b.title, where), ` book="${b.code}"`) + pubDate(r.date) + el('BeginningDate', `<Year>${b.beginning}</Year>`) +
    editors + el('Medium', 'Internet'));
  let doc = `<PMID Version="1">${r.pmid}</PMID>` + el('ArticleIdList', el('ArticleId', r.nbk, ' IdType="bookaccession"')) + bookXml;
  doc += el('LocationLabel', r.chapterLabel, ' Type="chapter"');
  doc += el('ArticleTitle', frag(r.title, where), ` book="${b.code}" part="${r.part}"`);
  doc += el('Language', 'eng');
  doc += authorList({ ...r, authorListType: 'authors' }, where);
  doc += r.types.map((t) => el('PublicationType', esc(t), ` UI="${PUBTYPES[t]}"`)).join('');
  doc += abstractXml(r.abs, r.copyright, where);
  doc += el('Sections', r.sections.map(([sec, title]) => el('Section', el('SectionTitle', frag(title, where), ` book="${b.code}" part="${r.part}" sec="${sec}"`))).join(''));
  if (r.kw?.length) doc += el('KeywordList', r.kw.map((k) => el('Keyword', frag(k, where), ' MajorTopicYN="N"')).join(''), ' Owner="NOTNLM"');
  doc += el('ContributionDate', ymd(r.contributed, true).replace(/<Day>.*<\/Day>/, ''));
  doc += el('DateRevised', ymd(r.revised, true));
  const data = el('PubmedBookData', history(r) + el('PublicationStatus', r.pubStatus) + el('ArticleIdList', el('ArticleId', r.pmid, ' IdType="pubmed"')));
  return el('PubmedBookArticle', el('BookDocument', doc) + data);
}

export const PROLOG = '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n';

/** The whole `PubmedArticleSet` document, NCR-encoded. */
export function renderSet(records, registry, comment) {
  const lines = records.map((r) => (r.book ? renderBook(r, registry) : renderArticle(r, registry)));
  return ncr(`${PROLOG}<!-- ${comment} -->\n<PubmedArticleSet>\n${lines.join('\n')}\n</PubmedArticleSet>\n`);
}
