import { RunNotFoundError } from '../errors';
import type { ResultStore, RunRecord } from '../store/types';

/** The run as stored, or RunNotFoundError naming the data folder whose store was searched. */
export function storedRunOrThrow(store: ResultStore, runId: string, dataDir: string): RunRecord {
  const run = store.getRun(runId);
  if (run === undefined) {
    throw new RunNotFoundError(runId, `the result store of ${dataDir}`);
  }
  return run;
}
