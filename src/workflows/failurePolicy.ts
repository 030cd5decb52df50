import { ApplicationFailure, type ActivityFailure } from '@temporalio/workflow';

/**
 * How the workflow reacts to a batch activity that failed after its retries. Error codes are those
 * of src/errors.ts, carried as the ApplicationFailure type by the activities.
 */

/** Failures that no smaller batch or retry can fix: the run itself is wrong, so it fails. */
const RUN_FATAL_CODES = new Set(['INVALID_INPUT', 'MODEL_FILES', 'RUN_NOT_FOUND', 'RUN_SPEC_MISMATCH']);

/** What to do with a failed batch. */
export type BatchFailureAction = 'fail-run' | 'split' | 'quarantine';

/** Fail the run on bad input; otherwise split a batch of several questions, quarantine a single one. */
export function batchFailureAction(failure: ActivityFailure, batchQuestions: number): BatchFailureAction {
  const code = failureCode(failure);
  if (RUN_FATAL_CODES.has(code)) {
    return 'fail-run';
  }
  return batchQuestions > 1 ? 'split' : 'quarantine';
}

/** The error code of a failed activity (`TIMEOUT` for timeouts, `INTERNAL` when none is known). */
export function failureCode(failure: ActivityFailure): string {
  const cause = failure.cause;
  if (cause instanceof ApplicationFailure && cause.type !== undefined && cause.type !== null) {
    return cause.type;
  }
  return cause?.name === 'TimeoutFailure' ? 'TIMEOUT' : 'INTERNAL';
}

/** The innermost message of a failure, for the quarantine record. */
export function failureMessage(failure: ActivityFailure): string {
  return failure.cause?.message ?? failure.message;
}

/**
 * The reason stored with a quarantined question: the last error, and how it came to be given up
 * (every attempt failed, or the error said retrying cannot help).
 */
export function quarantineReason(failure: ActivityFailure, maxAttempts: number): string {
  const how =
    failure.retryState === 'MAXIMUM_ATTEMPTS_REACHED'
      ? `failed on all ${maxAttempts} attempts at batch size 1`
      : failure.retryState === 'TIMEOUT'
        ? 'timed out at batch size 1'
        : 'failed at batch size 1 with an error retrying cannot fix';
  return `${failureMessage(failure)} (quarantined: ${how})`;
}
