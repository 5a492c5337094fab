/**
 * A small library on disk for the web tests: the digest fixture records (hostile text included), a
 * retraction pair, a record revised once, records with an `evidence` classification, a digest for
 * 2026-W47 with its feed, and a running `serve` server over it (in process, port 0).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectDigest } from '../../src/digest/collect.js';
import { renderAtom } from '../../src/digest/render-atom.js';
import { renderJson } from '../../src/digest/render-json.js';
import { weekRange } from '../../src/digest/week.js';
import { type Library, openLibrary } from '../../src/index.js';
import { upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import type { Article } from '../../src/types.js';
import { type RunningServer, startServer } from '../../src/web/serve.js';
import { TOPICS, newArticles, revisedArticles } from '../fixtures/digest/library.js';
import { makeArticle } from '../search/helpers.js';
import { parseOverrides } from '../../src/evidence/overrides.js';

/** The classification of the records the tests filter on, fixed by a curator's override (not left to the rules). */
export const FIXTURE_EVIDENCE: Record<string, { design: string; themes: string[] }> = {
  '50000001': { design: 'case-report', themes: ['dependence'] },
  '50000002': { design: 'case-report', themes: ['toxicity'] },
  '50000003': { design: 'rct', themes: ['pain'] },
};
const overrides = parseOverrides(JSON.stringify(FIXTURE_EVIDENCE), 'fixture-overrides.json');

/** A neutral record with this title (plain and HTML alike). */
function article(pmid: string, over: Partial<Article>): Article {
  return makeArticle(pmid, { ...over, ...(over.title ? { titleHtml: over.title } : {}) });
}

/** The records of the fixture library. */
export function fixtureArticles(): Article[] {
  const extra = [
    article('50000001', { title: 'Kratom withdrawal in a case report', abstract: 'A patient using kratom developed withdrawal.', topics: ['mitragynine'], publicationTypes: ['Case Reports'], pubDate: { year: 2024, month: 3, day: 1, season: null, raw: '2024 Mar 1' } }),
    article('50000002', { title: 'Kratom hepatotoxicity case', abstract: 'Liver injury after kratom use.', topics: ['mitragynine'], publicationTypes: ['Case Reports'], pubDate: { year: 2023, month: 1, day: 1, season: null, raw: '2023 Jan 1' } }),
    article('50000003', { title: 'Mitragynine analgesia trial', abstract: 'A randomized trial of mitragynine for pain.', topics: ['mitragynine'], publicationTypes: ['Randomized Controlled Trial'], pubDate: { year: 2025, month: 5, day: 1, season: null, raw: '2025 May 1' } }),
    article('50000010', { title: 'Mitragynine receptor binding retracted study', abstract: 'Binding at the mu opioid receptor.', topics: ['mitragynine'], retracted: true, publicationTypes: ['Journal Article', 'Retracted Publication'], commentsCorrections: [{ type: 'RetractionIn', pmid: '50000011', source: 'Retraction notice 2026' }] }),
    article('50000011', { title: 'Retraction: mitragynine receptor binding', abstract: 'This article has been retracted.', topics: ['mitragynine'], retractionNotice: true, publicationTypes: ['Retraction of Publication'], commentsCorrections: [{ type: 'RetractionOf', pmid: '50000010', source: 'Original 2025' }] }),
  ];
  return [...newArticles(), ...extra];
}

/** A running fixture server and what the tests inspect. */
export interface WebWorld {
  dir: string;
  dbPath: string;
  lib: Library;
  server: RunningServer;
  base: string;
  logs: object[];
  close(): Promise<void>;
}

/** Writes the store and digest folder, opens the library like `serve` does, and starts the server. */
export async function startWorld(opts: { basePath?: string; noDigests?: boolean; allowHosts?: string[] } = {}): Promise<WebWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'kratomlit-web-'));
  const dbPath = join(dir, 'lib.sqlite');
  const digests = join(dir, 'digests');
  mkdirSync(digests);
  const db = openStore(dbPath);
  const raw = (a: Article) => ({ article: a, raw: `<PubmedArticle><PMID>${a.pmid}</PMID></PubmedArticle>` });
  const articles = fixtureArticles();
  const topicsOf = new Map(articles.map((a) => [a.pmid, a.topics]));
  upsertParsed(db, articles.map(raw), { source: 'import', now: new Date('2026-11-20T10:00:00Z'), topicsFor: (p) => topicsOf.get(p) ?? [], evidenceOverrides: overrides });
  const revised = article('50000003', { title: 'Mitragynine analgesia trial (corrected)', abstract: 'A randomized trial of mitragynine for pain.', topics: ['mitragynine'], publicationTypes: ['Randomized Controlled Trial'] });
  upsertParsed(db, [raw({ ...revised, version: 2 })], { source: 'ingest', now: new Date('2026-11-21T10:00:00Z'), topics: ['mitragynine'], evidenceOverrides: overrides });
  closeStore(db);
  const doc = collectDigest({ week: weekRange('2026-W47', 'UTC'), entered: newArticles(), revisions: revisedArticles(), topics: TOPICS, perTopicCap: 25 });
  if (opts.noDigests !== true) {
    writeFileSync(join(digests, '2026-W47.json'), renderJson(doc));
    writeFileSync(join(digests, 'feed.atom'), renderAtom([doc], { feedWeeks: 12 }));
  }
  const lib = await openLibrary({ db: dbPath, digestDir: digests, followOnSearch: false });
  const logs: object[] = [];
  const log = { info: (o: object) => logs.push(o), error: (o: object) => logs.push(o) };
  const server = await startServer({ library: lib, port: 0, basePath: opts.basePath ?? '', log, followMs: 20, ...(opts.allowHosts ? { allowHosts: opts.allowHosts } : {}) });
  return {
    dir, dbPath, lib, server, logs, base: server.url.replace(/\/$/, ''),
    close: async () => {
      await server.close();
      lib.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GET (or another method) and the body as text. */
export async function get(url: string, init: RequestInit = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  return { status: res.status, body: await res.text(), headers: res.headers };
}
