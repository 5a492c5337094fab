import { PMID_RULE, parsePmidInput } from '../pmid.js';
import { Command } from 'commander';
import { AppError, EXIT, UsageError } from '../errors.js';
import { authorName } from '../pubmed/author-name.js';
import type { Article } from '../types.js';
import type { CommandContext } from './context.js';

/** `kratomlit show PMID [--json]`. */
export function showCommand(ctx: () => CommandContext): Command {
  return new Command('show')
    .description('print one stored record (normalized JSON with --json, else a readable summary)')
    .argument('<pmid>', 'PubMed id')
    .option('--json', 'print the normalized record as JSON')
    .action(async (pmid: string, opts: { json?: boolean }) => {
      const wanted = parsePmidInput(pmid);
      if (wanted === null) throw new UsageError(`show: not a PMID: "${pmid}" (${PMID_RULE})`);
      const c = ctx();
      const lib = await c.library();
      try {
        const a = lib.get(wanted);
        if (!a) throw new AppError('NOT_FOUND', `show: PMID ${wanted} is not in the library (${c.config.db})`);
        c.out(opts.json ? JSON.stringify(a, null, 2) : formatArticle(a));
        process.exitCode = EXIT.OK;
      } finally {
        lib.close();
      }
    });
}

/** A readable multi-line summary of a record, for terminals. */
export function formatArticle(a: Article): string {
  const lines: string[] = [];
  const flags = [a.deleted ? 'DELETED' : null, a.retracted ? 'RETRACTED' : null, a.retractionNotice ? 'RETRACTION NOTICE' : null]
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
  lines.push(`https://pubmed.ncbi.nlm.nih.gov/${a.pmid}/`);
  return lines.join('\n');
}

function citationLine(a: Article): string {
  const j = a.journal;
  const vol = [j.volume, j.issue ? `(${j.issue})` : null].filter(Boolean).join('');
  const date = a.pubDate.raw ?? (a.pubDate.year !== null ? String(a.pubDate.year) : 'n.d.');
  return `${j.isoAbbreviation ?? j.title ?? (a.isBook ? 'Book' : 'Unknown journal')}. ${date}${vol ? `;${vol}` : ''}${a.pages ? `:${a.pages}` : ''}.`;
}
