import type { RunSpec } from '../schemas/runSpec';

/** Lifecycle of a run as recorded in the store. */
export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'terminated';

/** A run as recorded in the store. */
export interface RunRecord {
  runId: string;
  spec: RunSpec;
  status: RunStatus;
  totalQuestions: number;
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

/** One stored result for (runId, questionId): an answer or a failure with its reason. */
export interface StoredAnswer {
  runId: string;
  questionId: string;
  status: 'answered' | 'failed';
  answer?: string;
  tokenIds?: number[];
  errorCode?: string;
  errorMessage?: string;
  /** Temporal activity attempt that produced this row (1-based). */
  attempt: number;
  /**
   * Set by the store when reading: how many distinct tries (batch id, attempt) have reported a result
   * for this question, including the kept one. Ignored on write.
   */
  attempts?: number;
  batchId: string;
  workerIdentity: string;
  device: string;
  modelHash: string;
  promptTokens: number;
  generatedTokens: number;
  preprocessMs: number;
  visionMs: number;
  prefillMs: number;
  decodeMs: number;
  /** Time the batch waited between being scheduled and starting on a worker. */
  queueMs: number;
  /** ISO timestamps of the batch that produced it. */
  startedAt: string;
  finishedAt: string;
}

/** Answered/failed counts of a run. */
export interface RunCounts {
  answered: number;
  failed: number;
}

/**
 * Results and checkpoints, keyed (runId, questionId). Writes are idempotent upserts: writing the same
 * answer twice stores it once, and a failure never overwrites an answer.
 */
export interface ResultStore {
  /** Creates the run or, when it exists, leaves its answers and updates spec/status. */
  upsertRun(run: Omit<RunRecord, 'createdAt' | 'updatedAt'>): void;
  getRun(runId: string): RunRecord | undefined;
  /** All runs, newest first. */
  listRuns(): RunRecord[];
  setRunStatus(runId: string, status: RunStatus): void;
  /** Stores many results in one transaction (atomic: all or none). */
  upsertAnswers(rows: StoredAnswer[]): void;
  /** Question ids with a stored answer (not failures): the resume plan skips them. */
  answeredQuestionIds(runId: string): Set<string>;
  /** Question ids whose last result is a failure. */
  failedQuestionIds(runId: string): Set<string>;
  counts(runId: string): RunCounts;
  /** The kept result of every question of the run, in the order they were first stored. */
  answers(runId: string): StoredAnswer[];
  /** Every try that reported a result (the audit log behind `attempts`), oldest first. */
  attemptLog(runId: string): AttemptRecord[];
  close(): void;
}

/** One try of one question, as logged by the store (whether or not its result was kept). */
export interface AttemptRecord {
  runId: string;
  questionId: string;
  batchId: string;
  attempt: number;
  status: 'answered' | 'failed';
  errorCode?: string;
  errorMessage?: string;
  workerIdentity: string;
  device: string;
  startedAt: string;
  finishedAt: string;
  /** ISO time the store received it. */
  recordedAt: string;
}
