import type { BatchRun } from './batches';
import { unionDurationMs } from './intervals';

/** What one worker contributed to a run. */
export interface WorkerShare {
  identity: string;
  /** Device(s) it ran on, comma-separated when it reported several. */
  device: string;
  batches: number;
  answered: number;
  failed: number;
  /** Fraction (0–1) of all answered questions that this worker answered. */
  share: number;
  /** Union of its batch intervals, seconds. */
  busySeconds: number;
  /** Answered per busy second. */
  questionsPerSecond: number | null;
}

/** Per-worker counts, shares and speed, sorted by identity. */
export function computeWorkerShares(batches: readonly BatchRun[]): WorkerShare[] {
  const byWorker = new Map<string, BatchRun[]>();
  for (const batch of batches) {
    const list = byWorker.get(batch.workerIdentity) ?? [];
    list.push(batch);
    byWorker.set(batch.workerIdentity, list);
  }
  const totalAnswered = batches.reduce(
    (sum, batch) => sum + batch.rows.filter((row) => row.status === 'answered').length,
    0,
  );
  return [...byWorker.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([identity, list]) => {
      const rows = list.flatMap((batch) => batch.rows);
      const answered = rows.filter((row) => row.status === 'answered').length;
      const busySeconds = unionDurationMs(list) / 1000;
      return {
        identity,
        device: [...new Set(list.map((batch) => batch.device))].sort().join(', '),
        batches: list.length,
        answered,
        failed: rows.length - answered,
        share: totalAnswered > 0 ? answered / totalAnswered : 0,
        busySeconds,
        questionsPerSecond: busySeconds > 0 ? answered / busySeconds : null,
      };
    });
}
