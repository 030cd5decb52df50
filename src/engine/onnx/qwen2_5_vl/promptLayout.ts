import type { RopePositions } from './ropeIndex';

/** The tokens one row feeds in a prefill run, with their mrope positions. */
export interface RowTokens {
  ids: readonly number[];
  positions: RopePositions;
}

/** A left-padded batch for one decoder run. */
export interface PaddedBatch {
  batch: number;
  /** Tokens per row in this run (the longest row; shorter rows are padded on the left). */
  width: number;
  /** [batch, width] token ids; padding holds `padId`. */
  ids: number[];
  /** Per row: the attention mask over past + this run's positions (1 = real token, 0 = padding). */
  masks: number[][];
  /** [3, batch, width] mrope positions; padding gets 1 (never attended, so any value works). */
  positionIds: number[];
}

/** Position given to padding, as transformers does (it fills masked positions with 1). */
const PAD_POSITION = 1;

/**
 * Lays out rows for one run: each row's tokens right-aligned in `width` columns with padding on the
 * left, after that row's past mask (`pastMasks`, one per row, all of one length; empty for a first
 * run). With a past of [left pad][prefix] this gives the shared-prefix layout
 * [left pad][prefix][middle pad][suffix]; padding is masked out and positions are explicit, so the
 * padding cannot change what a row computes.
 */
export function leftPaddedBatch(
  rows: readonly RowTokens[],
  padId: number,
  pastMasks: readonly (readonly number[])[] = rows.map(() => []),
): PaddedBatch {
  const batch = rows.length;
  const width = Math.max(...rows.map((row) => row.ids.length));
  const ids = new Array<number>(batch * width).fill(padId);
  const positionIds = new Array<number>(3 * batch * width).fill(PAD_POSITION);
  const masks: number[][] = [];
  rows.forEach((row, b) => {
    const offset = width - row.ids.length;
    const { temporal, height, width: widthAxis } = row.positions;
    if (temporal.length !== row.ids.length) {
      throw new Error(`row ${b}: ${row.ids.length} ids but ${temporal.length} positions`);
    }
    for (let s = 0; s < row.ids.length; s++) {
      const column = b * width + offset + s;
      ids[column] = row.ids[s] ?? padId;
      positionIds[column] = temporal[s] ?? PAD_POSITION;
      positionIds[batch * width + column] = height[s] ?? PAD_POSITION;
      positionIds[2 * batch * width + column] = widthAxis[s] ?? PAD_POSITION;
    }
    const past = pastMasks[b] ?? [];
    masks.push([...past, ...new Array<number>(offset).fill(0), ...new Array<number>(row.ids.length).fill(1)]);
  });
  return { batch, width, ids, masks, positionIds };
}

/** A past mask with `valid` real positions right-aligned in `length` (left padding first). */
export function rightAlignedMask(valid: number, length: number): number[] {
  return [...new Array<number>(length - valid).fill(0), ...new Array<number>(valid).fill(1)];
}
