import { PRECISION_BITS, bicubicAxisCoefficients } from './resampleCoefficients';
import type { AxisCoefficients } from './resampleCoefficients';
import type { RgbImage } from './rgbImage';

/**
 * Pillow's `Image.resize((width, height), Image.BICUBIC)` on an 8-bit RGB image, bit-exact
 * (libImaging/Resample.c, `ImagingResampleInner` with the 8bpc passes): two separable passes, each
 * accumulating pixel * fixed-point weight in integers from a rounding offset of one half, then
 * clipping to 0..255; a pass is skipped when its axis keeps its size.
 * sharp's own kernels differ, which is why this is done here on the raw buffer.
 */

const CHANNELS = 3;
const ROUNDING_HALF = 1 << (PRECISION_BITS - 1);

// Pillow's clip8 table: index (sum >> PRECISION_BITS) + 640 covers every int32 sum.
const CLIP_OFFSET = 640;
const CLIP8 = new Uint8Array(1280);
for (let i = 0; i < CLIP8.length; i++) {
  CLIP8[i] = Math.min(255, Math.max(0, i - CLIP_OFFSET));
}

/**
 * Which pass Pillow runs first. Pillow 13 runs the vertical pass first when the height shrinks by more
 * than twice as many pixels as the width (`ImagingResampleInner`); Pillow 12 and older always ran the
 * horizontal pass first. The order changes rounding, so it must match the Pillow that made the reference.
 */
export type PassOrder = 'pillow13' | 'horizontal-first';

/** Resizes packed RGB (3 bytes per pixel, row-major) to `width` x `height`; same size returns a copy. */
export function resizeBicubicRgb(
  image: RgbImage,
  width: number,
  height: number,
  passOrder: PassOrder = 'pillow13',
): RgbImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`resize target must be positive integers, got ${width}x${height}`);
  }
  if (image.data.length !== image.width * image.height * CHANNELS) {
    throw new RangeError(
      `RGB buffer holds ${image.data.length} bytes, expected ${image.width}x${image.height}x${CHANNELS}`,
    );
  }
  const needHorizontal = width !== image.width;
  const needVertical = height !== image.height;
  if (!needHorizontal && !needVertical) {
    return { data: image.data.slice(), width, height };
  }
  const shrinkY = image.height - height;
  const horizontalFirst =
    passOrder === 'horizontal-first' || !(shrinkY > 0 && shrinkY > (image.width - width) * 2);

  if (!horizontalFirst) {
    // Only reached when the height shrinks, so the vertical pass is always needed here.
    const narrowed = resampleColumns(image, height, bicubicAxisCoefficients(image.height, height), 0);
    return needHorizontal ? resampleRows(narrowed, width, 0, height) : narrowed;
  }
  if (!needVertical) {
    return resampleRows(image, width, 0, image.height);
  }
  const vertical = bicubicAxisCoefficients(image.height, height);
  // Only rows firstRow..lastRow-1 of the source feed the vertical pass (Pillow's ybox_first/last).
  const firstRow = vertical.first[0] as number;
  const lastRow = (vertical.first[height - 1] as number) + (vertical.taps[height - 1] as number);
  if (!needHorizontal) {
    return resampleColumns(image, height, vertical, 0);
  }
  const widened = resampleRows(image, width, firstRow, lastRow - firstRow);
  return resampleColumns(widened, height, vertical, firstRow);
}

/** Horizontal pass: rows firstRow..firstRow+rows-1 of `image`, each resampled to `width` pixels. */
function resampleRows(image: RgbImage, width: number, firstRow: number, rows: number): RgbImage {
  const { kernelSize, first, taps, weights } = bicubicAxisCoefficients(image.width, width);
  const src = image.data;
  const dst = new Uint8Array(width * rows * CHANNELS);
  const srcStride = image.width * CHANNELS;
  let o = 0;
  for (let y = 0; y < rows; y++) {
    const rowStart = (y + firstRow) * srcStride;
    for (let xx = 0; xx < width; xx++) {
      const n = taps[xx] as number;
      const kBase = xx * kernelSize;
      let p = rowStart + (first[xx] as number) * CHANNELS;
      let s0 = ROUNDING_HALF;
      let s1 = ROUNDING_HALF;
      let s2 = ROUNDING_HALF;
      for (let x = 0; x < n; x++) {
        const w = weights[kBase + x] as number;
        s0 += (src[p] as number) * w;
        s1 += (src[p + 1] as number) * w;
        s2 += (src[p + 2] as number) * w;
        p += CHANNELS;
      }
      dst[o] = CLIP8[(s0 >> PRECISION_BITS) + CLIP_OFFSET] as number;
      dst[o + 1] = CLIP8[(s1 >> PRECISION_BITS) + CLIP_OFFSET] as number;
      dst[o + 2] = CLIP8[(s2 >> PRECISION_BITS) + CLIP_OFFSET] as number;
      o += CHANNELS;
    }
  }
  return { data: dst, width, height: rows };
}

/**
 * Vertical pass: every column resampled to `height` rows; `rowOffset` shifts the weights' row indices.
 * Integer sums are exact in doubles whatever the order of additions, so the loops are arranged for
 * speed (row-wise, several source rows at a time) without changing a single result.
 */
function resampleColumns(
  image: RgbImage,
  height: number,
  coefficients: AxisCoefficients,
  rowOffset: number,
): RgbImage {
  const maxTaps = coefficients.taps.reduce((max, n) => (n > max ? n : max), 0);
  return maxTaps <= FEW_TAPS
    ? resampleColumnsFewTaps(image, height, coefficients, rowOffset)
    : resampleColumnsManyTaps(image, height, coefficients, rowOffset);
}

/** Taps per output row handled by the unrolled path (bicubic upscaling reads 4 or 5 rows). */
const FEW_TAPS = 5;

/** Up to 5 taps: one expression per sample; missing taps read the last row with weight 0 (adds 0). */
function resampleColumnsFewTaps(
  image: RgbImage,
  height: number,
  { kernelSize, first, taps, weights }: AxisCoefficients,
  rowOffset: number,
): RgbImage {
  const src = image.data;
  const stride = image.width * CHANNELS;
  const dst = new Uint8Array(stride * height);
  const w = new Int32Array(FEW_TAPS);
  const r = new Int32Array(FEW_TAPS);
  for (let yy = 0; yy < height; yy++) {
    const n = taps[yy] as number;
    const top = ((first[yy] as number) - rowOffset) * stride;
    for (let k = 0; k < FEW_TAPS; k++) {
      w[k] = k < n ? (weights[yy * kernelSize + k] as number) : 0;
      r[k] = top + Math.min(k, n - 1) * stride;
    }
    const w0 = w[0] as number;
    const w1 = w[1] as number;
    const w2 = w[2] as number;
    const w3 = w[3] as number;
    const w4 = w[4] as number;
    const r0 = r[0] as number;
    const r1 = r[1] as number;
    const r2 = r[2] as number;
    const r3 = r[3] as number;
    const r4 = r[4] as number;
    const outRow = yy * stride;
    for (let i = 0; i < stride; i++) {
      const s =
        ROUNDING_HALF +
        (src[r0 + i] as number) * w0 +
        (src[r1 + i] as number) * w1 +
        (src[r2 + i] as number) * w2 +
        (src[r3 + i] as number) * w3 +
        (src[r4 + i] as number) * w4;
      dst[outRow + i] = CLIP8[(s >> PRECISION_BITS) + CLIP_OFFSET] as number;
    }
  }
  return { data: dst, width: image.width, height };
}

/** Many taps (downscaling): accumulate whole rows, four source rows per sweep. */
function resampleColumnsManyTaps(
  image: RgbImage,
  height: number,
  { kernelSize, first, taps, weights }: AxisCoefficients,
  rowOffset: number,
): RgbImage {
  const src = image.data;
  const stride = image.width * CHANNELS;
  const dst = new Uint8Array(stride * height);
  const acc = new Float64Array(stride);
  for (let yy = 0; yy < height; yy++) {
    const n = taps[yy] as number;
    const kBase = yy * kernelSize;
    const top = ((first[yy] as number) - rowOffset) * stride;
    acc.fill(ROUNDING_HALF);
    let y = 0;
    for (; y + 4 <= n; y += 4) {
      const w0 = weights[kBase + y] as number;
      const w1 = weights[kBase + y + 1] as number;
      const w2 = weights[kBase + y + 2] as number;
      const w3 = weights[kBase + y + 3] as number;
      const r0 = top + y * stride;
      const r1 = r0 + stride;
      const r2 = r1 + stride;
      const r3 = r2 + stride;
      for (let i = 0; i < stride; i++) {
        acc[i] =
          (acc[i] as number) +
          ((src[r0 + i] as number) * w0 +
            (src[r1 + i] as number) * w1 +
            (src[r2 + i] as number) * w2 +
            (src[r3 + i] as number) * w3);
      }
    }
    for (; y < n; y++) {
      const wy = weights[kBase + y] as number;
      const row = top + y * stride;
      for (let i = 0; i < stride; i++) {
        acc[i] = (acc[i] as number) + (src[row + i] as number) * wy;
      }
    }
    const outRow = yy * stride;
    for (let i = 0; i < stride; i++) {
      dst[outRow + i] = CLIP8[((acc[i] as number) >> PRECISION_BITS) + CLIP_OFFSET] as number;
    }
  }
  return { data: dst, width: image.width, height };
}
