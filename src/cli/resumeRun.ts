import { createEngine } from '../engine/createEngine';
import type { VqaEngine } from '../engine/types';
import type { RunSpec } from '../schemas/runSpec';
import { resultsDatabaseFile } from '../store/paths';
import { openResultStore } from '../store/sqliteStore';
import { connectClient } from '../temporal/client';
import { ensureServer } from '../temporal/ensureServer';
import type { GlobalSettings } from './globalOptions';
import { interruptSignal } from './interrupt';
import { identityOfEngine, identityOfFolder, type ModelIdentity } from './modelIdentity';
import type { ResumeFlags } from './resumeFlags';
import { runHandle, workflowStatus } from './runHandle';
import { assertInputsUnchanged, currentInputs, specWithInputs } from './runInputs';
import { serveAndWatch, type ExecutedRun } from './serveRun';
import { startOrAttachRun } from './startRun';
import { tuningFromFlags } from './tuningFlags';
import { installWorkerRuntime } from './workerRuntime';
import { storedRunOrThrow } from './storedRun';

/** What `resume` needs. */
export interface ResumeRunOptions {
  runId: string;
  flags: ResumeFlags;
  settings: GlobalSettings;
  /** Lines for the user (stdout). */
  log: (line: string) => void;
}

/** How `resume` ended: it followed the run, or there was nothing to resume. */
export type ResumedRun = ExecutedRun | { runId: string; outcome: 'already-completed'; exitCode: 0 };

/**
 * The `resume` flow. A run whose workflow is still going is reattached to; a run whose workflow was
 * terminated, timed out, failed or cancelled (or that Temporal no longer knows) gets a new execution,
 * which re-plans from the store and answers only what is missing. Before either, the stored run's
 * dataset and model are read again: when their hash changed since the run was stored, resume is
 * refused (RunSpecMismatchError naming what changed) unless `--force`. Workers may differ from the
 * start: another device, another count of worker processes, another batch size or window.
 */
export async function resumeRun(options: ResumeRunOptions): Promise<ResumedRun> {
  const { runId, flags, settings, log } = options;
  const interrupt = interruptSignal();
  const store = openResultStore(resultsDatabaseFile(settings.dataDir));
  let engine: VqaEngine | undefined;
  try {
    const stored = storedRunOrThrow(store, runId, settings.dataDir);
    await ensureServer(settings.temporal, { dataDir: settings.dataDir, log });
    const { client, connection } = await connectClient(settings.temporal);
    try {
      const status = await workflowStatus(runHandle(client, runId));
      const counts = store.counts(runId);
      if (status === 'COMPLETED') {
        log(
          `Run ${runId} already completed (answered ${counts.answered}, failed ${counts.failed} of ` +
            `${stored.totalQuestions}); nothing to resume. See: vqa-eval report ${runId}`,
        );
        return { runId, outcome: 'already-completed', exitCode: 0 };
      }
      const modelDir = flags.model ?? stored.spec.modelDir;
      let model: ModelIdentity;
      if (flags.worker) {
        installWorkerRuntime('ERROR');
        log(`Loading model ${modelDir} on ${flags.device} (${flags.dtype}) ...`);
        engine = await createEngine({
          kind: stored.spec.engine,
          modelDir,
          device: flags.device,
          dtype: flags.dtype,
        });
        model = identityOfEngine(engine.info);
      } else {
        model = await identityOfFolder(modelDir, flags.dtype);
      }
      const now = await currentInputs(stored.spec, model);
      assertInputsUnchanged(stored.spec, now, flags.force);
      const spec: RunSpec = {
        ...specWithInputs(stored.spec, now),
        batchSize: flags.batchSize ?? stored.spec.batchSize,
        window: flags.window ?? stored.spec.window,
      };
      if (status === 'RUNNING') {
        log(
          `Run ${runId} is still running: attaching (answered ${counts.answered} of ${stored.totalQuestions} so far).`,
        );
        if (
          flags.batchSize !== undefined ||
          flags.window !== undefined ||
          tuningFromFlags(flags) !== undefined
        ) {
          log(
            '  (--batch-size, --window and the tuning flags apply to a new execution only: the running one keeps its own)',
          );
        }
      } else {
        const left = now.dataset.items.length - counts.answered;
        log(
          `Resuming run ${runId} (its workflow is ${status ?? 'unknown to Temporal'}): ` +
            `${counts.answered} of ${now.dataset.items.length} questions answered, ${left} to plan again; ` +
            `batch size ${spec.batchSize}, window ${spec.window}`,
        );
      }
      const tuning = tuningFromFlags(flags);
      // The inputs were checked above (and `--force` accepted a change): the stored spec is brought up to date.
      await startOrAttachRun(client, store, spec, now.dataset.items.length, {
        force: true,
        ...(tuning === undefined ? {} : { tuning }),
      });
      return await serveAndWatch({
        client,
        settings,
        store,
        runId,
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
