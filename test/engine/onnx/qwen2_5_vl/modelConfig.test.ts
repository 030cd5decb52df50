import {
  GenerationConfigSchema,
  ModelConfigSchema,
} from '../../../../src/engine/onnx/qwen2_5_vl/modelConfig';

const text = {
  hidden_size: 32,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  num_key_value_heads: 1,
  vocab_size: 151936,
  max_position_embeddings: 32768,
};

describe('ModelConfigSchema', () => {
  it('reads the transformers 5 layout (text_config, vision_config, ids at the top)', () => {
    const config = ModelConfigSchema.parse({
      architectures: ['Qwen2_5_VLForConditionalGeneration'],
      image_token_id: 151655,
      vision_start_token_id: 151652,
      vision_end_token_id: 151653,
      text_config: { ...text, eos_token_id: 151645 },
      vision_config: { spatial_merge_size: 2, tokens_per_second: 2, out_hidden_size: 32 },
    });
    expect(config.text).toEqual({
      hiddenSize: 32,
      numLayers: 2,
      numAttentionHeads: 2,
      numKeyValueHeads: 1,
      headDim: 16,
      vocabSize: 151936,
      maxPositionEmbeddings: 32768,
    });
    expect(config.eosTokenIds).toEqual([151645]);
    expect(config.vision.outHiddenSize).toBe(32);
  });

  it('reads the older flat layout (text fields at the top level)', () => {
    const config = ModelConfigSchema.parse({ ...text, head_dim: 8, vision_config: {} });
    expect(config.text.headDim).toBe(8);
    expect(config.imageTokenId).toBe(151655);
    expect(config.vision.spatialMergeSize).toBe(2);
  });

  it('names the missing field', () => {
    const { hidden_size: _dropped, ...withoutHidden } = text;
    const result = ModelConfigSchema.safeParse({ text_config: withoutHidden, vision_config: {} });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['text_config', 'hidden_size']);
  });
});

describe('GenerationConfigSchema', () => {
  it('accepts one end-of-sequence id or a list', () => {
    expect(GenerationConfigSchema.parse({ eos_token_id: 5 }).eosTokenIds).toEqual([5]);
    expect(GenerationConfigSchema.parse({ eos_token_id: [5, 6], pad_token_id: 6 })).toMatchObject({
      eosTokenIds: [5, 6],
      padTokenId: 6,
    });
  });
});
