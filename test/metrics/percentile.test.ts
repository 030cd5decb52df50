import { percentile, summarizeLatencies } from '../../src/metrics/percentile';

describe('percentile (linear interpolation between closest ranks)', () => {
  it('matches hand-computed values on 10..50', () => {
    const values = [50, 10, 40, 20, 30]; // unsorted on purpose
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 50)).toBe(30); // h = 4·0.5 = 2 → x[2]
    expect(percentile(values, 95)).toBeCloseTo(48, 10); // h = 3.8 → 40 + 0.8·10
    expect(percentile(values, 99)).toBeCloseTo(49.6, 10); // h = 3.96 → 40 + 0.96·10
    expect(percentile(values, 100)).toBe(50);
    expect(percentile([1, 2], 50)).toBe(1.5);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is undefined without values and refuses p outside 0..100', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('summarizeLatencies', () => {
  it('gives p50/p95/p99, mean, min and max', () => {
    expect(summarizeLatencies([5000, 10000, 15000, 10000])).toEqual({
      count: 4,
      p50Ms: 10000, // h = 1.5 between 10000 and 10000
      p95Ms: 14250, // h = 2.85 → 10000 + 0.85·5000
      p99Ms: 14850, // h = 2.97 → 10000 + 0.97·5000
      meanMs: 10000,
      minMs: 5000,
      maxMs: 15000,
    });
  });

  it('is all null for no values', () => {
    expect(summarizeLatencies([])).toEqual({
      count: 0,
      p50Ms: null,
      p95Ms: null,
      p99Ms: null,
      meanMs: null,
      minMs: null,
      maxMs: null,
    });
  });
});
