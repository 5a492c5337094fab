import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { parseWeek } from '../digest/week.js';
import { EXPORT_FORMATS, parseExportFormat } from '../export/index.js';
import type { CommandContext } from './context.js';
import { type FilterFlags, filtersFromFlags } from './filter-flags.js';
import { type SelectionFilters, describeLeftOut } from '../library/select.js';
import { checkFilterOptions } from '../search/filters.js';
import { counted } from './counted.js';

interface ExportOpts extends FilterFlags {
  format: string;
  all?: boolean;
  week?: string;
}

/** `kratomlit export --format F [QUERY] [filters] [--all] [--week W]`: citations on stdout. */
export function exportCommand(ctx: () => CommandContext): Command {
  return new Command('export')
    .description('write citations of selected records to stdout (RIS, BibTeX, CSL-JSON, CSV)')
    .argument('[query]', 'search query selecting the records (same syntax as `search`)')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`)
    .option('--all', 'every live record')
    .option('--week <week>', 'records that entered PubMed in this ISO week (YYYY-Www, digest time zone)')
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
      if (modes === 0 && Object.keys(filters).length === 0) {
        throw new UsageError('export: say what to export: a query, filters (--topic, --since, ...), --all or --week');
      }
      if (modes > 1) throw new UsageError('export: use only one of a query, --all or --week');
      if (opts.week !== undefined) parseWeek(opts.week, '--week');
      // Only a query needs the search index.
      const lib = await c.library({ loadIndex: query !== undefined });
      try {
        const articles = lib.select({ ...filters, ...(query !== undefined ? { query } : {}), ...(opts.week ? { week: opts.week } : {}) });
        process.stdout.write(lib.export(articles, format));
        // A PMID lookup says why each PMID found nothing (withdrawn from PubMed, or not in the library).
        const why = articles.length === 0 && query !== undefined ? lib.lookupLeftOut(query).map(describeLeftOut).join('; ') : '';
        if (articles.length === 0) c.logger.warn({ format }, `export: no records matched the selection${why ? `: ${why}` : ''}`);
        else c.say(`export: ${counted(articles.length, 'record')} as ${format}`);
      } finally {
        lib.close();
      }
    });
}

function toFilters(o: ExportOpts, query: string | undefined): SelectionFilters {
  const f = filtersFromFlags(o, 'export');
  checkFilterOptions(f, undefined, query); // before any work; the topic is checked by the library's select
  return f;
}
