import { buildReportFromStore } from '../report/reportFromStore';
import { writeReportFiles } from '../report/writeReportFiles';
import type { DatasetItem } from '../schemas/dataset';
import { runDirectory } from '../store/paths';
import type { ResultStore } from '../store/types';
import type { DatasetCache } from './datasetCache';
import { requireRun } from './runRecord';
import { withActivityFailures } from './toActivityFailure';
import type { AggregateInput, HeadlineMetrics } from './types';

/**
 * The `aggregate` activity: marks the run completed, builds its report from the store (accuracy
 * from the dataset's references), writes report.json and report.md into the run folder and returns
 * the headline numbers. Idempotent: a retry rewrites the same report.
 */
export function createAggregateActivity(deps: {
  store: ResultStore;
  dataDir: string;
  datasets: DatasetCache;
}): (input: AggregateInput) => Promise<HeadlineMetrics> {
  return (input) =>
    withActivityFailures(async () => {
      const run = requireRun(deps.store, input.runId);
      const items = await datasetItems(deps.datasets, run.spec);
      deps.store.setRunStatus(input.runId, 'completed');
      const report = buildReportFromStore(deps.store, input.runId, items === undefined ? {} : { items });
      if (report === undefined) {
        requireRun(deps.store, input.runId);
        throw new Error(`run ${input.runId} vanished from the store while aggregating`);
      }
      const files = await writeReportFiles(runDirectory(input.runId, deps.dataDir), report);
      return {
        runId: input.runId,
        totalQuestions: report.questions.total,
        answered: report.questions.answered,
        failed: report.questions.failed,
        accuracy: report.accuracy?.exactMatch ?? null,
        questionsPerSecond: report.throughput.questionsPerSecond ?? 0,
        wallSeconds: report.wallSeconds ?? 0,
        reportJsonPath: files.jsonPath,
        reportMarkdownPath: files.markdownPath,
      };
    });
}

/** The dataset's items for accuracy; undefined (a report without accuracy) when it cannot be read as stored. */
async function datasetItems(
  datasets: DatasetCache,
  spec: Parameters<DatasetCache['get']>[0],
): Promise<DatasetItem[] | undefined> {
  try {
    return (await datasets.get(spec)).dataset.items;
  } catch {
    return undefined;
  }
}
