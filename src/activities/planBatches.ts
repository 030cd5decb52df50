import type { PlannedBatch } from './types';

/** What planning needs of a dataset item. */
export interface PlannableItem {
  questionId: string;
  imagePath: string;
}

/**
 * Packs questions into batches of about `batchSize` questions, keeping each file's questions
 * together (its image is encoded once and its prompt prefix shared). Files keep their order of first
 * appearance in the manifest; a file with more questions than `batchSize` gets a batch of its own.
 * Returns at most `maxBatches` batches, ids `${prefix}b0001`, `${prefix}b0002`, ...
 */
export function planBatches(
  items: readonly PlannableItem[],
  batchSize: number,
  maxBatches: number,
  prefix: string,
): PlannedBatch[] {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const group = groups.get(item.imagePath);
    if (group === undefined) {
      groups.set(item.imagePath, [item.questionId]);
    } else {
      group.push(item.questionId);
    }
  }
  const batches: PlannedBatch[] = [];
  let current: PlannedBatch | undefined;
  for (const questionIds of groups.values()) {
    if (current !== undefined && current.questionIds.length + questionIds.length > batchSize) {
      batches.push(current);
      current = undefined;
    }
    if (batches.length >= maxBatches) {
      break;
    }
    current ??= {
      batchId: `${prefix}b${String(batches.length + 1).padStart(4, '0')}`,
      questionIds: [],
      groupSizes: [],
    };
    current.questionIds.push(...questionIds);
    current.groupSizes.push(questionIds.length);
  }
  if (current !== undefined && batches.length < maxBatches) {
    batches.push(current);
  }
  return batches;
}
