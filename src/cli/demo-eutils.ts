/**
 * `kratomlit demo --eutils [--port N]`: only the demo's loopback E-utilities server, serving the sample
 * records until SIGINT/SIGTERM, so the ingest, its completeness checks and the scheduler can be tried
 * offline by hand (`EUTILS_BASE_URL=… kratomlit ingest`). It keeps NCBI's rules (3 requests/s, the 9,999
 * cap, WebEnv) and logs one stderr line per request, so a reader can watch how polite the client is.
 */
import { UsageError } from '../errors.js';
import { startEutilsServer } from '../loopback/eutils-server.js';
import type { CommandContext } from './context.js';
import { loadDemoCorpus } from './demo-corpus.js';
import { untilSignal } from './serve.js';

/** Serves the sample records (after their revisions) until a signal; the first stdout line is the base URL. */
export async function runEutilsOnly(c: CommandContext, port: number): Promise<void> {
  const corpus = loadDemoCorpus();
  const records = new Map(corpus.initial.map((r) => [r.pmid, r]));
  for (const r of corpus.revisions) records.set(r.pmid, r);
  for (const pmid of corpus.deletedOnSecondNight) records.delete(pmid);
  const stopped = untilSignal();
  const server = await startEutilsServer({ records: [...records.values()], port, log: true }).catch((err: unknown) => {
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new UsageError(`demo: --port ${port}: cannot listen on 127.0.0.1:${port} (${code})`);
    throw err;
  });
  c.out(server.url);
  c.say(`kratomlit demo: a loopback E-utilities server serves ${records.size} sample records at ${server.url} until Ctrl-C`);
  c.say(`  try: EUTILS_BASE_URL=${server.url} npx kratomlit --db try.sqlite ingest`);
  await stopped;
  await server.close();
}
