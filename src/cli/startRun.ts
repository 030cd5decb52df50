import type { Client } from '@temporalio/client';
import { deterministicRunId, runManifestHash } from '../dataset/runHash';
import { RunSpecMismatchError } from '../errors';
import type { Dataset } from '../schemas/dataset';
import { RunSpecSchema, type RunSpec } from '../schemas/runSpec';
import type { ResultStore } from '../store/types';
import { LIGHT_TASK_QUEUE, evaluationWorkflowId } from '../temporal/names';
import { VQA_DATASET_HASH, VQA_MODEL, VQA_RUN_ID, VQA_STATUS } from '../temporal/searchAttributes';
import type { EvaluationTuning } from '../workflows/definitions';
import { evaluationWorkflow } from '../workflows/evaluationWorkflow';
import type { ModelIdentity } from './modelIdentity';
import { runHandle, workflowStatus } from './runHandle';
import { generationFromFlags, type RunFlags } from './runFlags';

/** The run spec of validated flags, a loaded dataset and the model's identity. */
export function buildRunSpec(flags: RunFlags, dataset: Dataset, model: ModelIdentity): RunSpec {
  const generation = generationFromFlags(flags);
  const manifestHash = runManifestHash(dataset.hash, model.modelHash, generation);
  return RunSpecSchema.parse({
    runId: flags.runId ?? deterministicRunId(manifestHash),
    // A manifest file alone, or a folder with its questions file: what loadDataset reads back the same.
    datasetPath: flags.questions === undefined ? dataset.source : dataset.root,
    ...(flags.questions === undefined ? {} : { questionsPath: dataset.source }),
    modelDir: model.modelDir,
    engine: flags.engine,
    batchSize: flags.batchSize,
    window: flags.window,
    generation,
    manifestHash,
    datasetHash: dataset.hash,
    modelHash: model.modelHash,
    model: model.model,
  });
}

/** How a start went. */
export interface StartedRun {
  spec: RunSpec;
  /** True when the run's workflow was already running and we attached to it. */
  attached: boolean;
}

/**
 * Stores the run and starts its workflow under the run's deterministic workflow id, or attaches when
 * that workflow is already running. A stored run with another manifest hash (dataset, model or
 * generation settings changed) is refused unless `force`; a running one is always refused then.
 * Starting a finished run again re-plans from the store: only questions without an answer are run.
 */
export async function startOrAttachRun(
  client: Client,
  store: ResultStore,
  spec: RunSpec,
  totalQuestions: number,
  options: { force?: boolean; tuning?: Partial<EvaluationTuning> } = {},
): Promise<StartedRun> {
  const handle = runHandle(client, spec.runId);
  const running = (await workflowStatus(handle)) === 'RUNNING';
  const stored = store.getRun(spec.runId);
  if (
    stored !== undefined &&
    stored.spec.manifestHash !== spec.manifestHash &&
    (running || options.force !== true)
  ) {
    throw new RunSpecMismatchError(
      spec.runId,
      'the manifest hash (dataset, model or generation settings)',
      stored.spec.manifestHash.slice(0, 12),
      spec.manifestHash.slice(0, 12),
    );
  }
  if (running) {
    return { spec: stored?.spec ?? spec, attached: true };
  }
  store.upsertRun({ runId: spec.runId, spec, status: 'running', totalQuestions });
  await client.workflow.start(evaluationWorkflow, {
    workflowId: evaluationWorkflowId(spec.runId),
    taskQueue: LIGHT_TASK_QUEUE,
    args: [{ spec, ...(options.tuning === undefined ? {} : { tuning: options.tuning }) }],
    // A start racing another start of the same run attaches instead of failing.
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    memo: { spec },
    typedSearchAttributes: [
      { key: VQA_RUN_ID, value: spec.runId },
      { key: VQA_MODEL, value: spec.model },
      { key: VQA_DATASET_HASH, value: spec.datasetHash },
      { key: VQA_STATUS, value: 'running' },
    ],
    staticSummary: `VQA evaluation ${spec.runId}: ${totalQuestions} questions, model ${spec.model}`,
  });
  return { spec, attached: false };
}
