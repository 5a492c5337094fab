/**
 * Exactly-once bookkeeping of digest e-mails in the run ledger (`runs`, kind `email`), one key per week and
 * recipient list. A row is written BEFORE the message goes out (phase `sending`) and closed after the SMTP
 * server's reply, so every crash leaves a row that says what may have happened:
 *
 * - `ok`: the server accepted the message for every recipient of the row (`details.to`).
 * - `partial`: it accepted it for `details.accepted` and refused `details.refused` (each with its reply).
 *   Those accepted never get it again; a later run sends to the rest of the list only.
 * - `failed`: the server refused it or could not be reached: nothing was accepted, a later run may send.
 * - still `running` (or `interrupted`) with phase `waiting`: the process died between attempts, after a
 *   refusal: nothing was accepted, a later run may send.
 * - still `running` (or `interrupted`) with phase `sending` and a dead process, or `interrupted` with
 *   phase `in-doubt` (the message was handed over and no reply came before the timeout): maybe the server
 *   accepted it. This is the window no SMTP client can close (the server's "250" and our ledger write are
 *   two events); we choose at-most-once and never resend it automatically: it is reported as "in doubt",
 *   and `--resend` sends again on purpose with the same Message-ID.
 *
 * Who has the week is the union of `accepted` (and of `to` for `ok` rows) over the key's rows, so a
 * recipient accepted once is never sent that week again, whatever happened to the others.
 */
import type Database from 'better-sqlite3';
import { finishRun, type RunRow, startRun, updateRunDetails } from '../store/runs.js';
import { addressOf, normalizedRecipients } from './message.js';

/** What the ledger says about one week and recipient list; `missing`: the list's addresses that have not got it. */
export type DeliveryState =
  | { state: 'none'; run: RunRow | null; missing: string[] }
  | { state: 'sent'; run: RunRow; missing: string[] }
  | { state: 'in-progress'; run: RunRow; missing: string[] }
  | { state: 'in-doubt'; run: RunRow; missing: string[] };

/** What a delivery row records. */
export interface DeliveryDetails {
  key: string;
  week: string;
  /** The recipients this row sends to: the list, less those an earlier row delivered to. */
  to: string[];
  messageId: string;
  subject: string;
  /** `sending`: an SMTP exchange may be under way; `waiting`: between attempts, nothing accepted; `in-doubt`: handed over, no reply. */
  phase: 'sending' | 'waiting' | 'in-doubt' | 'done';
  attempts: number;
  /** Addresses (lower-cased) the server accepted the message for. */
  accepted?: string[];
  /** Addresses the server refused, with its reply. */
  refused?: Array<{ to: string; reason: string }>;
}

interface Row {
  id: number;
  started_at: string;
  ended_at: string | null;
  status: RunRow['status'];
  pid: number | null;
  details_json: string;
  error: string | null;
}

function toRun(r: Row): RunRow {
  return { id: r.id, kind: 'email', startedAt: r.started_at, endedAt: r.ended_at, status: r.status, pid: r.pid, details: JSON.parse(r.details_json) as Record<string, unknown>, error: r.error };
}

/** Addresses a row delivered to: its `accepted` list, or its whole `to` for an `ok` row written before there was one. */
function deliveredBy(r: RunRow): string[] {
  const d = r.details as Partial<DeliveryDetails>;
  if (Array.isArray(d.accepted)) return d.accepted;
  return r.status === 'ok' && Array.isArray(d.to) ? normalizedRecipients(d.to) : [];
}

/**
 * The state of one week and recipient list (`target.key`, `target.to`) from its rows (newest first);
 * `isAlive` tells whether a row's process still runs. `sent` once every address of the list has it.
 */
export function deliveryState(db: Database.Database, target: { key: string; to: readonly string[] }, isAlive: (pid: number) => boolean): DeliveryState {
  const rows = (db.prepare("SELECT * FROM runs WHERE kind = 'email' AND json_extract(details_json, '$.key') = ? ORDER BY id DESC").all(target.key) as Row[]).map(toRun);
  const delivered = new Set(rows.flatMap(deliveredBy));
  const missing = normalizedRecipients(target.to).filter((a) => !delivered.has(a));
  const sent = rows.find((r) => deliveredBy(r).length > 0);
  if (missing.length === 0 && sent) return { state: 'sent', run: sent, missing };
  const last = rows[0];
  if (!last || (last.status !== 'running' && last.status !== 'interrupted')) return { state: 'none', run: last ?? null, missing };
  const open = last.status === 'running' && last.pid !== null && last.pid !== process.pid && isAlive(last.pid);
  if (open) return { state: 'in-progress', run: last, missing };
  return last.details.phase === 'waiting' ? { state: 'none', run: last, missing } : { state: 'in-doubt', run: last, missing };
}

/**
 * Checks the state and, when nothing stands in the way, opens a `sending` row for the recipients of
 * `details.to` that have not got the week (returned as `to`), in one immediate transaction: two processes
 * can never both claim the same week and list. `force` claims over an in-doubt (not a sent or in-progress)
 * delivery.
 */
export function claimDelivery(
  db: Database.Database,
  details: Omit<DeliveryDetails, 'phase' | 'attempts'>,
  now: Date,
  opts: { isAlive: (pid: number) => boolean; force?: boolean },
): { claimed: true; runId: number; to: string[] } | { claimed: false; state: Exclude<DeliveryState, { state: 'none' }> } {
  return db
    .transaction(() => {
      const state = deliveryState(db, details, opts.isAlive);
      if (state.state === 'sent' || state.state === 'in-progress' || (state.state === 'in-doubt' && !opts.force)) return { claimed: false as const, state };
      const to = details.to.filter((t) => state.missing.includes(addressOf(t)));
      const runId = startRun(db, 'email', now, { ...details, to, phase: 'sending', attempts: 0 } satisfies DeliveryDetails);
      return { claimed: true as const, runId, to };
    })
    .immediate();
}

/** Records the phase before each attempt (`sending`) and after a refusal (`waiting`). */
export function markPhase(db: Database.Database, runId: number, details: DeliveryDetails): void {
  updateRunDetails(db, runId, { ...details });
}

/** How a delivery row ends: every recipient accepted, some, none, or the reply never came after the message was handed over. */
export type DeliveryEnd = 'ok' | 'partial' | 'failed' | 'in-doubt';

/** Closes the row with its outcome (`in-doubt` is recorded as `interrupted` with phase `in-doubt`). */
export function finishDelivery(db: Database.Database, runId: number, end: { outcome: DeliveryEnd; now: Date; details: DeliveryDetails; error?: string }): void {
  const status = end.outcome === 'in-doubt' ? 'interrupted' : end.outcome;
  finishRun(db, runId, { status, now: end.now, details: { ...end.details, phase: status === 'interrupted' ? 'in-doubt' : 'done' }, error: end.error ?? null });
}
