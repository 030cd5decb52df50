import { existsSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { startOrAttachRun } from '../../src/cli/startRun';
import { loadDataset } from '../../src/dataset/loadDataset';
import type { VqaEngine } from '../../src/engine/types';
import { resultsDatabaseFile } from '../../src/store/paths';
import { openResultStore } from '../../src/store/sqliteStore';
import type { ResultStore } from '../../src/store/types';
import { evaluationWorkflowId } from '../../src/temporal/names';
import { workerIdentity } from '../../src/worker/identity';
import { startWorkers, type RunningWorkers } from '../../src/worker/startWorkers';
import { workflowsPath } from '../../src/worker/workflowsPath';
import { progressQuery } from '../../src/workflows/definitions';
import type { evaluationWorkflow } from '../../src/workflows/evaluationWorkflow';
import {
  FAST_TUNING,
  allSettledOrThrow,
  bundleWorkflows,
  createLocalTestEnv,
  loadTinyEngine,
  specFor,
  tempDir,
  writeShapesSubset,
} from '../workflows/harness';

describe('worker wiring', () => {
  it('bundles workflows from the source tree next to this code', () => {
    expect(existsSync(workflowsPath())).toBe(true);
    expect(path.basename(workflowsPath())).toBe('index.ts');
  });

  it('names a worker by host, pid and device', () => {
    const identity = workerIdentity('cuda:1', 'inference');
    expect(identity).toContain(hostname());
    expect(identity).toContain(`pid-${process.pid}`);
    expect(identity).toContain('cuda:1');
  });
});

describe('startWorkers against a dev server', () => {
  const dataDir = tempDir('worker-test');
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  let engine: VqaEngine;
  let store: ResultStore;

  beforeAll(async () => {
    [env, bundle, engine] = await allSettledOrThrow(
      createLocalTestEnv(),
      bundleWorkflows(),
      loadTinyEngine(),
    );
    store = openResultStore(resultsDatabaseFile(dataDir));
  }, 120_000);

  afterAll(async () => {
    store?.close();
    await engine?.dispose();
    await env?.teardown();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const start = (): Promise<RunningWorkers> =>
    startWorkers({
      connection: { address: env.address, namespace: 'default' },
      store,
      dataDir,
      loadDataset,
      light: true,
      inference: { engine },
      workflowBundle: bundle,
    });

  it('refuses to start with nothing to run', async () => {
    await expect(
      startWorkers({
        connection: { address: env.address, namespace: 'default' },
        store,
        dataDir,
        loadDataset,
        light: false,
      }),
    ).rejects.toThrow('nothing to run');
  });

  it('a worker shut down mid-batch loses nothing: another worker finishes the run, each question answered once', async () => {
    const manifest = writeShapesSubset(path.join(dataDir, 'restart'), { images: 3, idPrefix: '' });
    const { spec, totalQuestions } = await specFor(manifest, engine.info, {
      runId: 'restart',
      batchSize: 4,
      window: 1,
      maxNewTokens: 150,
    });
    const first = await start();
    await startOrAttachRun(env.client, store, spec, totalQuestions, { tuning: FAST_TUNING });
    const handle = env.client.workflow.getHandle<typeof evaluationWorkflow>(evaluationWorkflowId('restart'));
    for (let p = await handle.query(progressQuery); p.inFlight === 0; p = await handle.query(progressQuery)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await first.shutdown();
    const answeredAtShutdown = store.counts('restart').answered;
    expect(answeredAtShutdown).toBeLessThan(totalQuestions);

    const second = await start();
    try {
      const result = await handle.result();
      expect(result.headline).toMatchObject({ answered: totalQuestions, failed: 0 });
    } finally {
      await second.shutdown();
    }
    const attempts = store.attemptLog('restart');
    expect(new Set(attempts.map((a) => a.questionId)).size).toBe(totalQuestions);
    expect(attempts).toHaveLength(totalQuestions);
  }, 120_000);
});
