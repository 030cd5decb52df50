import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { AllocationError, InputValidationError, ModelFilesError, describeError } from '../errors';
import type { AnswerTimings, ItemOutcome, QuestionItem, VqaEngine } from '../engine/types';
import type { ResultStore, StoredAnswer } from '../store/types';
import type { DatasetCache } from './datasetCache';
import { throttledHeartbeat } from './heartbeat';
import { requireRun } from './runRecord';
import { toActivityFailure } from './toActivityFailure';
import { failedRow, toStoredAnswer, type BatchProvenance } from './toStoredAnswer';
import type { BatchInput, BatchResult } from './types';

/** What the batch activity needs: the worker's loaded engine and where it runs. */
export interface RunBatchDeps {
  store: ResultStore;
  engine: VqaEngine;
  datasets: DatasetCache;
  workerIdentity: string;
  device: string;
  /** Least time between two heartbeats (default 1 s). */
  heartbeatIntervalMs?: number;
}

/**
 * The `runBatch` activity: answers one batch with the worker's engine and stores every outcome (an
 * answer, or a failure with its reason) in one transaction. Questions an earlier attempt already
 * answered are skipped. Heartbeats on decode steps; cancellation aborts the engine between steps.
 * Returns counts and timing sums only.
 */
export function createRunBatchActivity(deps: RunBatchDeps): (input: BatchInput) => Promise<BatchResult> {
  return async (input) => {
    const context = Context.current();
    try {
      return await runBatch(deps, context, input);
    } catch (error) {
      if (context.cancellationSignal.aborted) {
        // Reported as cancelled (not failed) so the workflow sees a cancellation, not a batch error.
        throw new CancelledFailure(
          `batch ${input.batchId} cancelled: ${String(context.cancellationSignal.reason)}`,
        );
      }
      throw toActivityFailure(error);
    }
  };
}

async function runBatch(deps: RunBatchDeps, context: Context, input: BatchInput): Promise<BatchResult> {
  const started = Date.now();
  const run = requireRun(deps.store, input.runId);
  if (deps.engine.info.modelHash !== run.spec.modelHash) {
    throw new ModelFilesError(
      deps.engine.info.modelDir,
      'model hash',
      `this worker's model (hash ${deps.engine.info.modelHash.slice(0, 12)}) is not the one run ` +
        `${run.runId} was started with (${run.spec.modelDir}, hash ${run.spec.modelHash.slice(0, 12)})`,
    );
  }
  const { byId } = await deps.datasets.get(run.spec);
  const answered = deps.store.answeredQuestionIds(input.runId);
  const todo = input.questionIds.filter((id) => !answered.has(id));
  const items = todo.map((id): QuestionItem => {
    const item = byId.get(id);
    if (item === undefined) {
      throw new InputValidationError(run.spec.datasetPath, [
        { field: 'question_id', message: `no question ${id}` },
      ]);
    }
    return { questionId: item.questionId, imagePath: item.imagePath, question: item.question };
  });

  const heartbeat = throttledHeartbeat(
    (details) => context.heartbeat(details),
    deps.heartbeatIntervalMs ?? 1000,
  );
  heartbeat({ batchId: input.batchId, step: 0 });
  const outcomes =
    items.length === 0
      ? []
      : await answer(deps.engine, items, run.spec.generation, input, heartbeat, context);
  const finished = Date.now();

  const provenance: BatchProvenance = {
    runId: input.runId,
    batchId: input.batchId,
    attempt: context.info.attempt,
    workerIdentity: deps.workerIdentity,
    device: deps.device,
    modelHash: deps.engine.info.modelHash,
    queueMs: Math.max(0, started - context.info.currentAttemptScheduledTimestampMs),
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
  };
  const rows = storedRows(todo, outcomes, provenance);
  deps.store.upsertAnswers(rows);
  return summarize(input, rows, todo.length, provenance, finished - started);
}

async function answer(
  engine: VqaEngine,
  items: QuestionItem[],
  generation: Parameters<VqaEngine['answer']>[1],
  input: BatchInput,
  heartbeat: (details: { batchId: string; step: number }) => void,
  context: Context,
): Promise<ItemOutcome[]> {
  try {
    return await engine.answer(items, generation, {
      sharePrefix: true,
      onStep: (step) => heartbeat({ batchId: input.batchId, step }),
      signal: context.cancellationSignal,
    });
  } catch (error) {
    if (error instanceof AllocationError && items.length > 1) {
      // Retrying at the same size would fail again: the workflow splits the batch in halves instead.
      throw ApplicationFailure.create({
        type: error.code,
        message: error.message,
        nonRetryable: true,
        cause: error,
      });
    }
    throw error;
  }
}

/** One row per question of `todo`: its outcome, or a failure when the engine returned none. */
function storedRows(todo: string[], outcomes: ItemOutcome[], provenance: BatchProvenance): StoredAnswer[] {
  const byId = new Map(outcomes.map((outcome) => [outcome.questionId, outcome]));
  return todo.map((questionId) => {
    const outcome = byId.get(questionId);
    return outcome === undefined
      ? failedRow(
          questionId,
          describeError(new Error('the engine returned no outcome for this question')),
          provenance,
        )
      : toStoredAnswer(outcome, provenance);
  });
}

function summarize(
  input: BatchInput,
  rows: StoredAnswer[],
  attempted: number,
  provenance: BatchProvenance,
  wallMs: number,
): BatchResult {
  const answeredRows = rows.filter((row) => row.status === 'answered');
  const timings: AnswerTimings = { preprocessMs: 0, visionMs: 0, prefillMs: 0, decodeMs: 0 };
  for (const row of answeredRows) {
    timings.preprocessMs += row.preprocessMs;
    timings.visionMs += row.visionMs;
    timings.prefillMs += row.prefillMs;
    timings.decodeMs += row.decodeMs;
  }
  return {
    batchId: input.batchId,
    questions: input.questionIds.length,
    answered: answeredRows.length,
    failed: rows.length - answeredRows.length,
    skipped: input.questionIds.length - attempted,
    generatedTokens: answeredRows.reduce((sum, row) => sum + row.generatedTokens, 0),
    timings,
    wallMs,
    queueMs: provenance.queueMs,
    workerIdentity: provenance.workerIdentity,
  };
}
