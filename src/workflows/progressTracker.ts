import type { BatchResult, PlanResult } from '../activities/types';
import type { CarriedState, RunPhase, RunProgress } from './definitions';

/**
 * Progress bookkeeping of one execution, fed by the workflow and read by the `progress` query.
 * Pure: time is passed in (workflow time, which is deterministic).
 */
export class ProgressTracker {
  private total = 0;
  private done = 0;
  private failed = 0;
  private processedNow = 0;
  private inFlightBatches = 0;
  private inFlightQuestionCount = 0;
  private pausedSinceMs: number | undefined;
  private pausedMsBefore: number;
  /** Current phase. */
  phase: RunPhase = 'planning';

  constructor(
    private readonly runId: string,
    private readonly carried: CarriedState,
    nowMs: number,
  ) {
    this.pausedMsBefore = carried.pausedMs;
    this.pausedSinceMs = carried.paused ? nowMs : undefined;
  }

  /** True while paused. */
  get paused(): boolean {
    return this.pausedSinceMs !== undefined;
  }

  /** Records the plan's counts. */
  planned(plan: PlanResult): void {
    this.total = plan.totalQuestions;
    this.done = plan.answered;
    this.failed = plan.failed;
    this.phase = 'running';
  }

  /** A batch activity was scheduled. */
  batchStarted(questions: number): void {
    this.inFlightBatches += 1;
    this.inFlightQuestionCount += questions;
  }

  /** A batch activity ended (whatever its outcome). */
  batchEnded(questions: number): void {
    this.inFlightBatches -= 1;
    this.inFlightQuestionCount -= questions;
  }

  /** Counts a batch's answers and failures. */
  batchCompleted(result: BatchResult): void {
    this.done += result.answered + result.skipped;
    this.failed += result.failed;
    this.processedNow += result.answered + result.failed;
  }

  /** Counts questions quarantined after every attempt failed. */
  quarantined(questions: number): void {
    this.failed += questions;
    this.processedNow += questions;
  }

  /** Stops new batches from starting. */
  pause(nowMs: number): void {
    this.pausedSinceMs ??= nowMs;
  }

  /** Lets new batches start again. */
  resume(nowMs: number): void {
    if (this.pausedSinceMs !== undefined) {
      this.pausedMsBefore += nowMs - this.pausedSinceMs;
      this.pausedSinceMs = undefined;
    }
  }

  /** The state to hand to the next execution. */
  carry(nowMs: number): CarriedState {
    return {
      execution: this.carried.execution + 1,
      startedAtMs: this.carried.startedAtMs,
      processed: this.carried.processed + this.processedNow,
      pausedMs: this.pausedMs(nowMs),
      paused: this.paused,
    };
  }

  /** The `progress` query's answer. */
  snapshot(nowMs: number): RunProgress {
    const processed = this.carried.processed + this.processedNow;
    const activeSeconds = (nowMs - this.carried.startedAtMs - this.pausedMs(nowMs)) / 1000;
    const questionsPerSecond = processed > 0 && activeSeconds > 0 ? processed / activeSeconds : 0;
    const remaining = Math.max(0, this.total - this.done - this.failed);
    return {
      runId: this.runId,
      done: this.done,
      failed: this.failed,
      total: this.total,
      questionsPerSecond,
      etaSeconds: questionsPerSecond > 0 ? remaining / questionsPerSecond : remaining === 0 ? 0 : null,
      inFlight: this.inFlightBatches,
      inFlightQuestions: this.inFlightQuestionCount,
      paused: this.paused,
      phase: this.phase,
      execution: this.carried.execution,
    };
  }

  private pausedMs(nowMs: number): number {
    return this.pausedMsBefore + (this.pausedSinceMs === undefined ? 0 : nowMs - this.pausedSinceMs);
  }
}
