import { ModelFilesError } from '../../../errors';
import type { LoadedSession, ValueInfo } from '../runtime/sessions';
import { requireValue } from '../runtime/sessions';
import { asFloatElementType } from '../runtime/tensors';
import type { FloatElementType } from '../runtime/tensors';
import type { ModelConfig } from './modelConfig';

/** Names and element types of the three graphs' inputs and outputs, read from session metadata. */
export interface GraphSpec {
  vision: { pixelType: FloatElementType; featuresType: FloatElementType };
  embed: { outputType: FloatElementType };
  decoder: {
    embedsType: FloatElementType;
    kvType: FloatElementType;
    logitsType: FloatElementType;
    /** `past_key_values.{i}.key`, `.value` for every layer, interleaved: the order feeds are built in. */
    pastNames: string[];
    /** `present.{i}.key`, `.value`, in the same order as pastNames. */
    presentNames: string[];
    /** Name of the optional logits-to-keep input, when the graph has one. */
    logitsToKeepName: string | undefined;
  };
}

/** The graphs of one model, as loaded sessions. */
export interface GraphSessions {
  vision: LoadedSession;
  embed: LoadedSession;
  decoder: LoadedSession;
}

function checkDim(
  modelDir: string,
  loaded: LoadedSession,
  name: string,
  info: ValueInfo,
  axis: number,
  expected: number,
  what: string,
): void {
  const dim = info.shape[axis];
  if (typeof dim === 'number' && dim !== expected) {
    throw new ModelFilesError(
      modelDir,
      loaded.file,
      `${name} has ${what} ${dim} (axis ${axis}), but config.json declares ${expected}`,
    );
  }
}

function floatType(modelDir: string, loaded: LoadedSession, name: string, info: ValueInfo): FloatElementType {
  try {
    return asFloatElementType(info.type, name);
  } catch (error) {
    throw new ModelFilesError(modelDir, loaded.file, (error as Error).message, error);
  }
}

/**
 * Reads the graphs' interface and checks it against config.json: the decoder has past/present
 * key-values for exactly the layers the config declares, with the declared key/value heads and head
 * size, and every graph agrees on the text hidden size and vocabulary (where dimensions are fixed).
 * Throws ModelFilesError naming the graph and value.
 */
export function readGraphSpec(modelDir: string, config: ModelConfig, sessions: GraphSessions): GraphSpec {
  const { vision, embed, decoder } = sessions;
  const { hiddenSize, numLayers, numKeyValueHeads, headDim, vocabSize } = config.text;

  const pixels = requireValue(modelDir, vision, 'input', 'pixel_values');
  requireValue(modelDir, vision, 'input', 'image_grid_thw');
  const features = requireValue(modelDir, vision, 'output', 'image_features');
  checkDim(modelDir, vision, 'image_features', features, 1, hiddenSize, 'hidden size');

  requireValue(modelDir, embed, 'input', 'input_ids');
  const embedOut = requireValue(modelDir, embed, 'output', 'inputs_embeds');
  checkDim(modelDir, embed, 'inputs_embeds', embedOut, 2, hiddenSize, 'hidden size');

  const embeds = requireValue(modelDir, decoder, 'input', 'inputs_embeds');
  checkDim(modelDir, decoder, 'inputs_embeds', embeds, 2, hiddenSize, 'hidden size');
  requireValue(modelDir, decoder, 'input', 'attention_mask');
  requireValue(modelDir, decoder, 'input', 'position_ids');
  const logits = requireValue(modelDir, decoder, 'output', 'logits');
  checkDim(modelDir, decoder, 'logits', logits, 2, vocabSize, 'vocabulary size');

  const pastNames: string[] = [];
  const presentNames: string[] = [];
  let kvType: FloatElementType | undefined;
  for (let layer = 0; layer < numLayers; layer++) {
    for (const part of ['key', 'value']) {
      const pastName = `past_key_values.${layer}.${part}`;
      const presentName = `present.${layer}.${part}`;
      const past = requireValue(modelDir, decoder, 'input', pastName);
      requireValue(modelDir, decoder, 'output', presentName);
      checkDim(modelDir, decoder, pastName, past, 1, numKeyValueHeads, 'key/value heads');
      checkDim(modelDir, decoder, pastName, past, 3, headDim, 'head size');
      kvType = floatType(modelDir, decoder, pastName, past);
      pastNames.push(pastName);
      presentNames.push(presentName);
    }
  }
  const extraLayers = [...decoder.inputs.keys()].filter(
    (name) => name.startsWith('past_key_values.') && !pastNames.includes(name),
  );
  if (extraLayers.length > 0) {
    throw new ModelFilesError(
      modelDir,
      decoder.file,
      `the graph has ${extraLayers.join(', ')}, beyond the ${numLayers} layers config.json declares`,
    );
  }
  const logitsToKeepName = ['num_logits_to_keep', 'logits_to_keep'].find((name) => decoder.inputs.has(name));

  return {
    vision: {
      pixelType: floatType(modelDir, vision, 'pixel_values', pixels),
      featuresType: floatType(modelDir, vision, 'image_features', features),
    },
    embed: { outputType: floatType(modelDir, embed, 'inputs_embeds', embedOut) },
    decoder: {
      embedsType: floatType(modelDir, decoder, 'inputs_embeds', embeds),
      kvType: kvType ?? 'float32',
      logitsType: floatType(modelDir, decoder, 'logits', logits),
      pastNames,
      presentNames,
      logitsToKeepName,
    },
  };
}
