import { computeRetries } from '../../src/metrics/retries';
import { SCENARIO } from './fixtures';

describe('computeRetries', () => {
  it('counts questions with more than one try and the extra tries', () => {
    expect(computeRetries(SCENARIO)).toEqual({ questionsRetried: 1, extraAttempts: 1 });
    // Temporal attempt 3 with nothing stored by attempts 1 and 2 still counts two extra tries.
    expect(computeRetries([{ ...SCENARIO[0]!, attempt: 3, attempts: 1 }])).toEqual({
      questionsRetried: 1,
      extraAttempts: 2,
    });
  });
});
