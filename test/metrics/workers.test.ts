import { groupBatches } from '../../src/metrics/batches';
import { computeWorkerShares } from '../../src/metrics/workers';
import { SCENARIO } from './fixtures';

const batches = groupBatches(SCENARIO);

describe('computeWorkerShares', () => {
  it('gives each worker its counts, share of answers and busy-time rate', () => {
    expect(computeWorkerShares(batches)).toEqual([
      {
        identity: 'w1',
        device: 'cuda:0',
        batches: 2,
        answered: 3,
        failed: 0,
        share: 0.75,
        busySeconds: 15,
        questionsPerSecond: 0.2,
      },
      {
        identity: 'w2',
        device: 'cuda:1',
        batches: 1,
        answered: 1,
        failed: 1,
        share: 0.25,
        busySeconds: 15,
        questionsPerSecond: 1 / 15,
      },
    ]);
  });
});
