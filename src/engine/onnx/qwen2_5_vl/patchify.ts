import type { RgbImage } from '../../image/rgbImage';

/**
 * The patch flattening of Qwen2VLImageProcessor (`patchify` in image_processing_pil_qwen2_vl.py),
 * fused with normalization through a lookup table. The processor reshapes the channels-first image
 * [C, H, W] to [C, gh/m, m, P, gw/m, m, P], transposes to [gh/m, gw/m, m, m, C, P, P], repeats the
 * single frame T times after C, and flattens to [gh * gw, C * T * P * P]. So patch rows come in
 * merge blocks (m x m neighbouring patches, row-major inside the block, blocks row-major over the
 * image), and each row holds channel by channel, frame by frame, the P x P pixels row-major.
 */

/** The processor's patch geometry. */
export interface PatchGeometry {
  patchSize: number;
  mergeSize: number;
  temporalPatchSize: number;
}

/** Flattened patches and their grid. */
export interface Patches {
  /** [gridT * gridH * gridW, 3 * T * P * P] row-major. */
  pixelValues: Float32Array;
  /** [t, h, w] in patches; t is 1 for a still image. */
  gridThw: [number, number, number];
}

const CHANNELS = 3;
const LEVELS = 256;

/**
 * Patches of an RGB image whose sides are multiples of patchSize * mergeSize; `table` maps
 * channel * 256 + value to the normalized float (see buildNormalizationTable).
 */
export function patchify(image: RgbImage, table: Float32Array, geometry: PatchGeometry): Patches {
  const { patchSize: p, mergeSize: m, temporalPatchSize: t } = geometry;
  const { data, width, height } = image;
  const block = p * m;
  if (width % block !== 0 || height % block !== 0) {
    throw new RangeError(
      `image ${width}x${height} is not a multiple of patch * merge = ${block} on both sides`,
    );
  }
  if (table.length !== CHANNELS * LEVELS) {
    throw new RangeError(`normalization table has ${table.length} entries, expected ${CHANNELS * LEVELS}`);
  }
  const gridH = height / p;
  const gridW = width / p;
  const planeSize = p * p;
  const rowSize = CHANNELS * t * planeSize;
  const out = new Float32Array(gridH * gridW * rowSize);
  const rowStride = width * CHANNELS;

  let o = 0;
  for (let bh = 0; bh < gridH / m; bh++) {
    for (let bw = 0; bw < gridW / m; bw++) {
      for (let mh = 0; mh < m; mh++) {
        for (let mw = 0; mw < m; mw++) {
          const topLeft = (bh * m + mh) * p * rowStride + (bw * m + mw) * p * CHANNELS;
          for (let c = 0; c < CHANNELS; c++) {
            const frameStart = o;
            const lutBase = c * LEVELS;
            for (let ph = 0; ph < p; ph++) {
              let s = topLeft + ph * rowStride + c;
              for (let pw = 0; pw < p; pw++) {
                out[o++] = table[lutBase + (data[s] as number)] as number;
                s += CHANNELS;
              }
            }
            // The processor repeats the still frame T times (a broadcast); copy the first frame.
            for (let f = 1; f < t; f++) {
              out.copyWithin(o, frameStart, frameStart + planeSize);
              o += planeSize;
            }
          }
        }
      }
    }
  }
  return { pixelValues: out, gridThw: [1, gridH, gridW] };
}
