import type { Client, WorkflowHandle } from '@temporalio/client';
import { evaluationWorkflowId } from '../temporal/names';
import { progressQuery, type RunProgress } from '../workflows/definitions';
import type { evaluationWorkflow } from '../workflows/evaluationWorkflow';

/** Handle of a run's workflow (the latest execution of its continue-as-new chain). */
export function runHandle(client: Client, runId: string): WorkflowHandle<typeof evaluationWorkflow> {
  return client.workflow.getHandle<typeof evaluationWorkflow>(evaluationWorkflowId(runId));
}

/**
 * The run's progress, or undefined when it cannot be had within `timeoutMs` (no worker serves the
 * workflow's task queue, the run is closed, the server is unreachable).
 */
export async function queryProgress(
  client: Client,
  handle: WorkflowHandle<typeof evaluationWorkflow>,
  timeoutMs = 3_000,
): Promise<RunProgress | undefined> {
  try {
    return await client.withDeadline(Date.now() + timeoutMs, () => handle.query(progressQuery));
  } catch {
    return undefined;
  }
}

/** The Temporal status of the run's latest execution, or undefined when Temporal has none. */
export async function workflowStatus(handle: WorkflowHandle): Promise<string | undefined> {
  try {
    return (await handle.describe()).status.name;
  } catch {
    return undefined;
  }
}
