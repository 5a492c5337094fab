/**
 * Catch-up rules of the weekly digest, for the scheduler: is the last complete week's digest written, and
 * (when delivery is configured) sent? Light on purpose: `openLibrary` loads it, the renderers it does not.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Config } from '../config.js';
import { deliveryState } from '../delivery/ledger.js';
import { deliveryKey } from '../delivery/message.js';
import { lastCompleteWeek } from '../digest/week.js';
import { isProcessAlive } from '../store/lock.js';

/**
 * The digest is due when the last complete week's `<week>.json` is missing from `outDir` (the JSON is
 * written last of the week's three files, so its presence means all exist).
 */
export function isDigestDue(deps: { outDir: string; timeZone: string }, now: Date): boolean {
  return !existsSync(join(deps.outDir, `${lastCompleteWeek(now, deps.timeZone)}.json`));
}

/**
 * The last complete week's e-mail is due when delivery is configured and the ledger has neither a sent nor
 * an in-doubt/in-progress row for it and this recipient list (a failed one is retried).
 */
export function isEmailDue(config: Config, db: Database.Database, now: Date): boolean {
  const c = config.delivery.email;
  if (c === null) return false;
  const week = lastCompleteWeek(now, config.digest.timezone);
  return deliveryState(db, { key: deliveryKey(week, c.to), to: c.to }, isProcessAlive).state === 'none';
}
