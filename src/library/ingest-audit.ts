/**
 * The completeness audit of an ingest run: each topic's whole PMID set compared with the library, and the
 * cheap nightly count check that decides whether the audit must run now. See docs/completeness.md.
 */
import type Database from 'better-sqlite3';
import type { TopicPlan } from './ingest-plan.js';
import type { PubmedClient } from '../pubmed/client.js';
import { harvestIds } from '../pubmed/harvest.js';
import { attachTopic, type CompletenessCheck, countTopicMembers, dropUnlistedGaps, listGaps, recordGaps, removeTopic } from '../store/completeness.js';
import { enqueue, storedTopicMembers } from '../store/ingest-state.js';

/** What the audits of one run learnt; read by the fetch step and stored when the run finishes. */
export interface AuditState {
  /** Every PMID some esearch of this run listed (windows and full sets). */
  seen: Set<string>;
  /** Topics whose whole set was compared this run, with the PubMed count and when. */
  audited: Map<string, { upstream: number; at: Date; why: string }>;
  /** Count-checked topics that matched (no audit needed). */
  counted: Map<string, { upstream: number; at: Date }>;
  /** Stored PMIDs a topic's full set no longer lists: the topics they left. */
  vanished: Map<string, Set<string>>;
  /** Records lacking from the library found by the audits, and topics attached to stored records. */
  lacking: number;
  /** Topics detached from records fetched earlier in the run (the fetch step counts its own). */
  detached: number;
}

export function newAuditState(): AuditState {
  return { seen: new Set(), audited: new Map(), counted: new Map(), vanished: new Map(), lacking: 0, detached: 0 };
}

/** The collaborators an audit needs. */
export interface AuditDeps {
  db: Database.Database;
  client: PubmedClient;
  idCap?: number;
  clock: () => Date;
}

/** Harvests a topic's whole set (no date window; split above the id cap with the sum check) and reconciles it. */
export async function auditTopic(d: AuditDeps, plan: TopicPlan, why: string, state: AuditState): Promise<void> {
  const at = d.clock();
  const r = await harvestIds(d.client, plan.term, null, { cap: d.idCap ?? 9_999 });
  reconcileTopic(d, plan.topic, new Set(r.ids), state);
  state.audited.set(plan.topic, { upstream: r.count, at, why });
}

/**
 * Compares `listed` (the topic's whole upstream set) with the records holding the topic. Lacking PMIDs are
 * queued (or, when already stored under another topic, get this topic at once); stored members PubMed no
 * longer lists for the topic are queued too, so efetch tells a deleted record (left out) from one that only
 * stopped matching (returned: the topic is detached when it is stored). Gaps the set no longer lists go.
 */
export function reconcileTopic(d: AuditDeps, topic: string, listed: Set<string>, state: AuditState): void {
  const now = d.clock();
  for (const p of listed) state.seen.add(p);
  const members = storedTopicMembers(d.db, topic);
  const memberSet = new Set(members);
  const lacking = [...listed].filter((p) => !memberSet.has(p));
  state.lacking += lacking.length;
  const live = liveAmong(d.db, lacking);
  attachTopic(d.db, [...live], topic, now);
  const queueState = queuedStates(d.db, lacking);
  // Already asked in vain this run: it is a gap of this topic too (not asked twice in one run).
  recordGaps(d.db, lacking.filter((p) => queueState.get(p) === 'missing').map((pmid) => ({ pmid, topics: [topic] })), now);
  enqueue(d.db, lacking.filter((p) => !live.has(p)), topic, now);
  const extra = members.filter((p) => !listed.has(p));
  // Fetched earlier in this run: PubMed still has the record, it only stopped matching this topic.
  const extraState = queuedStates(d.db, extra);
  const fetched = new Set(extra.filter((p) => extraState.get(p) === 'done'));
  d.db.transaction(() => {
    for (const p of fetched) state.detached += removeTopic(d.db, [p], topic);
  }).immediate();
  for (const p of extra.filter((x) => !fetched.has(x))) {
    const set = state.vanished.get(p) ?? new Set<string>();
    set.add(topic);
    state.vanished.set(p, set);
  }
  enqueue(d.db, extra.filter((p) => !fetched.has(p)), topic, now);
  dropUnlistedGaps(d.db, topic, listed);
}

/**
 * The nightly count check: one `retmax=0` esearch per topic not audited yet. A count that differs from the
 * library's (records holding the topic plus its open gaps) runs the full audit at once.
 */
export async function checkCounts(d: AuditDeps, plans: readonly TopicPlan[], state: AuditState): Promise<void> {
  for (const plan of plans) {
    if (plan.reason === 'since' || state.audited.has(plan.topic)) continue;
    const at = d.clock();
    const r = await d.client.esearch({ term: plan.term, retmax: 0 });
    const expected = countTopicMembers(d.db, plan.topic) + listGaps(d.db, plan.topic).length;
    if (r.count === expected) state.counted.set(plan.topic, { upstream: r.count, at });
    else await auditTopic(d, plan, `count mismatch (PubMed ${r.count}, library ${expected})`, state);
  }
}

/** The check to store per topic once the run's fetches are done. */
export function checksOf(db: Database.Database, state: AuditState): CompletenessCheck[] {
  const full = [...state.audited].map(([topic, a]) => ({ topic, upstream: a.upstream, local: countTopicMembers(db, topic), checkedAt: a.at.toISOString(), check: 'full' as const }));
  const count = [...state.counted].map(([topic, c]) => ({ topic, upstream: c.upstream, local: countTopicMembers(db, topic), checkedAt: c.at.toISOString(), check: 'count' as const }));
  return [...full, ...count];
}

/**
 * Queues every open gap of the configured topics again: each run retries them, batched like any other fetch.
 * (Gaps of a topic no longer configured stay as they are; no audit of that topic will ever run.)
 */
export function requeueGaps(db: Database.Database, now: Date, topics: readonly string[]): number {
  const gaps = listGaps(db).filter((g) => topics.includes(g.topic));
  const byTopic = new Map<string, string[]>();
  for (const g of gaps) byTopic.set(g.topic, [...(byTopic.get(g.topic) ?? []), g.pmid]);
  for (const [topic, pmids] of byTopic) enqueue(db, pmids, topic, now);
  return gaps.length;
}

function liveAmong(db: Database.Database, pmids: readonly string[]): Set<string> {
  const stmt = db.prepare('SELECT 1 FROM articles WHERE pmid = ? AND deleted = 0');
  return new Set(pmids.filter((p) => stmt.get(p) !== undefined));
}

function queuedStates(db: Database.Database, pmids: readonly string[]): Map<string, string> {
  const stmt = db.prepare('SELECT state FROM ingest_queue WHERE pmid = ?');
  const out = new Map<string, string>();
  for (const p of pmids) {
    const row = stmt.get(p) as { state: string } | undefined;
    if (row) out.set(p, row.state);
  }
  return out;
}
