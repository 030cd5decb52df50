import { groupBatches } from '../../src/metrics/batches';
import { computeTimeSplit } from '../../src/metrics/timeSplit';
import { SCENARIO } from './fixtures';

const batches = groupBatches(SCENARIO);

describe('computeTimeSplit', () => {
  it('sums stage times, counts queue once per batch, and gives percentages of the total', () => {
    const split = computeTimeSplit(batches);
    expect(split.preprocess.ms).toBe(50);
    expect(split.vision.ms).toBe(500);
    expect(split.prefill.ms).toBe(200);
    expect(split.decode.ms).toBe(1400);
    expect(split.queue.ms).toBe(400); // 100 + 300 + 0, not 100·2 + 300·2
    expect(split.preprocess.percent).toBeCloseTo((100 * 50) / 2550, 10);
    expect(split.decode.percent).toBeCloseTo((100 * 1400) / 2550, 10);
    const total = Object.values(split).reduce((sum, s) => sum + s.percent, 0);
    expect(total).toBeCloseTo(100, 10);
  });

  it('is all zero without measurements', () => {
    expect(computeTimeSplit([]).decode).toEqual({ ms: 0, percent: 0 });
  });
});
