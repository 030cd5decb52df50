import type { DatasetItem } from '../schemas/dataset';
import type { Report } from '../schemas/report';
import type { ResultStore } from '../store/types';
import { buildReport } from './buildReport';

/**
 * Builds the report of `runId` from the store (and the dataset's items, for accuracy); undefined when
 * the store has no such run.
 */
export function buildReportFromStore(
  store: ResultStore,
  runId: string,
  options: {
    items?: ReadonlyArray<Pick<DatasetItem, 'questionId' | 'reference' | 'category'>>;
    generatedAt?: Date;
  } = {},
): Report | undefined {
  const run = store.getRun(runId);
  if (run === undefined) return undefined;
  return buildReport({ run, answers: store.answers(runId), ...options });
}
