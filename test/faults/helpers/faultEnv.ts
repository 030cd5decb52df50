import { rmSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadDataset } from '../../../src/dataset/loadDataset';
import { resultsDatabaseFile } from '../../../src/store/paths';
import { openResultStore } from '../../../src/store/sqliteStore';
import type { ResultStore } from '../../../src/store/types';
import { startWorkers, type RunningWorkers } from '../../../src/worker/startWorkers';
import type { EvaluationTuning } from '../../../src/workflows/definitions';
import { startOrAttachRun } from '../../../src/cli/startRun';
import { identityOfFolder } from '../../../src/cli/modelIdentity';
import type { EngineInfo } from '../../../src/engine/types';
import { evaluationWorkflowId } from '../../../src/temporal/names';
import type { evaluationWorkflow } from '../../../src/workflows/evaluationWorkflow';
import {
  TINY_MODEL_DIR,
  bundleWorkflows,
  specFor,
  tempDir,
  writeShapesSubset,
} from '../../workflows/harness';
import { killAllChildren } from './childProcess';
import { DevServerProcess } from './devServerProcess';
import { freePort } from './freePort';

/**
 * Orchestration settings of the fault tests: a batch whose worker died is retried after 3 s without
 * a heartbeat, and a batch may be lost several times before it would be split.
 */
export const FAULT_TUNING: Partial<EvaluationTuning> = {
  heartbeatTimeoutMs: 3_000,
  batchMaxAttempts: 8,
  retryInitialIntervalMs: 200,
  retryMaxIntervalMs: 1_000,
};

/** What a fault test file shares: its own dev server (killable), data folder, store and client. */
export interface FaultEnv {
  server: DevServerProcess;
  dataDir: string;
  store: ResultStore;
  client: Client;
  connection: Connection;
  /** Starts a light worker (workflows + plan/aggregate) in this process; stopped by `teardown`. */
  startLightWorker(): Promise<RunningWorkers>;
  teardown(): Promise<void>;
}

/** Starts a dev server on a free port with its database in a fresh data folder; opens the store and a client. */
export async function createFaultEnv(name: string): Promise<FaultEnv> {
  const dataDir = tempDir(`fault-${name}`);
  const server = new DevServerProcess(path.join(dataDir, 'temporal.sqlite'), await freePort());
  if (Runtime._instance === undefined) {
    // Errors only: the faults under test make the SDK warn a lot (lost connections, retried polls).
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  }
  await server.start();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const store = openResultStore(resultsDatabaseFile(dataDir));
  const workers: RunningWorkers[] = [];
  let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
  return {
    server,
    dataDir,
    store,
    client,
    connection,
    async startLightWorker() {
      // Bundled from the sources on first use (test files whose workers are all child processes skip it).
      bundle ??= bundleWorkflows();
      const running = await startWorkers({
        connection: { address: server.address, namespace: 'default' },
        store,
        dataDir,
        loadDataset,
        light: true,
        workflowBundle: await bundle,
      });
      workers.push(running);
      return running;
    },
    async teardown() {
      await killAllChildren();
      await bundle?.catch(() => undefined);
      await Promise.allSettled(workers.map((w) => w.shutdown()));
      await connection.close().catch(() => undefined);
      await server.kill();
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Settings of a run started by {@link startFaultRun}. */
export interface FaultRunSettings {
  images: number;
  batchSize: number;
  window: number;
  maxNewTokens: number;
  tuning?: Partial<EvaluationTuning>;
}

/** The tiny model's identity as a run spec records it (hashing its files, without loading it). */
export async function tinyModelInfo(): Promise<EngineInfo> {
  const identity = await identityOfFolder(TINY_MODEL_DIR, 'fp32');
  return {
    kind: 'onnx',
    model: identity.model,
    modelDir: identity.modelDir,
    modelHash: identity.modelHash,
    device: 'cpu',
    dtype: 'fp32',
  };
}

/**
 * Writes a dataset of `images` shapes images (4 questions each) and starts its run the way
 * `vqa-eval run --no-worker` does: stored first, then the workflow under the run's workflow id.
 */
export async function startFaultRun(env: FaultEnv, runId: string, settings: FaultRunSettings) {
  const manifest = writeShapesSubset(path.join(env.dataDir, 'datasets', runId), {
    images: settings.images,
    idPrefix: '',
  });
  const { spec, totalQuestions } = await specFor(manifest, await tinyModelInfo(), {
    runId,
    batchSize: settings.batchSize,
    window: settings.window,
    maxNewTokens: settings.maxNewTokens,
  });
  await startOrAttachRun(env.client, env.store, spec, totalQuestions, {
    tuning: { ...FAULT_TUNING, ...settings.tuning },
  });
  return {
    spec,
    manifest,
    totalQuestions,
    handle: env.client.workflow.getHandle<typeof evaluationWorkflow>(evaluationWorkflowId(runId)),
  };
}

/** Polls `read` every 100 ms until `until` holds; throws after `timeoutMs`. */
export async function waitUntil<T>(
  read: () => T | Promise<T>,
  until: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms (last value: ${JSON.stringify(value)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Global CLI flags that point a child `vqa-eval` at the env's server and data folder. */
export function cliGlobals(env: FaultEnv): string[] {
  return ['--address', env.server.address, '--data-dir', env.dataDir];
}

/** Writes a dataset of `images` shapes images (4 questions each) for a CLI-started run; returns the manifest. */
export function writeFaultDataset(env: FaultEnv, name: string, images: number): string {
  return writeShapesSubset(path.join(env.dataDir, 'datasets', name), { images, idPrefix: '' });
}

/**
 * Registers the calling test file's `beforeAll`/`afterAll`: a fault environment named `name`, torn
 * down after the file's tests. Returns a getter that gives it inside a test (after `beforeAll`).
 */
export function useFaultEnv(name: string): () => FaultEnv {
  let env: FaultEnv | undefined;
  beforeAll(async () => {
    env = await createFaultEnv(name);
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
  }, 60_000);
  return () => {
    if (env === undefined) {
      throw new Error(`fault environment ${name} is not started (use it inside a test)`);
    }
    return env;
  };
}

/**
 * Arguments of a child `vqa-eval run` of `manifest` on the tiny model as the fault tests start it
 * (8 new tokens, batches of 4, window 1), followed by `extra` flags.
 */
export function cliRunArgs(env: FaultEnv, manifest: string, runId: string, extra: string[] = []): string[] {
  return [
    ...cliGlobals(env),
    'run',
    '--dataset',
    manifest,
    '--model',
    TINY_MODEL_DIR,
    '--run-id',
    runId,
    '--max-new-tokens',
    '8',
    '--batch-size',
    '4',
    '--window',
    '1',
    ...extra,
  ];
}

/** Arguments of a child `vqa-eval worker` on the tiny model, followed by `extra` flags. */
export function cliWorkerArgs(env: FaultEnv, extra: string[] = []): string[] {
  return [...cliGlobals(env), 'worker', '--model', TINY_MODEL_DIR, ...extra];
}
