import { RunNotFoundError } from '../errors';
import type { ResultStore, RunRecord } from '../store/types';

/** The stored run, or RunNotFoundError (a run is stored by the CLI before its workflow starts). */
export function requireRun(store: ResultStore, runId: string): RunRecord {
  const run = store.getRun(runId);
  if (run === undefined) {
    throw new RunNotFoundError(runId, 'the result store');
  }
  return run;
}
