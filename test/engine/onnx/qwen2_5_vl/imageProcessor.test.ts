import {
  processImage,
  processRgbImage,
  targetSize,
} from '../../../../src/engine/onnx/qwen2_5_vl/imageProcessor';
import { buildNormalizationTable } from '../../../../src/engine/onnx/qwen2_5_vl/imageNormalization';
import { PreprocessorConfigSchema } from '../../../../src/engine/onnx/qwen2_5_vl/preprocessorConfig';
import { ImageDecodeError, ImageShapeError, ImageTooLargeError } from '../../../../src/errors';
import { coordinatePixels, noiseBytes, rawImage, scratchDir } from '../../image/helpers/testImages';

const config = PreprocessorConfigSchema.parse({ min_pixels: 3136, max_pixels: 1003520 });
let scratch: Awaited<ReturnType<typeof scratchDir>>;

beforeAll(async () => {
  scratch = await scratchDir();
});

afterAll(async () => {
  await scratch.remove();
});

describe('processImage', () => {
  it('keeps a 28-aligned image as is and emits its normalized pixels patch by patch', async () => {
    const width = 84;
    const height = 56;
    const rgb = noiseBytes(width * height * 3, 3);
    const file = scratch.path('aligned.png');
    await rawImage(rgb, width, height, 3).png().toFile(file);

    const out = await processImage(file, config);
    expect(out).toMatchObject({
      gridThw: [1, 4, 6],
      imageTokens: 6,
      resizedWidth: 84,
      resizedHeight: 56,
      originalWidth: 84,
      originalHeight: 56,
    });
    expect(out.pixelValues.length).toBe(24 * 1176);
    // Row 0 is the top-left 14x14 patch; its first 196 values are red, frame 0, row-major.
    const table = buildNormalizationTable(config);
    for (let py = 0; py < 14; py++) {
      for (let px = 0; px < 14; px++) {
        const red = rgb[(py * width + px) * 3] as number;
        expect(out.pixelValues[py * 14 + px]).toBe(table[red]);
        expect(out.pixelValues[196 + py * 14 + px]).toBe(table[red]); // frame 1 repeats frame 0
      }
    }
    // Row 1 is the patch to its right (first row of the 2x2 merge block).
    const green = rgb[(0 * width + 14) * 3 + 1] as number;
    expect(out.pixelValues[1176 + 2 * 196]).toBe(table[256 + green]);
  });

  it('resizes to the smart_resize target and counts image tokens as t * h * w / merge^2', async () => {
    const file = scratch.path('small.png');
    await rawImage(coordinatePixels(40, 30, 3), 40, 30, 3)
      .png()
      .toFile(file);
    const out = await processImage(file, config);
    expect(out).toMatchObject({ resizedWidth: 84, resizedHeight: 56, gridThw: [1, 4, 6], imageTokens: 6 });
    expect(out.pixelValues.length).toBe(24 * 1176);
  });

  it('follows max_pixels downwards', () => {
    const small = PreprocessorConfigSchema.parse({ min_pixels: 3136, max_pixels: 200704 });
    expect(targetSize(4000, 3000, small)).toEqual({ width: 504, height: 364 });
    const out = processRgbImage({ data: new Uint8Array(600 * 450 * 3), width: 600, height: 450 }, small);
    expect(out.resizedWidth * out.resizedHeight).toBeLessThanOrEqual(200704);
  });

  it('names the file of an image with an aspect ratio over 200', async () => {
    const file = scratch.path('strip.png');
    await rawImage(coordinatePixels(402, 2, 3), 402, 2, 3)
      .png()
      .toFile(file);
    const error = await processImage(file, config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageShapeError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/aspect ratio must be smaller than 200, got 201/);
  });

  it('passes decoding errors and the pixel cap through', async () => {
    await expect(processImage(scratch.path('missing.jpg'), config)).rejects.toThrow(ImageDecodeError);
    const file = scratch.path('capped.png');
    await rawImage(coordinatePixels(30, 30, 3), 30, 30, 3)
      .png()
      .toFile(file);
    await expect(processImage(file, config, { maxInputPixels: 899 })).rejects.toThrow(ImageTooLargeError);
  });
});
