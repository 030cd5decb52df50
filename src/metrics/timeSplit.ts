import type { BatchRun } from './batches';

/** Stages a run's time is split into. */
export const TIME_STAGES = ['preprocess', 'vision', 'prefill', 'decode', 'queue'] as const;

/** One of `TIME_STAGES`. */
export type TimeStage = (typeof TIME_STAGES)[number];

/** Milliseconds spent in a stage and its percentage of all stages together. */
export interface StageTime {
  ms: number;
  percent: number;
}

/** Where a run's time went. */
export type TimeSplit = Record<TimeStage, StageTime>;

/**
 * Sums stage times over all stored rows. Engine stage times are stored per question with shared work
 * split evenly among the questions sharing it, so their sum is the batches' total; queue time is
 * stored per batch (repeated on each row), so it counts once per batch. Percentages are of the sum
 * of all five stages (0 when nothing was measured).
 */
export function computeTimeSplit(batches: readonly BatchRun[]): TimeSplit {
  const totals: Record<TimeStage, number> = { preprocess: 0, vision: 0, prefill: 0, decode: 0, queue: 0 };
  for (const batch of batches) {
    totals.queue += batch.queueMs;
    for (const row of batch.rows) {
      totals.preprocess += row.preprocessMs;
      totals.vision += row.visionMs;
      totals.prefill += row.prefillMs;
      totals.decode += row.decodeMs;
    }
  }
  const all = TIME_STAGES.reduce((sum, stage) => sum + totals[stage], 0);
  const split = {} as TimeSplit;
  for (const stage of TIME_STAGES) {
    // min(): rounding must not push a lone stage past 100%.
    split[stage] = { ms: totals[stage], percent: all > 0 ? Math.min(100, (100 * totals[stage]) / all) : 0 };
  }
  return split;
}
