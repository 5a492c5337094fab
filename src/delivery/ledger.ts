/**
 * Exactly-once bookkeeping of digest e-mails in the run ledger (`runs`, kind `email`), one key per week and
 * recipient list. A row is written BEFORE the message goes out (phase `sending`) and closed after the SMTP
 * server's reply, so every crash leaves a row that says what may have happened:
 *
 * - `ok`: the server accepted the message. Never sent again.
 * - `failed`: the server refused it or could not be reached: nothing was accepted, a later run may send.
 * - still `running` (or `interrupted`) with phase `waiting`: the process died between attempts, after a
 *   refusal: nothing was accepted, a later run may send.
 * - still `running` (or `interrupted`) with phase `sending` and a dead process: it died during an SMTP
 *   exchange, maybe after the server accepted the message. This is the window no SMTP client can close
 *   (the server's "250" and our ledger write are two events); we choose at-most-once and never resend it
 *   automatically: it is reported as "in doubt", and `--resend` sends again on purpose with the same
 *   Message-ID.
 */
import type Database from 'better-sqlite3';
import { finishRun, type RunRow, startRun, updateRunDetails } from '../store/runs.js';

/** What the ledger says about one week and recipient list. */
export type DeliveryState =
  | { state: 'none'; run: RunRow | null }
  | { state: 'sent'; run: RunRow }
  | { state: 'in-progress'; run: RunRow }
  | { state: 'in-doubt'; run: RunRow };

/** What a delivery row records. */
export interface DeliveryDetails {
  key: string;
  week: string;
  to: string[];
  messageId: string;
  subject: string;
  /** `sending`: an SMTP exchange may be under way; `waiting`: between attempts, nothing accepted. */
  phase: 'sending' | 'waiting' | 'done';
  attempts: number;
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

/** The state of `key` from its rows (newest first); `isAlive` tells whether a row's process still runs. */
export function deliveryState(db: Database.Database, key: string, isAlive: (pid: number) => boolean): DeliveryState {
  const rows = (db.prepare("SELECT * FROM runs WHERE kind = 'email' AND json_extract(details_json, '$.key') = ? ORDER BY id DESC").all(key) as Row[]).map(toRun);
  const sent = rows.find((r) => r.status === 'ok');
  if (sent) return { state: 'sent', run: sent };
  const last = rows[0];
  if (!last || last.status === 'failed') return { state: 'none', run: last ?? null };
  const open = last.status === 'running' && last.pid !== null && last.pid !== process.pid && isAlive(last.pid);
  if (open) return { state: 'in-progress', run: last };
  return last.details.phase === 'waiting' ? { state: 'none', run: last } : { state: 'in-doubt', run: last };
}

/**
 * Checks the state and, when nothing stands in the way, opens a `sending` row, in one immediate
 * transaction: two processes can never both claim the same week and list. `force` claims over an
 * in-doubt (not a sent or in-progress) delivery.
 */
export function claimDelivery(
  db: Database.Database,
  details: Omit<DeliveryDetails, 'phase' | 'attempts'>,
  now: Date,
  opts: { isAlive: (pid: number) => boolean; force?: boolean },
): { claimed: true; runId: number } | { claimed: false; state: Exclude<DeliveryState, { state: 'none' }> } {
  return db
    .transaction(() => {
      const state = deliveryState(db, details.key, opts.isAlive);
      if (state.state === 'sent' || state.state === 'in-progress' || (state.state === 'in-doubt' && !opts.force)) return { claimed: false as const, state };
      const runId = startRun(db, 'email', now, { ...details, phase: 'sending', attempts: 0 } satisfies DeliveryDetails);
      return { claimed: true as const, runId };
    })
    .immediate();
}

/** Records the phase before each attempt (`sending`) and after a refusal (`waiting`). */
export function markPhase(db: Database.Database, runId: number, details: DeliveryDetails): void {
  updateRunDetails(db, runId, { ...details });
}

/** Closes the row: `ok` once the server accepted the message, `failed` when it was not accepted. */
export function finishDelivery(db: Database.Database, runId: number, end: { ok: boolean; now: Date; details: DeliveryDetails; error?: string }): void {
  finishRun(db, runId, { status: end.ok ? 'ok' : 'failed', now: end.now, details: { ...end.details, phase: 'done' }, error: end.error ?? null });
}
