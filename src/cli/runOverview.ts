import type { Client } from '@temporalio/client';
import { RunNotFoundError } from '../errors';
import type { ResultStore, RunCounts, RunRecord } from '../store/types';
import { VQA_STATUS } from '../temporal/searchAttributes';
import type { RunProgress } from '../workflows/definitions';
import { queryProgress, runHandle } from './runHandle';

/** What the store and Temporal know about a run (for `status`). */
export interface RunOverview {
  runId: string;
  stored?: RunRecord & { counts: RunCounts };
  temporal?: {
    workflowId: string;
    status: string;
    /** The VqaStatus search attribute (running, paused, aggregating, completed, ...). */
    vqaStatus?: string;
    startTime: string;
    closeTime?: string;
    historyLength: number;
    progress?: RunProgress;
  };
}

/**
 * Collects a run's overview. `client` may be undefined (Temporal unreachable): the store still
 * answers. Throws RunNotFoundError when neither knows the run.
 */
export async function runOverview(
  store: ResultStore,
  client: Client | undefined,
  runId: string,
): Promise<RunOverview> {
  const record = store.getRun(runId);
  const overview: RunOverview = {
    runId,
    ...(record === undefined ? {} : { stored: { ...record, counts: store.counts(runId) } }),
  };
  if (client !== undefined) {
    const handle = runHandle(client, runId);
    try {
      const description = await handle.describe();
      const running = description.status.name === 'RUNNING';
      const progress = running ? await queryProgress(client, handle) : undefined;
      const vqaStatus = description.typedSearchAttributes.get(VQA_STATUS);
      overview.temporal = {
        workflowId: handle.workflowId,
        status: description.status.name,
        ...(vqaStatus === undefined ? {} : { vqaStatus }),
        startTime: description.startTime.toISOString(),
        ...(description.closeTime === undefined ? {} : { closeTime: description.closeTime.toISOString() }),
        historyLength: description.historyLength,
        ...(progress === undefined ? {} : { progress }),
      };
    } catch {
      // Not known to Temporal (or no longer): the store's record stands alone.
    }
  }
  if (overview.stored === undefined && overview.temporal === undefined) {
    throw new RunNotFoundError(runId, 'the result store or Temporal');
  }
  return overview;
}
