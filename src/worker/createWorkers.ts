import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { VqaActivities } from '../activities/createActivities';
import { INFERENCE_TASK_QUEUE, LIGHT_TASK_QUEUE } from '../temporal/names';
import { workflowsPath } from './workflowsPath';

/** What both kinds of worker need. */
export interface WorkerWiring {
  connection: NativeConnection;
  namespace: string;
  activities: VqaActivities;
  identity: string;
}

/**
 * The light worker: runs the evaluation workflow and the cheap activities (plan, quarantine, run
 * status, aggregate) on the light task queue. Needs no model. Pass `workflowBundle` (from
 * `bundleWorkflowCode`) to reuse one bundle across workers; otherwise the workflows are bundled here.
 */
export async function createLightWorker(
  wiring: WorkerWiring,
  workflowBundle?: WorkerOptions['workflowBundle'],
): Promise<Worker> {
  const { plan, aggregate, quarantine, recordRunStatus } = wiring.activities;
  return Worker.create({
    connection: wiring.connection,
    namespace: wiring.namespace,
    taskQueue: LIGHT_TASK_QUEUE,
    identity: wiring.identity,
    ...(workflowBundle === undefined ? { workflowsPath: workflowsPath() } : { workflowBundle }),
    activities: { plan, aggregate, quarantine, recordRunStatus },
    // Aggregating reads every answer; a few at once is plenty on a shared machine.
    maxConcurrentActivityTaskExecutions: 4,
  });
}

/**
 * The inference worker: polls only the inference task queue, with as many batch activities at once
 * as the engine can run (`concurrency`, 1 by default: one batch at a time per loaded model). Started
 * batches get `shutdownGraceMs` to finish when the worker shuts down before they are cancelled (and
 * retried elsewhere).
 */
export async function createInferenceWorker(
  wiring: WorkerWiring,
  options: { concurrency?: number; shutdownGraceMs?: number } = {},
): Promise<Worker> {
  return Worker.create({
    connection: wiring.connection,
    namespace: wiring.namespace,
    taskQueue: INFERENCE_TASK_QUEUE,
    identity: wiring.identity,
    activities: { runBatch: wiring.activities.runBatch },
    maxConcurrentActivityTaskExecutions: options.concurrency ?? 1,
    shutdownGraceTime: options.shutdownGraceMs ?? 0,
    // Heartbeats carry cancellation back: send one at least every 5 s (not 0.8 x the heartbeat
    // timeout), so a cancelled run stops its in-flight batch within seconds.
    maxHeartbeatThrottleInterval: '5 seconds',
  });
}
