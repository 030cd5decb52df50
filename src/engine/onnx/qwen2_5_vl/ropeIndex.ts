/**
 * Multimodal rotary positions (mrope) of Qwen2.5-VL, following transformers' `get_rope_index`:
 * every token has a (temporal, height, width) position. Text tokens count up on all three axes;
 * the tokens of an image (one per merged 2x2 patch) share the position where the image starts,
 * offset by their row on the height axis and their column on the width axis (the temporal offset is
 * t * second_per_grid * tokens_per_second with second_per_grid = 0 for still images, so 0). Text
 * after an image continues from the largest position used so far + 1.
 */

/** An image's patch grid (temporal, height, width), before spatial merging, as the processor reports it. */
export type GridThw = readonly [number, number, number];

/** Positions of a token run on the three mrope axes, plus the position the next token gets. */
export interface RopePositions {
  temporal: number[];
  height: number[];
  width: number[];
  /** Position of the token after this run (the same on all axes); decode step k uses next + k. */
  next: number;
}

/** What the rope computation needs to know about the model. */
export interface RopeSettings {
  imageTokenId: number;
  spatialMergeSize: number;
  tokensPerSecond: number;
}

/**
 * Positions of `ids`, which start at position `start` (0 for a whole prompt; a prefix's `next` for
 * text that follows it). Each run of image tokens takes the next grid of `grids`; a run whose
 * length does not match its grid throws.
 */
export function computeRopePositions(
  ids: readonly number[],
  grids: readonly GridThw[],
  settings: RopeSettings,
  start = 0,
): RopePositions {
  const temporal: number[] = [];
  const height: number[] = [];
  const width: number[] = [];
  const merge = settings.spatialMergeSize;
  // Still images: second_per_grid_t = 0 in get_rope_index, so the temporal step is 0.
  const secondPerGrid = 0;
  let position = start;
  let gridIndex = 0;
  let i = 0;
  while (i < ids.length) {
    if (ids[i] !== settings.imageTokenId) {
      temporal.push(position);
      height.push(position);
      width.push(position);
      position += 1;
      i += 1;
      continue;
    }
    const grid = grids[gridIndex];
    if (grid === undefined) {
      throw new Error(`image token at index ${i} has no image grid (${grids.length} grid(s) given)`);
    }
    gridIndex += 1;
    const [gridT, gridH, gridW] = grid;
    if (gridH % merge !== 0 || gridW % merge !== 0) {
      throw new Error(`image grid ${gridT}x${gridH}x${gridW} is not divisible by the merge size ${merge}`);
    }
    const llmH = gridH / merge;
    const llmW = gridW / merge;
    const count = gridT * llmH * llmW;
    for (let k = 0; k < count; k++) {
      if (ids[i + k] !== settings.imageTokenId) {
        throw new Error(`image span at index ${i} has ${k} image tokens, its grid needs ${count}`);
      }
    }
    let largest = 0;
    for (let t = 0; t < gridT; t++) {
      const temporalOffset = Math.floor(t * secondPerGrid * settings.tokensPerSecond);
      for (let h = 0; h < llmH; h++) {
        for (let w = 0; w < llmW; w++) {
          temporal.push(position + temporalOffset);
          height.push(position + h);
          width.push(position + w);
          largest = Math.max(largest, temporalOffset, h, w);
        }
      }
    }
    position += largest + 1;
    i += count;
  }
  if (gridIndex !== grids.length) {
    throw new Error(`${grids.length} image grid(s) given, but the ids hold ${gridIndex} image span(s)`);
  }
  return { temporal, height, width, next: position };
}
