import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities } from '../../src/activities/createActivities';
import type { BatchHeartbeat } from '../../src/activities/heartbeat';
import { loadDataset } from '../../src/dataset/loadDataset';
import type { VqaEngine } from '../../src/engine/types';
import type { RunSpec } from '../../src/schemas/runSpec';
import { resultsDatabaseFile } from '../../src/store/paths';
import { openResultStore } from '../../src/store/sqliteStore';
import type { ResultStore, StoredAnswer } from '../../src/store/types';
import {
  loadTinyEngine,
  specFor,
  tempDir,
  withInjectedFaults,
  writeShapesSubset,
} from '../workflows/harness';

/**
 * The activities outside Temporal (MockActivityEnvironment), on the real tiny engine and the real
 * SQLite store: what each one stores and returns.
 */

const dataDir = tempDir('activities-test');
let engine: VqaEngine;
let store: ResultStore;
let activities: ReturnType<typeof createActivities>;

beforeAll(async () => {
  engine = await loadTinyEngine();
  store = openResultStore(resultsDatabaseFile(dataDir));
  activities = createActivities({
    store,
    engine: withInjectedFaults(engine),
    workerIdentity: 'test-worker',
    device: 'cpu',
    loadDataset,
    dataDir,
    heartbeatIntervalMs: 0,
  });
}, 60_000);

afterAll(async () => {
  store?.close();
  await engine?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

async function storedRun(runId: string, images: number, idPrefix = '', maxNewTokens = 3): Promise<RunSpec> {
  const manifest = writeShapesSubset(path.join(dataDir, 'datasets', runId), { images, idPrefix });
  const { spec, totalQuestions } = await specFor(manifest, engine.info, {
    runId,
    batchSize: 4,
    window: 1,
    maxNewTokens,
  });
  store.upsertRun({ runId, spec, status: 'running', totalQuestions });
  return spec;
}

function row(
  runId: string,
  questionId: string,
  status: 'answered' | 'failed',
  finishedAt: string,
): StoredAnswer {
  return {
    runId,
    questionId,
    status,
    ...(status === 'answered'
      ? { answer: 'x', tokenIds: [1] }
      : { errorCode: 'INTERNAL', errorMessage: 'boom' }),
    attempt: 1,
    batchId: 'manual',
    workerIdentity: 'w',
    device: 'cpu',
    modelHash: engine.info.modelHash,
    promptTokens: 0,
    generatedTokens: 0,
    preprocessMs: 0,
    visionMs: 0,
    prefillMs: 0,
    decodeMs: 0,
    queueMs: 0,
    startedAt: finishedAt,
    finishedAt,
  };
}

/** An activity context whose logger keeps quiet about the failures these tests provoke. */
function mockEnvironment(info: { attempt?: number } = {}): MockActivityEnvironment {
  return new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });
}

/** Runs an activity in `env`, keeping its result type (MockActivityEnvironment.run infers `unknown`). */
function runIn<A extends unknown[], R>(
  env: MockActivityEnvironment,
  activity: (...args: A) => Promise<R>,
  ...args: A
): Promise<R> {
  return env.run<A, R, (...args: A) => Promise<R>>(activity, ...args);
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('plan', () => {
  it('skips stored answers and this run’s failures, retries older failures, keeps files together', async () => {
    await storedRun('plan', 3);
    store.upsertAnswers([
      row('plan', 'shape-001-background', 'answered', '2026-01-01T00:00:00.000Z'),
      row('plan', 'shape-001-count', 'failed', '2025-01-01T00:00:00.000Z'),
      row('plan', 'shape-002-count', 'failed', '2026-06-01T00:00:00.000Z'),
    ]);
    const plan = await runIn(mockEnvironment(), activities.plan, {
      runId: 'plan',
      batchSize: 4,
      maxBatches: 10,
      batchIdPrefix: 'e1-',
      retryFailuresBefore: '2026-01-01T00:00:00.000Z',
    });
    expect(plan).toMatchObject({ totalQuestions: 12, answered: 1, failed: 1, remaining: 10 });
    const planned = plan.batches.flatMap((b) => b.questionIds);
    expect(planned).toContain('shape-001-count');
    expect(planned).not.toContain('shape-001-background');
    expect(planned).not.toContain('shape-002-count');
    expect(plan.batches.map((b) => b.groupSizes)).toEqual([[3], [3], [4]]);
  });

  it('fails non-retryably for a run the store does not know', async () => {
    const error = await failureOf(
      runIn(mockEnvironment(), activities.plan, {
        runId: 'nope',
        batchSize: 4,
        maxBatches: 1,
        batchIdPrefix: '',
        retryFailuresBefore: '',
      }),
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'RUN_NOT_FOUND', nonRetryable: true });
  });
});

describe('runBatch', () => {
  it('answers with the engine, stores every answer with its provenance and heartbeats per step', async () => {
    await storedRun('batch', 1);
    const env = mockEnvironment({ attempt: 2 });
    const beats: BatchHeartbeat[] = [];
    env.on('heartbeat', (details: BatchHeartbeat) => beats.push(details));
    const ids = ['shape-001-background', 'shape-001-count', 'shape-001-largest'];
    const result = await runIn(env, activities.runBatch, { runId: 'batch', batchId: 'b1', questionIds: ids });
    expect(result).toMatchObject({
      batchId: 'b1',
      questions: 3,
      answered: 3,
      failed: 0,
      skipped: 0,
      generatedTokens: 9,
    });
    expect(result.timings.decodeMs).toBeGreaterThan(0);
    expect(beats[0]).toEqual({ batchId: 'b1', step: 0 });
    expect(beats.length).toBeGreaterThan(1);
    const stored = store.answers('batch');
    expect(stored.map((a) => a.questionId)).toEqual(ids);
    expect(stored[0]).toMatchObject({
      status: 'answered',
      batchId: 'b1',
      attempt: 2,
      workerIdentity: 'test-worker',
      device: 'cpu',
      modelHash: engine.info.modelHash,
      generatedTokens: 3,
    });

    // A retry of a batch whose answers are stored runs nothing again.
    const again = await runIn(mockEnvironment(), activities.runBatch, {
      runId: 'batch',
      batchId: 'b1',
      questionIds: [...ids, 'shape-001-color'],
    });
    expect(again).toMatchObject({ answered: 1, skipped: 3 });
  });

  it('refuses to answer with a model other than the run’s (non-retryable MODEL_FILES)', async () => {
    const spec = await storedRun('other-model', 1);
    store.upsertRun({
      runId: 'other-model',
      spec: { ...spec, modelHash: '0'.repeat(64) },
      status: 'running',
      totalQuestions: 4,
    });
    const error = await failureOf(
      runIn(mockEnvironment(), activities.runBatch, {
        runId: 'other-model',
        batchId: 'b',
        questionIds: ['shape-001-count'],
      }),
    );
    expect(error).toMatchObject({ type: 'MODEL_FILES', nonRetryable: true });
    expect(store.counts('other-model')).toEqual({ answered: 0, failed: 0 });
  });

  it('turns an allocation failure into a non-retryable failure for several questions, retryable for one', async () => {
    // withInjectedFaults: batches of more than one `oom-` question throw AllocationError.
    await storedRun('oom', 1, 'oom-');
    const several = await failureOf(
      runIn(mockEnvironment(), activities.runBatch, {
        runId: 'oom',
        batchId: 'b',
        questionIds: ['oom-shape-001-count', 'oom-shape-001-color'],
      }),
    );
    expect(several).toMatchObject({ type: 'ALLOCATION', nonRetryable: true });
    const one = await runIn(mockEnvironment(), activities.runBatch, {
      runId: 'oom',
      batchId: 'b.1',
      questionIds: ['oom-shape-001-count'],
    });
    expect(one.answered).toBe(1);
  });

  it('reports a cancelled batch as cancelled and stores nothing', async () => {
    await storedRun('cancelled', 2, '', 400);
    const env = mockEnvironment();
    env.on('heartbeat', (details: BatchHeartbeat) => {
      if (details.step === 2) {
        env.cancel();
      }
    });
    const error = await failureOf(
      runIn(env, activities.runBatch, {
        runId: 'cancelled',
        batchId: 'b',
        questionIds: ['shape-001-count', 'shape-002-count'],
      }),
    );
    expect(error).toBeInstanceOf(CancelledFailure);
    expect(store.counts('cancelled')).toEqual({ answered: 0, failed: 0 });
  });
});

describe('quarantine and recordRunStatus', () => {
  it('records failures for questions without an answer and never overwrites an answer', async () => {
    await storedRun('quarantine', 1);
    store.upsertAnswers([row('quarantine', 'shape-001-count', 'answered', '2026-01-01T00:00:00.000Z')]);
    const recorded = await runIn(mockEnvironment(), activities.quarantine, {
      runId: 'quarantine',
      batchId: 'b.2',
      questionIds: ['shape-001-count', 'shape-001-color'],
      error: { code: 'TIMEOUT', message: 'activity timed out' },
    });
    expect(recorded).toBe(1);
    expect(store.answers('quarantine').map((a) => [a.questionId, a.status, a.errorCode])).toEqual([
      ['shape-001-count', 'answered', undefined],
      ['shape-001-color', 'failed', 'TIMEOUT'],
    ]);
    await runIn(mockEnvironment(), activities.recordRunStatus, { runId: 'quarantine', status: 'cancelled' });
    expect(store.getRun('quarantine')?.status).toBe('cancelled');
  });
});

describe('aggregate', () => {
  it('marks the run completed, writes report.json and report.md and returns the headline', async () => {
    await storedRun('aggregate', 1);
    await runIn(mockEnvironment(), activities.runBatch, {
      runId: 'aggregate',
      batchId: 'b1',
      questionIds: ['shape-001-background', 'shape-001-count', 'shape-001-largest', 'shape-001-color'],
    });
    const headline = await runIn(mockEnvironment(), activities.aggregate, { runId: 'aggregate' });
    expect(headline).toMatchObject({ runId: 'aggregate', totalQuestions: 4, answered: 4, failed: 0 });
    expect(headline.accuracy).toEqual(expect.any(Number));
    expect(headline.questionsPerSecond).toBeGreaterThan(0);
    expect(existsSync(headline.reportJsonPath)).toBe(true);
    expect(path.dirname(headline.reportMarkdownPath)).toBe(path.join(dataDir, 'runs', 'aggregate'));
    expect(store.getRun('aggregate')?.status).toBe('completed');
  });
});
