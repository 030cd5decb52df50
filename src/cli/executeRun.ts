import { loadDataset } from '../dataset/loadDataset';
import { createEngine } from '../engine/createEngine';
import type { VqaEngine } from '../engine/types';
import { openResultStore } from '../store/sqliteStore';
import { resultsDatabaseFile } from '../store/paths';
import { connectClient } from '../temporal/client';
import { ensureServer } from '../temporal/ensureServer';
import type { EvaluationTuning } from '../workflows/definitions';
import type { GlobalSettings } from './globalOptions';
import { interruptSignal } from './interrupt';
import { identityOfEngine, identityOfFolder } from './modelIdentity';
import type { RunFlags } from './runFlags';
import { serveAndWatch, type ExecutedRun } from './serveRun';
import { buildRunSpec, startOrAttachRun } from './startRun';
import { installWorkerRuntime } from './workerRuntime';

export type { ExecutedRun } from './serveRun';

/** Everything `run` and `demo` need. */
export interface ExecuteRunOptions {
  flags: RunFlags;
  settings: GlobalSettings;
  /** Lines for the user (stdout). */
  log: (line: string) => void;
  tuning?: Partial<EvaluationTuning>;
}

/**
 * The `run` flow: validate the dataset, load the model (unless `--no-worker`), derive the run spec and
 * its deterministic id, make sure Temporal is up, store the run and start (or attach to) its workflow,
 * serve it with an in-process worker, and show progress until it ends. Ctrl+C detaches: the run goes
 * on in Temporal and `vqa-eval watch RUN` reattaches.
 */
export async function executeRun(options: ExecuteRunOptions): Promise<ExecutedRun> {
  const { flags, settings, log } = options;
  const interrupt = interruptSignal();
  let engine: VqaEngine | undefined;
  const store = openResultStore(resultsDatabaseFile(settings.dataDir));
  try {
    const dataset = await loadDataset(
      flags.questions === undefined
        ? { path: flags.dataset }
        : { path: flags.dataset, questionsPath: flags.questions },
    );
    if (flags.worker) {
      installWorkerRuntime('ERROR');
      log(`Loading model ${flags.model} on ${flags.device} (${flags.dtype}) ...`);
      engine = await createEngine({
        kind: flags.engine,
        modelDir: flags.model,
        device: flags.device,
        dtype: flags.dtype,
      });
    }
    const model =
      engine === undefined ? await identityOfFolder(flags.model, flags.dtype) : identityOfEngine(engine.info);
    const spec = buildRunSpec(flags, dataset, model);
    await ensureServer(settings.temporal, { dataDir: settings.dataDir, log });
    const { client, connection } = await connectClient(settings.temporal);
    try {
      const started = await startOrAttachRun(client, store, spec, dataset.items.length, {
        force: flags.force,
        tuning: options.tuning,
      });
      log(
        `${started.attached ? 'Attached to running' : 'Started'} run ${spec.runId}: ${dataset.items.length} questions, ` +
          `batch size ${spec.batchSize}, window ${spec.window}, max new tokens ${spec.generation.maxNewTokens}, ` +
          `${spec.generation.greedy ? 'greedy' : `temperature ${spec.generation.temperature}, seed ${spec.generation.seed}`}`,
      );
      return await serveAndWatch({
        client,
        settings,
        store,
        runId: spec.runId,
        engine,
        workerHint: `vqa-eval worker --model ${model.modelDir} --device ${flags.device}`,
        signal: interrupt.signal,
        log,
      });
    } finally {
      await connection.close();
    }
  } finally {
    await engine?.dispose();
    store.close();
    interrupt.dispose();
  }
}
