import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadDataset } from '../../dataset/loadDataset';
import { RunNotFoundError } from '../../errors';
import type { DatasetItem } from '../../schemas/dataset';
import { resultsDatabaseFile } from '../../store/paths';
import { openResultStore } from '../../store/sqliteStore';
import type { RunRecord } from '../../store/types';
import { csvLine } from '../csv';
import { EXPORT_COLUMNS, exportRow } from '../exportRows';
import { globalSettings } from '../globalOptions';
import { parseFlags } from '../parseFlags';

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
        const run = store.getRun(runId);
        if (run === undefined) {
          throw new RunNotFoundError(runId, `the result store of ${settings.dataDir}`);
        }
        const items = await datasetItems(run);
        const out = flags.output === undefined ? process.stdout : createWriteStream(flags.output);
        if (flags.format === 'csv') {
          out.write(`${csvLine(EXPORT_COLUMNS)}\n`);
        }
        for (const answer of store.answers(runId)) {
          const row = exportRow(answer, items.get(answer.questionId));
          const line =
            flags.format === 'csv'
              ? csvLine(EXPORT_COLUMNS.map((column) => row[column]))
              : JSON.stringify(row);
          if (!out.write(`${line}\n`)) {
            await once(out, 'drain');
          }
        }
        if (out !== process.stdout) {
          out.end();
          await once(out, 'finish');
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
