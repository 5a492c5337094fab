/**
 * What the scheduler accepts as a cron expression, in one place for the two that check it: the config
 * reader (every command names a bad expression) and the scheduler at start. Takes node-cron's detailed
 * check as input, so this module does not load node-cron (the config reader loads it only when needed).
 */
type CronDetail = ReturnType<(typeof import('node-cron'))['validateDetailed']>;

/**
 * Why the scheduler refuses `expr` (`"<expr>" is not a valid cron expression: ...`), or null: node-cron's
 * own errors, and the `L`/`W`/`#` day tokens, which the DST-correct fire-time computation does not model.
 */
export function cronProblem(expr: string, detail: CronDetail): string | null {
  if (!detail.valid || !detail.fields) return `"${expr}" is not a valid cron expression: ${detail.errors.map((e) => reworded(e.message)).join(', ')}`;
  const days = [...detail.fields.dayOfMonth, ...detail.fields.dayOfWeek];
  return days.some((v) => typeof v !== 'number') ? `"${expr}" uses L, W or #, which the scheduler does not support` : null;
}

/** What each cron field takes, for a message that says what would have been right. */
const RANGES: Record<string, string> = {
  second: '0-59', minute: '0-59', hour: '0-23', 'day of month': '1-31', month: '1-12 or JAN-DEC', 'week day': '0-7 or SUN-SAT',
};

/** node-cron's `61 is a invalid expression for minute` as `minute "61" is not valid (minute takes 0-59)`; other messages as they are. */
function reworded(message: string): string {
  const m = /^(.*) is a invalid expression for (.+)$/.exec(message);
  if (!m) return message;
  const [, value, field] = m as unknown as [string, string, string];
  const range = RANGES[field];
  return range ? `${field} "${value}" is not valid (${field} takes ${range})` : `${field} "${value}" is not valid`;
}
