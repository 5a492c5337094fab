import { describe, expect, it } from 'vitest';
import { wholeNumber } from '../../src/cli/whole-number.js';

describe('whole-number options', () => {
  it('take decimal digits within the range', () => {
    expect(wholeNumber('0', 'serve: --port', 0, 65535)).toBe(0);
    expect(wholeNumber('1000', 'status: --runs', 1, 1000)).toBe(1000);
    expect(wholeNumber('007', 'search: --limit', 1, 1000)).toBe(7);
  });

  it.each(['1e3', '0x10', ' 5', '5 ', '5.0', '+5', '-1', '', '1001', '0', '99999999999999999999'])('refuse %j, naming the option and the range', (v) => {
    expect(() => wholeNumber(v, 'status: --runs', 1, 1000)).toThrow(`status: --runs must be a whole number from 1 to 1000, got ${JSON.stringify(v)}`);
  });
});
