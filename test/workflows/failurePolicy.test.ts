import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { batchFailureAction, failureCode, quarantineReason } from '../../src/workflows/failurePolicy';

function failed(type: string, retryState: RetryState): ActivityFailure {
  return new ActivityFailure(
    'Activity task failed',
    'runBatch',
    'batch-e1-b0001',
    retryState,
    'worker',
    ApplicationFailure.create({ type, message: `simulated ${type}` }),
  );
}

describe('batch failure policy', () => {
  it('fails the run on bad input, splits a batch of several questions, quarantines a single one', () => {
    expect(batchFailureAction(failed('MODEL_FILES', RetryState.NON_RETRYABLE_FAILURE), 4)).toBe('fail-run');
    expect(batchFailureAction(failed('ALLOCATION', RetryState.NON_RETRYABLE_FAILURE), 4)).toBe('split');
    expect(batchFailureAction(failed('INTERNAL', RetryState.MAXIMUM_ATTEMPTS_REACHED), 1)).toBe('quarantine');
    expect(failureCode(failed('INTERNAL', RetryState.MAXIMUM_ATTEMPTS_REACHED))).toBe('INTERNAL');
  });

  it('says why a question was quarantined: its last error and how it was given up', () => {
    expect(quarantineReason(failed('INTERNAL', RetryState.MAXIMUM_ATTEMPTS_REACHED), 3)).toBe(
      'simulated INTERNAL (quarantined: failed on all 3 attempts at batch size 1)',
    );
    expect(quarantineReason(failed('X', RetryState.NON_RETRYABLE_FAILURE), 3)).toBe(
      'simulated X (quarantined: failed at batch size 1 with an error retrying cannot fix)',
    );
  });
});
