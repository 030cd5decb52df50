import { proxyActivities } from '@temporalio/workflow';
import type { VqaActivities } from '../../../src/activities/createActivities';
import type { EvaluationInput } from '../../../src/workflows/definitions';

/**
 * A deliberately changed evaluation workflow (aggregates before planning), registered under the
 * same name: replaying a recorded history against it must fail, which shows the replay test would
 * catch a nondeterministic change.
 */
export async function evaluationWorkflow(input: EvaluationInput): Promise<unknown> {
  const { aggregate } = proxyActivities<VqaActivities>({
    taskQueue: 'vqa-eval',
    startToCloseTimeout: '1 minute',
  });
  return aggregate({ runId: input.spec.runId });
}
