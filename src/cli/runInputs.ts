import { loadDataset } from '../dataset/loadDataset';
import { runManifestHash } from '../dataset/runHash';
import { RunSpecMismatchError } from '../errors';
import type { Dataset } from '../schemas/dataset';
import type { RunSpec } from '../schemas/runSpec';
import type { ModelIdentity } from './modelIdentity';

/** A stored run's inputs as they are on disk now. */
export interface CurrentInputs {
  dataset: Dataset;
  model: ModelIdentity;
  /** The manifest hash of today's files with the stored generation settings. */
  manifestHash: string;
}

/** Reads the stored run's dataset again (InputValidationError naming what broke) and hashes it with `model`. */
export async function currentInputs(spec: RunSpec, model: ModelIdentity): Promise<CurrentInputs> {
  const dataset = await loadDataset(
    spec.questionsPath === undefined
      ? { path: spec.datasetPath }
      : { path: spec.datasetPath, questionsPath: spec.questionsPath },
  );
  return { dataset, model, manifestHash: runManifestHash(dataset.hash, model.modelHash, spec.generation) };
}

/** Which parts of a run's inputs changed since it was stored (empty when none did). */
export function changedInputs(spec: RunSpec, now: CurrentInputs): string[] {
  const changed: string[] = [];
  if (now.dataset.hash !== spec.datasetHash) {
    changed.push(`the dataset (image files or questions of ${spec.questionsPath ?? spec.datasetPath})`);
  }
  if (now.model.modelHash !== spec.modelHash) {
    changed.push(`the model files (${now.model.modelDir}; another folder or --dtype?)`);
  }
  if (changed.length === 0 && now.manifestHash !== spec.manifestHash) {
    changed.push('the manifest hash (dataset, model or generation settings)');
  }
  return changed;
}

/**
 * Refuses a run whose inputs changed since it was stored (answers would mix old and new inputs),
 * unless `force`. The error names what changed and both hashes.
 */
export function assertInputsUnchanged(spec: RunSpec, now: CurrentInputs, force: boolean): void {
  const changed = changedInputs(spec, now);
  if (changed.length > 0 && !force) {
    throw new RunSpecMismatchError(
      spec.runId,
      changed.join(' and '),
      spec.manifestHash.slice(0, 12),
      now.manifestHash.slice(0, 12),
    );
  }
}

/** The stored spec brought up to today's inputs (what a forced resume continues with). */
export function specWithInputs(spec: RunSpec, now: CurrentInputs): RunSpec {
  return {
    ...spec,
    modelDir: now.model.modelDir,
    model: now.model.model,
    datasetHash: now.dataset.hash,
    modelHash: now.model.modelHash,
    manifestHash: now.manifestHash,
  };
}
