import { ApplicationFailure } from '@temporalio/activity';
import type { VqaEngine } from '../engine/types';
import type { ResultStore } from '../store/types';
import { createAggregateActivity } from './aggregateActivity';
import { createQuarantineActivity, createRecordRunStatusActivity } from './bookkeepingActivities';
import { DatasetCache, type DatasetLoader } from './datasetCache';
import { createPlanActivity } from './planActivity';
import { createRunBatchActivity } from './runBatchActivity';
import type { BatchInput, BatchResult } from './types';

/** Heavy resources the activities use, loaded once per worker process and injected here. */
export interface ActivityDeps {
  store: ResultStore;
  /** The loaded model; only inference workers have one (and only they run `runBatch`). */
  engine?: VqaEngine;
  /** Stored with every answer this process produces. */
  workerIdentity: string;
  device: string;
  /** Reads a dataset (src/dataset `loadDataset`); each run's dataset is loaded once per process. */
  loadDataset: DatasetLoader;
  /** Root of the run folders: reports go to `<dataDir>/runs/<runId>/`. */
  dataDir: string;
  /** Least time between two batch heartbeats (default 1 s). */
  heartbeatIntervalMs?: number;
}

/**
 * Every activity of the evaluation workflow, bound to one process's resources: `plan`, `runBatch`,
 * `quarantine`, `recordRunStatus` and `aggregate`. The light worker registers all but `runBatch`;
 * an inference worker registers `runBatch` only.
 */
export function createActivities(deps: ActivityDeps) {
  const datasets = new DatasetCache(deps.loadDataset);
  const engine = deps.engine;
  const runBatch: (input: BatchInput) => Promise<BatchResult> =
    engine === undefined
      ? () =>
          Promise.reject(
            ApplicationFailure.retryable(
              `worker ${deps.workerIdentity} holds no engine and cannot run batches`,
              'NO_ENGINE',
            ),
          )
      : createRunBatchActivity({
          store: deps.store,
          engine,
          datasets,
          workerIdentity: deps.workerIdentity,
          device: deps.device,
          heartbeatIntervalMs: deps.heartbeatIntervalMs,
        });
  return {
    plan: createPlanActivity({ store: deps.store, datasets }),
    runBatch,
    quarantine: createQuarantineActivity(deps),
    recordRunStatus: createRecordRunStatusActivity(deps),
    aggregate: createAggregateActivity({ store: deps.store, dataDir: deps.dataDir, datasets }),
  };
}

/** The activities as the workflow sees them (`import type` only). */
export type VqaActivities = ReturnType<typeof createActivities>;
