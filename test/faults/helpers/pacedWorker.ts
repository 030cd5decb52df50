import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { installWorkerRuntime } from '../../../src/cli/workerRuntime';
import { loadDataset } from '../../../src/dataset/loadDataset';
import { createEngine } from '../../../src/engine/createEngine';
import type { VqaEngine } from '../../../src/engine/types';
import { resultsDatabaseFile } from '../../../src/store/paths';
import { openResultStore } from '../../../src/store/sqliteStore';
import { startWorkers } from '../../../src/worker/startWorkers';
import type { PacedWorkerOptions } from './childProcess';

/** The real tiny model (not imported from the test harness: this process should load little). */
const TINY_MODEL_DIR = path.resolve(__dirname, '..', '..', '..', 'models', 'tiny-qwen2.5-vl');

/**
 * A worker process for the fault tests: the real worker wiring (startWorkers, the real tiny engine,
 * the shared SQLite store), with each batch held for `holdMs` before inference so that a test can
 * SIGKILL it while a batch is certainly in flight. It prints `ready`, then `batch-start <ids>` when a
 * batch begins and `batch-done <ids>` when its answers are about to be stored.
 */
export async function runPacedWorker(options: PacedWorkerOptions): Promise<void> {
  installWorkerRuntime('ERROR');
  const store = openResultStore(resultsDatabaseFile(options.dataDir));
  const engine = await createEngine({
    kind: 'onnx',
    modelDir: TINY_MODEL_DIR,
    device: 'cpu',
    intraOpThreads: 1,
  });
  try {
    const workers = await startWorkers({
      connection: { address: options.address, namespace: 'default' },
      store,
      dataDir: options.dataDir,
      loadDataset,
      light: options.light === true,
      inference: { engine: heldBatches(engine, options.holdMs) },
    });
    process.once('SIGTERM', () => void workers.shutdown().catch(() => undefined));
    process.stdout.write(`ready pid=${process.pid}\n`);
    await workers.finished;
  } finally {
    await engine.dispose();
    store.close();
  }
}

/** The engine, with every batch held `holdMs` first (a slow device) and announced on stdout. */
function heldBatches(engine: VqaEngine, holdMs: number): VqaEngine {
  return {
    info: engine.info,
    dispose: () => engine.dispose(),
    async answer(items, settings, options) {
      const ids = items.map((item) => item.questionId).join(',');
      process.stdout.write(`batch-start ${ids}\n`);
      await sleep(holdMs, undefined, options?.signal === undefined ? {} : { signal: options.signal });
      const outcomes = await engine.answer(items, settings, options);
      process.stdout.write(`batch-done ${ids}\n`);
      return outcomes;
    },
  };
}
