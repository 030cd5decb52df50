import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { HeadlineMetrics } from '../activities/types';
import type { RunSpec } from '../schemas/runSpec';

/**
 * The evaluation workflow's public surface: input, result, query and signals. Clients import this
 * file to start, query and signal runs.
 */

/** Knobs of the orchestration (not of the answers): safe to change between executions. */
export interface EvaluationTuning {
  /** Batch activities completed before continuing as new (history stays small); default 100. */
  continueAsNewAfterBatches: number;
  /** Heartbeat timeout of a batch activity in ms; a worker that stops heartbeating is retried elsewhere. */
  heartbeatTimeoutMs: number;
  /** Limit of one batch attempt in ms. */
  batchStartToCloseMs: number;
  /** Attempts of one batch before it is split (or, at size 1, quarantined). */
  batchMaxAttempts: number;
  /** First retry delay in ms; doubles per attempt up to `retryMaxIntervalMs`. */
  retryInitialIntervalMs: number;
  retryMaxIntervalMs: number;
}

/** Defaults of {@link EvaluationTuning}. */
export const DEFAULT_TUNING: EvaluationTuning = {
  continueAsNewAfterBatches: 100,
  heartbeatTimeoutMs: 120_000,
  batchStartToCloseMs: 60 * 60_000,
  batchMaxAttempts: 3,
  retryInitialIntervalMs: 1_000,
  retryMaxIntervalMs: 60_000,
};

/** Progress carried from one execution to the next by continue-as-new. */
export interface CarriedState {
  /** 1-based number of this execution in the run's continue-as-new chain. */
  execution: number;
  /** Workflow time (ms) the chain started. */
  startedAtMs: number;
  /** Questions answered or failed by the chain so far (for questions per second). */
  processed: number;
  /** Time spent paused so far (left out of questions per second). */
  pausedMs: number;
  paused: boolean;
}

/** Input of {@link evaluationWorkflow}. */
export interface EvaluationInput {
  /** The stored run spec (also the memo); the store holds the same spec under `spec.runId`. */
  spec: RunSpec;
  tuning?: Partial<EvaluationTuning>;
  /** Set by continue-as-new only. */
  carried?: CarriedState;
}

/** What the workflow returns when the run completes. */
export interface EvaluationResult {
  runId: string;
  status: 'completed';
  headline: HeadlineMetrics;
  /** Executions in the continue-as-new chain. */
  executions: number;
}

/** Where a run is. */
export type RunPhase = 'planning' | 'running' | 'aggregating' | 'completed' | 'cancelled' | 'failed';

/** Answer of the `progress` query. */
export interface RunProgress {
  runId: string;
  /** Questions answered (stored). */
  done: number;
  /** Questions failed (recorded with a reason) and not being retried. */
  failed: number;
  total: number;
  /** Questions answered or failed per second of unpaused time since the run (re)started. */
  questionsPerSecond: number;
  /** Seconds until done at the current rate; null before the first batch finishes. */
  etaSeconds: number | null;
  /** Batch activities in flight. */
  inFlight: number;
  inFlightQuestions: number;
  paused: boolean;
  phase: RunPhase;
  execution: number;
}

/** Query: progress of the run. */
export const progressQuery = defineQuery<RunProgress>('progress');
/** Signal: start no new batches (in-flight batches finish). */
export const pauseSignal = defineSignal('pause');
/** Signal: start batches again. */
export const resumeSignal = defineSignal('resume');
