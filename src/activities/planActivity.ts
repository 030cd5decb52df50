import type { ResultStore } from '../store/types';
import type { DatasetCache } from './datasetCache';
import { planBatches } from './planBatches';
import { requireRun } from './runRecord';
import { withActivityFailures } from './toActivityFailure';
import type { PlanInput, PlanResult } from './types';

/**
 * The `plan` activity: reads the run and its dataset, leaves out questions the store already
 * answered and those this run already quarantined, and packs the rest into batches of question ids.
 */
export function createPlanActivity(deps: {
  store: ResultStore;
  datasets: DatasetCache;
}): (input: PlanInput) => Promise<PlanResult> {
  return (input) =>
    withActivityFailures(async () => {
      const run = requireRun(deps.store, input.runId);
      const { dataset } = await deps.datasets.get(run.spec);
      const answered = deps.store.answeredQuestionIds(input.runId);
      const failedThisRun = new Set(
        deps.store
          .answers(input.runId)
          .filter((row) => row.status === 'failed' && row.finishedAt >= input.retryFailuresBefore)
          .map((row) => row.questionId),
      );
      const todo = dataset.items.filter(
        (item) => !answered.has(item.questionId) && !failedThisRun.has(item.questionId),
      );
      const answeredCount = dataset.items.filter((item) => answered.has(item.questionId)).length;
      const failedCount = dataset.items.filter(
        (item) => !answered.has(item.questionId) && failedThisRun.has(item.questionId),
      ).length;
      return {
        totalQuestions: dataset.items.length,
        answered: answeredCount,
        failed: failedCount,
        remaining: todo.length,
        batches: planBatches(todo, input.batchSize, input.maxBatches, input.batchIdPrefix),
      };
    });
}
