import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { connectClient } from '../../temporal/client';
import { pauseSignal, resumeSignal } from '../../workflows/definitions';
import { globalSettings } from '../globalOptions';
import { queryProgress, runHandle, workflowStatus } from '../runHandle';

/** How long to wait for the workflow to confirm a pause or unpause before saying it is only requested. */
const CONFIRM_TIMEOUT_MS = 10_000;

/**
 * `vqa-eval pause RUN` and `vqa-eval unpause RUN`: no new batch starts while paused (batches in flight
 * finish and are stored); the Temporal UI shows VqaStatus = paused. A pause survives continue-as-new.
 */
export function registerPauseCommands(program: Command): void {
  program
    .command('pause')
    .description('pause a run: batches in flight finish, no new one starts until `vqa-eval unpause RUN`')
    .argument('<run>', 'run id')
    .action(async (runId: string, _raw: unknown, command: Command) => {
      await signalRun(command, runId, true);
    });
  program
    .command('unpause')
    .description('let a paused run start batches again')
    .argument('<run>', 'run id')
    .action(async (runId: string, _raw: unknown, command: Command) => {
      await signalRun(command, runId, false);
    });
}

async function signalRun(command: Command, runId: string, pause: boolean): Promise<void> {
  const verb = pause ? 'pause' : 'unpause';
  const settings = globalSettings(command);
  const { client, connection } = await connectClient(settings.temporal);
  try {
    const handle = runHandle(client, runId);
    const status = await workflowStatus(handle);
    if (status !== 'RUNNING') {
      console.log(`Run ${runId} is not running (${status ?? 'unknown to Temporal'}); nothing to ${verb}.`);
      process.exitCode = status === undefined ? 1 : 0;
      return;
    }
    await handle.signal(pause ? pauseSignal : resumeSignal);
    if (await confirmed(client, runId, pause)) {
      console.log(
        pause
          ? `Run ${runId} paused: batches in flight finish, no new batch starts. Continue with: vqa-eval unpause ${runId}`
          : `Run ${runId} unpaused: batches start again.`,
      );
    } else {
      console.log(
        `${pause ? 'Pause' : 'Unpause'} of run ${runId} requested; it takes effect when a worker serves the run ` +
          `(see: vqa-eval status ${runId}).`,
      );
    }
  } finally {
    await connection.close();
  }
}

/** True once the run's progress shows the wanted pause state (a worker has handled the signal). */
async function confirmed(client: Client, runId: string, paused: boolean): Promise<boolean> {
  const handle = runHandle(client, runId);
  const deadline = Date.now() + CONFIRM_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const progress = await queryProgress(client, handle, 2_000);
    if (progress?.paused === paused) {
      return true;
    }
    await sleep(200);
  }
  return false;
}
