// Which default topic queries a PubMed search would match for a record: "mitragynine" matches a
// record whose title, abstract, keywords, MeSH or chemicals contain the word mitragynine (not as
// part of 7-hydroxymitragynine); "7-hydroxymitragynine" matches any hyphen variant of that name.

const HYPHENS = /[\u2010\u2011\u2012\u2013\u2014\u2212]/g;

/** Plain searchable text of a record (markup stripped, hyphen variants folded to '-'). */
export function plainText(r) {
  const abs = typeof r.abs === 'string' ? [r.abs] : (r.abs ?? []).map(([, , t]) => t);
  const parts = [r.title, r.vernacular, ...abs, r.other?.text, ...(r.kw ?? []), ...(r.mesh ?? []), ...(r.chems ?? []),
    ...(r.sections ?? []).map(([, t]) => t)];
  return parts.filter(Boolean).join(' \n ').replace(/<[^>]+>/g, '').replace(HYPHENS, '-');
}

export function topicsOf(r) {
  const text = plainText(r).toLowerCase();
  const topics = [];
  if (/(^|[^a-z0-9])mitragynine(?![a-z])/.test(text)) topics.push('mitragynine');
  if (/7-hydroxymitragynine/.test(text)) topics.push('7-hydroxymitragynine');
  return topics;
}
