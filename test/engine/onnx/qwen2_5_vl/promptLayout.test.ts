import { leftPaddedBatch, rightAlignedMask } from '../../../../src/engine/onnx/qwen2_5_vl/promptLayout';

const text = (ids: number[], start: number) => ({
  ids,
  positions: {
    temporal: ids.map((_, i) => start + i),
    height: ids.map((_, i) => start + i),
    width: ids.map((_, i) => start + i),
    next: start + ids.length,
  },
});

describe('leftPaddedBatch', () => {
  it('right-aligns rows, pads on the left, masks padding and keeps explicit positions', () => {
    const batch = leftPaddedBatch([text([11, 12, 13], 0), text([21], 5)], 0);
    expect(batch.width).toBe(3);
    expect(batch.ids).toEqual([11, 12, 13, 0, 0, 21]);
    expect(batch.masks).toEqual([
      [1, 1, 1],
      [0, 0, 1],
    ]);
    // [3, batch, width]: the pad columns get position 1, real tokens their own positions.
    expect(batch.positionIds).toEqual([0, 1, 2, 1, 1, 5, 0, 1, 2, 1, 1, 5, 0, 1, 2, 1, 1, 5]);
  });

  it('puts the past mask first: [left pad][prefix][middle pad][suffix]', () => {
    const pastLength = 4;
    const batch = leftPaddedBatch([text([31, 32], 9), text([41], 3)], 0, [
      rightAlignedMask(4, pastLength),
      rightAlignedMask(2, pastLength),
    ]);
    expect(batch.masks).toEqual([
      [1, 1, 1, 1, 1, 1],
      [0, 0, 1, 1, 0, 1],
    ]);
    expect(batch.ids).toEqual([31, 32, 0, 41]);
  });
});
