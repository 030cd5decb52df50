import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { identityOfFolder } from '../../../src/cli/modelIdentity';
import { startOrAttachRun } from '../../../src/cli/startRun';
import { loadDataset } from '../../../src/dataset/loadDataset';
import { resultsDatabaseFile } from '../../../src/store/paths';
import { openResultStore } from '../../../src/store/sqliteStore';
import type { ResultStore } from '../../../src/store/types';
import { evaluationWorkflowId } from '../../../src/temporal/names';
import {
  FAST_TUNING,
  TINY_MODEL_DIR,
  createLocalTestEnv,
  specFor,
  tempDir,
  writeShapesSubset,
} from '../../workflows/harness';
import { runCli, type CliResult } from '../helpers/runCli';

/**
 * `vqa-eval resume` in-process against a real dev server, with the real tiny model: an unknown run,
 * a terminated run whose dataset changed (refused, then `--force`d and finished by the in-process
 * worker), and a completed run (nothing to resume). The fault suite (test/faults) resumes runs
 * killed in other ways.
 */

const dataDir = tempDir('resume-test');
let env: TestWorkflowEnvironment;
let store: ResultStore;

beforeAll(async () => {
  env = await createLocalTestEnv();
  store = openResultStore(resultsDatabaseFile(dataDir));
}, 60_000);

afterAll(async () => {
  store?.close();
  await env?.teardown();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

function cli(...args: string[]): Promise<CliResult> {
  return runCli(['--address', env.address, '--data-dir', dataDir], ...args);
}

it('refuses an unknown run', async () => {
  const { err, exitCode } = await cli('resume', 'no-such-run', '--no-worker');
  expect(exitCode).toBe(1);
  expect(err).toContain("Run 'no-such-run' was not found in the result store");
});

it('a terminated run whose dataset changed: refused, then finished with --force; a completed one is left alone', async () => {
  const manifest = writeShapesSubset(path.join(dataDir, 'datasets', 'forced'), { images: 2, idPrefix: '' });
  const model = await identityOfFolder(TINY_MODEL_DIR, 'fp32');
  const { spec, totalQuestions } = await specFor(
    manifest,
    {
      kind: 'onnx',
      model: model.model,
      modelDir: model.modelDir,
      modelHash: model.modelHash,
      device: 'cpu',
      dtype: 'fp32',
    },
    { runId: 'forced', batchSize: 4, window: 1, maxNewTokens: 2 },
  );
  // Started with no worker anywhere, then terminated: nothing answered, the workflow is gone.
  await startOrAttachRun(env.client, store, spec, totalQuestions, { tuning: FAST_TUNING });
  await env.client.workflow.getHandle(evaluationWorkflowId('forced')).terminate('test');
  const status = await cli('status', 'forced');
  expect(status.out).toContain('TERMINATED');
  expect(status.out).toContain('next        vqa-eval resume forced');

  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"question":"', '"question":"Now: '));
  const refused = await cli('resume', 'forced', '--no-worker');
  expect(refused.exitCode).toBe(1);
  expect(refused.err).toContain("Run 'forced': the dataset (image files or questions of");
  expect(refused.err).toContain('pass --force to continue with the new inputs');
  expect(store.getRun('forced')?.spec.datasetHash).toBe(spec.datasetHash);

  const resumed = await cli('resume', 'forced', '--force', '--window', '2');
  expect(resumed.out).toContain(
    'Resuming run forced (its workflow is TERMINATED): 0 of 8 questions answered',
  );
  expect(resumed.out).toContain('Run forced completed');
  expect(resumed.exitCode).toBe(0);
  const changed = await loadDataset({ path: manifest });
  expect(store.getRun('forced')?.spec).toMatchObject({ datasetHash: changed.hash, window: 2, batchSize: 4 });
  expect(store.counts('forced')).toEqual({ answered: 8, failed: 0 });

  const again = await cli('resume', 'forced');
  expect(again.out).toContain('Run forced already completed (answered 8, failed 0 of 8); nothing to resume.');
  expect(again.exitCode).toBe(0);
}, 120_000);

it('a run that is still going: resume reattaches and serves it with the in-process worker to the end', async () => {
  const manifest = writeShapesSubset(path.join(dataDir, 'datasets', 'waiting'), { images: 1, idPrefix: '' });
  const model = await identityOfFolder(TINY_MODEL_DIR, 'fp32');
  const { spec, totalQuestions } = await specFor(
    manifest,
    {
      kind: 'onnx',
      model: model.model,
      modelDir: model.modelDir,
      modelHash: model.modelHash,
      device: 'cpu',
      dtype: 'fp32',
    },
    { runId: 'waiting', batchSize: 4, window: 1, maxNewTokens: 2 },
  );
  // Started while no worker serves it (as after `run --no-worker`): it waits.
  await startOrAttachRun(env.client, store, spec, totalQuestions, { tuning: FAST_TUNING });
  const firstRunId = (await env.client.workflow.getHandle(evaluationWorkflowId('waiting')).describe()).runId;

  const resumed = await cli('resume', 'waiting', '--window', '3');
  expect(resumed.out).toContain('Run waiting is still running: attaching (answered 0 of 4 so far).');
  expect(resumed.out).toContain('apply to a new execution only');
  expect(resumed.out).toContain('Run waiting completed');
  expect(resumed.exitCode).toBe(0);
  // The same execution finished: no new one was started.
  const description = await env.client.workflow.getHandle(evaluationWorkflowId('waiting')).describe();
  expect(description.runId).toBe(firstRunId);
  expect(store.getRun('waiting')?.spec.window).toBe(1);
}, 120_000);
