import { once } from 'node:events';
import { Command } from 'commander';
import { EXIT, UsageError } from '../errors.js';
import { parseWeek } from '../digest/week.js';
import { EXPORT_FORMATS, type ExportFormat, parseExportFormat } from '../export/index.js';
import { describeLeftOut, lookupGapsLine, noXmlLine, type Library, type RecordSelection } from '../index.js';
import type { CommandContext } from './context.js';
import { type FilterFlags, filtersFromFlags } from './filter-flags.js';
import type { SelectionFilters } from '../library/select.js';
import { checkFilterOptions } from '../search/filters.js';
import { counted } from './counted.js';
import { readPmidList } from './pmid-list.js';
import type { Article } from '../types.js';

interface ExportOpts extends FilterFlags {
  format: string;
  all?: boolean;
  week?: string;
  pmids?: string;
}

/** `kratomlit export --format F [QUERY] [filters] [--all] [--week W] [--pmids FILE]`: citations or PubMed XML on stdout. */
export function exportCommand(ctx: () => CommandContext): Command {
  return new Command('export')
    .description('write citations (RIS, BibTeX, CSL-JSON, CSV) or the PubMed XML of selected records to stdout')
    .argument('[query]', 'search query selecting the records (same syntax as `search`)')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')} (pubmed-xml: the records as PubMed wrote them, for kratomlit import or other PubMed tools)`)
    .option('--all', 'every live record')
    .option('--week <week>', 'records that entered PubMed in this ISO week (YYYY-Www, digest time zone)')
    .option('--pmids <file>', 'only these PubMed ids (as efetch -id takes them): one per line or apart by commas or spaces; - reads standard input (piped; a terminal is refused). With a query or --week: the records both select, in its order; with filters: the listed records they keep; --all with a list is the list. Listed PMIDs not exported because the library lacks them or PubMed deleted them are named on stderr (exit code 3)')
    .option('--topic <name>', 'only records of this topic')
    .option('--since <date>', 'published on or after (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--until <date>', 'published on or before')
    .option('--type <type>', 'publication type, e.g. review')
    .option('--retracted <bool>', 'true: only retracted papers; false: exclude them (must agree with a retracted: in the query)')
    .option('--design <id>', 'only this study design, e.g. rct, case-report; narrows the design: terms of the query (docs/evidence.md)')
    .option('--theme <id>', 'only this theme, e.g. toxicity, dependence')
    .action(async (typed: string | undefined, opts: ExportOpts) => {
      const c = ctx();
      // A blank query (`""` from a script whose search box was empty) is no query: the filters alone choose.
      const query = typed?.trim() === '' ? undefined : typed;
      const format = parseExportFormat(opts.format);
      const filters = toFilters(opts, query);
      const modes = [query !== undefined, opts.all === true, opts.week !== undefined].filter(Boolean).length;
      if (modes === 0 && Object.keys(filters).length === 0 && opts.pmids === undefined) {
        throw new UsageError('export: say what to export: a query, filters (--topic, --since, ...), --pmids FILE, --all or --week');
      }
      if (modes > 1) throw new UsageError('export: use only one of a query, --all or --week');
      if (opts.week !== undefined) parseWeek(opts.week, '--week');
      const listed = opts.pmids === undefined ? undefined : await readPmidList(opts.pmids);
      // Only a query needs the search index.
      const lib = await c.library({ loadIndex: query !== undefined });
      try {
        const selection: RecordSelection = { ...filters, ...(query !== undefined ? { query } : {}), ...(opts.week ? { week: opts.week } : {}) };
        // --all with a list is the list: only a query or --week is a selection the list narrows.
        const narrowed = query !== undefined || opts.week !== undefined;
        const records = selectRecords(lib, selection, narrowed ? undefined : listed, narrowed ? listed : undefined);
        const written = format === 'pubmed-xml' ? await writePubmedXml(lib, records) : writeCitations(lib, records, format);
        // A PMID lookup says why each PMID found nothing (withdrawn from PubMed, or not in the library).
        const leftOut = query !== undefined ? lib.lookupLeftOut(query) : [];
        const why = written === 0 ? leftOut.map(describeLeftOut).join('; ') : '';
        if (written === 0 && records.length > 0) c.logger.warn({ format }, `export: nothing written: ${records.length === 1 ? 'the selected record has' : `none of the ${records.length} selected records has`} kept PubMed XML (named above)`);
        else if (written === 0) c.logger.warn({ format }, `export: no records matched the selection${why ? `: ${why}` : ''}`);
        else c.say(`export: ${counted(written, 'record')} as ${format}`);
        if (written > 0 && leftOut.length > 0) c.logger.warn({ format }, `export: ${lookupGapsLine(leftOut)}`);
        if (listed !== undefined) sayLeftOut(lib, listed);
      } finally {
        lib.close();
      }
    });
}

/**
 * The records to export: a PMID list alone (or with --all, or filters) selects in its order (`pmids`); with
 * a query or --week, the list keeps those of that selection's records it names, in the selection's order
 * (`within`).
 */
function selectRecords(lib: Library, selection: RecordSelection, pmids: readonly string[] | undefined, within: readonly string[] | undefined): Article[] {
  if (pmids !== undefined) return lib.select({ ...selection, pmids });
  const records = lib.select(selection);
  if (within === undefined) return records;
  const wanted = new Set(within);
  return records.filter((a) => wanted.has(a.pmid));
}

/**
 * One line on stderr naming the listed PMIDs that could not be exported (not stored, or deleted from
 * PubMed), and the partial exit code (3); nothing when every one was there. A listed record that the query
 * or filters did not select is not missing: the list and the selection combine as an AND.
 */
function sayLeftOut(lib: Library, listed: readonly string[]): void {
  const out = lib.leftOut(listed);
  if (out.length === 0) return;
  process.stderr.write(`export: listed PMIDs not exported (${out.length} of ${listed.length}): ${out.map(describeLeftOut).join('; ')}\n`);
  process.exitCode = EXIT.PARTIAL;
}

/** Citations of the records on stdout; resolves with how many records. */
function writeCitations(lib: Library, records: Article[], format: ExportFormat): number {
  process.stdout.write(lib.export(records, format));
  return records.length;
}

/**
 * The selection's PubMed XML on stdout, run by run as the store gives it (waiting for the pipe to drain, so
 * memory stays flat); records without kept XML are named on stderr and make the exit code partial (3).
 * Resolves with how many records were written.
 */
async function writePubmedXml(lib: Library, records: Article[]): Promise<number> {
  const x = lib.pubmedXml(records);
  for (const run of x.chunks) {
    if (!process.stdout.write(run)) await once(process.stdout, 'drain');
  }
  if (x.noXml.length > 0) {
    process.stderr.write(`export: ${noXmlLine(x.noXml)}\n`);
    process.exitCode = EXIT.PARTIAL;
  }
  return x.pmids.length - x.noXml.length;
}

function toFilters(o: ExportOpts, query: string | undefined): SelectionFilters {
  const f = filtersFromFlags(o, 'export');
  checkFilterOptions(f, undefined, query); // before any work; the topic is checked by the library's select
  return f;
}
