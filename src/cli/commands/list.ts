import Table from 'cli-table3';
import type { Command } from 'commander';
import { z } from 'zod';
import { resultsDatabaseFile } from '../../store/paths';
import { openResultStore } from '../../store/sqliteStore';
import { globalSettings } from '../globalOptions';
import { parseFlags } from '../parseFlags';

const ListFlagsSchema = z.object({ json: z.boolean().default(false) }).strict();

/** `vqa-eval list`: the runs of the data folder, newest first. */
export function registerListCommand(program: Command): void {
  program
    .command('list')
    .description('list the runs of the data folder, newest first')
    .option('--json', 'print JSON')
    .action((raw: unknown, command: Command) => {
      const flags = parseFlags('list', ListFlagsSchema, raw);
      const settings = globalSettings(command);
      const store = openResultStore(resultsDatabaseFile(settings.dataDir));
      try {
        const runs = store.listRuns().map((run) => ({ ...run, counts: store.counts(run.runId) }));
        if (flags.json) {
          console.log(JSON.stringify(runs, null, 2));
          return;
        }
        if (runs.length === 0) {
          console.log(`No runs in ${settings.dataDir}. Try: vqa-eval demo`);
          return;
        }
        const table = new Table({
          head: ['run', 'status', 'model', 'answered', 'failed', 'total', 'created'],
          // Colors only on a terminal: piped output stays plain text.
          ...(process.stdout.isTTY ? {} : { style: { head: [], border: [] } }),
        });
        for (const run of runs) {
          table.push([
            run.runId,
            run.status,
            run.spec.model,
            run.counts.answered,
            run.counts.failed,
            run.totalQuestions,
            run.createdAt.replace('T', ' ').slice(0, 19),
          ]);
        }
        console.log(table.toString());
      } finally {
        store.close();
      }
    });
}
