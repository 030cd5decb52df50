/**
 * Resampling weights of Pillow's `Image.resize` for one axis (libImaging/Resample.c,
 * `precompute_coeffs` + `normalize_coeffs_8bpc`), reproduced step by step so that our resize is
 * bit-exact with PIL's: the same double-precision arithmetic, the same truncating casts, the same
 * 22-bit fixed-point weights.
 */

/** Fractional bits of the fixed-point weights: 32 bits - 8 for the pixel - 2 for overshoot. */
export const PRECISION_BITS = 22;

/** Pillow's BICUBIC kernel: Keys' cubic convolution with a = -0.5, support 2. */
export function bicubicKernel(x: number): number {
  const a = -0.5;
  const t = x < 0 ? -x : x;
  if (t < 1) {
    return ((a + 2) * t - (a + 3)) * t * t + 1;
  }
  if (t < 2) {
    return (((t - 5) * t + 8) * t - 4) * a;
  }
  return 0;
}

const BICUBIC_SUPPORT = 2;

/** Integer weights of one axis: output position i reads `taps[i]` input samples from `first[i]`. */
export interface AxisCoefficients {
  /** Coefficient slots per output position (Pillow's `ksize`); row i of `weights` starts at i * kernelSize. */
  kernelSize: number;
  /** First input index read for each output position. */
  first: Int32Array;
  /** Number of input samples read for each output position. */
  taps: Int32Array;
  /** Fixed-point weights (scaled by 2^PRECISION_BITS), `kernelSize` per output position. */
  weights: Int32Array;
}

/**
 * Weights for resizing an axis of `inSize` samples to `outSize` with the bicubic kernel over the
 * whole axis (box = 0..inSize), as Pillow computes them for `Image.resize(size, BICUBIC)`.
 */
export function bicubicAxisCoefficients(inSize: number, outSize: number): AxisCoefficients {
  // Pillow passes the box edges as C floats: in1 - in0 is a float subtraction, widened to double.
  const in0 = 0;
  const in1 = Math.fround(inSize);
  const scale = Math.fround(in1 - in0) / outSize;
  const filterScale = scale < 1 ? 1 : scale;
  const support = BICUBIC_SUPPORT * filterScale;
  const kernelSize = Math.ceil(support) * 2 + 1;
  const invFilterScale = 1 / filterScale;

  const first = new Int32Array(outSize);
  const taps = new Int32Array(outSize);
  const weights = new Int32Array(outSize * kernelSize);
  const row = new Float64Array(kernelSize);
  const one = 1 << PRECISION_BITS;

  for (let xx = 0; xx < outSize; xx++) {
    const center = in0 + (xx + 0.5) * scale;
    // C's (int) cast truncates toward zero; Pillow adds 0.5 first to round.
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;

    let sum = 0;
    for (let x = 0; x < xmax; x++) {
      const w = bicubicKernel((x + xmin - center + 0.5) * invFilterScale);
      row[x] = w;
      sum += w;
    }
    const base = xx * kernelSize;
    for (let x = 0; x < xmax; x++) {
      const w = sum !== 0 ? (row[x] as number) / sum : (row[x] as number);
      // normalize_coeffs_8bpc: round half away from zero, by truncation after adding +-0.5.
      weights[base + x] = w < 0 ? Math.trunc(-0.5 + w * one) : Math.trunc(0.5 + w * one);
    }
    first[xx] = xmin;
    taps[xx] = xmax;
  }
  return { kernelSize, first, taps, weights };
}
