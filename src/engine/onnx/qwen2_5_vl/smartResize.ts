import { ImageShapeError } from '../../../errors';

/**
 * Qwen2-VL's `smart_resize` (transformers `models/qwen2_vl/image_processing_qwen2_vl.py`): the size an
 * image is resized to before patching. Both sides become multiples of `factor` (patch * merge = 28),
 * the area lands in [minPixels, maxPixels], and the aspect ratio is kept as far as that allows.
 * The arithmetic follows the Python line by line (IEEE doubles, Python's round-half-to-even).
 */

/** What smartResize needs: the factor and the pixel bounds (the processor's size.shortest/longest_edge). */
export interface SmartResizeOptions {
  factor: number;
  minPixels: number;
  maxPixels: number;
  /** Named in errors; the path of the image being processed. */
  file?: string;
}

/** The processor's refusal threshold for max(h, w) / min(h, w). */
export const MAX_ASPECT_RATIO = 200;

/** Python 3's round(): to nearest, ties to even. */
export function pythonRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Target `{ height, width }` for an image of `height` x `width`; throws ImageShapeError where Python raises. */
export function smartResize(
  height: number,
  width: number,
  options: SmartResizeOptions,
): { height: number; width: number } {
  const { factor, minPixels, maxPixels } = options;
  const file = options.file ?? '<image>';
  if (!(height >= 1 && width >= 1)) {
    throw new ImageShapeError(file, width, height, 'the image has no pixels');
  }
  const ratio = Math.max(height, width) / Math.min(height, width);
  if (ratio > MAX_ASPECT_RATIO) {
    throw new ImageShapeError(
      file,
      width,
      height,
      `absolute aspect ratio must be smaller than ${MAX_ASPECT_RATIO}, got ${ratio}`,
    );
  }
  let hBar = pythonRound(height / factor) * factor;
  let wBar = pythonRound(width / factor) * factor;
  if (hBar * wBar > maxPixels) {
    const beta = Math.sqrt((height * width) / maxPixels);
    hBar = Math.max(factor, Math.floor(height / beta / factor) * factor);
    wBar = Math.max(factor, Math.floor(width / beta / factor) * factor);
  } else if (hBar * wBar < minPixels) {
    const beta = Math.sqrt(minPixels / (height * width));
    hBar = Math.ceil((height * beta) / factor) * factor;
    wBar = Math.ceil((width * beta) / factor) * factor;
  }
  // Python returns 0 here (min_pixels 0 and a side under factor / 2) and the processor then fails on
  // an empty reshape; say so up front instead.
  if (hBar < factor || wBar < factor) {
    throw new ImageShapeError(
      file,
      width,
      height,
      `too small: resizes to ${wBar}x${hBar}, under one ${factor}x${factor} block (raise min_pixels)`,
    );
  }
  return { height: hBar, width: wBar };
}
