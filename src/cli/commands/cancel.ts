import type { Command } from 'commander';
import { z } from 'zod';
import { connectClient } from '../../temporal/client';
import { globalSettings } from '../globalOptions';
import { parseFlags } from '../parseFlags';
import { runHandle, workflowStatus } from '../runHandle';
import { watchRun } from '../watchRun';

const CancelFlagsSchema = z.object({ wait: z.boolean().default(true) }).strict();

/** `vqa-eval cancel RUN`: cancel a run; in-flight batches are cancelled, stored answers stay. */
export function registerCancelCommand(program: Command): void {
  program
    .command('cancel')
    .description(
      'cancel a run: in-flight batches are cancelled, stored answers stay, the run is marked cancelled',
    )
    .argument('<run>', 'run id')
    .option('--no-wait', 'return once the cancellation is requested')
    .action(async (runId: string, raw: unknown, command: Command) => {
      const flags = parseFlags('cancel', CancelFlagsSchema, raw);
      const settings = globalSettings(command);
      const { client, connection } = await connectClient(settings.temporal);
      try {
        const handle = runHandle(client, runId);
        const status = await workflowStatus(handle);
        if (status !== 'RUNNING') {
          console.log(`Run ${runId} is not running (${status ?? 'unknown to Temporal'}); nothing to cancel.`);
          process.exitCode = status === undefined ? 1 : 0;
          return;
        }
        await handle.cancel();
        console.log(`Cancellation of run ${runId} requested.`);
        if (flags.wait) {
          // The workflow ends once a worker processes the cancellation: give up waiting after a minute.
          const outcome = await watchRun(client, runId, { signal: AbortSignal.timeout(60_000) });
          console.log(
            outcome.kind === 'ended'
              ? `Run ${runId} ${outcome.status}.`
              : outcome.kind === 'detached'
                ? `Run ${runId} has not ended yet: it will once a worker processes the cancellation.`
                : `Run ${runId} completed before the cancellation took effect.`,
          );
        }
      } finally {
        await connection.close();
      }
    });
}
