import type { Command } from 'commander';
import { z } from 'zod';
import { loadDataset } from '../../dataset/loadDataset';
import type { DatasetItem } from '../../schemas/dataset';
import { exportAnswers, writeAnswersExport } from '../../store/exportAnswers';
import { resultsDatabaseFile } from '../../store/paths';
import { openResultStore } from '../../store/sqliteStore';
import type { RunRecord } from '../../store/types';
import { globalSettings } from '../globalOptions';
import { parseFlags } from '../parseFlags';
import { storedRunOrThrow } from '../storedRun';

const ExportFlagsSchema = z
  .object({
    format: z.enum(['jsonl', 'csv']),
    output: z.string().min(1).optional(),
  })
  .strict();

/** `vqa-eval export RUN --format jsonl|csv`: every stored result with its question, to stdout or a file. */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description("export a run's results (answers and failures, joined with their questions) as JSONL or CSV")
    .argument('<run>', 'run id')
    .requiredOption('--format <format>', 'jsonl or csv')
    .option('--output <file>', 'write here instead of stdout')
    .action(async (runId: string, raw: unknown, command: Command) => {
      const flags = parseFlags('export', ExportFlagsSchema, raw);
      const settings = globalSettings(command);
      const store = openResultStore(resultsDatabaseFile(settings.dataDir));
      try {
        const run = storedRunOrThrow(store, runId, settings.dataDir);
        const questions = await datasetItems(run);
        if (flags.output === undefined) {
          process.stdout.write(exportAnswers(store, runId, flags.format, { questions }));
        } else {
          writeAnswersExport(store, runId, flags.format, flags.output, { questions });
          console.error(`Wrote ${flags.output}`);
        }
      } finally {
        store.close();
      }
    });
}

/** The run's dataset items by question id; empty (with a warning) when the dataset cannot be read. */
async function datasetItems(run: RunRecord): Promise<Map<string, DatasetItem>> {
  try {
    const dataset = await loadDataset(
      run.spec.questionsPath === undefined
        ? { path: run.spec.datasetPath }
        : { path: run.spec.datasetPath, questionsPath: run.spec.questionsPath },
    );
    return new Map(dataset.items.map((item) => [item.questionId, item]));
  } catch (error) {
    console.error(
      `warning: dataset of ${run.runId} unreadable, exporting without questions: ${error instanceof Error ? error.message : String(error)}`,
    );
    return new Map();
  }
}
