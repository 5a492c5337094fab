import { PMID_RULE, parsePmidInput } from '../pmid.js';
import { Command } from 'commander';
import { AppError, EXIT, UsageError } from '../errors.js';
import { authorName } from '../pubmed/author-name.js';
import { noticeLabel } from '../digest/notices.js';
import { revisionSummaries } from '../digest/paper.js';
import type { Article, ArticleRevision } from '../types.js';
import type { CommandContext } from './context.js';

/**
 * `kratomlit show PMID... [--json]`: one record, or several (as EDirect's efetch takes a list: PMIDs apart
 * by spaces or commas). With `--json` one PMID prints its record, several a JSON array in the order asked.
 * Every PMID is checked before the library opens; those not stored are named after the others are printed.
 */
export function showCommand(ctx: () => CommandContext): Command {
  return new Command('show')
    .description('print stored records (normalized JSON with --json, else a readable summary each)')
    .argument('<pmid...>', 'PubMed ids, apart by spaces or commas')
    .option('--json', 'print the normalized record as JSON, with its stored revisions under "revisions" (an array for several PMIDs)')
    .action(async (given: string[], opts: { json?: boolean }) => {
      const asked = given.flatMap((g) => g.split(',')).map((p) => p.trim()).filter((p) => p !== '');
      const wanted: string[] = [];
      for (const p of asked) {
        const pmid = parsePmidInput(p);
        if (pmid === null) throw new UsageError(`show: not a PMID: "${p.slice(0, 40)}" (${PMID_RULE})`);
        if (!wanted.includes(pmid)) wanted.push(pmid);
      }
      if (wanted.length === 0) throw new UsageError(`show: give a PMID (${PMID_RULE})`);
      const c = ctx();
      const lib = await c.library();
      try {
        const found = new Map(lib.getMany(wanted).map((a) => [a.pmid, a]));
        // Each record with its stored revisions, newest first: what the web paper page and its JSON read.
        const shown = wanted.flatMap((p) => found.get(p) ?? []).map((a) => ({ ...a, revisions: lib.revisions(a.pmid) }));
        if (shown.length > 0) {
          if (opts.json) c.out(JSON.stringify(wanted.length === 1 ? shown[0] : shown, null, 2));
          else c.out(shown.map((a) => formatArticle(a, a.revisions)).join('\n\n'));
        }
        const missing = wanted.filter((p) => !found.has(p));
        if (missing.length > 0) {
          const which = missing.length === 1 ? `PMID ${missing[0]} is` : `PMIDs ${missing.join(', ')} are`;
          throw new AppError('NOT_FOUND', `show: ${which} not in the library (${c.config.db})`);
        }
        process.exitCode = EXIT.OK;
      } finally {
        lib.close();
      }
    });
}

/**
 * A readable multi-line summary of a record, for terminals; with its stored `revisions` (newest first, as
 * `Library.revisions` gives them) it ends with what changed between stored versions, worded as on the web.
 */
export function formatArticle(a: Article, revisions: readonly ArticleRevision[] = []): string {
  const lines: string[] = [];
  // The words the digest, the web and MCP use for the same states.
  const flags = [a.deleted ? noticeLabel('withdrawn') : null, a.retracted ? 'Retracted' : null, a.retractionNotice ? 'Retraction notice' : null]
    .filter(Boolean)
    .join(' · ');
  lines.push(`PMID ${a.pmid} (version ${a.version})${a.status ? ` · ${a.status}` : ''}${flags ? ` · ${flags}` : ''}`);
  lines.push(a.title);
  if (a.vernacularTitle) lines.push(`(${a.vernacularTitle})`);
  const names = a.authors.map(authorName).filter((n): n is string => n !== null);
  if (names.length > 0) lines.push(`Authors: ${names.slice(0, 6).join(', ')}${names.length > 6 ? `, … (${names.length})` : ''}`);
  lines.push(citationLine(a));
  if (a.isBook && a.book) lines.push(`Book: ${a.book.title ?? ''}${a.book.publisher ? ` (${a.book.publisher})` : ''}${a.book.accession ? ` ${a.book.accession}` : ''}`);
  if (a.publicationTypes.length > 0) lines.push(`Type: ${a.publicationTypes.join(', ')}`);
  const ids = [a.doi ? `doi:${a.doi}` : null, a.pmcid].filter(Boolean).join(' · ');
  if (ids) lines.push(ids);
  const entered = a.history['entrez'] ?? a.history['pubmed'];
  lines.push(`Entered ${entered?.slice(0, 10) ?? 'unknown'} · revised ${a.dateRevised ?? 'unknown'}${a.topics.length ? ` · topics: ${a.topics.join(', ')}` : ''}`);
  for (const c of a.commentsCorrections) lines.push(`${c.type}: ${c.source ?? ''}${c.pmid ? ` (PMID ${c.pmid})` : ''}`);
  if (a.abstract) lines.push('', a.abstract);
  if (a.mesh.length > 0) lines.push('', `MeSH: ${a.mesh.map((m) => (m.major ? `${m.descriptor}*` : m.descriptor)).join('; ')}`);
  if (a.keywords.length > 0) lines.push(`Keywords: ${a.keywords.join('; ')}`);
  lines.push(...changeLines(a, revisions));
  lines.push(`https://pubmed.ncbi.nlm.nih.gov/${a.pmid}/`);
  return lines.join('\n');
}

/** "What changed between stored versions": one line per revision, with the title it replaced when it did. */
function changeLines(a: Article, revisions: readonly ArticleRevision[]): string[] {
  if (revisions.length === 0) return [];
  const lines = ['', 'What changed between stored versions:'];
  for (const r of revisionSummaries(a, revisions)) {
    lines.push(`  ${r.at.slice(0, 10)} (${r.source}): ${r.changes.join('; ')}`);
    if (r.titleBefore !== null) lines.push(`    Title before: ${r.titleBefore}`);
  }
  return lines;
}

function citationLine(a: Article): string {
  const j = a.journal;
  const vol = [j.volume, j.issue ? `(${j.issue})` : null].filter(Boolean).join('');
  const date = a.pubDate.raw ?? (a.pubDate.year !== null ? String(a.pubDate.year) : 'n.d.');
  return `${j.isoAbbreviation ?? j.title ?? (a.isBook ? 'Book' : 'Unknown journal')}. ${date}${vol ? `;${vol}` : ''}${a.pages ? `:${a.pages}` : ''}.`;
}
