/**
 * The p-th percentile (0–100) of `values` by linear interpolation between closest ranks (the method
 * numpy and R call type 7): with the values sorted ascending as x[0..n-1], h = (n − 1)·p/100 and the
 * result is x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). Undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const h = ((sorted.length - 1) * p) / 100;
  const low = Math.floor(h);
  const lowValue = sorted[low] as number;
  const highValue = sorted[Math.min(low + 1, sorted.length - 1)] as number;
  return lowValue + (h - low) * (highValue - lowValue);
}

/** Summary of a latency sample in milliseconds; every field is null when there are no values. */
export interface LatencySummary {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  meanMs: number | null;
  minMs: number | null;
  maxMs: number | null;
}

/** p50/p95/p99 (see `percentile`), mean, min and max of latencies in milliseconds. */
export function summarizeLatencies(valuesMs: readonly number[]): LatencySummary {
  if (valuesMs.length === 0) {
    return { count: 0, p50Ms: null, p95Ms: null, p99Ms: null, meanMs: null, minMs: null, maxMs: null };
  }
  return {
    count: valuesMs.length,
    p50Ms: percentile(valuesMs, 50) ?? null,
    p95Ms: percentile(valuesMs, 95) ?? null,
    p99Ms: percentile(valuesMs, 99) ?? null,
    meanMs: valuesMs.reduce((sum, v) => sum + v, 0) / valuesMs.length,
    minMs: valuesMs.reduce((min, v) => Math.min(min, v), Infinity),
    maxMs: valuesMs.reduce((max, v) => Math.max(max, v), -Infinity),
  };
}
