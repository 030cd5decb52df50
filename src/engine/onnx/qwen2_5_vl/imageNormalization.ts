import type { PreprocessorConfig } from './preprocessorConfig';

/**
 * rescale + normalize of the slow (PIL/NumPy) Qwen2VLImageProcessor, as a lookup table: every output
 * value depends only on the 8-bit input and the channel, so 3 x 256 floats computed with the
 * processor's exact precision steps replace per-pixel arithmetic. The steps (transformers
 * image_transforms.py):
 *   rescale:   float32(float64(v) * rescale_factor)          (upcast to float64, multiply, downcast)
 *   normalize: float32(float32(x - float32(mean)) / float32(std))  (float32 arrays throughout)
 * and, when a step is off, the plain float32 of what came before (patchify casts to float32).
 * Math.fround after each double operation equals the float32 operation: a double holds the exact
 * result of a float32 +, -, * or / to more than twice float32's precision, so rounding once is exact.
 */

/** Number of entries per channel (one per 8-bit value). */
const LEVELS = 256;

/** Float32 values for channel c and 8-bit value v at index c * 256 + v. */
export function buildNormalizationTable(
  config: Pick<
    PreprocessorConfig,
    'do_rescale' | 'rescale_factor' | 'do_normalize' | 'image_mean' | 'image_std'
  >,
): Float32Array {
  const table = new Float32Array(3 * LEVELS);
  for (let c = 0; c < 3; c++) {
    const mean = Math.fround(config.image_mean[c] as number);
    const std = Math.fround(config.image_std[c] as number);
    for (let v = 0; v < LEVELS; v++) {
      let x = config.do_rescale ? Math.fround(v * config.rescale_factor) : v;
      if (config.do_normalize) {
        x = Math.fround(Math.fround(x - mean) / std);
      }
      table[c * LEVELS + v] = x;
    }
  }
  return table;
}
