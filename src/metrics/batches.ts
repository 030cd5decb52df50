import type { StoredAnswer } from '../store/types';
import type { TimeInterval } from './intervals';

/** The fields of a stored result that the metrics read. */
export type MetricRow = Pick<
  StoredAnswer,
  | 'questionId'
  | 'status'
  | 'batchId'
  | 'attempt'
  | 'workerIdentity'
  | 'device'
  | 'promptTokens'
  | 'generatedTokens'
  | 'preprocessMs'
  | 'visionMs'
  | 'prefillMs'
  | 'decodeMs'
  | 'queueMs'
  | 'startedAt'
  | 'finishedAt'
> & { attempts?: number };

/** One execution of a batch activity, reconstructed from the rows it stored. */
export interface BatchRun extends TimeInterval {
  key: string;
  workerIdentity: string;
  device: string;
  /** Time the batch waited before starting (recorded once per batch, repeated on each of its rows). */
  queueMs: number;
  rows: MetricRow[];
}

function parseTime(iso: string, questionId: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`question ${questionId}: invalid timestamp '${iso}'`);
  return ms;
}

/**
 * Groups rows by the batch execution that produced them (batch id, attempt, worker). Every row of a
 * batch carries the batch's start and finish times, so a group's interval is theirs.
 */
export function groupBatches(rows: readonly MetricRow[]): BatchRun[] {
  const groups = new Map<string, BatchRun>();
  for (const row of rows) {
    const key = `${row.batchId}\u0000${row.attempt}\u0000${row.workerIdentity}`;
    const startMs = parseTime(row.startedAt, row.questionId);
    const endMs = Math.max(startMs, parseTime(row.finishedAt, row.questionId));
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, {
        key,
        workerIdentity: row.workerIdentity,
        device: row.device,
        queueMs: row.queueMs,
        startMs,
        endMs,
        rows: [row],
      });
    } else {
      group.startMs = Math.min(group.startMs, startMs);
      group.endMs = Math.max(group.endMs, endMs);
      group.queueMs = Math.max(group.queueMs, row.queueMs);
      group.rows.push(row);
    }
  }
  return [...groups.values()];
}

/**
 * Per-question latency in milliseconds: the duration of the batch that answered it (finishedAt −
 * startedAt), i.e. what a question costs end to end once its batch starts; queue time is not included.
 */
export function questionLatencyMs(row: MetricRow): number {
  return Math.max(0, parseTime(row.finishedAt, row.questionId) - parseTime(row.startedAt, row.questionId));
}
