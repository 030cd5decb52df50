import type { Command } from 'commander';
import { z } from 'zod';
import { resultsDatabaseFile } from '../../store/paths';
import { openResultStore } from '../../store/sqliteStore';
import { connectClient, probeServer, type ConnectedClient } from '../../temporal/client';
import { globalSettings } from '../globalOptions';
import { parseFlags } from '../parseFlags';
import { progressLine } from '../progressDisplay';
import { runOverview, type RunOverview } from '../runOverview';

const StatusFlagsSchema = z.object({ json: z.boolean().default(false) }).strict();

/** `vqa-eval status RUN`: the stored counts, the workflow's state and live progress. */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description("a run's status: stored answers and failures, the workflow's state and live progress")
    .argument('<run>', 'run id')
    .option('--json', 'print JSON')
    .action(async (runId: string, raw: unknown, command: Command) => {
      const flags = parseFlags('status', StatusFlagsSchema, raw);
      const settings = globalSettings(command);
      const store = openResultStore(resultsDatabaseFile(settings.dataDir));
      let connected: ConnectedClient | undefined;
      try {
        if (await probeServer(settings.temporal)) {
          connected = await connectClient(settings.temporal);
        }
        const overview = await runOverview(store, connected?.client, runId);
        console.log(
          flags.json ? JSON.stringify(overview, null, 2) : statusText(overview, connected !== undefined),
        );
      } finally {
        store.close();
        await connected?.connection.close();
      }
    });
}

/** Workflow states after which `resume` starts a new execution. */
const ENDED_EARLY = new Set(['TERMINATED', 'TIMED_OUT', 'FAILED', 'CANCELED', 'CANCELLED']);

function statusText(overview: RunOverview, temporalReachable: boolean): string {
  const lines = [`Run ${overview.runId}`];
  const stored = overview.stored;
  if (stored !== undefined) {
    lines.push(
      `  status      ${stored.status}${stored.finishedAt === undefined ? '' : ` (finished ${stored.finishedAt})`}`,
      `  model       ${stored.spec.model} (${stored.spec.modelDir})`,
      `  dataset     ${stored.spec.datasetPath}`,
      `  questions   ${stored.totalQuestions}: answered ${stored.counts.answered}, failed ${stored.counts.failed}, ` +
        `left ${Math.max(0, stored.totalQuestions - stored.counts.answered - stored.counts.failed)}`,
      `  settings    batch size ${stored.spec.batchSize}, window ${stored.spec.window}, ` +
        `max new tokens ${stored.spec.generation.maxNewTokens}`,
      `  created     ${stored.createdAt}`,
    );
  } else {
    lines.push('  (not in the result store of this data folder)');
  }
  const temporal = overview.temporal;
  if (temporal !== undefined) {
    lines.push(
      `  workflow    ${temporal.workflowId}: ${temporal.status}${temporal.vqaStatus === undefined ? '' : ` (${temporal.vqaStatus})`}, ` +
        `history ${temporal.historyLength} events`,
    );
    if (temporal.progress !== undefined) {
      lines.push(`  progress    ${progressLine(temporal.progress)}`);
    }
    if (
      temporal.status === 'RUNNING' &&
      (temporal.vqaStatus === 'paused' || temporal.progress?.paused === true)
    ) {
      lines.push(`  paused      no new batch starts until: vqa-eval unpause ${overview.runId}`);
    }
    if (
      ENDED_EARLY.has(temporal.status) &&
      stored !== undefined &&
      stored.counts.answered < stored.totalQuestions
    ) {
      lines.push(
        `  next        vqa-eval resume ${overview.runId} (answers only the questions still missing)`,
      );
    }
  } else {
    lines.push(
      temporalReachable ? '  workflow    (unknown to Temporal)' : '  workflow    (Temporal not reachable)',
    );
  }
  return lines.join('\n');
}
