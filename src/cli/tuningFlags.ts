import type { Command } from 'commander';
import { z } from 'zod';
import type { EvaluationTuning } from '../workflows/definitions';

/**
 * Orchestration flags shared by `run` and `resume`. They change how a run is driven (how soon a dead
 * worker's batch is retried elsewhere, how often history is rolled over), never its answers, so they
 * are not part of the manifest hash and may differ between the start and a resume.
 */
export const TuningFlagsShape = {
  /** Batch activities per workflow execution before continue-as-new. */
  continueAsNewAfter: z.coerce.number().int().min(1).max(100_000).optional(),
  /** Seconds without a heartbeat after which a batch counts as lost and runs again elsewhere. */
  heartbeatTimeout: z.coerce.number().positive().max(86_400).optional(),
  /** Attempts of one batch before it is split (or, at one question, quarantined). */
  batchAttempts: z.coerce.number().int().min(1).max(100).optional(),
};

/** The tuning flags as parsed. */
export interface TuningFlags {
  continueAsNewAfter?: number;
  heartbeatTimeout?: number;
  batchAttempts?: number;
}

/** The workflow tuning the flags ask for; undefined when none was given (the workflow's defaults). */
export function tuningFromFlags(flags: TuningFlags): Partial<EvaluationTuning> | undefined {
  const tuning: Partial<EvaluationTuning> = {
    ...(flags.continueAsNewAfter === undefined
      ? {}
      : { continueAsNewAfterBatches: flags.continueAsNewAfter }),
    ...(flags.heartbeatTimeout === undefined
      ? {}
      : { heartbeatTimeoutMs: Math.round(flags.heartbeatTimeout * 1000) }),
    ...(flags.batchAttempts === undefined ? {} : { batchMaxAttempts: flags.batchAttempts }),
  };
  return Object.keys(tuning).length === 0 ? undefined : tuning;
}

/** Declares the tuning flags on a command (`run`, `resume`). */
export function addTuningOptions(command: Command): Command {
  return command
    .option(
      '--continue-as-new-after <n>',
      'batch activities per workflow execution before continue-as-new (default 100)',
    )
    .option(
      '--heartbeat-timeout <seconds>',
      'a batch whose worker sends no heartbeat for this long runs again on another worker (default 120)',
    )
    .option(
      '--batch-attempts <n>',
      'attempts of a batch before it is split, or a single question quarantined (default 3)',
    );
}
