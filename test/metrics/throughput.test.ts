import { groupBatches } from '../../src/metrics/batches';
import { computeThroughput } from '../../src/metrics/throughput';
import { at, SCENARIO } from './fixtures';

const batches = groupBatches(SCENARIO);

describe('computeThroughput', () => {
  it('matches hand-computed rates', () => {
    const t = computeThroughput(batches, SCENARIO);
    expect(t.answered).toBe(4);
    expect(t.wallSeconds).toBe(35); // 0 s .. 35 s
    expect(t.busySeconds).toBe(25); // [0,20] ∪ [30,35]
    expect(t.questionsPerSecond).toBeCloseTo(4 / 35, 12);
    expect(t.busyQuestionsPerSecond).toBeCloseTo(0.16, 12);
    expect(t.promptTokens).toBe(400);
    expect(t.generatedTokens).toBe(100);
    expect(t.promptTokensPerSecond).toBeCloseTo(400 / 35, 12);
    expect(t.generatedTokensPerSecond).toBeCloseTo(100 / 35, 12);
    expect(t.firstStartedAt).toBe(at(0));
    expect(t.lastFinishedAt).toBe(at(35));
  });

  it('has null rates when nothing ran', () => {
    const t = computeThroughput([], []);
    expect(t).toMatchObject({
      answered: 0,
      wallSeconds: null,
      questionsPerSecond: null,
      firstStartedAt: null,
    });
  });
});
