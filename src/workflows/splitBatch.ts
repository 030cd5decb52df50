import type { PlannedBatch } from '../activities/types';

/**
 * Splits a batch in two halves for a retry at a smaller size (after an allocation failure, or after
 * every attempt failed). When the batch holds several files the cut falls on the file boundary
 * nearest the middle, so each file's questions still share one image encoding; a single file is cut
 * by question count. Returns one batch unchanged when it holds a single question.
 */
export function splitBatch(batch: PlannedBatch): PlannedBatch[] {
  const count = batch.questionIds.length;
  if (count <= 1) {
    return [batch];
  }
  const cut =
    batch.groupSizes.length > 1 ? fileBoundaryNearMiddle(batch.groupSizes, count) : Math.ceil(count / 2);
  const left = batch.questionIds.slice(0, cut);
  const right = batch.questionIds.slice(cut);
  return [
    { batchId: `${batch.batchId}.1`, questionIds: left, groupSizes: groupSizesOf(batch.groupSizes, 0, cut) },
    {
      batchId: `${batch.batchId}.2`,
      questionIds: right,
      groupSizes: groupSizesOf(batch.groupSizes, cut, count),
    },
  ];
}

function fileBoundaryNearMiddle(groupSizes: number[], count: number): number {
  const middle = count / 2;
  let best = groupSizes[0] ?? 1;
  let offset = 0;
  for (const size of groupSizes.slice(0, -1)) {
    offset += size;
    if (Math.abs(offset - middle) < Math.abs(best - middle)) {
      best = offset;
    }
  }
  return best;
}

/** Group sizes of the question range [from, to) of a batch. */
function groupSizesOf(groupSizes: number[], from: number, to: number): number[] {
  const sizes: number[] = [];
  let start = 0;
  for (const size of groupSizes) {
    const end = start + size;
    const overlap = Math.min(end, to) - Math.max(start, from);
    if (overlap > 0) {
      sizes.push(overlap);
    }
    start = end;
  }
  return sizes;
}
