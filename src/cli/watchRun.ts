import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { EvaluationResult } from '../workflows/definitions';
import type { evaluationWorkflow } from '../workflows/evaluationWorkflow';
import { ProgressDisplay } from './progressDisplay';
import { queryProgress, runHandle } from './runHandle';

/** How watching a run ended. */
export type WatchOutcome =
  | { kind: 'completed'; result: EvaluationResult }
  | { kind: 'ended'; status: 'failed' | 'cancelled' | 'terminated' | 'timed out'; message: string }
  | { kind: 'detached' };

/** Options of {@link watchRun}. */
export interface WatchOptions {
  /** Aborting stops watching (Ctrl+C); the run goes on. */
  signal?: AbortSignal;
  stream?: NodeJS.WriteStream;
  /** How often progress is queried (default 1 s). */
  pollMs?: number;
  /**
   * How long Temporal may stay unreachable (a server restart) before watching gives up with a
   * `failed` outcome (default 10 minutes). The run itself is not affected either way.
   */
  unreachableLimitMs?: number;
}

/**
 * Shows a run's progress (from the `progress` query) until its workflow closes or `signal` aborts
 * (Ctrl+C: the run goes on without us). Follows continue-as-new, and rides out a Temporal server
 * that goes away and comes back (the run's history is in the server's database).
 */
export async function watchRun(
  client: Client,
  runId: string,
  options: WatchOptions = {},
): Promise<WatchOutcome> {
  const handle = runHandle(client, runId);
  const display = new ProgressDisplay(options.stream ?? process.stderr);
  const notes = new Set<string>();
  const noteOnce = (text: string): void => {
    if (!notes.has(text)) {
      notes.add(text);
      display.note(text);
    }
  };
  const closed = waitForClose(handle, options, noteOnce);
  let outcome: WatchOutcome | undefined;
  void closed.then((value) => {
    outcome = value;
  });
  try {
    while (outcome === undefined) {
      if (options.signal?.aborted === true) {
        return { kind: 'detached' };
      }
      const progress = await queryProgress(client, handle);
      if (progress !== undefined) {
        display.update(progress);
      } else if (outcome === undefined) {
        noteOnce(
          `(no progress answer yet for ${runId}: is a worker running? \`vqa-eval worker --model DIR\`)`,
        );
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

/**
 * The run's end: waits on the workflow result, and when the wait breaks for another reason than the
 * workflow closing (the server restarting, a dropped connection) waits again, until Temporal has been
 * unreachable for longer than the limit. Resolves `detached` when `signal` aborts.
 */
async function waitForClose(
  handle: WorkflowHandle<typeof evaluationWorkflow>,
  options: WatchOptions,
  note: (text: string) => void,
): Promise<WatchOutcome> {
  const limitMs = options.unreachableLimitMs ?? 10 * 60_000;
  let unreachableSince: number | undefined;
  for (;;) {
    if (options.signal?.aborted === true) {
      return { kind: 'detached' };
    }
    const attemptStarted = Date.now();
    try {
      return { kind: 'completed', result: await handle.result() };
    } catch (error) {
      if (error instanceof WorkflowFailedError) {
        return endedOutcome(error);
      }
      if (error instanceof WorkflowNotFoundError) {
        return {
          kind: 'ended',
          status: 'failed',
          message: `the workflow is unknown to Temporal (${error.message})`,
        };
      }
      // A wait that held for a while before breaking had a server: this outage starts now.
      if (Date.now() - attemptStarted > 5_000) {
        unreachableSince = undefined;
      }
      unreachableSince ??= attemptStarted;
      if (Date.now() - unreachableSince > limitMs) {
        return {
          kind: 'ended',
          status: 'failed',
          message: `lost contact with Temporal for over ${Math.round(limitMs / 1000)} s: ${describe(error)}`,
        };
      }
      note(`(Temporal not reachable: ${describe(error)}; waiting for it to come back)`);
      await sleep(1_000, undefined, { signal: options.signal }).catch(() => undefined);
      continue;
    }
  }
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function endedOutcome(error: WorkflowFailedError): WatchOutcome {
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
