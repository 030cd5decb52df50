import type { BatchRun, MetricRow } from './batches';
import { spanOf, unionDurationMs } from './intervals';

/** Throughput of a run (rates are null when no time has been measured). */
export interface Throughput {
  answered: number;
  /** From the first batch start to the last batch end, seconds. */
  wallSeconds: number | null;
  /** Time during which at least one batch was running anywhere, seconds (≤ wall). */
  busySeconds: number | null;
  /** Answered questions per wall-clock second. */
  questionsPerSecond: number | null;
  /** Answered questions per busy second: throughput with idle gaps (startup, pauses) removed. */
  busyQuestionsPerSecond: number | null;
  promptTokens: number;
  generatedTokens: number;
  /** Prompt tokens of answered questions per wall-clock second. */
  promptTokensPerSecond: number | null;
  /** Generated tokens of answered questions per wall-clock second. */
  generatedTokensPerSecond: number | null;
  /** ISO time of the first batch start and the last batch end. */
  firstStartedAt: string | null;
  lastFinishedAt: string | null;
}

function rate(count: number, seconds: number | null): number | null {
  return seconds === null || seconds <= 0 ? null : count / seconds;
}

/**
 * Throughput over a run's batches (all of them, failed ones included, bound the time) counting
 * answered questions and their tokens.
 */
export function computeThroughput(batches: readonly BatchRun[], rows: readonly MetricRow[]): Throughput {
  const answeredRows = rows.filter((row) => row.status === 'answered');
  const promptTokens = answeredRows.reduce((sum, row) => sum + row.promptTokens, 0);
  const generatedTokens = answeredRows.reduce((sum, row) => sum + row.generatedTokens, 0);
  const span = spanOf(batches);
  const wallSeconds = span === undefined ? null : (span.endMs - span.startMs) / 1000;
  const busySeconds = span === undefined ? null : unionDurationMs(batches) / 1000;
  return {
    answered: answeredRows.length,
    wallSeconds,
    busySeconds,
    questionsPerSecond: rate(answeredRows.length, wallSeconds),
    busyQuestionsPerSecond: rate(answeredRows.length, busySeconds),
    promptTokens,
    generatedTokens,
    promptTokensPerSecond: rate(promptTokens, wallSeconds),
    generatedTokensPerSecond: rate(generatedTokens, wallSeconds),
    firstStartedAt: span === undefined ? null : new Date(span.startMs).toISOString(),
    lastFinishedAt: span === undefined ? null : new Date(span.endMs).toISOString(),
  };
}
