import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  makeContinueAsNewFunc,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { PlannedBatch } from '../activities/types';
import { VQA_DATASET_HASH, VQA_MODEL, VQA_RUN_ID, VQA_STATUS } from '../temporal/searchAttributes';
import { batchActivity, lightActivities } from './activityProxies';
import { currentDetails } from './currentDetails';
import {
  DEFAULT_TUNING,
  pauseSignal,
  progressQuery,
  resumeSignal,
  type CarriedState,
  type EvaluationInput,
  type EvaluationResult,
  type EvaluationTuning,
} from './definitions';
import { batchFailureAction, failureCode, failureMessage, quarantineReason } from './failurePolicy';
import { ProgressTracker } from './progressTracker';
import { splitBatch } from './splitBatch';

/**
 * One evaluation run: plan (question ids grouped by file, skipping stored answers) -> a sliding
 * window of batch activities on the inference task queue -> aggregate the report. Answers live in
 * the store, never in history. Continues as new after `continueAsNewAfterBatches` batch activities
 * (or when the server suggests it), re-planning from the store. Answers the `progress` query and the
 * `pause`/`resume` signals; on cancellation it cancels in-flight batches and marks the run cancelled.
 */
export async function evaluationWorkflow(input: EvaluationInput): Promise<EvaluationResult> {
  const { spec } = input;
  const tuning: EvaluationTuning = { ...DEFAULT_TUNING, ...input.tuning };
  const carried: CarriedState = input.carried ?? {
    execution: 1,
    startedAtMs: Date.now(),
    processed: 0,
    pausedMs: 0,
    paused: false,
  };
  const tracker = new ProgressTracker(spec.runId, carried, Date.now());
  const light = lightActivities(tuning, spec.runId);

  setHandler(progressQuery, () => tracker.snapshot(Date.now()));
  setHandler(pauseSignal, () => {
    tracker.pause(Date.now());
    if (tracker.phase === 'planning' || tracker.phase === 'running') {
      setStatus('paused');
    }
    showDetails(tracker);
  });
  setHandler(resumeSignal, () => {
    tracker.resume(Date.now());
    if (tracker.phase === 'planning' || tracker.phase === 'running') {
      setStatus('running');
    }
    showDetails(tracker);
  });

  upsertMemo({ spec });
  upsertSearchAttributes([
    { key: VQA_RUN_ID, value: spec.runId },
    { key: VQA_MODEL, value: spec.model },
    { key: VQA_DATASET_HASH, value: spec.datasetHash },
  ]);
  setStatus(tracker.paused ? 'paused' : 'running');

  let window: WindowOutcome;
  try {
    const plan = await light.plan({
      runId: spec.runId,
      batchSize: spec.batchSize,
      maxBatches: tuning.continueAsNewAfterBatches,
      batchIdPrefix: `e${carried.execution}-`,
      retryFailuresBefore: new Date(carried.startedAtMs).toISOString(),
    });
    tracker.planned(plan);
    showDetails(tracker);
    window = await runWindow(plan.batches, spec.runId, spec.window, tuning, tracker);
    const plannedQuestions = plan.batches.reduce((sum, batch) => sum + batch.questionIds.length, 0);
    window.moreToPlan ||= plan.remaining > plannedQuestions;
  } catch (error) {
    return await endAbnormally(error, spec.runId, tracker, light);
  }

  if (window.moreToPlan) {
    // Signals are handled synchronously, so no handler is left running here.
    const next: EvaluationInput = { spec, tuning: input.tuning, carried: tracker.carry(Date.now()) };
    return await makeContinueAsNewFunc<typeof evaluationWorkflow>({ memo: { spec } })(next);
  }

  try {
    tracker.phase = 'aggregating';
    setStatus('aggregating');
    const headline = await light.aggregate({ runId: spec.runId });
    tracker.phase = 'completed';
    setStatus('completed');
    showDetails(tracker);
    return { runId: spec.runId, status: 'completed', headline, executions: carried.execution };
  } catch (error) {
    return await endAbnormally(error, spec.runId, tracker, light);
  }
}

interface WindowOutcome {
  /** True when questions are left for a later execution. */
  moreToPlan: boolean;
}

/**
 * Keeps up to `window` batches in flight: `window` lanes each take the next batch from a shared queue.
 * A lane stops when the queue is empty and nothing is in flight (a failing batch may still be split
 * into the queue), or when this execution should continue as new. Paused lanes take nothing new.
 */
async function runWindow(
  batches: PlannedBatch[],
  runId: string,
  window: number,
  tuning: EvaluationTuning,
  tracker: ProgressTracker,
): Promise<WindowOutcome> {
  const queue = [...batches];
  const light = lightActivities(tuning, runId);
  let active = 0;
  let batchActivitiesEnded = 0;
  let fatal: unknown;
  const shouldStop = (): boolean =>
    fatal !== undefined ||
    batchActivitiesEnded >= tuning.continueAsNewAfterBatches ||
    // At least one batch per execution, so a chain of executions always makes progress.
    (batchActivitiesEnded > 0 && workflowInfo().continueAsNewSuggested);

  const runOne = async (batch: PlannedBatch): Promise<void> => {
    tracker.batchStarted(batch.questionIds.length);
    try {
      const result = await batchActivity(
        tuning,
        batch,
      )({ runId, batchId: batch.batchId, questionIds: batch.questionIds });
      tracker.batchCompleted(result);
    } catch (error) {
      if (!(error instanceof ActivityFailure) || isCancellation(error)) {
        throw error;
      }
      const action = batchFailureAction(error, batch.questionIds.length);
      if (action === 'fail-run') {
        throw error;
      }
      if (action === 'split') {
        queue.unshift(...splitBatch(batch));
        return;
      }
      await light.quarantine({
        runId,
        batchId: batch.batchId,
        questionIds: batch.questionIds,
        error: { code: failureCode(error), message: quarantineReason(error, tuning.batchMaxAttempts) },
      });
      tracker.quarantined(batch.questionIds.length);
    } finally {
      tracker.batchEnded(batch.questionIds.length);
      batchActivitiesEnded += 1;
      showDetails(tracker);
    }
  };

  const lane = async (): Promise<void> => {
    for (;;) {
      await condition(() => shouldStop() || (queue.length > 0 ? !tracker.paused : active === 0));
      const batch = shouldStop() ? undefined : queue.shift();
      if (batch === undefined) {
        return;
      }
      active += 1;
      try {
        await runOne(batch);
      } catch (error) {
        // The first error wins; the other lanes take no new batches.
        fatal ??= error;
        throw error;
      } finally {
        active -= 1;
      }
    }
  };

  // In-flight batches of other lanes finish (their answers are stored) before a fatal error ends the run.
  const settled = await Promise.allSettled(Array.from({ length: window }, () => lane()));
  if (settled.some((s) => s.status === 'rejected')) {
    throw fatal;
  }
  return { moreToPlan: queue.length > 0 };
}

/**
 * Ends a run that was cancelled or failed: records the status in the store (even while cancelled)
 * and in the search attributes, then rethrows so the execution ends cancelled or failed. Errors that
 * are not Temporal failures (bugs) are rethrown untouched: they fail the workflow task, which is
 * retried once the code is fixed.
 */
async function endAbnormally(
  error: unknown,
  runId: string,
  tracker: ProgressTracker,
  light: ReturnType<typeof lightActivities>,
): Promise<never> {
  if (isCancellation(error)) {
    tracker.phase = 'cancelled';
    setStatus('cancelled');
    await CancellationScope.nonCancellable(() => light.recordRunStatus({ runId, status: 'cancelled' }));
    throw error;
  }
  if (error instanceof ActivityFailure || error instanceof ApplicationFailure) {
    tracker.phase = 'failed';
    setStatus('failed');
    // Best effort: the store may be what failed (an unknown run), and the original error matters more.
    await light.recordRunStatus({ runId, status: 'failed' }).catch(() => undefined);
    throw ApplicationFailure.nonRetryable(
      `Run ${runId} failed: ${error instanceof ActivityFailure ? failureMessage(error) : error.message}`,
      error instanceof ActivityFailure ? failureCode(error) : (error.type ?? 'INTERNAL'),
    );
  }
  throw error;
}

/** Updates the UI's "current details" of the workflow (no command: replay-safe). */
function showDetails(tracker: ProgressTracker): void {
  setCurrentDetails(currentDetails(tracker.snapshot(Date.now())));
}

function setStatus(status: string): void {
  upsertSearchAttributes([{ key: VQA_STATUS, value: status }]);
}
