import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { startOrAttachRun } from '../../src/cli/startRun';
import { LIGHT_TASK_QUEUE, evaluationWorkflowId } from '../../src/temporal/names';
import { findTemporalCli } from '../../src/temporal/temporalCli';
import { VQA_RUN_ID, VQA_STATUS } from '../../src/temporal/searchAttributes';
import {
  pauseSignal,
  progressQuery,
  resumeSignal,
  type EvaluationTuning,
  type RunProgress,
} from '../../src/workflows/definitions';
import { evaluationWorkflow } from '../../src/workflows/evaluationWorkflow';
import { FAST_TUNING, specFor, tempDir, useTestWorkers, writeShapesSubset } from './harness';

/**
 * The evaluation workflow end to end on a real Temporal dev server, with the real tiny Qwen2.5-VL
 * engine and the real SQLite store. One server, one workflow bundle and one worker process (light +
 * inference worker) serve every test of this file. Set RECORD_HISTORY=1 to rewrite the replay fixture.
 */

const HISTORIES = path.resolve(__dirname, '..', 'fixtures', 'histories');

/** With RECORD_HISTORY=1, writes an execution's history to the replay fixtures (the CLI's proto JSON). */
function recordHistory(name: string, workflowId: string, runId?: string): void {
  if (process.env.RECORD_HISTORY !== '1') {
    return;
  }
  const args = [
    'workflow',
    'show',
    '--workflow-id',
    workflowId,
    '--address',
    testWorkers.env.address,
    '--output',
    'json',
  ];
  const json = execFileSync(
    findTemporalCli() ?? 'temporal',
    runId === undefined ? args : [...args, '--run-id', runId],
    {
      encoding: 'utf8',
    },
  );
  writeFileSync(path.join(HISTORIES, `${name}.json`), json);
}

const dataDir = tempDir('workflow-test');
const testWorkers = useTestWorkers(dataDir, { injectFaults: true });

/** Stores a run over `images` shapes images and starts its workflow the way `vqa-eval run` does. */
async function startRun(
  runId: string,
  options: {
    images: number;
    idPrefix?: string;
    corruptImage?: boolean;
    batchSize?: number;
    window?: number;
    maxNewTokens?: number;
    tuning?: Partial<EvaluationTuning>;
  },
) {
  const manifest = writeShapesSubset(path.join(dataDir, 'datasets', runId), {
    images: options.images,
    idPrefix: options.idPrefix ?? '',
    corruptImage: options.corruptImage,
  });
  const { spec, totalQuestions } = await specFor(manifest, testWorkers.engine.info, {
    runId,
    batchSize: options.batchSize ?? 4,
    window: options.window ?? 2,
    maxNewTokens: options.maxNewTokens ?? 4,
  });
  await startOrAttachRun(testWorkers.env.client, testWorkers.store, spec, totalQuestions, {
    tuning: { ...FAST_TUNING, ...options.tuning },
  });
  return {
    spec,
    totalQuestions,
    handle: testWorkers.env.client.workflow.getHandle<typeof evaluationWorkflow>(evaluationWorkflowId(runId)),
  };
}

async function waitFor<T>(
  read: () => Promise<T>,
  until: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value) || Date.now() > deadline) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('runs a dataset end to end: answers stored, report written, progress and search attributes set', async () => {
  const { handle, totalQuestions, spec } = await startRun('e2e', { images: 3, batchSize: 4, window: 2 });
  const seen: RunProgress[] = [];
  const progress = await waitFor(
    async () => {
      const p = await handle.query(progressQuery);
      seen.push(p);
      return p;
    },
    (p) => p.phase === 'completed' || p.done === totalQuestions,
  );
  expect(progress.total).toBe(totalQuestions);

  const result = await handle.result();
  expect(result.status).toBe('completed');
  expect(result.executions).toBe(1);
  expect(result.headline).toMatchObject({ runId: 'e2e', totalQuestions: 12, answered: 12, failed: 0 });
  expect(result.headline.questionsPerSecond).toBeGreaterThan(0);
  expect(result.headline.accuracy).not.toBeNull();
  expect(existsSync(result.headline.reportJsonPath)).toBe(true);
  expect(readFileSync(result.headline.reportMarkdownPath, 'utf8')).toContain('e2e');

  expect(testWorkers.store.counts('e2e')).toEqual({ answered: 12, failed: 0 });
  expect(testWorkers.store.getRun('e2e')?.status).toBe('completed');
  const answers = testWorkers.store.answers('e2e');
  expect(answers.every((a) => a.modelHash === spec.modelHash && (a.answer ?? '').length > 0)).toBe(true);
  // One file's questions share a batch: 3 images x 4 questions in batches of 4 -> 3 batches.
  expect(new Set(answers.map((a) => a.batchId)).size).toBe(3);

  // The final progress answers from the closed workflow; progress was seen rising on the way.
  expect(await handle.query(progressQuery)).toMatchObject({
    done: 12,
    failed: 0,
    total: 12,
    phase: 'completed',
    inFlight: 0,
  });
  expect(seen.some((p) => p.phase === 'running' || p.phase === 'planning')).toBe(true);

  const description = await handle.describe();
  expect(description.typedSearchAttributes.get(VQA_RUN_ID)).toBe('e2e');
  expect(description.typedSearchAttributes.get(VQA_STATUS)).toBe('completed');
  expect((description.memo?.spec as { runId: string } | undefined)?.runId).toBe('e2e');

  recordHistory('evaluation-run', handle.workflowId);
}, 90_000);

it('resumes a terminated run: re-plans from the store and never re-answers a stored question', async () => {
  const { handle, totalQuestions } = await startRun('resume', { images: 4, batchSize: 4, window: 1 });
  await waitFor(
    () => Promise.resolve(testWorkers.store.counts('resume').answered),
    (answered) => answered >= 4,
  );
  await handle.terminate('simulated crash of the run');
  const answeredBefore = testWorkers.store.counts('resume').answered;
  expect(answeredBefore).toBeGreaterThanOrEqual(4);
  expect(answeredBefore).toBeLessThan(totalQuestions);

  // Starting the same run again (what `vqa-eval run` does) starts a new execution that re-plans.
  const again = await startRun('resume', { images: 4, batchSize: 4, window: 1 });
  const result = await again.handle.result();
  expect(result.headline).toMatchObject({ answered: totalQuestions, failed: 0 });
  const attemptsPerQuestion = new Map<string, number>();
  for (const attempt of testWorkers.store.attemptLog('resume')) {
    attemptsPerQuestion.set(attempt.questionId, (attemptsPerQuestion.get(attempt.questionId) ?? 0) + 1);
  }
  expect(attemptsPerQuestion.size).toBe(totalQuestions);
  expect([...attemptsPerQuestion.values()].every((n) => n === 1)).toBe(true);
}, 90_000);

it('continues as new after the configured number of batches and still finishes the run', async () => {
  const { handle, totalQuestions } = await startRun('can', {
    images: 5,
    batchSize: 4,
    window: 1,
    tuning: { continueAsNewAfterBatches: 2 },
  });
  const firstRunId = (await handle.describe()).runId;
  const result = await handle.result();
  expect(result.executions).toBe(3);
  expect(result.headline).toMatchObject({ answered: totalQuestions, failed: 0 });
  const firstHistory = await testWorkers.env.client.workflow
    .getHandle(handle.workflowId, firstRunId)
    .fetchHistory();
  const lastEvent = firstHistory.events?.at(-1);
  expect(lastEvent?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
  recordHistory('evaluation-continue-as-new', handle.workflowId, firstRunId);
}, 90_000);

it('pauses (no new batches start) and resumes on signals', async () => {
  const manifest = writeShapesSubset(path.join(dataDir, 'datasets', 'pause'), { images: 2, idPrefix: '' });
  const { spec, totalQuestions } = await specFor(manifest, testWorkers.engine.info, {
    runId: 'pause',
    batchSize: 4,
    window: 1,
    maxNewTokens: 4,
  });
  testWorkers.store.upsertRun({ runId: 'pause', spec, status: 'running', totalQuestions });
  // Paused from its first task: the signal is delivered with the start.
  const handle = await testWorkers.env.client.workflow.signalWithStart(evaluationWorkflow, {
    workflowId: evaluationWorkflowId('pause'),
    taskQueue: LIGHT_TASK_QUEUE,
    args: [{ spec, tuning: FAST_TUNING }],
    signal: pauseSignal,
    signalArgs: [],
  });
  const paused = await waitFor(
    () => handle.query(progressQuery),
    (p) => p.phase === 'running',
  );
  expect(paused).toMatchObject({ paused: true, done: 0, inFlight: 0, total: totalQuestions });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(await handle.query(progressQuery)).toMatchObject({ paused: true, done: 0, inFlight: 0 });
  expect(testWorkers.store.counts('pause').answered).toBe(0);
  expect((await handle.describe()).typedSearchAttributes.get(VQA_STATUS)).toBe('paused');

  await handle.signal(resumeSignal);
  const result = await handle.result();
  expect(result.headline).toMatchObject({ answered: totalQuestions, failed: 0 });
  recordHistory('evaluation-pause-resume', handle.workflowId);
}, 90_000);

it('records a question with an unreadable image as failed and completes the run', async () => {
  const { handle, totalQuestions } = await startRun('bad-image', {
    images: 1,
    corruptImage: true,
    batchSize: 8,
  });
  const result = await handle.result();
  expect(totalQuestions).toBe(6);
  expect(result.headline).toMatchObject({ answered: 4, failed: 2 });
  const failed = testWorkers.store.answers('bad-image').filter((a) => a.status === 'failed');
  expect(failed.map((a) => a.questionId).sort()).toEqual(['corrupt-color', 'corrupt-count']);
  expect(failed.every((a) => a.errorCode === 'IMAGE_DECODE')).toBe(true);
  expect(testWorkers.store.getRun('bad-image')?.status).toBe('completed');
}, 90_000);

it('splits a batch that runs out of memory into halves until it fits', async () => {
  // withInjectedFaults: batches of more than one `oom-` question throw AllocationError.
  const { handle, totalQuestions } = await startRun('oom', {
    images: 2,
    idPrefix: 'oom-',
    batchSize: 8,
    window: 2,
  });
  const result = await handle.result();
  expect(result.headline).toMatchObject({ answered: totalQuestions, failed: 0 });
  const batchIds = testWorkers.store.answers('oom').map((a) => a.batchId);
  // 8 -> 4 + 4 -> 2+2+2+2 -> eight single-question batches, named after their parents.
  expect(new Set(batchIds).size).toBe(totalQuestions);
  expect(batchIds.every((id) => /^e1-b0001(\.[12]){3}$/.test(id))).toBe(true);
  recordHistory('evaluation-allocation-split', handle.workflowId);
}, 90_000);

it('quarantines a question that fails on every attempt and completes the run', async () => {
  // withInjectedFaults: every batch holding `poison-...-count` throws.
  const { handle, totalQuestions } = await startRun('poison', {
    images: 1,
    idPrefix: 'poison-',
    batchSize: 4,
  });
  const result = await handle.result();
  expect(result.headline).toMatchObject({ answered: totalQuestions - 1, failed: 1 });
  const [failed] = testWorkers.store.answers('poison').filter((a) => a.status === 'failed');
  expect(failed).toMatchObject({ questionId: 'poison-shape-001-count', errorCode: 'INTERNAL' });
  expect(failed?.errorMessage).toContain('simulated engine crash');
  recordHistory('evaluation-quarantine', handle.workflowId);
}, 90_000);

it('fails the run when the worker holds another model than the run was started with', async () => {
  const manifest = writeShapesSubset(path.join(dataDir, 'datasets', 'wrong-model'), {
    images: 1,
    idPrefix: '',
  });
  const { spec, totalQuestions } = await specFor(
    manifest,
    { ...testWorkers.engine.info, modelHash: 'f'.repeat(64) },
    {
      runId: 'wrong-model',
      batchSize: 4,
      window: 1,
      maxNewTokens: 4,
    },
  );
  await startOrAttachRun(testWorkers.env.client, testWorkers.store, spec, totalQuestions, {
    tuning: FAST_TUNING,
  });
  const handle = testWorkers.env.client.workflow.getHandle<typeof evaluationWorkflow>(
    evaluationWorkflowId('wrong-model'),
  );
  const error: unknown = await handle.result().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WorkflowFailedError);
  expect((error as WorkflowFailedError).cause?.message).toContain('model hash');
  expect(testWorkers.store.getRun('wrong-model')?.status).toBe('failed');
  expect(testWorkers.store.counts('wrong-model')).toEqual({ answered: 0, failed: 0 });
}, 90_000);

it('cancels a run: the in-flight batch is cancelled and the run is marked cancelled', async () => {
  const { handle } = await startRun('cancel', {
    images: 4,
    batchSize: 16,
    window: 1,
    maxNewTokens: 200,
    tuning: { heartbeatTimeoutMs: 2_000 },
  });
  await waitFor(
    () => handle.query(progressQuery),
    (p) => p.inFlight > 0,
  );
  await handle.cancel();
  const error: unknown = await handle.result().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WorkflowFailedError);
  expect((error as WorkflowFailedError).cause?.name).toBe('CancelledFailure');
  expect(testWorkers.store.getRun('cancel')?.status).toBe('cancelled');
  expect((await handle.describe()).typedSearchAttributes.get(VQA_STATUS)).toBe('cancelled');
  // The batch (16 questions x 200 tokens, many seconds) was aborted, not finished: nothing stored.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect(testWorkers.store.counts('cancel').answered).toBe(0);
  recordHistory('evaluation-cancel', handle.workflowId);
}, 90_000);
