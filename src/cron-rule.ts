/**
 * What the scheduler accepts as a cron expression, in one place for the two that check it: the config
 * reader (every command names a bad expression) and the scheduler at start. Takes node-cron's detailed
 * check as input, so this module does not load node-cron (the config reader loads it only when needed).
 */
type CronDetail = ReturnType<(typeof import('node-cron'))['validateDetailed']>;

/**
 * Why the scheduler refuses `expr` (`"<expr>" is not a valid cron expression (...)`), or null: node-cron's
 * own errors, and the `L`/`W`/`#` day tokens, which the DST-correct fire-time computation does not model.
 */
export function cronProblem(expr: string, detail: CronDetail): string | null {
  if (!detail.valid || !detail.fields) return `"${expr}" is not a valid cron expression (${detail.errors.map((e) => e.message).join('; ')})`;
  const days = [...detail.fields.dayOfMonth, ...detail.fields.dayOfWeek];
  return days.some((v) => typeof v !== 'number') ? `"${expr}" uses L, W or #, which the scheduler does not support` : null;
}
