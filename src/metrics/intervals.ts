/** A time interval in epoch milliseconds, start <= end. */
export interface TimeInterval {
  startMs: number;
  endMs: number;
}

/**
 * Total length of the union of intervals: time during which at least one interval was open. Two
 * batches running side by side for the same 10 s count 10 s, not 20 s.
 */
export function unionDurationMs(intervals: readonly TimeInterval[]): number {
  const sorted = [...intervals].sort((a, b) => a.startMs - b.startMs);
  let total = 0;
  let currentStart = Number.NaN;
  let currentEnd = Number.NaN;
  for (const { startMs, endMs } of sorted) {
    if (Number.isNaN(currentEnd) || startMs > currentEnd) {
      if (!Number.isNaN(currentEnd)) total += currentEnd - currentStart;
      currentStart = startMs;
      currentEnd = endMs;
    } else if (endMs > currentEnd) {
      currentEnd = endMs;
    }
  }
  if (!Number.isNaN(currentEnd)) total += currentEnd - currentStart;
  return total;
}

/** From the earliest start to the latest end; undefined for no intervals. */
export function spanOf(intervals: readonly TimeInterval[]): TimeInterval | undefined {
  if (intervals.length === 0) return undefined;
  // A loop rather than Math.min(...spread): spreading 100k+ values overflows the call stack.
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const interval of intervals) {
    startMs = Math.min(startMs, interval.startMs);
    endMs = Math.max(endMs, interval.endMs);
  }
  return { startMs, endMs };
}
