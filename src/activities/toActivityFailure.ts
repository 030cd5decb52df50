import { ApplicationFailure } from '@temporalio/activity';
import { TemporalFailure } from '@temporalio/common';
import { VqaEvalError, describeError } from '../errors';

/**
 * Turns a thrown error into what an activity should throw: a project error becomes an
 * ApplicationFailure whose type is its code (the workflow's failure policy reads it) and which is
 * non-retryable when the error says retrying cannot help. Temporal failures pass through; any other
 * error becomes a retryable `INTERNAL` failure (the code stored if the question ends up quarantined).
 */
export function toActivityFailure(error: unknown): unknown {
  if (error instanceof VqaEvalError) {
    return ApplicationFailure.create({
      type: error.code,
      message: error.message,
      nonRetryable: !error.retryable,
      cause: error,
    });
  }
  if (error instanceof TemporalFailure) {
    return error;
  }
  const { code, message } = describeError(error);
  return ApplicationFailure.create({ type: code, message, nonRetryable: false, cause: toError(error) });
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Runs `body`, converting what it throws with {@link toActivityFailure}. */
export async function withActivityFailures<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw toActivityFailure(error);
  }
}
