import { groupBatches, questionLatencyMs } from '../../src/metrics/batches';
import { SCENARIO } from './fixtures';

const batches = groupBatches(SCENARIO);

describe('groupBatches and latency', () => {
  it('groups rows by batch execution with its interval and queue time', () => {
    expect(batches.map((b) => [b.workerIdentity, b.rows.length, b.queueMs, b.endMs - b.startMs])).toEqual([
      ['w1', 2, 100, 10_000],
      ['w2', 2, 300, 15_000],
      ['w1', 1, 0, 5_000],
    ]);
  });

  it("a question's latency is its batch's duration", () => {
    expect(SCENARIO.map(questionLatencyMs)).toEqual([10_000, 10_000, 15_000, 15_000, 5_000]);
  });

  it('rejects an unparseable timestamp naming the question', () => {
    expect(() => groupBatches([{ ...SCENARIO[0]!, startedAt: 'yesterday' }])).toThrow(/q1/);
  });
});
