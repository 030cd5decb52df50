import type { MetricRow } from './batches';

/** How much work was repeated. */
export interface RetryStats {
  /** Questions that took more than one try. */
  questionsRetried: number;
  /** Tries beyond the first, summed over questions. */
  extraAttempts: number;
}

/**
 * Retry counts from the stored rows: a question's tries are the store's `attempts` (distinct batch
 * executions that reported it) or, when absent, its Temporal `attempt` number.
 */
export function computeRetries(rows: readonly MetricRow[]): RetryStats {
  let questionsRetried = 0;
  let extraAttempts = 0;
  for (const row of rows) {
    const tries = Math.max(row.attempts ?? 1, row.attempt);
    if (tries > 1) {
      questionsRetried++;
      extraAttempts += tries - 1;
    }
  }
  return { questionsRetried, extraAttempts };
}
