/**
 * The one rule for a whole-number option on the command line (`search --limit`, `status --runs`, `--port`
 * ...): decimal digits only, within a range. `Number()` alone took `1e3`, `0x10`, ` 5` and `5.0`, so one
 * command accepted what another refused.
 */
import { UsageError } from '../errors.js';

/**
 * `value` as a number when it is written in decimal digits only and lies from `min` to `max`; else a
 * UsageError naming `label` (`search: --limit`) and the range.
 */
export function wholeNumber(value: string, label: string, min: number, max: number): number {
  const n = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${label} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}
