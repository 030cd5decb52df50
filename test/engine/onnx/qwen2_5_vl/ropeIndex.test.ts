import { computeRopePositions } from '../../../../src/engine/onnx/qwen2_5_vl/ropeIndex';

const IMG = 9;
const settings = { imageTokenId: IMG, spatialMergeSize: 2, tokensPerSecond: 2 };

describe('computeRopePositions', () => {
  it('counts text up on all axes and lays an image out by row and column', () => {
    // text a b <vision_start>, a 1x4x6 patch grid = 2x3 merged tokens, then <vision_end> c d.
    const ids = [1, 2, 3, IMG, IMG, IMG, IMG, IMG, IMG, 4, 5, 6];
    const positions = computeRopePositions(ids, [[1, 4, 6]], settings);
    expect(positions.temporal).toEqual([0, 1, 2, 3, 3, 3, 3, 3, 3, 6, 7, 8]);
    expect(positions.height).toEqual([0, 1, 2, 3, 3, 3, 4, 4, 4, 6, 7, 8]);
    expect(positions.width).toEqual([0, 1, 2, 3, 4, 5, 3, 4, 5, 6, 7, 8]);
    // Text after the image continues from the largest position (5) + 1; the next token gets 9.
    expect(positions.next).toBe(9);
  });

  it('gives a tall image its extent on the height axis', () => {
    // 1x6x2 patches = 3 rows x 1 column of merged tokens, starting at position 1.
    const positions = computeRopePositions([7, IMG, IMG, IMG, 8], [[1, 6, 2]], settings);
    expect(positions.temporal).toEqual([0, 1, 1, 1, 4]);
    expect(positions.height).toEqual([0, 1, 2, 3, 4]);
    expect(positions.width).toEqual([0, 1, 1, 1, 4]);
    expect(positions.next).toBe(5);
  });

  it('continues from a given start (a question after a shared prefix)', () => {
    const prefix = computeRopePositions([1, IMG, 2], [[1, 2, 2]], settings);
    expect(prefix.next).toBe(3);
    const suffix = computeRopePositions([5, 6], [], settings, prefix.next);
    expect(suffix.temporal).toEqual([3, 4]);
    expect(suffix.next).toBe(5);
    const whole = computeRopePositions([1, IMG, 2, 5, 6], [[1, 2, 2]], settings);
    expect(whole.height).toEqual([...prefix.height, ...suffix.height]);
  });

  it('rejects an image span that does not match its grid, and grids without spans', () => {
    expect(() => computeRopePositions([1, IMG, IMG, 2], [[1, 4, 4]], settings)).toThrow(/needs 4/);
    expect(() => computeRopePositions([1, IMG, 2], [], settings)).toThrow(/no image grid/);
    expect(() => computeRopePositions([1, 2], [[1, 2, 2]], settings)).toThrow(/1 image grid/);
  });
});
