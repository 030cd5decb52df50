import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  DefaultLogger,
  Runtime,
  bundleWorkflowCode,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { loadDataset } from '../../src/dataset/loadDataset';
import { runManifestHash } from '../../src/dataset/runHash';
import { createEngine } from '../../src/engine/createEngine';
import type { EngineInfo, VqaEngine } from '../../src/engine/types';
import { AllocationError } from '../../src/errors';
import { GenerationSettingsSchema } from '../../src/schemas/generation';
import { RunSpecSchema, type RunSpec } from '../../src/schemas/runSpec';
import { resultsDatabaseFile } from '../../src/store/paths';
import { openResultStore } from '../../src/store/sqliteStore';
import type { ResultStore } from '../../src/store/types';
import { findTemporalCli } from '../../src/temporal/temporalCli';
import { VQA_SEARCH_ATTRIBUTES } from '../../src/temporal/searchAttributes';
import { startWorkers, type RunningWorkers } from '../../src/worker/startWorkers';
import { workflowsPath } from '../../src/worker/workflowsPath';
import type { EvaluationTuning } from '../../src/workflows/definitions';

/**
 * Shared set-up of the Temporal tests: a real dev server (the installed Temporal CLI, never a
 * download), the real tiny Qwen2.5-VL model, real datasets cut from the bundled shapes sample.
 */

/** The real tiny model (seeded random weights, the real architecture). */
export const TINY_MODEL_DIR = path.resolve(__dirname, '..', '..', 'models', 'tiny-qwen2.5-vl');
const SHAPES_DIR = path.resolve(__dirname, '..', '..', 'samples', 'shapes');

/** Orchestration settings that keep failure paths fast in tests. */
export const FAST_TUNING: Partial<EvaluationTuning> = {
  batchMaxAttempts: 2,
  retryInitialIntervalMs: 100,
  retryMaxIntervalMs: 200,
  heartbeatTimeoutMs: 10_000,
};

/**
 * A local dev server started from the installed CLI, with the search attributes registered. The SDK
 * logs errors only: failure paths under test would otherwise flood the output with warnings.
 */
export async function createLocalTestEnv(): Promise<TestWorkflowEnvironment> {
  if (Runtime._instance === undefined) {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  }
  const cli = findTemporalCli();
  if (cli === undefined) {
    throw new Error('Temporal CLI missing: run scripts/install-temporal-cli.sh or set TEMPORAL_CLI_PATH');
  }
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli },
      searchAttributes: [...VQA_SEARCH_ATTRIBUTES],
    },
  });
}

/** The workflow bundle, built once per test file from the TypeScript sources. */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quietBundlerLogger });
}

const noop = (): void => undefined;
const quietBundlerLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };

/**
 * Like Promise.all for set-up steps, but waits for every step before failing: a step left running
 * (bundling, say) after a failed set-up would outlive the test file and break the next one.
 */
export async function allSettledOrThrow<A, B, C>(
  a: Promise<A>,
  b: Promise<B>,
  c: Promise<C>,
): Promise<[A, B, C]> {
  const [ra, rb, rc] = await Promise.allSettled([a, b, c]);
  for (const result of [ra, rb, rc]) {
    if (result.status === 'rejected') {
      throw result.reason;
    }
  }
  return [await a, await b, await c];
}

/** The real tiny engine on CPU. */
export function loadTinyEngine(): Promise<VqaEngine> {
  return createEngine({ kind: 'onnx', modelDir: TINY_MODEL_DIR, device: 'cpu', intraOpThreads: 1 });
}

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `vqa-${prefix}-`));
}

/**
 * Writes a dataset folder: the first `images` images of the shapes sample with their 4 questions
 * each, question ids prefixed with `idPrefix`, plus (with `corruptImage`) a file named like a JPEG
 * that holds text, with two questions. Returns the manifest path.
 */
export function writeShapesSubset(
  dir: string,
  options: { images: number; idPrefix: string; corruptImage?: boolean },
): string {
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  const rows = readFileSync(path.join(SHAPES_DIR, 'manifest.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { file: string; question_id: string });
  const files = [...new Set(rows.map((row) => row.file))].slice(0, options.images);
  const kept = rows.filter((row) => files.includes(row.file));
  for (const file of files) {
    copyFileSync(path.join(SHAPES_DIR, file), path.join(dir, file));
  }
  const lines = kept.map((row) =>
    JSON.stringify({ ...row, question_id: `${options.idPrefix}${row.question_id}` }),
  );
  if (options.corruptImage === true) {
    writeFileSync(path.join(dir, 'images', 'corrupt.jpg'), 'this is text, not a JPEG\n');
    for (const suffix of ['color', 'count']) {
      lines.push(
        JSON.stringify({
          file: 'images/corrupt.jpg',
          question_id: `${options.idPrefix}corrupt-${suffix}`,
          question: `What ${suffix}?`,
        }),
      );
    }
  }
  const manifest = path.join(dir, 'manifest.jsonl');
  writeFileSync(manifest, `${lines.join('\n')}\n`);
  return manifest;
}

/** The run spec of a manifest, a model and settings, as `vqa-eval run` would derive it. */
export async function specFor(
  manifest: string,
  engine: EngineInfo,
  settings: { runId: string; batchSize: number; window: number; maxNewTokens: number },
): Promise<{ spec: RunSpec; totalQuestions: number }> {
  const dataset = await loadDataset({ path: manifest });
  const generation = GenerationSettingsSchema.parse({ maxNewTokens: settings.maxNewTokens });
  const spec = RunSpecSchema.parse({
    runId: settings.runId,
    datasetPath: dataset.source,
    modelDir: engine.modelDir,
    engine: 'onnx',
    batchSize: settings.batchSize,
    window: settings.window,
    generation,
    manifestHash: runManifestHash(dataset.hash, engine.modelHash, generation),
    datasetHash: dataset.hash,
    modelHash: engine.modelHash,
    model: path.basename(engine.modelDir),
  });
  return { spec, totalQuestions: dataset.items.length };
}

/**
 * A TEST DOUBLE around the real engine, for failure paths a healthy tiny model never takes: a batch
 * of more than one question holding an `oom-` question throws AllocationError (as the engine does when
 * memory runs out), and a `poison-...-count` question makes every batch holding it throw. Everything
 * else is answered by the real engine.
 */
export function withInjectedFaults(engine: VqaEngine): VqaEngine {
  return {
    info: engine.info,
    dispose: () => engine.dispose(),
    async answer(items, settings, options) {
      if (items.length > 1 && items.some((item) => item.questionId.startsWith('oom-'))) {
        throw new AllocationError(items.length);
      }
      const poison = items.find(
        (item) => item.questionId.startsWith('poison-') && item.questionId.endsWith('-count'),
      );
      if (poison !== undefined) {
        throw new Error(`simulated engine crash on ${poison.questionId}`);
      }
      return engine.answer(items, settings, options);
    },
  };
}

/** What `useTestWorkers` gives a test file's tests. */
export interface TestWorkers {
  /** The local Temporal test server. */
  env: TestWorkflowEnvironment;
  /** The real tiny engine (never the fault-injecting wrapper). */
  engine: VqaEngine;
  /** The results store in the file's data folder. */
  store: ResultStore;
}

/**
 * Registers the calling test file's `beforeAll`/`afterAll`: a local Temporal test server, the tiny
 * engine, the results store in `dataDir` and one light + inference worker in this process (its engine
 * behind `withInjectedFaults` when `injectFaults`); after the file's tests all are stopped and
 * `dataDir` removed. The returned object's fields are set once `beforeAll` has run.
 */
export function useTestWorkers(dataDir: string, options: { injectFaults: boolean }): TestWorkers {
  const shared: Partial<TestWorkers> = {};
  let workers: RunningWorkers | undefined;
  beforeAll(async () => {
    const [env, bundle, engine] = await allSettledOrThrow(
      createLocalTestEnv(),
      bundleWorkflows(),
      loadTinyEngine(),
    );
    const store = openResultStore(resultsDatabaseFile(dataDir));
    Object.assign(shared, { env, engine, store });
    workers = await startWorkers({
      connection: { address: env.address, namespace: 'default' },
      store,
      dataDir,
      loadDataset,
      light: true,
      inference: { engine: options.injectFaults ? withInjectedFaults(engine) : engine },
      workflowBundle: bundle,
    });
  }, 120_000);
  afterAll(async () => {
    await workers?.shutdown();
    shared.store?.close();
    await shared.engine?.dispose();
    await shared.env?.teardown();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
  // The fields are read by tests, after beforeAll has set them.
  return shared as TestWorkers;
}
