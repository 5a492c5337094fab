import { describe, expect, it } from 'vitest';
import { cut, cutList } from '../../src/mcp/shape.js';

describe('bounded tool output', () => {
  it('cuts long text at a word with a marker counting what is left, and leaves short text alone', () => {
    expect(cut('short text', 20)).toBe('short text');
    expect(cut('alpha beta gamma delta epsilon', 24)).toBe('alpha beta gamma delta [... cut: 8 more characters]');
    expect(cutList(['a', 'b', 'c'], 2)).toEqual(['a', 'b', '[... 1 more]']);
  });
});
