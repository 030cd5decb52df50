import { pythonRound, smartResize } from '../../../../src/engine/onnx/qwen2_5_vl/smartResize';
import { ImageShapeError } from '../../../../src/errors';

// [height, width, min_pixels, max_pixels, expected height, expected width], from transformers 5.17
// models/qwen2_vl/image_processing_pil_qwen2_vl.smart_resize(height, width, 28, min_pixels, max_pixels).
const REFERENCE: [number, number, number, number, number, number][] = [
  [42, 42, 3136, 1003520, 56, 56],
  [70, 70, 3136, 1003520, 56, 56],
  [14, 14, 3136, 1003520, 56, 56],
  [1, 1, 3136, 1003520, 56, 56],
  [750, 1000, 3136, 1003520, 756, 1008],
  [3000, 4000, 3136, 200704, 364, 504],
  [1, 200, 3136, 1003520, 28, 812],
  [10, 2000, 3136, 1003520, 28, 812],
  [28, 5600, 3136, 1003520, 28, 5600],
  [4000, 20, 3136, 1003520, 4004, 28],
  [224, 224, 3136, 50176, 224, 224],
  [225, 223, 3136, 200704, 224, 224],
  [2000, 3000, 3136, 12845056, 1988, 2996],
  [99, 101, 10000, 20000, 112, 112],
  [1080, 1920, 3136, 1003520, 728, 1316],
  [480, 640, 200704, 1003520, 476, 644],
  [7, 9, 3136, 1003520, 56, 84],
  [2093, 2950, 200704, 200704, 364, 504],
  [3815, 2065, 200704, 200704, 588, 308],
  [1285, 935, 200704, 3136000, 1288, 924],
  [2020, 3132, 200704, 200704, 336, 532],
  [4702, 2073, 3136, 1003520, 1484, 644],
  [3344, 2311, 3136, 3136000, 2128, 1456],
  [1308, 597, 3136, 3136000, 1316, 588],
  [1038, 1089, 3136, 200704, 420, 448],
  [1716, 1776, 3136, 1003520, 980, 1008],
  [2370, 2584, 3136, 1003520, 952, 1036],
  [1489, 1621, 200704, 12845056, 1484, 1624],
  [177, 2959, 200704, 1003520, 168, 2968],
  [1194, 2168, 3136, 12845056, 1204, 2156],
  [2469, 4956, 200704, 200704, 308, 616],
  [4883, 2800, 3136, 12845056, 4732, 2688],
  [2912, 2526, 200704, 12845056, 2912, 2520],
  [1514, 3952, 200704, 1003520, 616, 1596],
  [467, 2101, 3136, 12845056, 476, 2100],
  [3312, 170, 200704, 3136000, 3304, 168],
  [3000, 3103, 200704, 200704, 420, 448],
  [3710, 406, 200704, 1003520, 3024, 308],
  [1610, 985, 3136, 3136000, 1624, 980],
  [2822, 4216, 200704, 12845056, 2828, 4228],
  [3792, 910, 200704, 12845056, 3780, 896],
  [2424, 316, 200704, 200704, 1232, 140],
];

describe('smartResize', () => {
  it.each(REFERENCE)(
    '%i x %i within [%i, %i] pixels -> %i x %i, as transformers',
    (h, w, min, max, eh, ew) => {
      expect(smartResize(h, w, { factor: 28, minPixels: min, maxPixels: max })).toEqual({
        height: eh,
        width: ew,
      });
    },
  );

  it('rounds halves to even like Python (42/28 = 1.5 -> 2, 70/28 = 2.5 -> 2)', () => {
    expect(pythonRound(1.5)).toBe(2);
    expect(pythonRound(2.5)).toBe(2);
    expect(pythonRound(3.5)).toBe(4);
    expect(pythonRound(2.4999999)).toBe(2);
    expect(pythonRound(0.5)).toBe(0);
    expect(smartResize(70, 42 * 28, { factor: 28, minPixels: 0, maxPixels: 1e9 })).toEqual({
      height: 56,
      width: 42 * 28,
    });
  });

  it('accepts an aspect ratio of exactly 200 and refuses 201 with an error naming the file', () => {
    expect(smartResize(1, 200, { factor: 28, minPixels: 3136, maxPixels: 1003520 })).toEqual({
      height: 28,
      width: 812,
    });
    const call = () =>
      smartResize(1, 201, { factor: 28, minPixels: 3136, maxPixels: 1003520, file: '/data/strip.png' });
    expect(call).toThrow(ImageShapeError);
    expect(call).toThrow(/\/data\/strip\.png \(201x1\).*aspect ratio must be smaller than 200, got 201/);
  });

  it('refuses a size that would round to nothing (min_pixels 0, sides under factor / 2)', () => {
    // transformers returns (0, 0) here and fails later on an empty reshape.
    expect(() =>
      smartResize(5, 3, { factor: 28, minPixels: 0, maxPixels: 1003520, file: 'tiny.png' }),
    ).toThrow(/tiny\.png \(3x5\).*too small/);
  });

  it('scales down by the area ratio when over max_pixels, flooring each side to the grid', () => {
    // 3000x4000 over 200704: beta = sqrt(12e6 / 200704); floor(3000 / beta / 28) * 28 = 364.
    const out = smartResize(3000, 4000, { factor: 28, minPixels: 3136, maxPixels: 200704 });
    expect(out).toEqual({ height: 364, width: 504 });
    expect(out.height * out.width).toBeLessThanOrEqual(200704);
  });
});
