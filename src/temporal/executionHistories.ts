import type { Client, WorkflowHandle } from '@temporalio/client';

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

/** One execution of a workflow's continue-as-new chain. */
export interface ExecutionHistory {
  runId: string;
  /** Events in its history. */
  events: number;
}

/**
 * The history length of every execution of a workflow's continue-as-new chain, first to last
 * (following each execution's ContinuedAsNew event to the next). Shows that a long run keeps each
 * history small.
 */
export async function chainHistoryLengths(client: Client, workflowId: string): Promise<ExecutionHistory[]> {
  const latest = await client.workflow.getHandle(workflowId).describe();
  const chain: ExecutionHistory[] = [];
  let runId: string | undefined = latest.raw.workflowExecutionInfo?.firstRunId || latest.runId;
  while (runId !== undefined && runId !== '') {
    const history: History = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events: HistoryEvent[] = history.events ?? [];
    chain.push({ runId, events: events.length });
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return chain;
}
