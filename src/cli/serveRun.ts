import type { Client } from '@temporalio/client';
import { loadDataset } from '../dataset/loadDataset';
import type { VqaEngine } from '../engine/types';
import type { ResultStore } from '../store/types';
import { isLocalAddress, splitAddress } from '../temporal/connectionConfig';
import { evaluationWorkflowId } from '../temporal/names';
import { startWorkers, type RunningWorkers } from '../worker/startWorkers';
import type { GlobalSettings } from './globalOptions';
import { describeOutcome } from './printOutcome';
import { watchRun, type WatchOutcome } from './watchRun';

/** How a command that follows a run ended. */
export interface ExecutedRun {
  runId: string;
  outcome: WatchOutcome;
  exitCode: number;
}

/** What {@link serveAndWatch} needs: a started run and, optionally, a loaded engine to serve it with. */
export interface ServeOptions {
  client: Client;
  settings: GlobalSettings;
  store: ResultStore;
  runId: string;
  /** Serve the run with an in-process worker (light + inference) holding this engine; none when undefined. */
  engine?: VqaEngine;
  /** The command a user would run to serve the run from another process. */
  workerHint: string;
  /** Ctrl+C: stop following (and serving); the run goes on in Temporal. */
  signal: AbortSignal;
  log: (line: string) => void;
}

/**
 * Prints where to see the run in the Temporal UI, serves it with an in-process worker when an engine
 * is given (otherwise says which worker it waits for), follows its progress until it ends or the user
 * detaches, and prints how it ended. The in-process worker stops before this returns.
 */
export async function serveAndWatch(options: ServeOptions): Promise<ExecutedRun> {
  const { settings, runId, log } = options;
  if (isLocalAddress(settings.temporal.address)) {
    const uiPort = splitAddress(settings.temporal.address).port + 1000;
    log(
      `Temporal UI: http://localhost:${uiPort}/namespaces/${settings.temporal.namespace}/workflows/` +
        encodeURIComponent(evaluationWorkflowId(runId)),
    );
  }
  let workers: RunningWorkers | undefined;
  try {
    if (options.engine !== undefined) {
      workers = await startWorkers({
        connection: settings.temporal,
        store: options.store,
        dataDir: settings.dataDir,
        loadDataset,
        light: true,
        inference: { engine: options.engine },
      });
    } else {
      log(`No in-process worker (--no-worker): the run waits for one: ${options.workerHint}`);
    }
    const outcome = await watchRun(options.client, runId, { signal: options.signal });
    const described = describeOutcome(outcome, runId, workers === undefined ? undefined : options.workerHint);
    described.lines.forEach((line) => log(line));
    return { runId, outcome, exitCode: described.exitCode };
  } finally {
    await workers?.shutdown().catch(() => undefined);
  }
}
