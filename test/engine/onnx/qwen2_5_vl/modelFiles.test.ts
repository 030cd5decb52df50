import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelFilesError } from '../../../../src/errors';
import { computeModelHash } from '../../../../src/engine/onnx/qwen2_5_vl/modelHash';
import { locateModelFiles } from '../../../../src/engine/onnx/qwen2_5_vl/modelFiles';
import { QwenGraphs } from '../../../../src/engine/onnx/qwen2_5_vl/qwenGraphs';
import { PromptTokenizer } from '../../../../src/engine/onnx/qwen2_5_vl/tokenizer';
import { DeviceSchema } from '../../../../src/engine/onnx/runtime/providers';
import { TINY_MODEL_DIR, editedJson, tinyModelVariant } from './helpers/tinyModel';
import type { ModelEdits } from './helpers/tinyModel';

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

function variant(edits: ModelEdits): string {
  const { dir, cleanup } = tinyModelVariant(edits);
  cleanups.push(cleanup);
  return dir;
}

async function expectModelError(promise: Promise<unknown>, file: string, reason: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ModelFilesError);
  expect((error as ModelFilesError).file).toContain(file);
  expect((error as ModelFilesError).message).toMatch(reason);
}

const setTextField = (field: string, value: unknown) =>
  editedJson('config.json', (json) => {
    (json.text_config as Record<string, unknown>)[field] = value;
  });

describe('locateModelFiles', () => {
  it('accepts the tiny model and reports its configs and graphs', async () => {
    const model = await locateModelFiles(TINY_MODEL_DIR, 'fp32');
    expect(model.config.text).toMatchObject({
      hiddenSize: 32,
      numLayers: 2,
      numKeyValueHeads: 1,
      headDim: 16,
    });
    expect(model.generation.eosTokenIds).toEqual([151645, 151643]);
    expect(model.graphs.decoder.file).toBe(join(TINY_MODEL_DIR, 'onnx/decoder_model_merged.onnx'));
    expect(model.graphs.decoder.externalData).toEqual([]);
  });

  it('names a missing file', async () => {
    await expectModelError(
      locateModelFiles(variant({ 'config.json': null })),
      'config.json',
      /file is missing/,
    );
    await expectModelError(
      locateModelFiles(variant({ 'tokenizer.json': null })),
      'tokenizer.json',
      /file is missing/,
    );
  });

  it('names an invalid field of config.json', async () => {
    await expectModelError(
      locateModelFiles(variant({ 'config.json': setTextField('num_hidden_layers', 'two') })),
      'config.json',
      /text_config\.num_hidden_layers/,
    );
  });

  it('reports a file that is not JSON', async () => {
    await expectModelError(
      locateModelFiles(variant({ 'generation_config.json': '{"eos_token_id": [1,' })),
      'generation_config.json',
      /not valid JSON/,
    );
  });

  it("falls back to config.json's eos_token_id when generation_config.json has none", async () => {
    const model = await locateModelFiles(variant({ 'generation_config.json': '{}' }));
    expect(model.generation.eosTokenIds).toEqual([151645]);
  });

  it('names a missing graph and lists the complete variants', async () => {
    await expectModelError(
      locateModelFiles(variant({ 'onnx/decoder_model_merged.onnx': null })),
      'onnx/decoder_model_merged.onnx',
      /file is missing.*complete variants here: none/,
    );
    await expectModelError(
      locateModelFiles(TINY_MODEL_DIR, 'fp16'),
      'onnx/vision_encoder_fp16.onnx',
      /dtype fp16; complete variants here: fp32/,
    );
  });

  it('rejects a truncated graph', async () => {
    const truncated = readFileSync(join(TINY_MODEL_DIR, 'onnx/decoder_model_merged.onnx')).subarray(0, 5000);
    await expectModelError(
      locateModelFiles(variant({ 'onnx/decoder_model_merged.onnx': truncated })),
      'onnx/decoder_model_merged.onnx',
      /not a readable ONNX model/,
    );
  });

  it('names a missing external data file', async () => {
    // ModelProto{graph{initializer{name w, external_data{location: weights.bin}, data_location EXTERNAL}}}
    const entry = [0x0a, 8, ...Buffer.from('location'), 0x12, 11, ...Buffer.from('weights.bin')];
    const tensor = [0x42, 1, 0x77, 0x6a, entry.length, ...entry, 0x70, 1];
    const graph = [0x2a, tensor.length, ...tensor];
    const model = Uint8Array.from([0x08, 8, 0x3a, graph.length, ...graph]);
    await expectModelError(
      locateModelFiles(variant({ 'onnx/embed_tokens.onnx': model })),
      'onnx/weights.bin',
      /external data of onnx\/embed_tokens\.onnx: file is missing/,
    );
  });
});

describe('graph consistency with config.json', () => {
  const cpu = DeviceSchema.parse('cpu');

  it('rejects a config that declares more layers than the decoder has', async () => {
    const model = await locateModelFiles(variant({ 'config.json': setTextField('num_hidden_layers', 3) }));
    await expectModelError(
      QwenGraphs.load(model, cpu, {}),
      'decoder_model_merged.onnx',
      /past_key_values\.2\.key/,
    );
  });

  it('rejects a config whose hidden size differs from the graphs', async () => {
    const model = await locateModelFiles(variant({ 'config.json': setTextField('hidden_size', 64) }));
    await expectModelError(
      QwenGraphs.load(model, cpu, {}),
      'vision_encoder.onnx',
      /hidden size 32.*declares 64/,
    );
  });

  it('rejects a tokenizer whose special tokens disagree with config.json', async () => {
    const dir = variant({
      'config.json': editedJson('config.json', (json) => {
        json.image_token_id = 151654;
      }),
    });
    const model = await locateModelFiles(dir);
    await expectModelError(
      PromptTokenizer.load(dir, model.files, model.config),
      'tokenizer.json',
      /<\|image_pad\|> encodes to \[151655\], but config\.json says 151654/,
    );
  });
});

describe('PromptTokenizer.load', () => {
  it('names a corrupted tokenizer.json', async () => {
    const dir = variant({ 'tokenizer.json': '{"model": {"type": "BPE", "vocab": {' });
    const model = await locateModelFiles(dir);
    await expectModelError(PromptTokenizer.load(dir, model.files, model.config), 'tokenizer.json', /as JSON/);
  });
});

describe('computeModelHash', () => {
  it('depends on the answer-affecting bytes only', async () => {
    const original = await computeModelHash(await locateModelFiles(TINY_MODEL_DIR));
    expect(original).toMatch(/^[0-9a-f]{64}$/);
    const sameContent = await computeModelHash(await locateModelFiles(variant({ 'README.md': 'changed' })));
    expect(sameContent).toBe(original);
    const changedTokenizerConfig = await computeModelHash(
      await locateModelFiles(
        variant({
          'tokenizer_config.json': editedJson('tokenizer_config.json', (json) => {
            json.model_max_length = 4096;
          }),
        }),
      ),
    );
    expect(changedTokenizerConfig).not.toBe(original);
  });
});
