/**
 * What the scheduler accepts as a cron expression, in one place for the two that check it: the config
 * reader (every command names a bad expression) and the scheduler at start. Takes node-cron's detailed
 * check as input, so this module does not load node-cron (the config reader loads it only when needed).
 */
type CronDetail = ReturnType<(typeof import('node-cron'))['validateDetailed']>;
type CronError = CronDetail['errors'][number];

/**
 * Why the scheduler refuses `expr` (`"<expr>" is not a valid cron expression: ...`), or null: node-cron's
 * own errors, and the `L`/`W`/`#` day tokens, which the DST-correct fire-time computation does not model.
 */
export function cronProblem(expr: string, detail: CronDetail): string | null {
  if (!detail.valid || !detail.fields) return `"${expr}" is not a valid cron expression: ${detail.errors.map(reworded).join(', ')}`;
  const days = [...detail.fields.dayOfMonth, ...detail.fields.dayOfWeek];
  return days.some((v) => typeof v !== 'number') ? `"${expr}" uses L, W or #, which the scheduler does not support` : null;
}

/** node-cron's field keys (`CronFieldError.field`): each field's name in messages and what it takes. */
const FIELDS: Readonly<Record<string, { label: string; range: string }>> = {
  second: { label: 'second', range: '0-59' },
  minute: { label: 'minute', range: '0-59' },
  hour: { label: 'hour', range: '0-23' },
  dayOfMonth: { label: 'day of month', range: '1-31' },
  month: { label: 'month', range: '1-12 or JAN-DEC' },
  dayOfWeek: { label: 'week day', range: '0-7 or SUN-SAT' },
};

/**
 * One of node-cron's errors as `minute "61" is not valid (minute takes 0-59)`, from its `field` and `value`.
 * Errors of the whole expression (field `expression`: illegal characters, field count) keep node-cron's
 * message, and so does the one day-of-month error that is not about the value: a day the month never has
 * (`31 2 is an impossible day of month for the given month`).
 */
function reworded(e: CronError): string {
  const f = FIELDS[e.field];
  if (f === undefined || e.value === undefined || e.message.includes('impossible')) return e.message;
  return `${f.label} "${e.value}" is not valid (${f.label} takes ${f.range})`;
}
