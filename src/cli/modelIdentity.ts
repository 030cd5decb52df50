import path from 'node:path';
import type { Dtype } from '../engine/onnx/qwen2_5_vl/dtype';
import { computeModelHash } from '../engine/onnx/qwen2_5_vl/modelHash';
import { locateModelFiles } from '../engine/onnx/qwen2_5_vl/modelFiles';
import type { EngineInfo } from '../engine/types';

/** What a run spec records about its model. */
export interface ModelIdentity {
  /** Absolute model folder. */
  modelDir: string;
  /** The folder name (tells a tiny test model from a 3B one, unlike the architecture name). */
  model: string;
  /** sha256 over the answer-affecting files: the same hash a worker's engine reports. */
  modelHash: string;
}

/** The identity of a loaded engine's model. */
export function identityOfEngine(info: EngineInfo): ModelIdentity {
  const modelDir = path.resolve(info.modelDir);
  return { modelDir, model: path.basename(modelDir), modelHash: info.modelHash };
}

/**
 * The identity of a model folder without loading it (for `run --no-worker`): validates the folder
 * (ModelFilesError naming what is missing) and hashes its files as the engine does.
 */
export async function identityOfFolder(modelDir: string, dtype: Dtype): Promise<ModelIdentity> {
  const absolute = path.resolve(modelDir);
  const files = await locateModelFiles(absolute, dtype);
  return { modelDir: absolute, model: path.basename(absolute), modelHash: await computeModelHash(files) };
}
