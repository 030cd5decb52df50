import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { writeSyntheticDataset } from '../../src/bench/orchestrationBench';
import { startOrAttachRun } from '../../src/cli/startRun';
import { loadDataset } from '../../src/dataset/loadDataset';
import type { VqaEngine } from '../../src/engine/types';
import { resultsDatabaseFile } from '../../src/store/paths';
import { openResultStore } from '../../src/store/sqliteStore';
import type { ResultStore } from '../../src/store/types';
import { chainHistoryLengths } from '../../src/temporal/executionHistories';
import { evaluationWorkflowId } from '../../src/temporal/names';
import { startWorkers, type RunningWorkers } from '../../src/worker/startWorkers';
import type { evaluationWorkflow } from '../../src/workflows/evaluationWorkflow';
import {
  FAST_TUNING,
  allSettledOrThrow,
  bundleWorkflows,
  createLocalTestEnv,
  loadTinyEngine,
  specFor,
  tempDir,
} from './harness';

/**
 * Scale: a generated 1,000-question run (the bundled images copied under 250 names, max-new-tokens 1,
 * real tiny model) completes through continue-as-new, and every execution's history stays under a
 * bound set by the batches per execution, not by the run's size. The 10,000-question run of the same
 * shape is in `npm run bench:orchestration -- --scale` (10,000 real inferences take too long for CI).
 */

const QUESTIONS = 1_000;
const BATCHES_PER_EXECUTION = 25;
/**
 * Per batch at most 7 events (its activity scheduled/started/completed and one workflow task's
 * scheduled/started/completed, plus slack); per execution 40 more (start, plan, continue-as-new).
 */
const HISTORY_BOUND = BATCHES_PER_EXECUTION * 7 + 40;

const dataDir = tempDir('scale');
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let engine: VqaEngine;
let store: ResultStore;
let workers: RunningWorkers;

beforeAll(async () => {
  [env, bundle, engine] = await allSettledOrThrow(createLocalTestEnv(), bundleWorkflows(), loadTinyEngine());
  store = openResultStore(resultsDatabaseFile(dataDir));
  workers = await startWorkers({
    connection: { address: env.address, namespace: 'default' },
    store,
    dataDir,
    loadDataset,
    light: true,
    inference: { engine },
    workflowBundle: bundle,
  });
}, 120_000);

afterAll(async () => {
  await workers?.shutdown();
  store?.close();
  await engine?.dispose();
  await env?.teardown();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

it(`${QUESTIONS} questions: completes through continue-as-new with every history under ${HISTORY_BOUND} events`, async () => {
  const started = Date.now();
  const manifest = writeSyntheticDataset(path.join(dataDir, 'dataset'), QUESTIONS);
  const { spec, totalQuestions } = await specFor(manifest, engine.info, {
    runId: 'scale-1k',
    batchSize: 8,
    window: 4,
    maxNewTokens: 1,
  });
  expect(totalQuestions).toBe(QUESTIONS);
  await startOrAttachRun(env.client, store, spec, totalQuestions, {
    tuning: { ...FAST_TUNING, continueAsNewAfterBatches: BATCHES_PER_EXECUTION },
  });
  const handle = env.client.workflow.getHandle<typeof evaluationWorkflow>(evaluationWorkflowId('scale-1k'));
  const result = await handle.result();

  // 1,000 questions in batches of 8 (two files of 4) = 125 batches = 5 executions of 25.
  expect(result.headline).toMatchObject({ totalQuestions: QUESTIONS, answered: QUESTIONS, failed: 0 });
  expect(result.executions).toBe(Math.ceil(QUESTIONS / 8 / BATCHES_PER_EXECUTION));
  const chain = await chainHistoryLengths(env.client, handle.workflowId);
  expect(chain).toHaveLength(result.executions);
  for (const execution of chain) {
    expect(execution.events).toBeLessThan(HISTORY_BOUND);
  }
  expect(store.counts('scale-1k')).toEqual({ answered: QUESTIONS, failed: 0 });
  console.log(
    `${QUESTIONS} questions in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
      `${chain.length} executions, history lengths ${chain.map((e) => e.events).join('/')} (bound ${HISTORY_BOUND})`,
  );
}, 240_000);
