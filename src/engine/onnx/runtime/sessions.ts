import { InferenceSession } from 'onnxruntime-node';
import type { Tensor } from 'onnxruntime-node';
import { ModelFilesError } from '../../../errors';
import { sessionOptionsFor } from './providers';
import type { Device, RuntimeOptions } from './providers';

/** Element type and shape of one session input or output, from the graph's metadata. */
export interface ValueInfo {
  type: Tensor.Type;
  /** Numbers for fixed dimensions, names for symbolic ones. */
  shape: ReadonlyArray<number | string>;
}

/** A loaded graph with its input/output metadata by name. */
export interface LoadedSession {
  session: InferenceSession;
  /** Path of the .onnx file, for messages. */
  file: string;
  inputs: ReadonlyMap<string, ValueInfo>;
  outputs: ReadonlyMap<string, ValueInfo>;
}

function metadataMap(metadata: readonly InferenceSession.ValueMetadata[]): Map<string, ValueInfo> {
  const map = new Map<string, ValueInfo>();
  for (const value of metadata) {
    if (value.isTensor) {
      map.set(value.name, { type: value.type, shape: value.shape });
    }
  }
  return map;
}

/**
 * Loads one graph on a device (external data is found next to it by onnxruntime). A graph that
 * cannot be loaded is a ModelFilesError naming the file; check the provider beforehand with
 * assertProviderAvailable so that provider problems are reported as such.
 */
export async function loadSession(
  modelDir: string,
  file: string,
  device: Device,
  runtime: RuntimeOptions,
  extra: Pick<InferenceSession.SessionOptions, 'preferredOutputLocation'> = {},
): Promise<LoadedSession> {
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(file, sessionOptionsFor(device, runtime, extra));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ModelFilesError(
      modelDir,
      file,
      `onnxruntime cannot load it on ${device.name}: ${reason}`,
      error,
    );
  }
  return {
    session,
    file,
    inputs: metadataMap(session.inputMetadata),
    outputs: metadataMap(session.outputMetadata),
  };
}

/** The metadata of a required input or output, or a ModelFilesError naming the graph and value. */
export function requireValue(
  modelDir: string,
  loaded: LoadedSession,
  kind: 'input' | 'output',
  name: string,
): ValueInfo {
  const info = (kind === 'input' ? loaded.inputs : loaded.outputs).get(name);
  if (info === undefined) {
    throw new ModelFilesError(modelDir, loaded.file, `the graph has no ${kind} named '${name}'`);
  }
  return info;
}
