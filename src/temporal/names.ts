/**
 * Names shared by the client, the workers and the workflow. Pure constants: the workflow bundle
 * imports this file, so it must not import Node modules.
 */

/** Task queue of the light worker: workflow tasks plus the plan, aggregate and bookkeeping activities. */
export const LIGHT_TASK_QUEUE = 'vqa-eval';

/** Task queue of the inference workers: only batch activities, polled by processes that hold a model. */
export const INFERENCE_TASK_QUEUE = 'vqa-eval-inference';

/** Registered name of the evaluation workflow (the exported function's name). */
export const EVALUATION_WORKFLOW_TYPE = 'evaluationWorkflow';

/** Deterministic workflow id of a run: starting the same run twice attaches to one execution. */
export function evaluationWorkflowId(runId: string): string {
  return `vqa-eval-run-${runId}`;
}
