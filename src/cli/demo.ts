import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Command } from 'commander';
import type { Config } from '../config.js';
import { completenessLine } from '../completeness.js';
import type { Library } from '../library/api.js';
import { formatIngestSummary } from '../library/ingest-summary.js';
import { openLibraryWith } from '../library/library.js';
import { warningsOnly } from '../log.js';
import { createPubmedClient } from '../pubmed/client.js';
import { startEutilsServer } from '../loopback/eutils-server.js';
import { UsageError } from '../errors.js';
import type { CommandContext } from './context.js';
import { loadDemoCorpus } from './demo-corpus.js';
import { prepareDemoDir } from './demo-dir.js';
import { USER_FAULTS, runEutilsOnly } from './demo-eutils.js';
import { portOf } from './serve-options.js';

/** `kratomlit demo [--dir DIR]`. */
export function demoCommand(ctx: () => CommandContext): Command {
  return new Command('demo')
    .description('show the whole pipeline working offline: loopback E-utilities server, two nightly ingests, search, digests, export')
    .option('--dir <dir>', 'where the demo database and digests go: a new or empty folder, or one an earlier demo made', 'demo-output')
    .option('--eutils', 'only start the loopback E-utilities server with the sample records (the first night), print its URL and serve until Ctrl-C (to try ingest by hand); kill -USR2 <pid> moves it to the second night')
    .option('--port <n>', 'with --eutils: the port to listen on (default 8471; 0 picks a free one)')
    .option('--withhold <pmids>', 'with --eutils: comma-separated sample PMIDs efetch leaves out of the first whole answer that holds them (the ingest names the gap and exits 3; the next one heals it)')
    .option('--faults <kinds>', `with --eutils: comma-separated faults answering the next requests, one each, in order: ${USER_FAULTS.join(', ')}`)
    .action(async (opts: { dir: string; eutils?: boolean; port?: string; withhold?: string; faults?: string }, cmd: Command) => {
      for (const flag of ['port', 'withhold', 'faults'] as const) {
        if (opts[flag] !== undefined && !opts.eutils) throw new UsageError(`demo: --${flag} goes with --eutils`);
      }
      if (opts.eutils) {
        if (cmd.getOptionValueSource('dir') === 'cli') throw new UsageError('demo: --eutils writes nothing, so it takes no --dir');
        const port = opts.port === undefined ? 8471 : portOf(opts.port, 'demo');
        return runEutilsOnly(ctx(), { port, withhold: opts.withhold, faults: opts.faults });
      }
      return runDemo(ctx(), opts.dir);
    });
}

// The demo's nights are fixed instants so it tells the same story whatever today's date is: the sample
// corpus was entered up to 2026-11-22 and revised on 2026-11-23/24.
const NIGHT_1 = new Date('2026-11-23T03:30:00Z');
const NIGHT_2 = new Date('2026-11-25T03:30:00Z');
const NIGHT_3 = new Date('2026-11-26T03:30:00Z');
/** A record added before night 2 that efetch leaves out that night (as PubMed does while reindexing). */
const WITHHELD = '41900062';

/** `kratomlit demo`: the whole pipeline offline against the loopback E-utilities server. */
async function runDemo(parent: CommandContext, dir: string): Promise<void> {
  // The demo's narrative on stdout is its summary: only warnings and errors go to the log.
  const logger = warningsOnly(parent.logger);
  const say = (...lines: string[]) => {
    for (const line of lines.length > 0 ? lines : ['']) parent.out(line);
  };
  prepareDemoDir(dir);
  const dbPath = join(dir, 'kratomlit-demo.sqlite');
  const corpus = loadDemoCorpus();
  const server = await startEutilsServer({ records: corpus.initial });
  let night = NIGHT_1;
  // One client (one rate limiter) for the three nights, as in production: the loopback server enforces NCBI's 3/s.
  const client = createPubmedClient({ baseUrl: server.url, tool: 'kratomlit-demo', email: null, apiKey: null });
  const lib = await openLibraryWith(demoConfig(parent.config, dir), { logger, clock: () => night, client }, { topics: parent.config.topics.map((t) => t.name) });
  try {
    say(`kratomlit demo — a loopback E-utilities server at ${server.url} serves ${corpus.initial.length} sample records`);
    say('(synthetic records written for kratomlit; NCBI is not contacted)');
    const ingest = async (at: Date) => {
      night = at;
      say(formatIngestSummary(await lib.ingest()));
      say(...Object.entries(lib.status().completeness).map(([topic, c]) => `  ${completenessLine(topic, c, at)}`));
    };

    say('', `== Night 1 (${NIGHT_1.toISOString()}): first run, full backfill (itself the first completeness audit)`);
    await ingest(NIGHT_1);

    for (const r of corpus.revisions) server.upsert(r);
    for (const pmid of corpus.deletedOnSecondNight) server.remove(pmid);
    server.withhold(WITHHELD);
    say('', `== Between the nights PubMed revised or added ${corpus.revisions.length} records and withdrew ${corpus.deletedOnSecondNight.length}`);
    say(`== Night 2 (${NIGHT_2.toISOString()}): date windows + count check (efetch withholds ${WITHHELD}; the withdrawal makes a count differ)`);
    await ingest(NIGHT_2);
    server.release(WITHHELD);
    say('', `== Night 3 (${NIGHT_3.toISOString()}): the gap is retried and heals`);
    await ingest(NIGHT_3);
    const c = lib.status().records;
    say(`Library: ${c.live} live records (${c.books} book, ${c.retracted} retracted), ${c.deleted} deleted; per topic: ${JSON.stringify(c.byTopic)}`);

    showSearch(lib, say);
    await showDigests(lib, join(dir, 'digests'), say);
    showExport(lib, say);
    say('', `Everything is in ${dir}/: the database, its search index and the digests. Try:`);
    say(`  npx kratomlit --db ${shellWord(dbPath)} search "ketum withdrawal"`);
    say(`  npx kratomlit --db ${shellWord(dbPath)} status`);
    say(`  npx kratomlit --db ${shellWord(dbPath)} serve --digests ${shellWord(join(dir, 'digests'))}`);
    say('The real thing: `npx kratomlit ingest` on a machine that reaches NCBI (see README).');
  } finally {
    lib.close();
    await server.close();
  }
}

/** `path` as one shell word: quoted when it holds anything a shell would split or expand. */
export function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** The user's configuration (topics, digest cap) with the demo's own database, digests and ingest settings. */
function demoConfig(c: Config, dir: string): Config {
  const db = join(dir, 'kratomlit-demo.sqlite');
  return {
    ...c,
    db,
    indexPath: `${db}.index`,
    eutils: { ...c.eutils, batchSize: 200 },
    ingest: { ...c.ingest, overlapDays: 3, auditEveryDays: 7 },
    digest: { ...c.digest, outDir: join(dir, 'digests'), timezone: 'UTC', feedWeeks: 12 },
    evidence: { overrides: null },
  };
}

function showSearch(lib: Library, say: (...l: string[]) => void): void {
  for (const q of ['7-OH withdrawal', 'ketum', 'μ-opioid agonist', 'mitragynin liver']) {
    say('', `== search "${q}"`);
    const hits = lib.search(q, { limit: 3, highlight: { pre: '[', post: ']' } });
    if (hits.length === 0) say('  (no hits)');
    for (const h of hits) say(`  ${h.pmid}  ${h.year ?? '----'}  ${h.title.slice(0, 90)}${h.title.length > 90 ? '…' : ''}`);
  }
}

async function showDigests(lib: Library, outDir: string, say: (...l: string[]) => void): Promise<void> {
  for (const week of ['2026-W47', '2026-W48']) {
    const r = await lib.digest({ week });
    say('', `== digest ${r.week}: ${r.summary}`);
    for (const f of r.files) say(`  ${relative(process.cwd(), f)}`);
  }
  const md = readFileSync(join(outDir, '2026-W47.md'), 'utf8').split('\n');
  say('', '-- 2026-W47.md (first lines) --', ...md.slice(0, 24), '-- … --');
}

function showExport(lib: Library, say: (...l: string[]) => void): void {
  const first = lib.getMany(['41900001']);
  if (first.length === 0) return;
  say('', '== export --format ris (one record)');
  say(lib.export(first, 'ris').trimEnd());
}
