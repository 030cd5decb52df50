import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadDataset } from '../../dataset/loadDataset';
import { RunNotFoundError } from '../../errors';
import { buildReportFromStore } from '../../report/reportFromStore';
import { renderReportMarkdown } from '../../report/renderReportMarkdown';
import { ReportSchema, type Report } from '../../schemas/report';
import type { DatasetItem } from '../../schemas/dataset';
import { resultsDatabaseFile, runDirectory } from '../../store/paths';
import { openResultStore } from '../../store/sqliteStore';
import type { ResultStore, RunRecord } from '../../store/types';
import { globalSettings } from '../globalOptions';
import { parseFlags } from '../parseFlags';
import { storedRunOrThrow } from '../storedRun';

const ReportFlagsSchema = z.object({ json: z.boolean().default(false) }).strict();

/** `vqa-eval report RUN`: the run's report (Markdown, or JSON with --json). */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      "print a run's report: the one written when it completed, or one built now from the stored " +
        'results while it is still going',
    )
    .argument('<run>', 'run id')
    .option('--json', 'print the report JSON')
    .action(async (runId: string, raw: unknown, command: Command) => {
      const flags = parseFlags('report', ReportFlagsSchema, raw);
      const settings = globalSettings(command);
      const store = openResultStore(resultsDatabaseFile(settings.dataDir));
      try {
        const run = storedRunOrThrow(store, runId, settings.dataDir);
        const report = writtenReport(run, settings.dataDir) ?? (await liveReport(store, run));
        process.stdout.write(
          flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderReportMarkdown(report),
        );
      } finally {
        store.close();
      }
    });
}

/** The report.json the aggregate activity wrote, when the run completed. */
function writtenReport(run: RunRecord, dataDir: string): Report | undefined {
  const file = path.join(runDirectory(run.runId, dataDir), 'report.json');
  if (run.status !== 'completed' || !existsSync(file)) {
    return undefined;
  }
  return ReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** A report of what the store holds now (with accuracy when the dataset can still be read). */
async function liveReport(store: ResultStore, run: RunRecord): Promise<Report> {
  let items: DatasetItem[] | undefined;
  try {
    items = (
      await loadDataset(
        run.spec.questionsPath === undefined
          ? { path: run.spec.datasetPath }
          : { path: run.spec.datasetPath, questionsPath: run.spec.questionsPath },
      )
    ).items;
  } catch {
    items = undefined;
  }
  const report = buildReportFromStore(store, run.runId, items === undefined ? {} : { items });
  if (report === undefined) {
    throw new RunNotFoundError(run.runId, 'the result store');
  }
  return report;
}
