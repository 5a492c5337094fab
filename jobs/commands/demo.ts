import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CommandContext } from '../../src/commands/context.js';
import { openSearchIndex } from '../../src/library/search-index.js';
import { countArticles } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { exportArticles } from '../../src/export/index.js';
import { getArticles } from '../../src/store/articles.js';
import { createPubmedClient } from '../../src/pubmed/client.js';
import { startEutilsServer } from '../../test/support/eutils-server.js';
import { warningsOnly } from '../../src/log.js';
import { loadDemoCorpus } from '../demo-corpus.js';
import { prepareDemoDir } from '../demo-dir.js';
import { run as runDigest } from '../digest.js';
import { formatIngestSummary, run as runIngest } from '../ingest.js';
import { completenessLine } from '../../src/ingest/completeness.js';
import { readCompleteness } from '../../src/store/completeness.js';

// The demo's nights are fixed instants so it tells the same story whatever today's date is: the sample
// corpus was entered up to 2026-11-22 and revised on 2026-11-23/24.
const NIGHT_1 = new Date('2026-11-23T03:30:00Z');
const NIGHT_2 = new Date('2026-11-25T03:30:00Z');
const NIGHT_3 = new Date('2026-11-26T03:30:00Z');
/** A record added before night 2 that efetch leaves out that night (as PubMed does while reindexing). */
const WITHHELD = '41900062';

/** `kratomlit demo`: the whole pipeline offline against the loopback E-utilities server. */
export async function runDemo(parent: CommandContext, dir: string): Promise<void> {
  // The demo's narrative on stdout is its summary: only warnings and errors go to the log.
  const ctx = { ...parent, logger: warningsOnly(parent.logger) };
  const say = (...lines: string[]) => {
    for (const line of lines.length > 0 ? lines : ['']) ctx.out(line);
  };
  prepareDemoDir(dir);
  const dbPath = join(dir, 'kratomlit-demo.sqlite');
  const corpus = loadDemoCorpus();
  const server = await startEutilsServer({ records: corpus.initial });
  const db = openStore(dbPath);
  try {
    say(`kratomlit demo — a loopback E-utilities server at ${server.url} serves ${corpus.initial.length} sample records`);
    say('(synthetic records written for kratomlit; NCBI is not contacted)');
    // One client (one rate limiter) per process, as in production: the loopback server enforces NCBI's 3/s.
    const client = createPubmedClient({ baseUrl: server.url, tool: 'kratomlit-demo', email: null, apiKey: null });
    const ingest = async (night: Date) => {
      const deps = { db, client, topics: ctx.config.topics, overlapDays: 3, batchSize: 200, logger: ctx.logger, clock: () => night };
      say(formatIngestSummary(await runIngest(deps, night)));
      const report = readCompleteness(db, ctx.config.topics.map((t) => t.name));
      say(...Object.entries(report).map(([topic, c]) => `  ${completenessLine(topic, c, night)}`));
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
    const c = countArticles(db);
    say(`Library: ${c.live} live records (${c.books} book, ${c.retracted} retracted), ${c.deleted} deleted; per topic: ${JSON.stringify(c.byTopic)}`);

    await showSearch(ctx, db, join(dir, 'kratomlit-demo.sqlite.index'), say);
    await showDigests(ctx, db, join(dir, 'digests'), say);
    showExport(db, say);
    say('', `Everything is in ${dir}/: the database, its search index and the digests. Try:`);
    say(`  npx kratomlit --db ${dbPath} search "ketum withdrawal"`);
    say(`  npx kratomlit --db ${dbPath} status`);
    say('The real thing: `npx kratomlit ingest` on a machine that reaches NCBI (see README).');
  } finally {
    closeStore(db);
    await server.close();
  }
}

async function showSearch(ctx: CommandContext, db: ReturnType<typeof openStore>, indexPath: string, say: (...l: string[]) => void) {
  const index = await openSearchIndex(db, { indexPath, logger: ctx.logger });
  for (const q of ['7-OH withdrawal', 'ketum', 'μ-opioid agonist', 'mitragynin liver']) {
    say('', `== search "${q}"`);
    const hits = index.search(q, { limit: 3, highlight: { pre: '[', post: ']' } });
    if (hits.length === 0) say('  (no hits)');
    for (const h of hits) say(`  ${h.pmid}  ${h.year ?? '----'}  ${h.title.slice(0, 90)}${h.title.length > 90 ? '…' : ''}`);
  }
}

async function showDigests(ctx: CommandContext, db: ReturnType<typeof openStore>, outDir: string, say: (...l: string[]) => void) {
  const deps = { db, outDir, timeZone: 'UTC', perTopicCap: ctx.config.digest.perTopicCap, feedWeeks: 12, topics: ctx.config.topics.map((t) => t.name), logger: ctx.logger };
  for (const week of ['2026-W47', '2026-W48']) {
    const r = await runDigest(deps, NIGHT_3, { week });
    say('', `== digest ${r.week}: ${r.counts.new} new, ${r.counts.updated} updated, ${r.counts.notices} retractions/corrections`);
    for (const f of r.files) say(`  ${relative(process.cwd(), f)}`);
  }
  const md = readFileSync(join(outDir, '2026-W47.md'), 'utf8').split('\n');
  say('', '-- 2026-W47.md (first lines) --', ...md.slice(0, 24), '-- … --');
}

function showExport(db: ReturnType<typeof openStore>, say: (...l: string[]) => void) {
  const first = getArticles(db, ['41900001']);
  if (first.length === 0) return;
  say('', '== export --format ris (one record)');
  say(exportArticles(first, 'ris').trimEnd());
}
