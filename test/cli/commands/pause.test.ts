import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { startOrAttachRun } from '../../../src/cli/startRun';
import { loadDataset } from '../../../src/dataset/loadDataset';
import type { VqaEngine } from '../../../src/engine/types';
import { resultsDatabaseFile } from '../../../src/store/paths';
import { openResultStore } from '../../../src/store/sqliteStore';
import type { ResultStore } from '../../../src/store/types';
import { evaluationWorkflowId } from '../../../src/temporal/names';
import { VQA_STATUS } from '../../../src/temporal/searchAttributes';
import { startWorkers, type RunningWorkers } from '../../../src/worker/startWorkers';
import { progressQuery } from '../../../src/workflows/definitions';
import type { evaluationWorkflow } from '../../../src/workflows/evaluationWorkflow';
import {
  FAST_TUNING,
  allSettledOrThrow,
  bundleWorkflows,
  createLocalTestEnv,
  loadTinyEngine,
  specFor,
  tempDir,
  writeShapesSubset,
} from '../../workflows/harness';
import { runCli, type CliResult } from '../helpers/runCli';

/**
 * `vqa-eval pause` / `unpause` against a real dev server: while paused, batches already in flight
 * finish and no new one starts; `status` and the VqaStatus search attribute say paused.
 */

const dataDir = tempDir('pause-test');
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let engine: VqaEngine;
let store: ResultStore;
const workers: RunningWorkers[] = [];

beforeAll(async () => {
  [env, bundle, engine] = await allSettledOrThrow(createLocalTestEnv(), bundleWorkflows(), loadTinyEngine());
  store = openResultStore(resultsDatabaseFile(dataDir));
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(workers.map((worker) => worker.shutdown()));
  store?.close();
  await engine?.dispose();
  await env?.teardown();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

function cli(...args: string[]): Promise<CliResult> {
  return runCli(['--address', env.address, '--data-dir', dataDir], ...args);
}

async function serve(options: { light: boolean; inference: boolean }): Promise<void> {
  workers.push(
    await startWorkers({
      connection: { address: env.address, namespace: 'default' },
      store,
      dataDir,
      loadDataset,
      light: options.light,
      ...(options.inference ? { inference: { engine } } : {}),
      workflowBundle: bundle,
    }),
  );
}

it('pause: in-flight batches finish, no new one starts, status says paused; unpause finishes the run', async () => {
  const manifest = writeShapesSubset(path.join(dataDir, 'datasets', 'paused'), { images: 4, idPrefix: '' });
  const { spec, totalQuestions } = await specFor(manifest, engine.info, {
    runId: 'paused',
    batchSize: 4,
    window: 2,
    maxNewTokens: 4,
  });
  // Workflows only at first: the plan runs and two batches wait on the inference queue.
  await serve({ light: true, inference: false });
  await startOrAttachRun(env.client, store, spec, totalQuestions, { tuning: FAST_TUNING });
  const handle = env.client.workflow.getHandle<typeof evaluationWorkflow>(evaluationWorkflowId('paused'));
  for (let i = 0; i < 100 && (await handle.query(progressQuery)).inFlight < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const paused = await cli('pause', 'paused');
  expect(paused.out).toContain('Run paused paused: batches in flight finish, no new batch starts');
  expect(paused.exitCode).toBe(0);
  expect((await handle.describe()).typedSearchAttributes.get(VQA_STATUS)).toBe('paused');

  // An inference worker arrives: the two batches already in flight run, nothing more.
  await serve({ light: false, inference: true });
  for (let i = 0; i < 300 && store.counts('paused').answered < 8; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(store.counts('paused')).toEqual({ answered: 8, failed: 0 });
  expect(await handle.query(progressQuery)).toMatchObject({ paused: true, inFlight: 0, done: 8 });

  const status = await cli('status', 'paused');
  expect(status.out).toContain('RUNNING (paused)');
  expect(status.out).toContain('paused      no new batch starts until: vqa-eval unpause paused');

  const unpaused = await cli('unpause', 'paused');
  expect(unpaused.out).toContain('Run paused unpaused: batches start again.');
  const result = await handle.result();
  expect(result.headline).toMatchObject({ totalQuestions, answered: totalQuestions, failed: 0 });
  expect((await handle.describe()).typedSearchAttributes.get(VQA_STATUS)).toBe('completed');
}, 120_000);

it('says when there is no running workflow to pause', async () => {
  const done = await cli('pause', 'paused');
  expect(done.out).toContain('Run paused is not running (COMPLETED); nothing to pause.');
  expect(done.exitCode).toBe(0);
  const unknown = await cli('unpause', 'no-such-run');
  expect(unknown.out).toContain('Run no-such-run is not running (unknown to Temporal); nothing to unpause.');
  expect(unknown.exitCode).toBe(1);
});
