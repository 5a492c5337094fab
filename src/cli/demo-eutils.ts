/**
 * `kratomlit demo --eutils [--port N] [--withhold PMIDS] [--faults KINDS]`: only the demo's loopback
 * E-utilities server, serving the sample records until SIGINT/SIGTERM, so the ingest, its completeness
 * checks and the scheduler can be tried offline by hand (`EUTILS_BASE_URL=… kratomlit ingest`). It keeps
 * NCBI's rules (3 requests/s, the 9,999 cap, WebEnv) and logs one stderr line per request, so a reader can
 * watch how polite the client is.
 *
 * It starts on the first night, so a first ingest by hand sees PubMed before the revisions; SIGUSR2 moves
 * it to the second night (revisions, new records, a withdrawal), so "revisions across two ingests" can be
 * rehearsed. `--withhold` and `--faults` put the misbehaviours NCBI has shown in the way of the next ingest.
 */
import { UsageError } from '../errors.js';
import type { FaultKind } from '../loopback/eutils-faults.js';
import { type EutilsServer, startEutilsServer } from '../loopback/eutils-server.js';
import type { CommandContext } from './context.js';
import { type DemoCorpus, loadDemoCorpus, secondNight } from './demo-corpus.js';
import { untilSignal } from './serve.js';

/**
 * The faults `--faults` offers: every kind that answers whichever request comes next. (The loopback
 * server's `count-shift`, `dup-ids` and `webenv-expired` wait for a particular request, which the sample's
 * small result sets may never make.)
 */
export const USER_FAULTS = [
  '429',
  '500',
  '502',
  '503',
  '400',
  'reset',
  'reset-mid-body',
  'truncate',
  'html200',
  'prolog-only',
  'cxx-trace',
  'empty200',
  'slow',
  'drip',
  'stall',
  'huge',
  'gzip-bomb',
] as const satisfies readonly FaultKind[];

/** The raw option values of `demo --eutils`. */
export interface EutilsOnlyFlags {
  port: number;
  withhold?: string;
  faults?: string;
}

/** The signal that moves the server to the second night (named in the start lines and docs/operations.md). */
const NEXT_NIGHT = 'SIGUSR2';

/** A comma-separated option value as its items; UsageError on an empty item (`429,,500`, a trailing comma). */
function listOf(value: string, option: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`demo: ${option} has an empty item in ${JSON.stringify(value)} (items are separated by single commas)`);
  return items;
}

/** `--faults` as fault kinds in the order given; UsageError naming the first kind the server cannot serve. */
export function faultsOf(value: string | undefined): FaultKind[] {
  if (value === undefined) return [];
  return listOf(value, '--faults').map((kind) => {
    const known = USER_FAULTS.find((k) => k === kind);
    if (known === undefined) throw new UsageError(`demo: --faults: ${JSON.stringify(kind)} is not a fault the server can serve (one of ${USER_FAULTS.join(', ')})`);
    return known;
  });
}

/** `--withhold` as PMIDs of the sample (first or second night); UsageError naming the first that is not. */
export function withheldOf(value: string | undefined, corpus: DemoCorpus): string[] {
  if (value === undefined) return [];
  const known = new Set([...corpus.initial, ...corpus.revisions].map((r) => r.pmid));
  const sorted = [...known].sort();
  const pmids = listOf(value, '--withhold');
  for (const pmid of pmids) {
    if (!/^\d+$/.test(pmid)) throw new UsageError(`demo: --withhold: ${JSON.stringify(pmid)} is not a PMID`);
    if (!known.has(pmid)) throw new UsageError(`demo: --withhold: ${pmid} is not a sample record (they run from ${sorted[0]} to ${sorted.at(-1)})`);
  }
  return [...new Set(pmids)];
}

/**
 * Serves the sample's first night until SIGINT/SIGTERM, the second from the first SIGUSR2 on. The first
 * stdout line is the base URL; every option is checked before the server listens.
 */
export async function runEutilsOnly(c: CommandContext, flags: EutilsOnlyFlags): Promise<void> {
  const corpus = loadDemoCorpus();
  const faults = faultsOf(flags.faults);
  const withheld = withheldOf(flags.withhold, corpus);
  const stopped = untilSignal();
  const server = await startEutilsServer({ records: corpus.initial, port: flags.port, log: true }).catch((err: unknown) => {
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new UsageError(`demo: --port ${flags.port}: cannot listen on 127.0.0.1:${flags.port} (${code})`);
    throw err;
  });
  server.withholdOnce(...withheld);
  // Queued in order: each answers the next request, retries included.
  for (const kind of faults) server.inject({ kind });
  const onNextNight = nextNight(c, server, corpus);
  process.on(NEXT_NIGHT, onNextNight);
  c.out(server.url);
  // One write: a reader that waits for the first line (a test, a script) then has them all.
  c.say([
    `kratomlit demo: a loopback E-utilities server serves ${corpus.initial.length} sample records (the first night) at ${server.url} until Ctrl-C`,
    `  try: EUTILS_BASE_URL=${server.url} npx kratomlit --db try.sqlite ingest`,
    `  second night (revisions, new records, a withdrawal): kill -USR2 ${process.pid}`,
    ...(withheld.length > 0 ? [`  efetch leaves out of its first answer that holds them: ${withheld.join(', ')}`] : []),
    ...(faults.length > 0 ? [`  the next ${faults.length === 1 ? 'request gets' : `${faults.length} requests get, in order`}: ${faults.join(', ')}`] : []),
  ].join('\n'));
  try {
    await stopped;
  } finally {
    process.off(NEXT_NIGHT, onNextNight);
    await server.close();
  }
}

/** The SIGUSR2 handler: applies the second night once, and says so (or that it already has). */
function nextNight(c: CommandContext, server: EutilsServer, corpus: DemoCorpus): () => void {
  let served = 1;
  return () => {
    if (served === 2) return c.say('kratomlit demo: already serving the second night (there is no third)');
    const day = c.now().toISOString().slice(0, 10);
    const night = secondNight(corpus, day);
    for (const r of night.upserts) server.upsert(r);
    for (const pmid of night.removed) server.remove(pmid);
    served = 2;
    const live = new Set([...corpus.initial, ...night.upserts].map((r) => r.pmid));
    for (const pmid of night.removed) live.delete(pmid);
    c.say(
      `kratomlit demo: now serving the second night: ${night.revised} records revised and ${night.upserts.length - night.revised} added (dated ${day}, ` +
        `so an ingest's date window finds them), ${night.removed.length} withdrawn (${night.removed.join(', ')}); ${live.size} records`,
    );
  };
}
