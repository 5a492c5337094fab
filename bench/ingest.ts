/**
 * `npm run bench:ingest`: wall time and request count of a first run (full backfill), of a no-change nightly
 * run (its date windows plus the completeness count check), of a nightly run whose count check finds a record
 * entered before the window (the full audit runs at once), and of the weekly audit, for a corpus of 2,000
 * matching records on the loopback E-utilities server, which enforces NCBI's limits (3 requests/s without a
 * key, 10 with one) and counts every request. Prints how close the request count and the wall time are to
 * the minimum the rate limit allows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIngest as run } from '../src/library/ingest.js';
import { silentLogger } from '../src/log.js';
import { createPubmedClient } from '../src/pubmed/client.js';
import { closeStore, openStore } from '../src/store/open.js';
import { type Matcher, type ServerRecord, startEutilsServer } from '../src/loopback/eutils-server.js';
import { makeRecord } from '../test/support/make-record.js';
import { corpusLabel, corpusXml } from './real-corpus.js';

const N = 2_000;
const BATCH = 200;
const TOPICS = [
  { name: 'mitragynine', query: 'mitragynine[tiab]' },
  { name: '7-hydroxymitragynine', query: '"7-hydroxymitragynine"[tiab]' },
];

/** N real-sized records (real-corpus.ts), each with the server's entry and modification day. */
function corpus(): ServerRecord[] {
  const records: ServerRecord[] = [];
  for (const chunk of corpusXml(N, { startPmid: 39_000_000, seed: 11 })) {
    const xml = chunk.trim();
    if (!xml.startsWith('<PubmedArticle>') && !xml.startsWith('<PubmedBookArticle>')) continue;
    const pmid = /<PMID[^>]*>(\d+)<\/PMID>/.exec(xml)?.[1] ?? '';
    const i = records.length;
    const day = `2026-${String(1 + (i % 10)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    records.push({ pmid, xml, entrezDate: day, modifiedDate: day });
  }
  return records;
}

/** Every record matches the first topic; every third PMID (and no late record) the second too. */
const byPmid: Matcher = (term) => (term.includes('7-hydroxymitragynine') ? (rec) => Number(rec.pmid) % 3 === 0 && rec.pmid !== LATE_PMID : () => true);
const LATE_PMID = '31000001';

const T = TOPICS.length;
/**
 * Each night and its minimum requests. First run: one whole-set esearch per topic + ceil(N / batch) efetch.
 * Nightly: two date windows per topic (entry, modification) + one retmax=0 count check per topic (today's
 * nightly cost was the windows alone: the budget is one request per topic more). Count mismatch on one
 * topic: + its whole set + one efetch. Weekly audit: windows + whole set per topic, no count check.
 */
const NIGHTS = [
  ['first run (backfill)', new Date('2026-11-01T03:00:00Z'), T + Math.ceil(N / BATCH)],
  ['nightly, nothing changed (windows + count check)', new Date('2026-11-02T03:00:00Z'), 3 * T],
  ['nightly, count mismatch -> full audit', new Date('2026-11-03T03:00:00Z'), 3 * T + 1 + 1],
  ['weekly audit, nothing changed', new Date('2026-11-10T03:00:00Z'), 3 * T],
] as const;

/** A record that matches only the first topic, entered in 2019: no nightly window sees it. */
function lateRecord(): ServerRecord {
  const pmid = LATE_PMID;
  return { pmid, xml: makeRecord({ pmid, entrez: '2019-03-04', abstract: 'Mitragynine in urine.', title: 'A late-indexed kratom study' }), entrezDate: '2019-03-04', modifiedDate: '2019-03-04' };
}

interface Row {
  label: string;
  requests: number;
  esearch: number;
  /** esearch with retmax=0: the nightly completeness count check. */
  countChecks: number;
  efetch: number;
  minRequests: number;
  seconds: number;
  minSeconds: number;
  rateLimited: number;
  maxInAnySecond: number;
  stored: number;
}

async function measure(apiKey: string | null): Promise<Row[]> {
  const server = await startEutilsServer({ records: corpus(), matcher: byPmid });
  const dir = mkdtempSync(join(tmpdir(), 'kratomlit-bench-ingest-'));
  const db = openStore(join(dir, 'bench.sqlite'));
  const client = createPubmedClient({ baseUrl: server.url, tool: 'kratomlit-bench', email: null, apiKey });
  const perSecond = apiKey ? 10 : 3;
  const rows: Row[] = [];
  try {
    for (const [label, now, minimum] of NIGHTS) {
      // Before the mismatch night PubMed lists one more record, entered long before the nightly window.
      if (label.startsWith('nightly, count')) server.upsert(lateRecord());
      const before = server.requests.length;
      const t0 = performance.now();
      const s = await run({ db, client, topics: TOPICS, overlapDays: 3, batchSize: BATCH, logger: silentLogger(), clock: () => now }, now);
      const seconds = (performance.now() - t0) / 1000;
      const reqs = server.requests.slice(before);
      const esearch = reqs.filter((r) => r.utility === 'esearch').length;
      const countChecks = reqs.filter((r) => r.utility === 'esearch' && r.params['retmax'] === '0').length;
      const efetch = reqs.filter((r) => r.utility === 'efetch').length;
      const minRequests = minimum;
      rows.push({
        label,
        requests: reqs.length,
        esearch,
        countChecks,
        efetch,
        minRequests,
        seconds,
        minSeconds: Math.max(0, minRequests - 1) / perSecond,
        rateLimited: s.rateLimited,
        maxInAnySecond: server.maxRequestsInAnyWindow(1000),
        stored: s.new + s.updated,
      });
      if (s.status !== 'ok') throw new Error(`bench: ingest ended ${s.status}: ${s.error}`);
    }
  } finally {
    closeStore(db);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

console.log(`kratomlit ingest benchmark — ${N} matching records, efetch batches of ${BATCH}, node ${process.version}`);
console.log(`corpus: ${corpusLabel()}`);
for (const key of [null, 'bench-key']) {
  console.log(`\n${key ? 'with an API key (limit 10 requests/s)' : 'without an API key (limit 3 requests/s)'}`);
  console.log('run | requests (esearch+efetch) | of which count checks | minimum | wall s | minimum s at the limit | 429s | max requests in any 1 s | records stored');
  for (const r of await measure(key)) {
    console.log(
      `${r.label} | ${r.requests} (${r.esearch}+${r.efetch}) | ${r.countChecks} | ${r.minRequests} | ${r.seconds.toFixed(2)} | ${r.minSeconds.toFixed(2)} | ${r.rateLimited} | ${r.maxInAnySecond} | ${r.stored}`,
    );
  }
}
