import { NativeConnection, type Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities/createActivities';
import type { DatasetLoader } from '../activities/datasetCache';
import type { VqaEngine } from '../engine/types';
import type { ResultStore } from '../store/types';
import type { TemporalConnectionConfig } from '../temporal/connectionConfig';
import { createInferenceWorker, createLightWorker } from './createWorkers';
import { workerIdentity } from './identity';

/** What one worker process runs. */
export interface StartWorkersOptions {
  connection: TemporalConnectionConfig;
  store: ResultStore;
  /** Root of the run folders (reports are written to `<dataDir>/runs/<runId>/`). */
  dataDir: string;
  loadDataset: DatasetLoader;
  /** Run the workflows and the light activities. */
  light: boolean;
  /** Serve batch activities with this loaded engine. */
  inference?: { engine: VqaEngine; concurrency?: number };
  /** A prebuilt workflow bundle (tests reuse one); bundled from source otherwise. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** Workers running in this process. */
export interface RunningWorkers {
  /** Identities of the workers, as Temporal and stored answers show them. */
  identities: string[];
  /** Settles when every worker has stopped (rejects when one crashed). */
  finished: Promise<void>;
  /** Asks every worker to stop (in-flight batches are cancelled and retried elsewhere) and waits. */
  shutdown(): Promise<void>;
}

/**
 * Connects to Temporal and starts the light and/or inference worker of this process. The caller
 * owns the store and the engine (loaded once, before this) and disposes of them after `finished`.
 */
export async function startWorkers(options: StartWorkersOptions): Promise<RunningWorkers> {
  if (!options.light && options.inference === undefined) {
    throw new TypeError('startWorkers: nothing to run (neither light nor inference)');
  }
  const device = options.inference?.engine.info.device ?? 'none';
  const inferenceIdentity = workerIdentity(device, 'inference');
  const lightIdentity = workerIdentity(device, 'light');
  const activities = createActivities({
    store: options.store,
    engine: options.inference?.engine,
    workerIdentity: options.inference === undefined ? lightIdentity : inferenceIdentity,
    device,
    loadDataset: options.loadDataset,
    dataDir: options.dataDir,
  });
  const connection = await NativeConnection.connect({ address: options.connection.address });
  const workers: Worker[] = [];
  try {
    const wiring = { connection, namespace: options.connection.namespace, activities };
    if (options.inference !== undefined) {
      workers.push(
        await createInferenceWorker(
          { ...wiring, identity: inferenceIdentity },
          { concurrency: options.inference.concurrency },
        ),
      );
    }
    if (options.light) {
      workers.push(await createLightWorker({ ...wiring, identity: lightIdentity }, options.workflowBundle));
    }
  } catch (error) {
    await connection.close();
    throw error;
  }
  const stopAll = (): void => {
    for (const worker of workers) {
      if (worker.getState() === 'RUNNING') {
        worker.shutdown();
      }
    }
  };
  const finished = (async () => {
    // One crashed worker stops the others: a process serving half its role is worse than none.
    const results = await Promise.allSettled(
      workers.map((worker) =>
        worker.run().catch((error: unknown) => {
          stopAll();
          throw error;
        }),
      ),
    );
    await connection.close().catch(() => undefined);
    const crashed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (crashed !== undefined) {
      throw crashed.reason;
    }
  })();
  return {
    identities: workers.map((worker) => worker.options.identity),
    finished,
    async shutdown() {
      stopAll();
      await finished;
    },
  };
}
