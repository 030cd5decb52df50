import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { VqaActivities } from '../activities/createActivities';
import type { PlannedBatch } from '../activities/types';
import { INFERENCE_TASK_QUEUE, LIGHT_TASK_QUEUE } from '../temporal/names';
import type { EvaluationTuning } from './definitions';

/** Codes of src/errors.ts that no retry of the same call can fix. */
const NON_RETRYABLE_CODES = ['INVALID_INPUT', 'MODEL_FILES', 'RUN_NOT_FOUND', 'RUN_SPEC_MISMATCH'];

/** Activities of the light task queue: planning, bookkeeping and the report, each with a UI summary. */
export function lightActivities(
  tuning: EvaluationTuning,
  runId: string,
): Pick<VqaActivities, 'plan' | 'aggregate' | 'quarantine' | 'recordRunStatus'> {
  const options = (summary: string): ActivityOptions => ({
    taskQueue: LIGHT_TASK_QUEUE,
    startToCloseTimeout: '10 minutes',
    summary,
    retry: {
      initialInterval: tuning.retryInitialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: tuning.retryMaxIntervalMs,
      maximumAttempts: 10,
      nonRetryableErrorTypes: NON_RETRYABLE_CODES,
    },
  });
  return {
    plan: proxyActivities<VqaActivities>(options(`plan run ${runId}: batches of unanswered questions`)).plan,
    aggregate: proxyActivities<VqaActivities>(options(`report of run ${runId}`)).aggregate,
    quarantine: proxyActivities<VqaActivities>(options(`quarantine questions of run ${runId}`)).quarantine,
    recordRunStatus: proxyActivities<VqaActivities>(options(`record status of run ${runId}`)).recordRunStatus,
  };
}

/**
 * The batch activity for one batch, on the inference task queue, with a summary the UI shows. Its
 * cancellation is requested and not awaited (TRY_CANCEL): a cancelled run is marked at once, and the
 * worker aborts the batch at its next heartbeat.
 */
export function batchActivity(tuning: EvaluationTuning, batch: PlannedBatch): VqaActivities['runBatch'] {
  const options: ActivityOptions = {
    taskQueue: INFERENCE_TASK_QUEUE,
    activityId: `batch-${batch.batchId}`,
    summary: `batch ${batch.batchId}: ${batch.questionIds.length} questions from ${batch.groupSizes.length} files`,
    startToCloseTimeout: tuning.batchStartToCloseMs,
    heartbeatTimeout: tuning.heartbeatTimeoutMs,
    cancellationType: 'TRY_CANCEL',
    retry: {
      initialInterval: tuning.retryInitialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: tuning.retryMaxIntervalMs,
      maximumAttempts: tuning.batchMaxAttempts,
      nonRetryableErrorTypes: NON_RETRYABLE_CODES,
    },
  };
  return proxyActivities<VqaActivities>(options).runBatch;
}
