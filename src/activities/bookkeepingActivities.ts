import { Context } from '@temporalio/activity';
import type { ResultStore } from '../store/types';
import { requireRun } from './runRecord';
import { failedRow } from './toStoredAnswer';
import { withActivityFailures } from './toActivityFailure';
import type { QuarantineInput, RunStatusInput } from './types';

/**
 * The `quarantine` activity: records questions whose batch failed on every attempt as failed, with
 * the last error, so the run can complete without them. A stored answer is never overwritten.
 */
export function createQuarantineActivity(deps: {
  store: ResultStore;
  workerIdentity: string;
  device: string;
}): (input: QuarantineInput) => Promise<number> {
  return (input) =>
    withActivityFailures(() => {
      const run = requireRun(deps.store, input.runId);
      const answered = deps.store.answeredQuestionIds(input.runId);
      const now = new Date().toISOString();
      const rows = input.questionIds
        .filter((questionId) => !answered.has(questionId))
        .map((questionId) =>
          failedRow(questionId, input.error, {
            runId: input.runId,
            batchId: input.batchId,
            attempt: Context.current().info.attempt,
            workerIdentity: deps.workerIdentity,
            device: deps.device,
            modelHash: run.spec.modelHash,
            queueMs: 0,
            startedAt: now,
            finishedAt: now,
          }),
        );
      deps.store.upsertAnswers(rows);
      return Promise.resolve(rows.length);
    });
}

/** The `recordRunStatus` activity: sets the run's status in the store (cancelled, failed, ...). */
export function createRecordRunStatusActivity(deps: {
  store: ResultStore;
}): (input: RunStatusInput) => Promise<void> {
  return (input) =>
    withActivityFailures(() => {
      requireRun(deps.store, input.runId);
      deps.store.setRunStatus(input.runId, input.status);
      return Promise.resolve();
    });
}
