import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { cronProblem } from '../../src/cron-rule.js';

const problem = (expr: string): string | null => cronProblem(expr, cron.validateDetailed(expr));

describe('cronProblem: why the scheduler refuses a cron expression', () => {
  it('names each bad field with its value and what the field takes', () => {
    expect(problem('61 * * * *')).toBe('"61 * * * *" is not a valid cron expression: minute "61" is not valid (minute takes 0-59)');
    expect(problem('0 7 * * 9')).toBe('"0 7 * * 9" is not a valid cron expression: week day "9" is not valid (week day takes 0-7 or SUN-SAT)');
    expect(problem('70 0 25 0 13 *')).toBe(
      '"70 0 25 0 13 *" is not a valid cron expression: second "70" is not valid (second takes 0-59), hour "25" is not valid (hour takes 0-23), day of month "0" is not valid (day of month takes 1-31), month "13" is not valid (month takes 1-12 or JAN-DEC)',
    );
  });

  it('keeps node-cron\'s words for a day the month never has and for a malformed expression', () => {
    expect(problem('0 0 31 2 *')).toBe('"0 0 31 2 *" is not a valid cron expression: 31 2 is an impossible day of month for the given month');
    expect(problem('0 7 * *')).toBe('"0 7 * *" is not a valid cron expression: expected 5 or 6 fields but got 4');
  });

  it('accepts a plain expression and refuses L, W and # day tokens', () => {
    expect(problem('30 2 * * MON')).toBeNull();
    expect(problem('0 7 L * *')).toBe('"0 7 L * *" uses L, W or #, which the scheduler does not support');
  });
});
