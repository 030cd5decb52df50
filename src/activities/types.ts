import type { AnswerTimings } from '../engine/types';
import type { RunStatus } from '../store/types';

/**
 * Inputs and results of the activities. The workflow imports these types only; results are small
 * (ids, counts, timing sums): answers never travel through workflow history.
 */

/** Input of `plan`. */
export interface PlanInput {
  runId: string;
  /** Questions per batch; one file's questions always stay together, so a batch may hold more. */
  batchSize: number;
  /** At most this many batches are returned; the rest is planned by a later execution. */
  maxBatches: number;
  /** Prefix of batch ids, unique per workflow execution (e.g. `e2-`), so batch ids never repeat. */
  batchIdPrefix: string;
  /**
   * Failures recorded before this ISO time are planned again (a new start gives them another chance);
   * later ones were quarantined by the current run and are left alone.
   */
  retryFailuresBefore: string;
}

/** One batch of the plan: question ids only, grouped by file. */
export interface PlannedBatch {
  batchId: string;
  questionIds: string[];
  /** Number of questions of each file, in order (sums to `questionIds.length`): splits respect files. */
  groupSizes: number[];
}

/** Result of `plan`. */
export interface PlanResult {
  totalQuestions: number;
  /** Questions with a stored answer (skipped). */
  answered: number;
  /** Questions with a failure recorded by this run (skipped, not retried). */
  failed: number;
  /** Questions still to do, including those in `batches`. */
  remaining: number;
  batches: PlannedBatch[];
}

/** Input of `runBatch`. */
export interface BatchInput {
  runId: string;
  batchId: string;
  questionIds: string[];
}

/** Summary of one batch: counts and timing sums only. */
export interface BatchResult {
  batchId: string;
  /** Questions in the batch. */
  questions: number;
  /** Newly answered by this attempt. */
  answered: number;
  /** Failed by this attempt (bad image, over-long prompt, ...), recorded with their reason. */
  failed: number;
  /** Already answered in the store before this attempt (an earlier attempt stored them). */
  skipped: number;
  generatedTokens: number;
  /** Sum over answered questions of each phase's time. */
  timings: AnswerTimings;
  /** Wall time of the attempt, and the time the batch waited in the task queue before it. */
  wallMs: number;
  queueMs: number;
  workerIdentity: string;
}

/** Input of `quarantine`: questions whose batch failed on every attempt at size 1. */
export interface QuarantineInput {
  runId: string;
  batchId: string;
  questionIds: string[];
  error: { code: string; message: string };
}

/** Input of `recordRunStatus`. */
export interface RunStatusInput {
  runId: string;
  status: RunStatus;
}

/** Input of `aggregate`. */
export interface AggregateInput {
  runId: string;
}

/** The numbers a finished run is summed up by (the full report is in the run folder). */
export interface HeadlineMetrics {
  runId: string;
  totalQuestions: number;
  answered: number;
  failed: number;
  /** Exact-match accuracy over questions with a reference; null when none has one. */
  accuracy: number | null;
  /** Answered questions per second of run wall time. */
  questionsPerSecond: number;
  wallSeconds: number;
  reportJsonPath: string;
  reportMarkdownPath: string;
}
