import { resizeBicubicRgb } from '../../../src/engine/image/bicubicResize';
import {
  PRECISION_BITS,
  bicubicAxisCoefficients,
  bicubicKernel,
} from '../../../src/engine/image/resampleCoefficients';
import type { RgbImage } from '../../../src/engine/image/rgbImage';

// Expected outputs below come from Pillow 13.0.0: Image.fromarray(input).resize((W, H), Image.BICUBIC).
const PIL_GROW = {
  width: 4,
  height: 3,
  input: [
    78, 204, 64, 34, 16, 250, 233, 32, 103, 122, 13, 204, 138, 172, 208, 127, 124, 100, 12, 151, 222, 203,
    251, 153, 211, 235, 80, 182, 176, 41, 88, 7, 141, 241, 73, 124,
  ],
  target: [6, 5] as const,
  output: [
    77, 219, 40, 39, 113, 161, 53, 0, 252, 230, 21, 110, 192, 9, 145, 107, 0, 216, 98, 199, 115, 76, 123, 161,
    73, 46, 198, 141, 74, 153, 155, 95, 166, 149, 105, 190, 139, 175, 215, 140, 148, 150, 110, 123, 109, 15,
    141, 210, 106, 206, 193, 216, 255, 148, 190, 215, 137, 185, 194, 89, 149, 146, 65, 55, 69, 162, 139, 101,
    159, 243, 150, 129, 219, 244, 73, 208, 222, 49, 171, 153, 47, 96, 14, 123, 167, 19, 134, 254, 64, 121,
  ],
};
// Height shrinks more than twice the width's change: Pillow 13 runs the vertical pass first, and here
// the order changes the result (`horizontalFirst` is what Pillow 12 and older produce).
const PIL_SHRINK_HEIGHT = {
  width: 5,
  height: 7,
  input: [
    223, 123, 222, 37, 84, 55, 200, 102, 211, 60, 159, 237, 53, 138, 57, 140, 55, 21, 7, 18, 118, 67, 241,
    138, 148, 221, 56, 33, 89, 208, 34, 193, 76, 167, 197, 242, 177, 243, 188, 250, 92, 195, 51, 159, 144, 36,
    75, 222, 86, 85, 118, 94, 59, 57, 79, 37, 219, 116, 234, 130, 213, 138, 152, 113, 99, 19, 176, 169, 19,
    47, 154, 254, 119, 163, 122, 70, 255, 89, 16, 219, 40, 224, 81, 35, 126, 236, 5, 89, 126, 246, 188, 201,
    215, 100, 100, 63, 81, 192, 156, 171, 194, 167, 128, 117, 191,
  ],
  target: [6, 3] as const,
  output: [
    151, 108, 104, 65, 77, 116, 97, 146, 162, 149, 194, 173, 118, 159, 145, 38, 118, 139, 79, 127, 149, 101,
    122, 133, 132, 139, 86, 136, 120, 129, 113, 111, 200, 94, 193, 139, 150, 214, 155, 76, 164, 60, 121, 133,
    50, 153, 167, 87, 117, 195, 136, 112, 127, 205,
  ],
  horizontalFirst: [
    151, 108, 104, 65, 77, 116, 98, 146, 161, 149, 194, 173, 118, 159, 144, 38, 118, 139, 79, 127, 148, 101,
    122, 133, 132, 139, 87, 137, 120, 128, 113, 111, 200, 95, 192, 138, 150, 214, 156, 76, 164, 60, 121, 133,
    51, 153, 167, 87, 117, 195, 136, 111, 127, 205,
  ],
};
const PIL_SHRINK = {
  width: 11,
  height: 9,
  input: [
    2, 183, 247, 240, 153, 163, 21, 209, 158, 222, 211, 214, 98, 50, 144, 140, 55, 227, 117, 251, 0, 40, 29,
    251, 223, 53, 151, 34, 104, 187, 90, 52, 42, 26, 241, 78, 231, 69, 193, 141, 27, 163, 232, 210, 0, 212,
    206, 123, 219, 5, 216, 251, 140, 56, 112, 90, 66, 127, 166, 237, 50, 202, 114, 151, 10, 239, 132, 184,
    150, 179, 60, 60, 245, 99, 142, 151, 179, 39, 93, 205, 136, 63, 254, 226, 87, 146, 9, 222, 81, 24, 163,
    247, 208, 100, 246, 32, 81, 74, 90, 199, 19, 28, 146, 119, 61, 183, 137, 175, 185, 247, 242, 70, 67, 7,
    187, 3, 211, 39, 71, 21, 217, 6, 1, 249, 46, 155, 92, 229, 142, 122, 173, 77, 19, 30, 17, 110, 145, 245,
    172, 61, 215, 24, 207, 37, 109, 108, 133, 219, 182, 121, 97, 172, 150, 106, 159, 19, 250, 109, 196, 51,
    49, 33, 80, 144, 234, 47, 196, 230, 65, 193, 247, 254, 55, 7, 151, 55, 95, 252, 137, 156, 44, 149, 119, 8,
    5, 252, 175, 44, 28, 152, 101, 51, 113, 122, 39, 113, 194, 238, 130, 88, 153, 93, 28, 186, 138, 93, 10,
    120, 238, 153, 201, 86, 135, 107, 248, 231, 115, 39, 23, 160, 157, 65, 134, 178, 226, 51, 244, 190, 4,
    184, 221, 86, 44, 240, 44, 228, 174, 16, 82, 4, 177, 140, 138, 78, 163, 52, 234, 40, 26, 227, 6, 1, 234,
    107, 22, 255, 194, 136, 254, 22, 75, 242, 175, 117, 131, 112, 212, 209, 240, 253, 231, 176, 113, 18, 75,
    219, 223, 185, 254, 13, 119, 192, 72, 127, 226, 132, 183, 8, 85, 224, 4, 49, 7, 65, 140, 216, 177,
  ],
  target: [4, 5] as const,
  output: [
    127, 156, 165, 175, 138, 143, 144, 114, 135, 97, 98, 158, 179, 107, 100, 144, 162, 126, 151, 113, 83, 129,
    168, 114, 116, 109, 145, 134, 130, 126, 132, 99, 102, 126, 116, 117, 100, 106, 145, 155, 134, 111, 139,
    99, 101, 118, 169, 155, 122, 150, 177, 122, 130, 146, 156, 120, 77, 163, 134, 91,
  ],
};

function image(width: number, height: number, data: number[] | Uint8Array): RgbImage {
  return { width, height, data: Uint8Array.from(data) };
}

function randomImage(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let state = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = state >>> 24;
  }
  return { width, height, data };
}

describe('resizeBicubicRgb', () => {
  it('returns an equal copy when the size is unchanged (PIL returns im.copy())', () => {
    const src = randomImage(5, 4, 1);
    const out = resizeBicubicRgb(src, 5, 4);
    expect(out.data).toEqual(src.data);
    expect(out.data).not.toBe(src.data);
  });

  it.each([
    ['upscaling both sides', PIL_GROW],
    ['downscaling both sides', PIL_SHRINK],
    ['shrinking the height (vertical pass first)', PIL_SHRINK_HEIGHT],
  ])('matches Pillow 13 byte for byte when %s', (_label, c) => {
    const out = resizeBicubicRgb(image(c.width, c.height, c.input), c.target[0], c.target[1]);
    expect(out.width).toBe(c.target[0]);
    expect(out.height).toBe(c.target[1]);
    expect(Array.from(out.data)).toEqual(c.output);
  });

  it("reproduces Pillow 12's horizontal-first order on request", () => {
    const c = PIL_SHRINK_HEIGHT;
    const out = resizeBicubicRgb(
      image(c.width, c.height, c.input),
      c.target[0],
      c.target[1],
      'horizontal-first',
    );
    expect(Array.from(out.data)).toEqual(c.horizontalFirst);
    expect(c.horizontalFirst).not.toEqual(c.output);
  });

  it('runs two separable passes: the result equals one axis resized after the other', () => {
    const src = randomImage(37, 23, 7);
    // Both grow: horizontal first.
    const grown = resizeBicubicRgb(src, 56, 28);
    expect(grown.data).toEqual(resizeBicubicRgb(resizeBicubicRgb(src, 56, 23), 56, 28).data);
    // Height shrinks by more than twice the width's change: vertical first.
    const shrunk = resizeBicubicRgb(src, 36, 14);
    expect(shrunk.data).toEqual(resizeBicubicRgb(resizeBicubicRgb(src, 37, 14), 36, 14).data);
    // Only the height changes: one vertical pass, whichever order is asked for.
    expect(resizeBicubicRgb(src, 37, 14).data).toEqual(
      resizeBicubicRgb(src, 37, 14, 'horizontal-first').data,
    );
  });

  it('resizes a single pixel to a flat image of that colour', () => {
    const out = resizeBicubicRgb(image(1, 1, [12, 34, 56]), 3, 2);
    expect(Array.from(out.data)).toEqual([
      12, 34, 56, 12, 34, 56, 12, 34, 56, 12, 34, 56, 12, 34, 56, 12, 34, 56,
    ]);
  });

  it('keeps a flat image flat at any size (weights sum to one, rounding is exact)', () => {
    const flat = image(9, 7, new Array<number>(9 * 7 * 3).fill(200));
    for (const [w, h] of [
      [28, 28],
      [4, 3],
      [9, 2],
    ] as const) {
      const out = resizeBicubicRgb(flat, w, h);
      expect(out.data.every((v) => v === 200)).toBe(true);
    }
  });

  it('refuses a buffer of the wrong length and a non-positive target', () => {
    expect(() => resizeBicubicRgb(image(2, 2, [1, 2, 3]), 4, 4)).toThrow(/expected 2x2x3/);
    expect(() => resizeBicubicRgb(randomImage(2, 2, 1), 0, 4)).toThrow(/positive integers/);
  });
});

describe('bicubicAxisCoefficients', () => {
  it('is the identity on an unchanged axis', () => {
    const c = bicubicAxisCoefficients(6, 6);
    for (let i = 0; i < 6; i++) {
      const start = c.first[i] as number;
      const row = Array.from(c.weights.subarray(i * c.kernelSize, i * c.kernelSize + (c.taps[i] as number)));
      expect(row[i - start]).toBe(1 << PRECISION_BITS);
      expect(row.filter((w) => w !== 0)).toHaveLength(1);
    }
  });

  it('widens the kernel by the downscale factor (support 2 * scale, Pillow ksize)', () => {
    expect(bicubicAxisCoefficients(100, 100).kernelSize).toBe(5);
    expect(bicubicAxisCoefficients(300, 100).kernelSize).toBe(13);
    expect(bicubicAxisCoefficients(100, 300).kernelSize).toBe(5);
  });

  it('clamps the taps to the image edges', () => {
    const c = bicubicAxisCoefficients(10, 3);
    expect(c.first[0]).toBe(0);
    expect((c.first[2] as number) + (c.taps[2] as number)).toBe(10);
  });

  it('uses Keys cubic convolution with a = -0.5', () => {
    expect(bicubicKernel(0)).toBe(1);
    expect(bicubicKernel(1)).toBeCloseTo(0, 15);
    expect(bicubicKernel(0.5)).toBeCloseTo(0.5625, 15);
    expect(bicubicKernel(-1.5)).toBeCloseTo(-0.0625, 15);
    expect(bicubicKernel(2)).toBe(0);
  });
});
