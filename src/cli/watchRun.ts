import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import type { EvaluationResult } from '../workflows/definitions';
import { ProgressDisplay } from './progressDisplay';
import { queryProgress, runHandle } from './runHandle';

/** How watching a run ended. */
export type WatchOutcome =
  | { kind: 'completed'; result: EvaluationResult }
  | { kind: 'ended'; status: 'failed' | 'cancelled' | 'terminated' | 'timed out'; message: string }
  | { kind: 'detached' };

/**
 * Shows a run's progress (from the `progress` query) until its workflow closes or `signal` aborts
 * (Ctrl+C: the run goes on without us). Follows continue-as-new.
 */
export async function watchRun(
  client: Client,
  runId: string,
  options: { signal?: AbortSignal; stream?: NodeJS.WriteStream; pollMs?: number } = {},
): Promise<WatchOutcome> {
  const handle = runHandle(client, runId);
  const display = new ProgressDisplay(options.stream ?? process.stderr);
  const closed = handle.result().then(
    (result): WatchOutcome => ({ kind: 'completed', result }),
    (error: unknown): WatchOutcome => endedOutcome(error),
  );
  let outcome: WatchOutcome | undefined;
  void closed.then((value) => {
    outcome = value;
  });
  let warnedNoProgress = false;
  try {
    while (outcome === undefined) {
      if (options.signal?.aborted === true) {
        return { kind: 'detached' };
      }
      const progress = await queryProgress(client, handle);
      if (progress !== undefined) {
        display.update(progress);
      } else if (!warnedNoProgress && outcome === undefined) {
        display.note(
          `(no progress answer yet for ${runId}: is a worker running? \`vqa-eval worker --model DIR\`)`,
        );
        warnedNoProgress = true;
      }
      await Promise.race([
        closed,
        sleep(options.pollMs ?? 1_000, undefined, { signal: options.signal }).catch(() => undefined),
      ]);
    }
    return outcome;
  } finally {
    display.stop();
  }
}

function endedOutcome(error: unknown): WatchOutcome {
  if (error instanceof WorkflowFailedError) {
    const causeName = error.cause?.name ?? '';
    const status =
      causeName === 'CancelledFailure'
        ? 'cancelled'
        : causeName === 'TerminatedFailure'
          ? 'terminated'
          : causeName === 'TimeoutFailure'
            ? 'timed out'
            : 'failed';
    return { kind: 'ended', status, message: error.cause?.message ?? error.message };
  }
  return { kind: 'ended', status: 'failed', message: error instanceof Error ? error.message : String(error) };
}
