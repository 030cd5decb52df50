import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { decodeImageRgb } from '../../../../src/engine/image/decodeImage';
import { processImage, resizeForModel } from '../../../../src/engine/onnx/qwen2_5_vl/imageProcessor';
import { loadPreprocessorConfig } from '../../../../src/engine/onnx/qwen2_5_vl/preprocessorConfig';
import type { PreprocessorConfig } from '../../../../src/engine/onnx/qwen2_5_vl/preprocessorConfig';

/**
 * Parity with transformers 5.17's Qwen2VLImageProcessorPil (Pillow 13) on the reference fixtures:
 * for every image, the grid, the resized 8-bit RGB (after load_image's RGB conversion and PIL's
 * bicubic resize) and the pixel_values must be EXACTLY equal. Every fixture decodes bit-exactly
 * (CMYK and 16-bit included: see pilRgbConversion.ts), so there is no tolerance; a format that is
 * known to decode differently (AVIF) is not among the fixtures.
 */

const REPO = resolve(__dirname, '../../../..');
const REFERENCE_DIR = join(REPO, 'test/fixtures/reference');
const MANIFEST = join(REFERENCE_DIR, 'manifest.json');

const ManifestSchema = z.looseObject({
  model_dir: z.string().default('models/tiny-qwen2.5-vl'),
  image_processor: z.string().optional(),
  images: z
    .array(
      z.looseObject({
        name: z.string(),
        file: z.string(),
        original_size: z.tuple([z.number(), z.number()]).optional(),
        resized_hw: z.tuple([z.number(), z.number()]),
        grid_thw: z.tuple([z.number(), z.number(), z.number()]),
        image_tokens: z.number().optional(),
        pixel_values_shape: z.tuple([z.number(), z.number()]),
        pixel_values: z.string(),
        resized_rgb: z.string(),
      }),
    )
    .min(1),
});

function readGzip(relative: string): Buffer {
  const file = join(REFERENCE_DIR, relative);
  if (!existsSync(file)) {
    throw new Error(`Reference fixture ${file} is missing (listed in ${MANIFEST})`);
  }
  return gunzipSync(readFileSync(file));
}

/**
 * Count and size of the differences, so a mismatch reads as a summary rather than a giant diff.
 * Identical bytes (the expected case) are recognised at once with Buffer.equals.
 */
function compare(actual: Uint8Array | Float32Array, expected: Uint8Array | Float32Array) {
  const bytes = (a: Uint8Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  if (actual.length === expected.length && bytes(actual).equals(bytes(expected))) {
    return { length: actual.length, differing: 0, maxAbsDiff: 0, firstIndex: -1 };
  }
  let differing = 0;
  let maxAbsDiff = 0;
  let firstIndex = -1;
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs((actual[i] ?? Number.NaN) - (expected[i] as number));
    if (diff !== 0) {
      differing++;
      if (firstIndex < 0) firstIndex = i;
      maxAbsDiff = Number.isNaN(diff) ? diff : Math.max(maxAbsDiff, diff);
    }
  }
  return { length: actual.length, differing, maxAbsDiff, firstIndex };
}

const EXACT = (length: number) => ({ length, differing: 0, maxAbsDiff: 0, firstIndex: -1 });

if (!existsSync(MANIFEST)) {
  describe('Qwen2-VL image preprocessing parity', () => {
    it('needs the reference fixtures', () => {
      throw new Error(
        `Missing ${MANIFEST}: the parity fixtures (transformers Qwen2VLImageProcessorPil outputs) must be ` +
          'generated before this test can run.',
      );
    });
  });
} else {
  const manifest = ManifestSchema.parse(JSON.parse(readFileSync(MANIFEST, 'utf8')));
  const modelDir = resolve(REPO, manifest.model_dir);
  let config: PreprocessorConfig;

  describe(`Qwen2-VL image preprocessing parity with ${manifest.image_processor ?? 'transformers'}`, () => {
    beforeAll(async () => {
      if (!existsSync(join(modelDir, 'preprocessor_config.json'))) {
        throw new Error(
          `Missing ${join(modelDir, 'preprocessor_config.json')}, the config the fixtures were made with`,
        );
      }
      config = await loadPreprocessorConfig(modelDir);
    });

    it.each(manifest.images.map((image) => [image.name, image] as const))('%s', async (_name, image) => {
      const file = resolve(REPO, image.file);
      const expectedRgb = readGzip(image.resized_rgb);
      const expectedPixels = readGzip(image.pixel_values);

      const decoded = await decodeImageRgb(file);
      if (image.original_size !== undefined) {
        expect([decoded.width, decoded.height]).toEqual(image.original_size);
      }
      const resized = resizeForModel(decoded, config, file);
      expect([resized.height, resized.width]).toEqual(image.resized_hw);
      expect(compare(resized.data, expectedRgb)).toEqual(EXACT(expectedRgb.length));

      const processed = await processImage(file, config);
      expect(processed.gridThw).toEqual(image.grid_thw);
      if (image.image_tokens !== undefined) {
        expect(processed.imageTokens).toBe(image.image_tokens);
      }
      const [rows, columns] = image.pixel_values_shape;
      expect(processed.pixelValues.length).toBe(rows * columns);
      const aligned = new Uint8Array(expectedPixels).buffer;
      const expected = new Float32Array(aligned, 0, rows * columns);
      expect(compare(processed.pixelValues, expected)).toEqual(EXACT(rows * columns));
    });
  });
}
