import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { MAX_LIMIT } from '../search/query.js';
import type { LeftOutPmid } from '../library/api.js';
import { describeLeftOut, lookupGapsLine } from '../library/left-out.js';
import { checkFilterOptions } from '../search/filters.js';
import type { HitExplain, SearchHit, SearchOptions } from '../search/types.js';
import type { RunRow } from '../types.js';
import type { CommandContext } from './context.js';
import { type FilterFlags, filterFlagsText, filtersFromFlags } from './filter-flags.js';
import { wholeNumber } from './whole-number.js';

interface SearchCliOptions extends FilterFlags {
  limit: string;
  offset?: string;
  sort?: string;
  json?: boolean;
  explain?: boolean;
}

/**
 * Changed records a search process applies to the published index itself (~1 s of work); more means a
 * writer is busy and will publish the index when it finishes, so the search does not wait for it.
 */
export const MAX_CATCH_UP = 2_000;

/** `kratomlit search QUERY [options]`. */
export function searchCommand(ctx: () => CommandContext): Command {
  return new Command('search')
    .description('search the library (query syntax: docs/search.md); the filter flags narrow the query')
    .argument('<query>', 'e.g. \'"mu opioid" agonist -review year:2020..\'')
    .option('--limit <n>', `maximum hits, 1 to ${MAX_LIMIT} (export has no cap)`, '20')
    .option('--offset <n>', 'skip this many hits first')
    .option('--since <date>', 'published in or after (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--until <date>', 'published in or before')
    .option('--topic <name>', 'only records of this topic')
    .option('--type <type>', 'publication type, e.g. review')
    .option('--retracted <bool>', 'true or false (must agree with a retracted: in the query)')
    .option('--design <id>', 'only this study design, e.g. rct, case-report; narrows the design: terms of the query (docs/evidence.md)')
    .option('--theme <id>', 'only this theme, e.g. toxicity, dependence')
    .option('--sort <order>', 'relevance or date', 'relevance')
    .option('--json', 'print hits as JSON on stdout (an array; [] when nothing matches)')
    .option('--explain', 'show per hit which terms matched how and what each added to the score (docs/search.md)')
    .action(async (query: string, o: SearchCliOptions) => {
      const c = ctx();
      const opts = toSearchOptions(o, Boolean(o.json));
      const filters = filterFlagsText(o);
      // The library's "empty query" asks for a filter, and the flags are filters of another kind: say which kind.
      if (query.trim() === '' && filters !== '') {
        throw new UsageError(`search: the query is empty and ${filters} only narrows a query; give words, a phrase or a query filter (e.g. topic:mitragynine type:review), or list by the flags alone with kratomlit export --format csv ${filters}`);
      }
      // Checked before the index loads (with the query they narrow, so a clash names the flags); the topic
      // is checked by the library (it knows the stored ones too).
      checkFilterOptions(opts, undefined, query);
      const lib = await c.library({ loadIndex: true, maxCatchUp: MAX_CATCH_UP });
      try {
        const hits = lib.search(query, opts);
        // A PMID lookup names the PMIDs that found nothing and why (withdrawn from PubMed, not in the library).
        const leftOut = lib.lookupLeftOut(query);
        // An empty result is still data for --json ([]); for people the notes go to stderr, so a pipe gets nothing.
        if (o.json) c.out(JSON.stringify(hits, null, 2));
        else if (hits.length === 0) c.say(noHits(query, o, opts.offset, opts.offset ? [] : leftOut) + emptyLibraryNote(lib.status()));
        else c.out(formatHits(hits));
        if (leftOut.length > 0 && (o.json || hits.length > 0)) c.say(`search: ${lookupGapsLine(leftOut)}`);
      } finally {
        lib.close();
      }
    });
}

/**
 * The note for an empty answer, naming the filters and the offset that narrowed it (each may be why), and
 * for a PMID lookup why each PMID found nothing (`leftOut`: withdrawn from PubMed, or not in the library).
 */
export function noHits(query: string, flags: FilterFlags, offset: number | undefined, leftOut: readonly LeftOutPmid[] = []): string {
  const filters = filterFlagsText(flags);
  const why = leftOut.length > 0 ? `: ${leftOut.map(describeLeftOut).join('; ')}` : '';
  return `no hits for ${JSON.stringify(query)}${filters ? ` with ${filters}` : ''}${offset ? ` past --offset ${offset} (try a smaller one)` : ''}${why}`;
}

/**
 * Said after "no hits" when the library holds no live record, so an empty answer is not taken for an answer
 * about the literature: ": the library has no records yet (the last ingest failed: <reason>; see kratomlit
 * status)". Empty when the library has records.
 */
export function emptyLibraryNote(status: { records: { live: number }; runs: readonly RunRow[] }): string {
  if (status.records.live > 0) return '';
  // Runs come most recent first; a digest or an index rebuild says nothing about why nothing is stored.
  const last = status.runs.find((r) => r.kind === 'ingest' || r.kind === 'import');
  const why = last ? `the last ${last.kind} ${RUN_OUTCOME[last.status]}${last.error ? `: ${firstLine(last.error)}` : ''}; see kratomlit status` : 'nothing was ingested or imported yet; run kratomlit ingest';
  return `: the library has no records yet (${why})`;
}

const RUN_OUTCOME: Record<RunRow['status'], string> = {
  ok: 'ended ok',
  partial: 'ended partial',
  failed: 'failed',
  deferred: 'was deferred',
  interrupted: 'was interrupted',
  running: 'is still running',
};

const firstLine = (text: string): string => text.split('\n', 1)[0] ?? text;

function toSearchOptions(o: SearchCliOptions, json: boolean): SearchOptions {
  if (o.sort !== undefined && o.sort !== 'relevance' && o.sort !== 'date') throw new UsageError(`search: --sort must be relevance or date, got "${o.sort}"`);
  return {
    limit: wholeNumber(o.limit, 'search: --limit', 1, MAX_LIMIT),
    ...(o.offset ? { offset: wholeNumber(o.offset, 'search: --offset', 0, Number.MAX_SAFE_INTEGER) } : {}),
    ...filtersFromFlags(o, 'search'),
    ...(o.sort ? { sort: o.sort as 'relevance' | 'date' } : {}),
    ...(o.explain ? { explain: true } : {}),
    // JSON keeps the API's default markers (callers style them); a colour terminal gets bold; pipes get **term**.
    ...(json ? {} : { highlight: highlightMarkers(process.stdout.isTTY === true, process.env) }),
  };
}

/** ANSI bold only on a terminal and without NO_COLOR (https://no-color.org: set and non-empty). */
export function highlightMarkers(isTty: boolean, env: NodeJS.ProcessEnv): { pre: string; post: string } {
  return isTty && !env['NO_COLOR'] ? { pre: '\x1b[1m', post: '\x1b[22m' } : { pre: '**', post: '**' };
}

function formatHits(hits: SearchHit[]): string {
  return hits
    .map((h, i) => {
      const authors = h.authors.length > 3 ? `${h.authors.slice(0, 3).join(', ')} et al.` : h.authors.join(', ');
      const flags = h.badges.length > 0 ? ` [${h.badges.join(', ')}]` : '';
      const source = [h.journal, h.year].filter((x) => x !== null && x !== '').join(' ');
      const byline = [authors, source, `PMID ${h.pmid}`, h.doi ? `doi:${h.doi}` : ''].filter((x) => x !== '').join(' · ');
      const head = `${i + 1}. ${h.title}${flags}\n   ${byline}\n   ${h.snippet}`;
      return h.explain ? `${head}\n${formatExplain(h.explain)}` : head;
    })
    .join('\n\n');
}

const fixed = (n: number): string => n.toFixed(3);

/** The `--explain` lines of one hit: each contribution, largest first, then proximity, then the authors each name named. */
export function formatExplain(e: HitExplain): string {
  const lines = [`   score ${fixed(e.score)} = sum of (prior ${e.prior} x ${e.wordsMatched} query word(s) matched x weight x BM25):`];
  for (const t of [...e.terms].sort((a, b) => b.contribution - a.contribution)) {
    const from = t.from === t.term ? '' : ` from ${t.from}`;
    lines.push(`     +${fixed(t.contribution)}  ${t.term}${from}  ${t.match} in ${t.field}, tf ${t.tf}, weight ${fixed(t.weight)}`);
  }
  lines.push(`     +${fixed(e.proximity.contribution)}  proximity, closeness ${e.proximity.closeness.toFixed(2)}`);
  for (const n of e.names) lines.push(`     author ${JSON.stringify(n.name)} matched ${n.authors.join(', ')}`);
  return lines.join('\n');
}
