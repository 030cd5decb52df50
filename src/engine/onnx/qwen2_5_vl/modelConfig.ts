import { z } from 'zod';

/**
 * config.json of a Qwen2.5-VL checkpoint, in the layout transformers 5 writes (`text_config` and
 * `vision_config` objects, token ids at the top) and in the older flat layout (text fields at the top
 * level). Unknown fields are allowed; the engine reads only what it needs, normalized to camelCase.
 */

const positiveInt = z.number().int().positive();
const tokenId = z.number().int().nonnegative();

/** The text-model fields the engine needs (`text_config`, or the top level in the flat layout). */
export const TextConfigSchema = z.looseObject({
  hidden_size: positiveInt,
  num_hidden_layers: positiveInt,
  num_attention_heads: positiveInt,
  num_key_value_heads: positiveInt,
  vocab_size: positiveInt,
  max_position_embeddings: positiveInt,
  head_dim: positiveInt.optional(),
  eos_token_id: z.union([tokenId, z.array(tokenId)]).optional(),
  image_token_id: tokenId.optional(),
  video_token_id: tokenId.optional(),
  vision_start_token_id: tokenId.optional(),
  vision_end_token_id: tokenId.optional(),
});

/** The vision-tower fields the engine needs. Defaults are those of every released Qwen2.5-VL. */
export const VisionConfigSchema = z.looseObject({
  spatial_merge_size: positiveInt.default(2),
  patch_size: positiveInt.default(14),
  temporal_patch_size: positiveInt.default(2),
  tokens_per_second: z.number().positive().default(2),
  out_hidden_size: positiveInt.optional(),
});

// Qwen2.5-VL's fixed vocabulary positions, used when config.json does not spell them out.
const DEFAULT_IMAGE_TOKEN_ID = 151655;
const DEFAULT_VISION_START_TOKEN_ID = 151652;
const DEFAULT_VISION_END_TOKEN_ID = 151653;

/** config.json, either layout, normalized into what the engine uses. */
export const ModelConfigSchema = z
  .preprocess(
    (raw) =>
      typeof raw === 'object' && raw !== null && !('text_config' in raw) ? { ...raw, text_config: raw } : raw,
    z.looseObject({
      architectures: z.array(z.string()).optional(),
      model_type: z.string().optional(),
      image_token_id: tokenId.optional(),
      vision_start_token_id: tokenId.optional(),
      vision_end_token_id: tokenId.optional(),
      eos_token_id: z.union([tokenId, z.array(tokenId)]).optional(),
      text_config: TextConfigSchema,
      vision_config: VisionConfigSchema,
    }),
  )
  .transform((raw) => {
    const text = raw.text_config;
    const vision = raw.vision_config;
    const eos = raw.eos_token_id ?? text.eos_token_id;
    return {
      architecture: raw.architectures?.[0] ?? 'Qwen2_5_VLForConditionalGeneration',
      modelType: raw.model_type ?? 'qwen2_5_vl',
      imageTokenId: raw.image_token_id ?? text.image_token_id ?? DEFAULT_IMAGE_TOKEN_ID,
      visionStartTokenId:
        raw.vision_start_token_id ?? text.vision_start_token_id ?? DEFAULT_VISION_START_TOKEN_ID,
      visionEndTokenId: raw.vision_end_token_id ?? text.vision_end_token_id ?? DEFAULT_VISION_END_TOKEN_ID,
      eosTokenIds: eos === undefined ? [] : Array.isArray(eos) ? eos : [eos],
      text: {
        hiddenSize: text.hidden_size,
        numLayers: text.num_hidden_layers,
        numAttentionHeads: text.num_attention_heads,
        numKeyValueHeads: text.num_key_value_heads,
        headDim: text.head_dim ?? text.hidden_size / text.num_attention_heads,
        vocabSize: text.vocab_size,
        maxPositionEmbeddings: text.max_position_embeddings,
      },
      vision: {
        spatialMergeSize: vision.spatial_merge_size,
        patchSize: vision.patch_size,
        temporalPatchSize: vision.temporal_patch_size,
        tokensPerSecond: vision.tokens_per_second,
        outHiddenSize: vision.out_hidden_size,
      },
    };
  });

/** The normalized model configuration. */
export type ModelConfig = z.output<typeof ModelConfigSchema>;

/** generation_config.json: the end-of-sequence ids (one or a list) and the pad id. */
export const GenerationConfigSchema = z
  .looseObject({
    eos_token_id: z.union([tokenId, z.array(tokenId).min(1)]).optional(),
    pad_token_id: tokenId.optional(),
    bos_token_id: tokenId.optional(),
    repetition_penalty: z.number().positive().optional(),
  })
  .transform((raw) => ({
    eosTokenIds:
      raw.eos_token_id === undefined
        ? []
        : Array.isArray(raw.eos_token_id)
          ? raw.eos_token_id
          : [raw.eos_token_id],
    padTokenId: raw.pad_token_id,
    repetitionPenalty: raw.repetition_penalty ?? 1,
  }));

/** The normalized generation configuration. */
export type GenerationConfig = z.output<typeof GenerationConfigSchema>;
