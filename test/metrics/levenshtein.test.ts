import { levenshtein } from '../../src/metrics/levenshtein';

describe('levenshtein', () => {
  it('counts edits', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('abc', '')).toBe(3);
    expect(levenshtein('same', 'same')).toBe(0);
    expect(levenshtein('😀a', 'a')).toBe(1); // one code point, not two UTF-16 units
  });
});
