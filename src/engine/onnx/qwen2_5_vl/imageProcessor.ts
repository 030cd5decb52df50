import { resizeBicubicRgb } from '../../image/bicubicResize';
import { decodeImageRgb } from '../../image/decodeImage';
import type { ImageLimits } from '../../image/decodeImage';
import type { RgbImage } from '../../image/rgbImage';
import { buildNormalizationTable } from './imageNormalization';
import { patchify } from './patchify';
import type { PreprocessorConfig } from './preprocessorConfig';
import { smartResize } from './smartResize';

export type { ImageLimits } from '../../image/decodeImage';

/**
 * Qwen2-VL / Qwen2.5-VL image preprocessing, equal to transformers' slow (PIL) Qwen2VLImageProcessor
 * after `load_image`: decode + EXIF transpose + convert("RGB"), smart_resize, PIL bicubic resize,
 * rescale + normalize, temporal duplication and patch flattening.
 */

/** One image ready for the vision encoder. */
export interface ProcessedImage {
  /** [N, C * T * P * P] row-major, N = gridThw[0] * gridThw[1] * gridThw[2]. */
  pixelValues: Float32Array;
  /** (t, h, w) in patches. */
  gridThw: [number, number, number];
  /** Image pad tokens in the prompt: t * h * w / merge^2. */
  imageTokens: number;
  resizedWidth: number;
  resizedHeight: number;
  originalWidth: number;
  originalHeight: number;
}

// One table per config object: configs are loaded once per engine and never mutated.
const tables = new WeakMap<PreprocessorConfig, Float32Array>();

function normalizationTable(config: PreprocessorConfig): Float32Array {
  let table = tables.get(config);
  if (table === undefined) {
    table = buildNormalizationTable(config);
    tables.set(config, table);
  }
  return table;
}

/** The size the processor resizes an image of `width` x `height` to; ImageShapeError names `file`. */
export function targetSize(
  width: number,
  height: number,
  config: PreprocessorConfig,
  file?: string,
): { width: number; height: number } {
  return smartResize(height, width, {
    factor: config.patch_size * config.merge_size,
    minPixels: config.min_pixels,
    maxPixels: config.max_pixels,
    file,
  });
}

/** Resizes decoded RGB to the processor's target size (PIL bicubic); returns `image` itself when unchanged. */
export function resizeForModel(image: RgbImage, config: PreprocessorConfig, file?: string): RgbImage {
  const target = targetSize(image.width, image.height, config, file);
  if (target.width === image.width && target.height === image.height) {
    return image;
  }
  return resizeBicubicRgb(image, target.width, target.height);
}

/** Preprocesses already-decoded upright RGB (e.g. from decodeImageRgb). */
export function processRgbImage(image: RgbImage, config: PreprocessorConfig, file?: string): ProcessedImage {
  const resized = resizeForModel(image, config, file);
  const { pixelValues, gridThw } = patchify(resized, normalizationTable(config), {
    patchSize: config.patch_size,
    mergeSize: config.merge_size,
    temporalPatchSize: config.temporal_patch_size,
  });
  return {
    pixelValues,
    gridThw,
    imageTokens: (gridThw[0] * gridThw[1] * gridThw[2]) / (config.merge_size * config.merge_size),
    resizedWidth: resized.width,
    resizedHeight: resized.height,
    originalWidth: image.width,
    originalHeight: image.height,
  };
}

/**
 * Decodes `file` once and preprocesses it. Throws ImageDecodeError / ImageTooLargeError (see
 * decodeImageRgb) or ImageShapeError (aspect ratio over 200, too small), each naming the file.
 */
export async function processImage(
  file: string,
  config: PreprocessorConfig,
  limits?: Partial<ImageLimits>,
): Promise<ProcessedImage> {
  const decoded = await decodeImageRgb(file, limits);
  return processRgbImage(decoded, config, file);
}
