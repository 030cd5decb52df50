import { patchify } from '../../../../src/engine/onnx/qwen2_5_vl/patchify';
import type { RgbImage } from '../../../../src/engine/image/rgbImage';

/** The identity table: channel c, value v -> c * 1000 + v, so every output names its source. */
function labelTable(): Float32Array {
  const table = new Float32Array(3 * 256);
  for (let c = 0; c < 3; c++) for (let v = 0; v < 256; v++) table[c * 256 + v] = c * 1000 + v;
  return table;
}

function noiseImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 131 + (i >> 7)) & 255;
  return { data, width, height };
}

/**
 * The processor's layout written as NumPy does it, independently of patchify's loops: the
 * channels-first image viewed as [C, gh/m, m, P, gw/m, m, P], transposed by (1, 4, 2, 5, 0, 3, 6),
 * a T axis broadcast before the last two, flattened row-major.
 */
function numpyReference(image: RgbImage, p: number, m: number, t: number): Float32Array {
  const { width, height, data } = image;
  const gh = height / p;
  const gw = width / p;
  const viewShape = [3, gh / m, m, p, gw / m, m, p];
  const order = [1, 4, 2, 5, 0, 3, 6];
  const permuted = order.map((axis) => viewShape[axis] as number);
  // Output shape: permuted with T inserted at position 5.
  const outShape = [...permuted.slice(0, 5), t, ...permuted.slice(5)];
  const total = outShape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(total);
  const index = new Array<number>(outShape.length).fill(0);
  for (let flat = 0; flat < total; flat++) {
    // Drop the T index, undo the permutation, and read [c, y, x] from the view indices.
    const withoutT = [...index.slice(0, 5), ...index.slice(6)];
    const view = new Array<number>(7);
    order.forEach((axis, k) => (view[axis] = withoutT[k] as number));
    const [c, bh, mh, ph, bw, mw, pw] = view as [number, number, number, number, number, number, number];
    const y = (bh * m + mh) * p + ph;
    const x = (bw * m + mw) * p + pw;
    out[flat] = c * 1000 + (data[(y * width + x) * 3 + c] as number);
    for (let d = outShape.length - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (outShape[d] as number)) break;
      index[d] = 0;
    }
  }
  return out;
}

describe('patchify', () => {
  it.each([
    [8, 12, 2, 2, 2],
    [56, 84, 14, 2, 2],
    [12, 6, 3, 1, 3],
  ])(
    'lays out a %ix%i image (patch %i, merge %i, T %i) exactly as the NumPy reshape/transpose',
    (w, h, p, m, t) => {
      const image = noiseImage(w, h);
      const { pixelValues, gridThw } = patchify(image, labelTable(), {
        patchSize: p,
        mergeSize: m,
        temporalPatchSize: t,
      });
      expect(gridThw).toEqual([1, h / p, w / p]);
      expect(pixelValues.length).toBe((h / p) * (w / p) * 3 * t * p * p);
      expect(pixelValues).toEqual(numpyReference(image, p, m, t));
    },
  );

  it('orders patches by 2x2 merge blocks, and duplicates the frame in time', () => {
    // 4x4 image, patch 1, merge 2: rows are (0,0) (0,1) (1,0) (1,1) then the block to the right.
    const data = new Uint8Array(4 * 4 * 3);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) data[(y * 4 + x) * 3] = y * 10 + x;
    const { pixelValues } = patchify({ data, width: 4, height: 4 }, labelTable(), {
      patchSize: 1,
      mergeSize: 2,
      temporalPatchSize: 2,
    });
    // Each row: [R t0, R t1, G t0, G t1, B t0, B t1]; read the red values of t0.
    const reds = Array.from({ length: 16 }, (_, row) => pixelValues[row * 6]);
    expect(reds).toEqual([0, 1, 10, 11, 2, 3, 12, 13, 20, 21, 30, 31, 22, 23, 32, 33]);
    expect(pixelValues[1]).toBe(pixelValues[0]);
    expect(pixelValues[2]).toBe(1000);
  });

  it('refuses sides that are not multiples of patch * merge, and a wrong table', () => {
    const geometry = { patchSize: 14, mergeSize: 2, temporalPatchSize: 2 };
    expect(() => patchify(noiseImage(56, 42), labelTable(), geometry)).toThrow(
      /multiple of patch \* merge = 28/,
    );
    expect(() => patchify(noiseImage(28, 28), new Float32Array(10), geometry)).toThrow(/768/);
  });
});
