import { checkEvidenceId } from '../evidence/filter.js';
import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { EXPORT_FORMATS, exportArticles, parseExportFormat } from '../export/index.js';
import { openSearchIndex } from '../library/search-index.js';
import type { Article } from '../types.js';
import type { CommandContext } from './context.js';
import { type SelectionFilters, checkFilters, selectAll, selectByQuery, selectWeek } from './selection.js';

interface ExportOpts {
  format: string;
  all?: boolean;
  week?: string;
  topic?: string;
  since?: string;
  until?: string;
  type?: string;
  retracted?: string;
  design?: string;
  theme?: string;
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
    .option('--retracted <bool>', 'true: only retracted papers; false: exclude them')
    .option('--design <id>', 'only this study design, e.g. rct, case-report (docs/evidence.md)')
    .option('--theme <id>', 'only this theme, e.g. toxicity, dependence')
    .action(async (query: string | undefined, opts: ExportOpts) => {
      const c = ctx();
      const format = parseExportFormat(opts.format);
      const filters = toFilters(opts, c.config);
      const modes = [query !== undefined, opts.all === true, opts.week !== undefined].filter(Boolean).length;
      if (modes === 0 && Object.keys(filters).length === 0) {
        throw new UsageError('export: say what to export: a query, filters (--topic, --since, ...), --all or --week');
      }
      if (modes > 1) throw new UsageError('export: use only one of a query, --all or --week');
      const db = c.openDb();
      try {
        const articles = await select(c, db, query, opts.week, filters);
        process.stdout.write(exportArticles(articles, format));
        if (articles.length === 0) c.logger.warn({ format }, 'export: no records matched the selection');
        else c.say(`export: ${articles.length} records as ${format}`);
      } finally {
        db.close();
      }
    });
}

function toFilters(o: ExportOpts, config: CommandContext['config']): SelectionFilters {
  if (o.retracted !== undefined && o.retracted !== 'true' && o.retracted !== 'false') {
    throw new UsageError(`export: --retracted must be true or false, got "${o.retracted}"`);
  }
  const f: SelectionFilters = {
    ...(o.topic ? { topic: o.topic } : {}),
    ...(o.since ? { since: o.since } : {}),
    ...(o.until ? { until: o.until } : {}),
    ...(o.type ? { type: o.type } : {}),
    ...(o.retracted ? { retracted: o.retracted === 'true' } : {}),
    ...(o.design ? { design: checkEvidenceId('design', o.design, 'export: --design') } : {}),
    ...(o.theme ? { theme: checkEvidenceId('theme', o.theme, 'export: --theme') } : {}),
  };
  checkFilters(f, config);
  return f;
}

async function select(c: CommandContext, db: ReturnType<CommandContext['openDb']>, query: string | undefined, week: string | undefined, f: SelectionFilters): Promise<Article[]> {
  if (week) return selectWeek(db, week, c.config.digest.timezone, f);
  if (query === undefined) return selectAll(db, f);
  const index = await openSearchIndex(db, { indexPath: c.config.indexPath, logger: c.logger });
  return selectByQuery(db, index, query, f);
}
