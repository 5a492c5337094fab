import { describe, expect, it } from 'vitest';
import { filtersFromFlags } from '../../src/cli/filter-flags.js';

describe('filter flags', () => {
  it('read --retracted in any case, as retracted:TRUE in a query is, and refuse anything else naming the command', () => {
    expect(filtersFromFlags({ retracted: 'TRUE' }, 'search')).toEqual({ retracted: true });
    expect(filtersFromFlags({ retracted: 'False' }, 'export')).toEqual({ retracted: false });
    expect(() => filtersFromFlags({ retracted: 'yes' }, 'export')).toThrow(/^export: --retracted must be true or false, got "yes"$/);
  });
});
