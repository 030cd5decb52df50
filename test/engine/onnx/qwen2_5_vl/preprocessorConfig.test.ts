import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PreprocessorConfigSchema,
  applyOverrides,
  loadPreprocessorConfig,
} from '../../../../src/engine/onnx/qwen2_5_vl/preprocessorConfig';
import { InputValidationError, ModelFilesError } from '../../../../src/errors';

// What transformers 5.17 save_pretrained writes for Qwen2VLImageProcessor(min_pixels=3136, max_pixels=200704).
const TRANSFORMERS5 = {
  do_convert_rgb: true,
  do_normalize: true,
  do_rescale: true,
  do_resize: true,
  image_mean: [0.48145466, 0.4578275, 0.40821073],
  image_processor_type: 'Qwen2VLImageProcessor',
  image_std: [0.26862954, 0.26130258, 0.27577711],
  merge_size: 2,
  patch_size: 14,
  resample: 3,
  rescale_factor: 0.00392156862745098,
  size: { longest_edge: 200704, shortest_edge: 3136 },
  temporal_patch_size: 2,
};

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vqa-preproc-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeConfig(value: unknown): Promise<void> {
  await writeFile(
    join(dir, 'preprocessor_config.json'),
    typeof value === 'string' ? value : JSON.stringify(value),
  );
}

describe('loadPreprocessorConfig', () => {
  it('reads the transformers 5 layout (size.shortest_edge / longest_edge) and keeps unknown keys', async () => {
    await writeConfig(TRANSFORMERS5);
    const config = await loadPreprocessorConfig(dir);
    expect(config).toMatchObject({
      min_pixels: 3136,
      max_pixels: 200704,
      size: { shortest_edge: 3136, longest_edge: 200704 },
      patch_size: 14,
      merge_size: 2,
      temporal_patch_size: 2,
      rescale_factor: 0.00392156862745098,
      image_processor_type: 'Qwen2VLImageProcessor',
    });
  });

  it('lets top-level min_pixels/max_pixels (Qwen releases) win over size, as the constructor does', async () => {
    await writeConfig({ ...TRANSFORMERS5, min_pixels: 1000, max_pixels: 12845056 });
    expect(await loadPreprocessorConfig(dir)).toMatchObject({
      min_pixels: 1000,
      max_pixels: 12845056,
      size: { shortest_edge: 1000, longest_edge: 12845056 },
    });
  });

  it('reads the legacy size.min_pixels / size.max_pixels', async () => {
    await writeConfig({ size: { min_pixels: 4000, max_pixels: 50000 } });
    expect(await loadPreprocessorConfig(dir)).toMatchObject({ min_pixels: 4000, max_pixels: 50000 });
  });

  it("fills what is missing with Qwen2VLImageProcessor's defaults", async () => {
    await writeConfig({});
    expect(await loadPreprocessorConfig(dir)).toMatchObject({
      min_pixels: 56 * 56,
      max_pixels: 28 * 28 * 1280,
      patch_size: 14,
      temporal_patch_size: 2,
      merge_size: 2,
      image_mean: [0.48145466, 0.4578275, 0.40821073],
      image_std: [0.26862954, 0.26130258, 0.27577711],
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      do_convert_rgb: true,
    });
  });

  it('applies overrides of the pixel bounds', async () => {
    await writeConfig(TRANSFORMERS5);
    const config = await loadPreprocessorConfig(dir, { maxPixels: 100352 });
    expect(config).toMatchObject({ min_pixels: 3136, max_pixels: 100352, size: { longest_edge: 100352 } });
  });

  it('names the file when it is missing or not JSON', async () => {
    await expect(loadPreprocessorConfig(dir)).rejects.toThrow(ModelFilesError);
    await expect(loadPreprocessorConfig(dir)).rejects.toThrow(/preprocessor_config\.json: file is missing/);
    await writeConfig('{ not json');
    await expect(loadPreprocessorConfig(dir)).rejects.toThrow(/preprocessor_config\.json: not valid JSON/);
  });

  it.each([
    [{ image_mean: [0.5, 0.5] }, /field image_mean/],
    [{ image_std: [0.5, 0, 0.5] }, /field image_std.*divides by zero/],
    [{ patch_size: 0 }, /field patch_size/],
    [{ merge_size: 1.5 }, /field merge_size/],
    [{ resample: 2 }, /field resample: only resample: 3/],
    [{ do_resize: false }, /field do_resize/],
    [
      { min_pixels: 5000, max_pixels: 4000 },
      /field min_pixels: min_pixels \(5000\) is over max_pixels \(4000\)/,
    ],
    [{ size: { shortest_edge: 'big' } }, /field size\.shortest_edge/],
  ])('names the field of an invalid value: %j', async (value, message) => {
    await writeConfig({ ...TRANSFORMERS5, ...value });
    const error = await loadPreprocessorConfig(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFilesError);
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toMatch(message);
  });
});

describe('applyOverrides', () => {
  const base = PreprocessorConfigSchema.parse(TRANSFORMERS5);

  it('refuses non-positive or fractional overrides, naming them', () => {
    expect(() => applyOverrides(base, { minPixels: 0 })).toThrow(InputValidationError);
    expect(() => applyOverrides(base, { maxPixels: 1.5 })).toThrow(/maxPixels/);
  });

  it('refuses an override that puts min over max', () => {
    expect(() => applyOverrides(base, { minPixels: 300000 })).toThrow(
      /minPixels.*300000.*over max pixels \(200704\)/,
    );
  });

  it('leaves the input config unchanged', () => {
    applyOverrides(base, { minPixels: 10000 });
    expect(base.min_pixels).toBe(3136);
  });
});
