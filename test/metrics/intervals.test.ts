import { spanOf, unionDurationMs } from '../../src/metrics/intervals';

describe('unionDurationMs', () => {
  it('counts overlapping time once', () => {
    expect(
      unionDurationMs([
        { startMs: 20, endMs: 25 },
        { startMs: 0, endMs: 10 },
        { startMs: 5, endMs: 15 },
      ]),
    ).toBe(20); // [0,15] + [20,25]
    expect(
      unionDurationMs([
        { startMs: 0, endMs: 10 },
        { startMs: 2, endMs: 3 },
      ]),
    ).toBe(10);
    expect(
      unionDurationMs([
        { startMs: 0, endMs: 5 },
        { startMs: 5, endMs: 10 },
      ]),
    ).toBe(10);
    expect(unionDurationMs([])).toBe(0);
  });
});

describe('spanOf', () => {
  it('runs from the earliest start to the latest end', () => {
    expect(
      spanOf([
        { startMs: 5, endMs: 20 },
        { startMs: 0, endMs: 10 },
      ]),
    ).toEqual({ startMs: 0, endMs: 20 });
    expect(spanOf([])).toBeUndefined();
  });
});
